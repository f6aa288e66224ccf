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

from auditor.assess.attestation_template import attestation_template
from auditor.assess.attestations import (
    SIGNING_CONTEXT,
    canonical_bytes,
    import_attestations,
    is_expired,
    latest_attestation,
    load_attestation,
    parse_attestation,
    sign_attestation,
    stored_attestations,
)
from auditor.errors import AttestationError
from auditor.models import Attestation, Organization, Safeguard
from auditor.registry import save_orgs
from auditor.resources import demo_dir
from auditor.settings import AttestationSettings, Settings
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


# --------------------------------------------------------------------------- dates and keys

FUTURE = DOC.replace("signed_at: 2026-10-01", "signed_at: 2099-01-01").replace(
    "valid_until: 2027-10-01", "valid_until: 2099-06-01")
WITHDRAWN = DOC.replace("signed_at: 2026-10-01", "signed_at: 2026-11-20").replace(
    "implemented: true\n    url: https://acme.example/children-privacy",
    "implemented: false")


def test_a_future_signed_at_is_refused_and_never_outranks_a_withdrawal(
        store: Store, tmp_path: Path) -> None:
    future = _write(tmp_path, "future.yaml", FUTURE)
    with pytest.raises(AttestationError) as info:
        import_attestations(store, [future], [_org("acme")], now=NOW)
    assert [(p.line, p.field) for p in info.value.problems] == [(7, "signed_at")]
    assert "in the future" in info.value.problems[0].message
    tomorrow = DOC.replace("signed_at: 2026-10-01", "signed_at: 2026-11-30")
    import_attestations(store, [_write(tmp_path, "tz.yaml", tomorrow)], [_org("acme")], now=NOW)
    # a future date stored before the check (or with a wide skew) counts from its import
    wide = AttestationSettings(clock_skew_hours=24 * 7)
    with pytest.raises(AttestationError):
        import_attestations(store, [future], [_org("acme")], now=NOW, limits=wide)
    sneaked = _write(tmp_path, "soon.yaml", DOC.replace("signed_at: 2026-10-01",
                                                        "signed_at: 2026-12-05"))
    import_attestations(store, [sneaked], [_org("acme")], now=NOW, limits=wide)
    later = datetime(2026, 12, 1, tzinfo=UTC)
    import_attestations(store, [_write(tmp_path, "w.yaml", WITHDRAWN.replace(
        "2026-11-20", "2026-12-01"))], [_org("acme")], now=later)
    latest = latest_attestation(store, "acme")
    assert latest is not None and latest.signed_at == date(2026, 12, 1)
    assert not latest.safeguards[Safeguard.COPPA_STATEMENT].implemented


def test_validity_has_a_maximum(store: Store, tmp_path: Path) -> None:
    forever = _write(tmp_path, "forever.yaml", DOC.replace("valid_until: 2027-10-01",
                                                           "valid_until: 2126-10-01"))
    with pytest.raises(AttestationError) as info:
        import_attestations(store, [forever], [_org("acme")], now=NOW)
    assert [(p.line, p.field) for p in info.value.problems] == [(8, "valid_until")]
    assert "at most 400" in info.value.problems[0].message
    short = AttestationSettings(max_validity_days=200)
    with pytest.raises(AttestationError, match="refused"):
        import_attestations(store, [_write(tmp_path, "year.yaml", DOC)], [_org("acme")],
                            now=NOW, limits=short)


def test_verified_is_stored_and_a_new_key_rechecks(cli, store: Store,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    first, first_public = _key()
    second, second_public = _key()
    orgs_file = tmp_path / "orgs.yaml"

    def register(public: str) -> tuple[int, str, str]:
        orgs_file.write_text(yaml.safe_dump([_org("acme", public).model_dump(mode="json")]))
        return cli("orgs", "import", str(orgs_file))

    assert register(first_public)[0] == 0
    att = load_attestation(_write(tmp_path, "raw.yaml", DOC))
    signed = _write(tmp_path, "signed.yaml", sign_attestation(att, first))
    import_attestations(store, [signed], [_org("acme", first_public)], now=NOW)
    assert [s.verified for s in stored_attestations(store, "acme")] == [True]

    code, out, _ = register(second_public)  # the key is rotated
    assert code == 0 and "acme" in out and "0 verify, 1 do not" in out
    assert [s.verified for s in stored_attestations(store, "acme")] == [False]
    assert latest_attestation(store, "acme") is None  # signed with a key no longer held

    resigned = _write(tmp_path, "resigned.yaml", sign_attestation(att.model_copy(
        update={"signed_at": date(2026, 11, 2)}), second))
    import_attestations(store, [resigned], [_org("acme", second_public)], now=NOW)
    latest = latest_attestation(store, "acme")
    assert latest is not None and latest.signed_at == date(2026, 11, 2)

    register(first_public)  # rotated back: the first document verifies again
    assert [s.verified for s in stored_attestations(store, "acme")] == [True, False]


@pytest.mark.timeout(60)  # before the fix, this one never ended
def test_nested_yaml_aliases_are_refused_quickly(store: Store, tmp_path: Path) -> None:
    """600 bytes of aliases, each naming the one before twice, are 2^25 paths: every
    field's line is found by walking each node once."""
    lines = [DOC.rstrip(), "x0: &x0 {a: 1, b: 1}"]
    lines += [f"x{i}: &x{i} {{a: *x{i - 1}, b: *x{i - 1}}}" for i in range(1, 26)]
    path = _write(tmp_path, "laughs.yaml", "\n".join(lines) + "\n")
    with pytest.raises(AttestationError) as info:
        import_attestations(store, [path], [_org("acme")], now=NOW)
    assert {p.field for p in info.value.problems} >= {"x0", "x25"}  # unknown fields, named
