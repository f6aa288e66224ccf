"""The error tree. Callers branch on types and attributes, never on message text.

    AuditError                      base; carries optional context attributes
    ├── BadInput                    exit code 2: the user can fix the input
    │   ├── ConfigError             settings, schedules, CLI arguments
    │   ├── RegistryError           org files (problems: list of file/line/field)
    │   ├── FeedError               violation-rate feeds
    │   ├── AttestationError        attestation documents and signatures
    │   └── TargetRefused           a start URL refused by the SSRF guard or scheme
    ├── CouldNotComplete            exit code 3: the world got in the way
    │   ├── FetchError              url, transient
    │   │   ├── FetchBlocked        robots or bot protection kept us out
    │   │   └── FetchTimeout
    │   ├── BrowserError
    │   ├── StoreError
    │   └── MailError
    └── InternalError               a bug on our side
        ├── CheckError              check_id
        └── RenderError
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class AuditError(Exception):
    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        org_id: str | None = None,
        check_id: str | None = None,
        transient: bool = False,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.org_id = org_id
        self.check_id = check_id
        self.transient = transient
        self.problems: tuple[Problem, ...] = tuple(problems or ())


class BadInput(AuditError):
    exit_code = 2


class ConfigError(BadInput):
    pass


class RegistryError(BadInput):
    pass


class FeedError(BadInput):
    pass


class AttestationError(BadInput):
    pass


class TargetRefused(BadInput):
    pass


class CouldNotComplete(AuditError):
    exit_code = 3


class FetchError(CouldNotComplete):
    pass


class FetchBlocked(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class BrowserError(CouldNotComplete):
    pass


class StoreError(CouldNotComplete):
    pass


class MailError(CouldNotComplete):
    pass


class InternalError(AuditError):
    exit_code = 3


class CheckError(InternalError):
    pass


class RenderError(InternalError):
    pass
