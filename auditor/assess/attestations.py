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

Dates are believed only so far. ``signed_at`` may not be later than the current time
plus ``attestations.clock_skew_hours`` (a document dated 2099 would otherwise outrank
every later withdrawal), and ``valid_until`` may be at most
``attestations.max_validity_days`` after it; an import breaking either is refused. An
attestation counts from the earlier of its ``signed_at`` and the day it was imported,
so not even a future date stored before these checks outranks a later document.

Whether a stored attestation verified is kept with it (``verified``). When an org's
public key changes, its stored attestations are verified again with the new key; for
an org with a key, only attestations that verify with it count.

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
from datetime import date, datetime, timedelta
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
from sqlalchemy.orm import Session

from auditor.errors import AttestationError, BadInput, Problem
from auditor.inputs import read_text
from auditor.models import Attestation, Organization, utcnow
from auditor.registry import find_org, list_orgs, load_orgs, save_orgs
from auditor.settings import AttestationSettings
from auditor.store import Store
from auditor.store.tables import AttestationRow

__all__ = [
    "SIGNING_CONTEXT",
    "AttestationImport",
    "OrgsImport",
    "Recheck",
    "attestation_at",
    "canonical_bytes",
    "check_attestation",
    "check_dates",
    "import_attestations",
    "import_orgs_rechecked",
    "is_expired",
    "latest_attestation",
    "list_attestations",
    "load_attestation",
    "recheck_attestations",
    "revoke_attestation",
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
    walked: set[int] = set()  # an alias is the node it names: walk each node once, or
    # 25 nested aliases in 600 bytes make 2^25 paths

    def walk(node: yaml.Node | None, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode) and id(node) not in walked:
            walked.add(id(node))
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


def _load(path: Path | str) -> tuple[Attestation, dict[tuple[str, ...], int]]:
    """One file validated, with the line of each field (for date problems)."""
    text = read_text(path, max_bytes=MAX_FILE_BYTES, error=AttestationError)
    name = str(path)
    return parse_attestation(text, name), _line_map(text)


def load_attestation(path: Path | str) -> Attestation:
    """Read and validate one attestation file (YAML or JSON)."""
    return _load(path)[0]


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


def check_dates(
    attestation: Attestation, name: str, now: datetime, limits: AttestationSettings,
    lines: Mapping[tuple[str, ...], int] | None = None,
) -> list[Problem]:
    """Problems with the document's own dates: signed in the future, valid too long."""
    lines = lines or {}
    problems = []
    latest = (now + timedelta(hours=limits.clock_skew_hours)).date()
    if attestation.signed_at > latest:
        problems.append(Problem(
            name, lines.get(("signed_at",)), "signed_at",
            f"{attestation.signed_at} is in the future (the latest day accepted now is "
            f"{latest}; attestations.clock_skew_hours is {limits.clock_skew_hours:g})"))
    days = (attestation.valid_until - attestation.signed_at).days
    if days > limits.max_validity_days:
        problems.append(Problem(
            name, lines.get(("valid_until",)), "valid_until",
            f"valid for {days} days after signed_at; at most {limits.max_validity_days} "
            "(attestations.max_validity_days)"))
    return problems


def check_attestation(
    attestation: Attestation, name: str, orgs: Mapping[str, Organization], *,
    now: datetime | None = None, limits: AttestationSettings | None = None,
    lines: Mapping[tuple[str, ...], int] | None = None,
) -> tuple[bool, list[Problem]]:
    """Is it for a known org, properly signed and believably dated? (verified, problems)"""
    problems = check_dates(attestation, name, now or utcnow(), limits or AttestationSettings(),
                           lines)
    org = orgs.get(attestation.org_id)
    if org is None:
        unknown = f"unknown organization {attestation.org_id!r}"
        return False, [Problem(name, (lines or {}).get(("org_id",)), "org_id", unknown),
                       *problems]
    try:
        return verify_signature(attestation, org), problems
    except ValueError as exc:
        return False, [*problems, Problem(name, (lines or {}).get(("signature",)), "signature",
                                          str(exc))]


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
    limits: AttestationSettings | None = None,
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
            att, lines = _load(path)
        except AttestationError as exc:
            problems.extend(exc.problems or [Problem(str(path), None, None, str(exc))])
            continue
        verified, found = check_attestation(att, str(path), known, now=now, limits=limits,
                                            lines=lines)
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
                    verified=verified,
                )
            )
            result.imported.append((name, att.org_id, verified))
    return result


def _counted(session: Session, org_id: str, keyed: bool,
             day: date | None = None) -> AttestationRow | None:
    """The attestation of `org_id` that counts (on `day`, when given): the latest by the
    earlier of its signed_at and its import day (ties: the last imported), among those
    that verify with the org's key when it has one."""
    rows = session.scalars(select(AttestationRow).where(AttestationRow.org_id == org_id))
    best: tuple[date, datetime, int] | None = None
    chosen = None
    for row in rows:
        if keyed and not row.verified:
            continue
        if row.revoked_at is not None and (day is None or row.revoked_at.date() <= day):
            continue  # withdrawn by a person: not relied on from then on
        counts_from = min(row.signed_at, row.imported_at.date())
        if day is not None and counts_from > day:
            continue
        rank = (counts_from, row.imported_at, row.id)
        if best is None or rank > best:
            best, chosen = rank, row
    return chosen


def _keyed(store: Store, org_id: str) -> bool:
    org = find_org(store, org_id)
    return bool(org and org.public_key)


def latest_attestation(store: Store, org_id: str) -> Attestation | None:
    """The org's attestation that counts now (see :func:`_counted`)."""
    keyed = _keyed(store, org_id)
    with store.session() as session:
        row = _counted(session, org_id, keyed)
        return None if row is None else Attestation.model_validate(row.data)


def attestation_at(store: Store, org_id: str, as_of: date | datetime) -> Attestation | None:
    """The attestation an audit on `as_of` weighed: the latest counting by that day.

    Reports use it to say who signed what the audit compared the site with, even
    when they are written again after a newer attestation arrived.
    """
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    keyed = _keyed(store, org_id)
    with store.session() as session:
        row = _counted(session, org_id, keyed, day)
        return None if row is None else Attestation.model_validate(row.data)


@dataclass(frozen=True)
class StoredAttestation:
    """One stored attestation, with what the store knows of it."""

    attestation: Attestation
    verified: bool
    imported_at: datetime
    id: int = 0
    in_use: bool = False
    """It is the attestation audits rely on now (:func:`latest_attestation`)."""
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None


def _stored(row: AttestationRow, in_use: AttestationRow | None = None) -> StoredAttestation:
    return StoredAttestation(
        Attestation.model_validate(row.data), row.verified, row.imported_at, id=row.id,
        in_use=in_use is not None and in_use.id == row.id, revoked_at=row.revoked_at,
        revoked_by=row.revoked_by, revoke_reason=row.revoke_reason)


def stored_attestations(store: Store, org_id: str) -> list[StoredAttestation]:
    """Every stored attestation of `org_id`, in import order."""
    with store.session() as session:
        rows = session.scalars(select(AttestationRow).where(AttestationRow.org_id == org_id)
                               .order_by(AttestationRow.imported_at, AttestationRow.id))
        return [_stored(r) for r in rows]


def list_attestations(store: Store, org_id: str) -> list[StoredAttestation]:
    """Every stored attestation of `org_id`, newest signed first, the one audits rely on
    now marked ``in_use`` (`auditor attest list`)."""
    keyed = _keyed(store, org_id)
    with store.session() as session:
        current = _counted(session, org_id, keyed)
        rows = session.scalars(
            select(AttestationRow).where(AttestationRow.org_id == org_id).order_by(
                AttestationRow.signed_at.desc(), AttestationRow.imported_at.desc(),
                AttestationRow.id.desc()))
        return [_stored(r, current) for r in rows]


def revoke_attestation(store: Store, attestation_id: int, by: str, reason: str,
                       now: datetime) -> StoredAttestation:
    """A person withdraws an attestation: audits from `now` on no longer rely on it.

    The row stays, with who revoked it, when and why, so a report of an earlier audit
    still names what that audit relied on. It needs a name and a reason, and is done once.
    """
    if not by.strip() or not reason.strip():
        raise BadInput("a revocation needs --by (who) and --reason (why)")
    with store.session() as session:
        row = session.get(AttestationRow, attestation_id)
        if row is None:
            raise BadInput(f"no attestation with id {attestation_id}")
        if row.revoked_at is not None:
            raise BadInput(f"attestation {attestation_id} was already revoked on "
                           f"{row.revoked_at.date().isoformat()} by {row.revoked_by}")
        row.revoked_at, row.revoked_by = now, by.strip()[:200]
        row.revoke_reason = reason.strip()
        session.flush()
        return _stored(row)


# --------------------------------------------------------------------------- key changes


@dataclass(frozen=True)
class Recheck:
    """Stored attestations of one org verified again with its current key."""

    org_id: str
    verified: int
    not_verified: int


def recheck_attestations(store: Store, org: Organization) -> Recheck:
    """Verify every stored attestation of `org` with its current key and store the result."""
    verified = not_verified = 0
    with store.session() as session:
        for row in session.scalars(select(AttestationRow)
                                   .where(AttestationRow.org_id == org.id)):
            try:
                row.verified = verify_signature(Attestation.model_validate(row.data), org)
            except ValueError:
                row.verified = False
            verified += row.verified
            not_verified += not row.verified
    return Recheck(org.id, verified, not_verified)


@dataclass(frozen=True)
class OrgsImport:
    """An orgs file imported, and the attestations re-checked for keys that changed."""

    added: int
    updated: int
    rechecked: list[Recheck]


def import_orgs_rechecked(store: Store, path: Path, now: datetime) -> OrgsImport:
    """:func:`auditor.registry.import_orgs`, then the stored attestations of every org
    whose public key changed verified again with the new key."""
    orgs = load_orgs(path)
    before = {o.id: o.public_key for o in list_orgs(store)}
    added, updated = save_orgs(store, orgs, now)
    rechecked = [recheck_attestations(store, o) for o in orgs
                 if before.get(o.id) != o.public_key]
    return OrgsImport(added, updated, [r for r in rechecked if r.verified or r.not_verified])
