"""Safeguard attestations: what an org states about itself, signed and dated.

One YAML or JSON document per org, schema version 1 (`auditor.models.Attestation`;
the fields are described in ``docs/attestation-schema.md`` and by
:func:`attestation_template`). Loading reports every problem with its file, line and
field, the way the orgs loader does.

Signatures. When the org has a registered ed25519 public key (``public_key``, base64
of the 32 raw bytes), the document's ``signature`` must be a base64 detached ed25519
signature over :func:`canonical_bytes`: the line ``minors-audit attestation v1``
followed by the validated document without ``signature`` as JSON with sorted keys,
no whitespace, UTF-8, and null fields left out. Signing the validated model, not
the file, means comments, key order, quoting and YAML-vs-JSON don't change what is
signed. A missing or bad signature for a keyed org is refused; an org without a key
gets its attestation imported unverified.

Expiry does not refuse an import: an expired attestation is still what the org last
said, and :mod:`auditor.assess.assessment` turns it into a finding.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pydantic import ValidationError
from sqlalchemy import select

from auditor.errors import AttestationError, Problem
from auditor.models import Attestation, Organization, utcnow
from auditor.store import Store
from auditor.store.tables import AttestationRow

__all__ = [
    "SIGNING_CONTEXT",
    "AttestationImport",
    "attestation_at",
    "attestation_template",
    "canonical_bytes",
    "check_attestation",
    "import_attestations",
    "is_expired",
    "latest_attestation",
    "load_attestation",
    "sign_attestation",
    "verify_signature",
]

SIGNING_CONTEXT = b"minors-audit attestation v1\n"
MAX_FILE_BYTES = 1024 * 1024


# --------------------------------------------------------------------------- loading


def _line_map(text: str) -> dict[tuple[str, ...], int]:
    """Where each mapping key sits in the document (1-based), by its path."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node | None, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)

    walk(root, ())
    return lines


def _line_for(lines: dict[tuple[str, ...], int], loc: Sequence[Any]) -> int | None:
    path = tuple(str(p) for p in loc)
    if not path:  # a whole-document rule, e.g. valid_until before signed_at
        return lines.get(("valid_until",))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _parse(text: str, name: str) -> Any:
    if name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise AttestationError(
                f"{name}: not valid JSON",
                problems=[Problem(name, exc.lineno, None, exc.msg)],
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise AttestationError(
            f"{name}: not valid YAML",
            problems=[Problem(name, line, None, str(getattr(exc, "problem", exc)))],
        ) from None


def parse_attestation(text: str, name: str) -> Attestation:
    """Validate one document's text; AttestationError names every problem's line and field."""
    data = _parse(text, name)
    if not isinstance(data, dict):
        raise AttestationError(
            f"{name}: expected a mapping at the top",
            problems=[Problem(name, 1, None, "expected a mapping of fields")],
        )
    try:
        return Attestation.model_validate(data)
    except ValidationError as exc:
        lines = _line_map(text)
        problems = [
            Problem(
                name, _line_for(lines, err["loc"]),
                ".".join(str(p) for p in err["loc"]) or None, err["msg"],
            )
            for err in exc.errors()
        ]
        raise AttestationError(
            f"{name}: {len(problems)} problem(s) in the attestation", problems=problems
        ) from None


def load_attestation(path: Path | str) -> Attestation:
    """Read and validate one attestation file (YAML or JSON)."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise AttestationError(f"{name}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AttestationError(f"{name}: larger than {MAX_FILE_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AttestationError(f"{name}: not UTF-8 text: {exc}") from None
    return parse_attestation(text, name)


# --------------------------------------------------------------------------- signatures


def canonical_bytes(attestation: Attestation) -> bytes:
    """The exact bytes an org signs (see the module docstring)."""
    data = attestation.model_dump(mode="json", exclude={"signature"}, exclude_none=True)
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return SIGNING_CONTEXT + body.encode("utf-8")


def document_sha256(attestation: Attestation) -> str:
    """Identity of a stored attestation: the canonical bytes plus the signature."""
    h = hashlib.sha256(canonical_bytes(attestation))
    h.update(b"\0" + (attestation.signature or "").encode("ascii", "replace"))
    return h.hexdigest()


def sign_attestation(attestation: Attestation, private_key: Ed25519PrivateKey) -> Attestation:
    """A copy carrying a detached signature (orgs and tests; the auditor only verifies)."""
    signature = base64.b64encode(private_key.sign(canonical_bytes(attestation))).decode()
    return attestation.model_copy(update={"signature": signature})


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None


def verify_signature(attestation: Attestation, org: Organization) -> bool:
    """True when verified, False when the org has no key; raise ValueError when bad."""
    if not org.public_key:
        return False
    if not attestation.signature:
        raise ValueError(f"{org.id} has a registered public key, so a signature is required")
    raw_key = _b64(org.public_key, f"the public key registered for {org.id}")
    if len(raw_key) != 32:
        raise ValueError(f"the public key registered for {org.id} is not 32 raw ed25519 bytes")
    signature = _b64(attestation.signature, "signature")
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, canonical_bytes(attestation))
    except InvalidSignature:
        raise ValueError(
            "signature does not verify with the org's public key "
            "(was the document changed after signing?)"
        ) from None
    return True


def is_expired(attestation: Attestation, as_of: date | datetime) -> bool:
    """Expired once `as_of` is past the last valid day."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    return attestation.valid_until < day


def check_attestation(
    attestation: Attestation, name: str, orgs: Mapping[str, Organization]
) -> tuple[bool, list[Problem]]:
    """Is it for a known org and properly signed? (verified, problems)"""
    org = orgs.get(attestation.org_id)
    if org is None:
        unknown = f"unknown organization {attestation.org_id!r}"
        return False, [Problem(name, None, "org_id", unknown)]
    try:
        return verify_signature(attestation, org), []
    except ValueError as exc:
        return False, [Problem(name, None, "signature", str(exc))]


# --------------------------------------------------------------------------- store


@dataclass
class AttestationImport:
    """What an import did, per file."""

    imported: list[tuple[str, str, bool]] = field(default_factory=list)  # file, org, verified
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    expired: list[tuple[str, str]] = field(default_factory=list)


def _as_mapping(
    orgs: Mapping[str, Organization] | Iterable[Organization],
) -> Mapping[str, Organization]:
    if isinstance(orgs, Mapping):
        return orgs
    return {o.id: o for o in orgs}


def import_attestations(
    store: Store,
    paths: Iterable[Path | str],
    orgs: Mapping[str, Organization] | Iterable[Organization],
    *,
    now: datetime | None = None,
) -> AttestationImport:
    """Validate every file, then store them all, or none when any is refused.

    Re-importing an identical document (same canonical bytes and signature) is a no-op.
    """
    now = now or utcnow()
    known = _as_mapping(orgs)
    loaded: list[tuple[str, Attestation, bool]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            att = load_attestation(path)
        except AttestationError as exc:
            problems.extend(exc.problems or [Problem(str(path), None, None, str(exc))])
            continue
        verified, found = check_attestation(att, str(path), known)
        problems.extend(found)
        loaded.append((str(path), att, verified))
    if problems:
        files = sorted({p.file for p in problems})
        raise AttestationError(
            f"{len(files)} attestation file(s) refused; nothing imported", problems=problems
        )
    result = AttestationImport()
    with store.session() as session:
        for name, att, verified in loaded:
            digest = document_sha256(att)
            exists = session.scalar(
                select(AttestationRow.id).where(
                    AttestationRow.org_id == att.org_id, AttestationRow.sha256 == digest
                )
            )
            if is_expired(att, now):
                result.expired.append((name, att.org_id))
            if exists is not None:
                result.unchanged.append((name, att.org_id))
                continue
            session.add(
                AttestationRow(
                    org_id=att.org_id, signed_at=att.signed_at, valid_until=att.valid_until,
                    sha256=digest, data=att.model_dump(mode="json"), imported_at=now,
                )
            )
            result.imported.append((name, att.org_id, verified))
    return result


def latest_attestation(store: Store, org_id: str) -> Attestation | None:
    """The org's most recently signed attestation (ties: the last imported)."""
    with store.session() as session:
        row = session.scalars(
            select(AttestationRow)
            .where(AttestationRow.org_id == org_id)
            .order_by(
                AttestationRow.signed_at.desc(), AttestationRow.imported_at.desc(),
                AttestationRow.id.desc(),
            )
            .limit(1)
        ).first()
        return None if row is None else Attestation.model_validate(row.data)


def attestation_at(store: Store, org_id: str, as_of: date | datetime) -> Attestation | None:
    """The attestation an audit on `as_of` weighed: the latest signed by that day.

    Reports use it to say who signed what the audit compared the site with, even
    when they are written again after a newer attestation arrived.
    """
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    with store.session() as session:
        row = session.scalars(
            select(AttestationRow)
            .where(AttestationRow.org_id == org_id, AttestationRow.signed_at <= day)
            .order_by(
                AttestationRow.signed_at.desc(), AttestationRow.imported_at.desc(),
                AttestationRow.id.desc(),
            )
            .limit(1)
        ).first()
        return None if row is None else Attestation.model_validate(row.data)


# --------------------------------------------------------------------------- template

_TEMPLATE = """\
# Safeguard attestation, schema version 1: one document per organization.
# Fill in every field, then check it with `auditor attest validate FILE`.
# YAML or JSON; unknown fields are refused. Dates are YYYY-MM-DD.
schema_version: 1
org_id: your-org-id          # the id the auditor registered for your organization
signer:                      # a person who can answer for these statements
  name: Full Name
  role: Head of Trust and Safety
  email: safety@example.com
signed_at: 2026-01-01        # the day this was signed
valid_until: 2026-12-31      # re-attest before this day; an expired attestation is a finding

# For each safeguard: implemented (true/false), how (a sentence or two), and url:
# the public page where a visitor can see it, when there is one. The auditor checks
# every url: a url that does not show what is claimed is reported as contradicted.
safeguards:
  age_verification:          # age gate, age assurance or parental verification
    implemented: false
    how: ""
    url: null
  content_moderation:        # input/output filtering of harmful content for minors
    implemented: false
    how: ""
    url: null
  monitoring_reporting:      # monitoring, and a way for users to report problems
    implemented: false
    how: ""
    url: null
  educational_resources:     # guidance for minors on safe, responsible use
    implemented: false
    how: ""
    url: null
  child_safety_system_prompt:  # the provider's child-safety system prompt is in use
    implemented: false       # (not publicly observable: attested, not verified)
    how: ""
  coppa_statement:           # the page stating COPPA compliance (children's privacy notice)
    implemented: false
    url: null
  ai_disclosure:             # where users are told they are talking to an AI, not a person
    implemented: false
    how: ""                  # e.g. "banner above the chat input"
    url: null

# signature: base64 ed25519 detached signature; required when the auditor holds your
# public key. It signs `auditor attest canonical FILE`, not the file itself.
signature: null
"""


def attestation_template() -> str:
    """A blank attestation with comments (`auditor attest template`)."""
    return _TEMPLATE
