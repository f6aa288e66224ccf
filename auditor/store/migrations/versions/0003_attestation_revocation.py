"""attestations can be revoked: when, by whom, why

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 04:00:00

A person withdraws an attestation (`auditor attest revoke`) when it turns out to be
wrong or was signed by someone who could not answer for it. The row stays, with the
revocation recorded, so past reports still say what the audit then relied on; audits
after the revocation no longer use it. Rows already stored are not revoked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import auditor.store.tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", auditor.store.tables.UtcDateTime(
            timezone=True), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("revoke_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.drop_column("revoke_reason")
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_at")
