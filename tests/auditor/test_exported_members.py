"""The public API is deliberate: this list changes only on purpose."""

import auditor


def test_exported_members() -> None:
    exported = {name for name in dir(auditor) if not name.startswith("_")} - {
        "errors", "models", "settings"}
    assert sorted(auditor.__all__) == auditor.__all__
    assert exported | {"__version__"} >= set(auditor.__all__)
    public = {n for n in exported if n in auditor.__all__}
    assert public == set(auditor.__all__) - {"__version__"}
    assert auditor.__all__ == [
        "Assessment", "Attestation", "AuditError", "BadInput", "Case", "CaseState",
        "CouldNotComplete", "Evidence", "FetchBlocked", "FetchError", "FetchTimeout",
        "Finding", "InternalError", "Message", "Organization", "Page", "Rating",
        "Safeguard", "SafeguardStatus", "Settings", "Severity", "Signal", "SiteSnapshot",
        "Status", "TargetRefused", "ViolationRate", "__version__", "load_settings",
    ]
