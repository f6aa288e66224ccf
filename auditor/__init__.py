"""Audit toolkit for organizations whose AI products minors can use.

The public surface is the vocabulary, the error tree and the settings; the stages
are reached through their modules (``auditor.run.pipeline.audit_org`` runs one audit).
"""

from auditor.errors import (
    AuditError,
    BadInput,
    CouldNotComplete,
    FetchBlocked,
    FetchError,
    FetchTimeout,
    InternalError,
    TargetRefused,
)
from auditor.models import (
    Assessment,
    Attestation,
    Case,
    CaseState,
    Evidence,
    Finding,
    Message,
    Organization,
    Page,
    Rating,
    Safeguard,
    SafeguardStatus,
    Severity,
    Signal,
    SiteSnapshot,
    Status,
    ViolationRate,
)
from auditor.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Attestation",
    "AuditError",
    "BadInput",
    "Case",
    "CaseState",
    "CouldNotComplete",
    "Evidence",
    "FetchBlocked",
    "FetchError",
    "FetchTimeout",
    "Finding",
    "InternalError",
    "Message",
    "Organization",
    "Page",
    "Rating",
    "Safeguard",
    "SafeguardStatus",
    "Settings",
    "Severity",
    "Signal",
    "SiteSnapshot",
    "Status",
    "TargetRefused",
    "ViolationRate",
    "__version__",
    "load_settings",
]
