"""The registry: naming, duplicates, disabled checks, raising checks, frameworks, purity."""

from __future__ import annotations

import logging
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.errors import CheckError, ConfigError
from auditor.models import Finding, Status
from checks import coppa_notice_published, load_checks, registry, run_checks
from checks.framework import frameworks, load_framework
from checks.registry import CheckSpec, validate
from tests.checks import sitekit as kit

AS_OF = datetime(2026, 5, 4, tzinfo=UTC)


def _module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(f"checks.{name}")
    module.__dict__.update(attrs)
    return module


def test_id_must_match_module_name() -> None:
    meta = coppa_notice_published.META
    ok = registry._spec(_module("coppa_notice_published", META=meta, run=lambda s, o: []),
                        "coppa_notice_published")
    assert ok.id == "coppa.notice_published"
    with pytest.raises(CheckError, match="belongs in checks/coppa_notice_published.py"):
        registry._spec(_module("coppa_notice", META=meta, run=lambda s, o: []), "coppa_notice")
    with pytest.raises(CheckError, match="no META"):
        registry._spec(_module("x_y", run=lambda s, o: []), "x_y")
    bad = meta.model_copy(update={"id": "Bad Id"})
    with pytest.raises(CheckError, match="not like"):
        registry._spec(_module("Bad Id", META=bad, run=lambda s, o: []), "Bad Id")


def test_duplicate_ids_raise() -> None:
    spec = next(s for s in load_checks() if s.id == "coppa.notice_published")
    with pytest.raises(CheckError, match="duplicate check id"):
        validate([spec, CheckSpec(meta=spec.meta, run=spec.run, module="checks.other")])


def test_disabled_check_is_skipped_and_logged(settings, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.checks.disabled = ["safeguards.education", "no.such_check"]
    with caplog.at_level(logging.INFO, logger="checks"):
        found = run_checks(kit.site(*kit.kids_site()), kit.org(), settings, AS_OF)
    assert "safeguards.education" not in {f.check_id for f in found}
    assert "coppa.notice_published" in {f.check_id for f in found}
    messages = [r.getMessage() for r in caplog.records]
    assert any("safeguards.education disabled" in m for m in messages)
    assert any("no.such_check" in m and r.levelno == logging.WARNING
               for m, r in zip(messages, caplog.records, strict=True))


def test_a_raising_check_becomes_an_error_finding(settings, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    real = registry._all_checks()
    meta = coppa_notice_published.META

    def boom(snapshot, org):  # type: ignore[no-untyped-def]
        raise KeyError("coppa_elements")

    def stranger(snapshot, org):  # type: ignore[no-untyped-def]
        return [Finding(check_id="other.check", org_id=org.id, status=Status.NOT_APPLICABLE,
                        severity=meta.severity, title="x", reason="x")]

    broken = tuple(CheckSpec(meta=s.meta, run=boom if s.id == meta.id else s.run,
                             module=s.module) for s in real)
    broken = tuple(CheckSpec(meta=s.meta, run=stranger if s.id == "coppa.notice_complete"
                             else s.run, module=s.module) for s in broken)
    monkeypatch.setattr(registry, "_all_checks", lambda: broken)
    with caplog.at_level(logging.ERROR, logger="checks"):
        found = {f.check_id: f for f in run_checks(kit.site(*kit.kids_site()), kit.org(),
                                                   settings, AS_OF)}
    error = found[meta.id]
    assert error.status is Status.ERROR and "KeyError" in error.reason
    assert found["coppa.notice_complete"].status is Status.ERROR
    assert found["ai.disclosure_present"].status is Status.PASS  # the audit went on
    assert any(meta.id in r.getMessage() for r in caplog.records)


def test_naive_as_of_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CheckError):
        run_checks(kit.site(), kit.org(), settings, datetime(2026, 5, 4))


def test_run_checks_is_pure_and_repeatable(settings) -> None:  # type: ignore[no-untyped-def]
    snapshot = kit.site(*kit.kids_site())
    before = snapshot.model_dump()
    first = run_checks(snapshot, kit.org(), settings, AS_OF)
    second = run_checks(snapshot, kit.org(), settings, AS_OF)
    assert first == second and snapshot.model_dump() == before
    assert {f.check_id for f in first} == {s.id for s in load_checks()}
    assert all(f.status is Status.PASS for f in first
               if f.status is not Status.NOT_APPLICABLE), [f.reason for f in first]


def test_frameworks_are_validated_against_check_ids(tmp_path: Path) -> None:
    known = {s.id for s in load_checks()}
    assert set(frameworks()) == {"provider-policy", "coppa", "eu-ai-act", "ca-sb243",
                                 "uk-childrens-code"}
    body = ('id = "demo"\ntitle = "t"\nsource = "s"\n[[requirements]]\nid = "r"\n'
            'title = "t"\nsection = "s"\nsummary = "a paraphrase"\nchecks = ["{}"]\n')
    path = tmp_path / "demo.toml"
    path.write_text(body.format("no.such_check"))
    with pytest.raises(ConfigError, match="unknown checks: no.such_check"):
        load_framework(path, known)
    wrong = tmp_path / "other.toml"
    wrong.write_text(body.format("ai.disclosure_present"))
    with pytest.raises(ConfigError, match="must match the file name"):
        load_framework(wrong, known)
    path.write_text(body.replace('checks = ["{}"]\n', ""))
    with pytest.raises(ConfigError, match="names no checks and is not manual"):
        load_framework(path, known)
    path.write_text(body.replace('checks = ["{}"]\n', "manual = true\n"))
    assert load_framework(path, known).requirements[0].manual
