"""Attestations: schema errors with lines, ed25519 signatures, import, the template."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from auditor.assess.attestations import (
    SIGNING_CONTEXT,
    attestation_template,
    canonical_bytes,
    import_attestations,
    is_expired,
    latest_attestation,
    load_attestation,
    parse_attestation,
    sign_attestation,
)
from auditor.errors import AttestationError
from auditor.models import Attestation, Organization, Safeguard
from auditor.registry import save_orgs
from auditor.resources import demo_dir
from auditor.settings import Settings
from auditor.store import Store

NOW = datetime(2026, 11, 29, tzinfo=UTC)

DOC = """\
schema_version: 1
org_id: acme
signer:
  name: Ada Example
  role: Head of Safety
  email: ada@acme.example
signed_at: 2026-10-01
valid_until: 2027-10-01
safeguards:
  coppa_statement:
    implemented: true
    url: https://acme.example/children-privacy
  child_safety_system_prompt: {implemented: true, how: provider prompt}
"""


def _key() -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(raw).decode()


def _org(org_id: str, public_key: str | None = None) -> Organization:
    return Organization(id=org_id, name=org_id.title(), url=f"https://{org_id}.example/",
                        contact_email=f"ops@{org_id}.example", audience="under13",
                        public_key=public_key)


def _write(tmp_path: Path, name: str, att: Attestation | str) -> Path:
    path = tmp_path / name
    if isinstance(att, str):
        path.write_text(att)
    else:
        path.write_text(yaml.safe_dump(att.model_dump(mode="json", exclude_none=True)))
    return path


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store(settings.database_url)
    yield store
    store.dispose()


def test_template_is_commented_and_valid() -> None:
    text = attestation_template()
    assert text.count("#") > 10
    att = parse_attestation(text, "template.yaml")
    assert set(att.safeguards) == set(Safeguard)
    assert not any(c.implemented for c in att.safeguards.values())


def test_errors_name_file_line_and_field(tmp_path: Path) -> None:
    bad = DOC.replace("ada@acme.example", "not-an-email").replace(
        "  coppa_statement:\n    implemented: true", "  coppa_statement:\n    implemented: maybe"
    ) + "colour: blue\n"
    with pytest.raises(AttestationError) as info:
        load_attestation(_write(tmp_path, "a.yaml", bad))
    found = {(p.line, p.field) for p in info.value.problems}
    assert (6, "signer.email") in found
    assert (11, "safeguards.coppa_statement.implemented") in found
    assert (14, "colour") in found
    assert all(p.file.endswith("a.yaml") for p in info.value.problems)


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    with pytest.raises(AttestationError) as info:
        load_attestation(_write(tmp_path, "a.yaml", "org_id: [acme\nsigner: x\n"))
    assert info.value.problems[0].line is not None


def test_valid_until_before_signed_at(tmp_path: Path) -> None:
    with pytest.raises(AttestationError, match="problem") as info:
        load_attestation(_write(tmp_path, "a.yaml", DOC.replace("2027-10-01", "2026-01-01")))
    assert info.value.problems[0].line == 8


def test_canonical_form_ignores_formatting(tmp_path: Path) -> None:
    att = load_attestation(_write(tmp_path, "a.yaml", DOC))
    as_json = tmp_path / "a.json"
    data = json.loads(att.model_dump_json())
    as_json.write_text(json.dumps(dict(reversed(list(data.items()))), indent=4))
    again = load_attestation(as_json)
    assert canonical_bytes(att) == canonical_bytes(again)
    assert canonical_bytes(att).startswith(SIGNING_CONTEXT)
    assert b'"org_id":"acme"' in canonical_bytes(att)


def test_signature_verified_and_refused(store: Store, tmp_path: Path) -> None:
    private, public = _key()
    save_orgs(store, [_org("acme", public)], NOW)
    att = load_attestation(_write(tmp_path, "raw.yaml", DOC))
    signed = sign_attestation(att, private)
    good = _write(tmp_path, "good.yaml", signed)
    tampered = _write(tmp_path, "tampered.yaml", signed.model_copy(
        update={"valid_until": date(2030, 1, 1)}))
    unsigned = _write(tmp_path, "unsigned.yaml", att)
    orgs = [_org("acme", public)]

    with pytest.raises(AttestationError) as info:
        import_attestations(store, [good, tampered, unsigned], orgs, now=NOW)
    messages = {Path(p.file).name: p.message for p in info.value.problems}
    assert "does not verify" in messages["tampered.yaml"]
    assert "signature is required" in messages["unsigned.yaml"]
    assert "good.yaml" not in messages
    assert latest_attestation(store, "acme") is None  # all or nothing

    result = import_attestations(store, [good], orgs, now=NOW)
    assert result.imported == [(str(good), "acme", True)]
    assert import_attestations(store, [good], orgs, now=NOW).unchanged == [(str(good), "acme")]
    stored = latest_attestation(store, "acme")
    assert stored is not None and stored.signature == signed.signature


def test_unknown_org_and_unkeyed_org(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.yaml", DOC)
    with pytest.raises(AttestationError, match="refused") as info:
        import_attestations(store, [path], [], now=NOW)
    assert info.value.problems[0].field == "org_id"
    result = import_attestations(store, [path], {"acme": _org("acme")}, now=NOW)
    assert result.imported == [(str(path), "acme", False)]


def test_latest_and_expiry(store: Store, tmp_path: Path) -> None:
    old = DOC.replace("2026-10-01", "2025-01-01").replace("2027-10-01", "2025-12-31")
    paths = [_write(tmp_path, "old.yaml", old), _write(tmp_path, "new.yaml", DOC)]
    result = import_attestations(store, paths, [_org("acme")], now=NOW)
    assert result.expired == [(str(paths[0]), "acme")]
    latest = latest_attestation(store, "acme")
    assert latest is not None and latest.signed_at == date(2026, 10, 1)
    assert not is_expired(latest, NOW) and is_expired(latest, date(2027, 10, 2))
    assert is_expired(load_attestation(paths[0]), NOW)


def test_cli(cli, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(settings.database_url)
    private, public = _key()
    save_orgs(store, [_org("acme", public)], NOW)
    store.dispose()
    code, out, _ = cli("attest", "template")
    assert code == 0 and out == attestation_template()

    unsigned = _write(tmp_path, "a.yaml", DOC)
    code, _, err = cli("attest", "validate", str(unsigned))
    assert code == 2 and "signature is required" in err

    code, out, _ = cli("attest", "canonical", str(unsigned))
    signature = base64.b64encode(private.sign(out.encode())).decode()
    signed = _write(tmp_path, "s.yaml", DOC + f"signature: {signature}\n")
    code, out, _ = cli("attest", "validate", str(signed))
    assert code == 0 and "signature verified" in out
    code, out, _ = cli("attest", "import", str(signed))
    assert code == 0 and "imported" in out

    bad = _write(tmp_path, "bad.yaml", DOC.replace("schema_version: 1", "schema_version: 2"))
    code, _, err = cli("attest", "import", str(bad), str(signed))
    assert code == 2 and "bad.yaml:1 [schema_version]" in err


@pytest.mark.parametrize("org_id", ["brightpath", "mathmate", "riskyrobot"])
def test_bundled_demo_attestations_validate(org_id: str) -> None:
    text = (demo_dir() / "attestations" / f"{org_id}.yaml").read_text()
    att = parse_attestation(text.replace("{site}", "http://127.0.0.1:8000/x/"), org_id)
    assert att.org_id == org_id
