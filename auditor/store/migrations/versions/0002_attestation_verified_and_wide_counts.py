"""attestations.verified; violation-rate counts in 64 bits

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 03:00:00

``attestations.verified`` records whether a stored attestation's signature verifies
with its org's public key. Rows already stored are verified here against the key the
org has now, by the signing rule of schema version 1 written out below (a migration
must not change meaning when the application's code does later): the line
``minors-audit attestation v1``, then the document without ``signature`` and without
null fields as JSON with sorted keys and no whitespace. Requests and violations per
period may exceed 2^31 (the bound is 10^15), so their columns become BIGINT.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import sqlalchemy as sa
from alembic import op
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_CONTEXT = b"minors-audit attestation v1\n"


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _verifies(data: dict[str, Any], public_key: str | None) -> bool:
    signature = data.get("signature")
    if not public_key or not signature:
        return False
    body = _without_nulls({k: v for k, v in data.items() if k != "signature"})
    signed = _CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":"),
                                   ensure_ascii=False).encode("utf-8")
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), signed)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def _load(value: Any) -> dict[str, Any]:
    """A JSON column as read back (a dict, or text on some drivers)."""
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def upgrade() -> None:
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    bind = op.get_bind()
    keys = {row.id: _load(row.data).get("public_key")
            for row in bind.execute(sa.text("SELECT id, data FROM organizations"))}
    attestations = sa.table("attestations", sa.column("id", sa.Integer),
                            sa.column("verified", sa.Boolean))
    for row in bind.execute(sa.text("SELECT id, org_id, data FROM attestations")).all():
        if _verifies(_load(row.data), keys.get(row.org_id)):
            bind.execute(attestations.update().where(attestations.c.id == row.id)
                         .values(verified=True))
    with op.batch_alter_table("violation_rates", schema=None) as batch_op:
        for column in ("requests", "violations"):
            batch_op.alter_column(column, existing_type=sa.Integer(), type_=sa.BigInteger(),
                                  existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("violation_rates", schema=None) as batch_op:
        for column in ("requests", "violations"):
            batch_op.alter_column(column, existing_type=sa.BigInteger(), type_=sa.Integer(),
                                  existing_nullable=False)
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.drop_column("verified")
