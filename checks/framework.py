"""Frameworks as data: which checks serve each requirement of a policy or law.

Each ``checks/frameworks/*.toml`` file is one framework (the provider's policy, COPPA,
the EU AI Act, California SB 243, the UK Children's Code). Its requirements name the
checks that serve them, or are marked ``manual`` when only a person (or an
attestation) can confirm them. Adding a framework adds a file, not code. Files are
validated strictly (unknown keys are typos) and against the loaded check ids.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from auditor.errors import ConfigError, Problem

FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")


class Requirement(BaseModel):
    """One requirement of a framework, in our words, with the checks that serve it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    section: str = Field(min_length=1, description="section or article, by name")
    summary: str = Field(min_length=10, description="a paraphrase, never the legal text")
    checks: list[str] = Field(default_factory=list)
    manual: bool = Field(default=False, description="only a person or attestation can confirm")
    applies_from: date | None = None

    @model_validator(mode="after")
    def _served(self) -> Requirement:
        if not self.checks and not self.manual:
            raise ValueError(f"requirement {self.id} names no checks and is not manual")
        return self


class Framework(BaseModel):
    """A policy or law and its requirement -> checks mapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    source: str = Field(min_length=1, description="where the requirements come from")
    requirements: list[Requirement] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Framework:
        ids = [r.id for r in self.requirements]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate requirement ids: {', '.join(dupes)}")
        return self

    @property
    def check_ids(self) -> list[str]:
        """Every check serving this framework, in first-mention order."""
        out: list[str] = []
        for req in self.requirements:
            out.extend(c for c in req.checks if c not in out)
        return out

    def requirements_for(self, check_id: str) -> list[Requirement]:
        return [r for r in self.requirements if check_id in r.checks]


def load_framework(path: Path, known_checks: set[str]) -> Framework:
    """One framework file, validated; errors name the file and field."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        framework = Framework.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}",
                          problems=[Problem(str(path), getattr(exc, "lineno", None), None,
                                            str(exc))]) from None
    except ValidationError as exc:
        problems = [Problem(str(path), None, ".".join(str(p) for p in e["loc"]), e["msg"])
                    for e in exc.errors()]
        raise ConfigError(f"{path}: invalid framework: " + "; ".join(map(str, problems)),
                          problems=problems) from None
    if path.stem != framework.id:
        raise ConfigError(f"{path}: framework id {framework.id!r} must match the file name")
    for req in framework.requirements:
        unknown = sorted(set(req.checks) - known_checks)
        if unknown:
            raise ConfigError(
                f"{path}: requirement {req.id} names unknown checks: {', '.join(unknown)}",
                problems=[Problem(str(path), None, f"requirements.{req.id}.checks",
                                  f"unknown check ids {unknown}")])
    return framework


@cache
def _frameworks(directory: Path) -> tuple[Framework, ...]:
    from checks.registry import load_checks

    known = {spec.id for spec in load_checks()}
    return tuple(load_framework(p, known) for p in sorted(directory.glob("*.toml")))


def frameworks(directory: Path | None = None) -> dict[str, Framework]:
    """Every framework by id, from ``checks/frameworks/*.toml`` (or `directory`)."""
    return {f.id: f for f in _frameworks(directory or FRAMEWORKS_DIR)}
