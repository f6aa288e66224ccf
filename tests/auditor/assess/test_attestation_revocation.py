"""`auditor attest list ORG` and `auditor attest revoke`: a withdrawn attestation stops
counting for later audits, stays on record, and still names what earlier audits used."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from auditor.assess.attestations import (
    attestation_at,
    import_attestations,
    latest_attestation,
    list_attestations,
    revoke_attestation,
)
from auditor.errors import BadInput
from auditor.models import Organization
from auditor.registry import list_orgs, save_orgs
from auditor.settings import Settings
from auditor.store import Store

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _doc(signed: str, until: str, signer: str) -> str:
    return ("schema_version: 1\norg_id: acme\n"
            f"signer: {{name: {signer}, role: Head of Safety, email: s@acme.example}}\n"
            f"signed_at: {signed}\nvalid_until: {until}\n"
            "safeguards:\n  coppa_statement: {implemented: true}\n")


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Iterator[Store]:
    store = Store(settings.database_url)
    save_orgs(store, [Organization(id="acme", name="Acme", url="https://acme.example/",
                                   contact_email="ops@acme.example", audience="under13")],
              NOW)
    older, newer = tmp_path / "older.yaml", tmp_path / "newer.yaml"
    older.write_text(_doc("2026-06-01", "2027-05-31", "Ada Older"))
    newer.write_text(_doc("2026-10-01", "2027-09-30", "Bo Newer"))
    import_attestations(store, [older, newer], list_orgs(store), now=NOW - timedelta(days=30))
    yield store
    store.dispose()


def test_list_is_newest_first_and_marks_the_one_in_use(store: Store) -> None:
    items = list_attestations(store, "acme")
    assert [i.attestation.signer.name for i in items] == ["Bo Newer", "Ada Older"]
    assert [i.in_use for i in items] == [True, False]
    assert all(i.id and i.revoked_at is None for i in items)


def test_a_revoked_attestation_no_longer_counts(store: Store) -> None:
    newest = list_attestations(store, "acme")[0]
    done = revoke_attestation(store, newest.id, "Dana Reviewer", "signed by a contractor", NOW)
    assert (done.revoked_by, done.revoke_reason, done.revoked_at) == (
        "Dana Reviewer", "signed by a contractor", NOW)
    current = latest_attestation(store, "acme")
    assert current is not None and current.signer.name == "Ada Older"
    items = list_attestations(store, "acme")
    assert [(i.attestation.signer.name, i.in_use, i.revoked_at is not None)
            for i in items] == [("Bo Newer", False, True), ("Ada Older", True, False)]
    # an audit before the revocation relied on it; one after does not
    before = attestation_at(store, "acme", NOW - timedelta(days=1))
    after = attestation_at(store, "acme", NOW + timedelta(days=1))
    assert before is not None and before.signer.name == "Bo Newer"
    assert after is not None and after.signer.name == "Ada Older"


def test_revoking_needs_a_name_a_reason_an_existing_id_and_happens_once(store: Store) -> None:
    first = list_attestations(store, "acme")[0].id
    with pytest.raises(BadInput, match="--by"):
        revoke_attestation(store, first, " ", "why", NOW)
    with pytest.raises(BadInput, match="--reason"):
        revoke_attestation(store, first, "Dana", "", NOW)
    with pytest.raises(BadInput, match="no attestation"):
        revoke_attestation(store, 9999, "Dana", "why", NOW)
    revoke_attestation(store, first, "Dana", "why", NOW)
    with pytest.raises(BadInput, match="already revoked"):
        revoke_attestation(store, first, "Dana", "again", NOW)


def test_attest_list_and_revoke_commands(cli: Any, store: Store,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_NOW", NOW.isoformat())
    code, out, err = cli("attest", "list", "acme")
    assert code == 0, err
    assert "Bo Newer" in out and "in use" in out and "Ada Older" in out
    listed = json.loads(cli("attest", "list", "acme", "--json")[1])
    assert [(a["signer"]["name"], a["in_use"], a["revoked"]) for a in listed] == [
        ("Bo Newer", True, None), ("Ada Older", False, None)]
    newest = listed[0]["id"]
    code, out, err = cli("attest", "revoke", str(newest), "--by", "Dana Reviewer",
                         "--reason", "signed by a contractor")
    assert code == 0, err
    assert "revoked by Dana Reviewer" in out and "now use the attestation signed 2026-06-01" \
        in out
    code, out, _ = cli("attest", "list", "acme")
    assert code == 0 and "revoked" in out and "Dana" in out
    after = json.loads(cli("attest", "list", "acme", "--json")[1])
    assert after[0]["revoked"] == {"at": NOW.isoformat(), "by": "Dana Reviewer",
                                   "reason": "signed by a contractor"}
    assert [a["in_use"] for a in after] == [False, True]
    assert cli("attest", "revoke", str(newest), "--by", "D", "--reason", "x")[0] == 2
    assert cli("attest", "revoke", str(newest))[0] == 2  # --by and --reason are required
    assert cli("attest", "list", "nobody")[0] == 2
