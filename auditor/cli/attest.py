"""`auditor attest template|validate|import|canonical|list|revoke`: safeguard attestations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from auditor.assess.attestation_template import attestation_template
from auditor.assess.attestations import (
    StoredAttestation,
    canonical_bytes,
    check_attestation,
    import_attestations,
    is_expired,
    latest_attestation,
    list_attestations,
    load_attestation,
    revoke_attestation,
)
from auditor.cli.context import app_context, console, err_console, print_json, untrusted
from auditor.errors import AttestationError, BadInput
from auditor.registry import find_org, list_orgs

attest_app = typer.Typer(help="Safeguard attestations signed by organizations.",
                         no_args_is_help=True)


@attest_app.command("template")
def template_cmd() -> None:
    """Print a blank attestation with comments."""
    sys.stdout.write(attestation_template())


@attest_app.command("validate")
def validate_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="YAML or JSON attestation")],
) -> None:
    """Check one attestation; also its signature when the org is registered (exit 2 if bad)."""
    app = app_context(ctx)
    att = load_attestation(file)
    org = find_org(app.store, att.org_id)
    note = f"org {att.org_id!r} is not registered: signature not checked"
    if org is not None:
        verified, problems = check_attestation(att, str(file), {org.id: org},
                                               now=app.settings.clock(),
                                               limits=app.settings.attestations)
        if problems:
            raise AttestationError(f"{file}: refused", problems=problems)
        note = "signature verified" if verified else "no public key registered: unsigned"
    if is_expired(att, app.settings.clock()):
        note += f"; EXPIRED on {att.valid_until.isoformat()}"
    console.print(f"{file}: valid attestation for {att.org_id} ({note})", markup=False)


@attest_app.command("import")
def import_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...")],
) -> None:
    """Import attestations; if any file is refused, none is imported (exit 2)."""
    app = app_context(ctx)
    result = import_attestations(app.store, files, list_orgs(app.store), now=app.settings.clock(),
                                 limits=app.settings.attestations)
    for name, org_id, verified in result.imported:
        how = "signature verified" if verified else "unsigned (no key registered)"
        console.print(f"imported {name} for {org_id}: {how}", markup=False)
    for name, org_id in result.unchanged:
        console.print(f"unchanged {name} for {org_id}: already imported", markup=False)
    for name, org_id in result.expired:
        err_console.print(f"warning: {name} for {org_id} has expired", markup=False)


@attest_app.command("canonical")
def canonical_cmd(
    file: Annotated[Path, typer.Argument(help="YAML or JSON attestation")],
) -> None:
    """Write the exact bytes to sign (ed25519) to stdout."""
    sys.stdout.buffer.write(canonical_bytes(load_attestation(file)))
    sys.stdout.buffer.flush()


def _state(item: StoredAttestation, expired: bool) -> str:
    if item.revoked_at is not None:
        return (f"revoked {item.revoked_at.date().isoformat()} by {item.revoked_by}: "
                f"{item.revoke_reason}")
    if item.in_use:
        return "in use" + (", expired" if expired else "")
    return "not in use" + (" (expired)" if expired else "")


@attest_app.command("list")
def list_cmd(
    ctx: typer.Context,
    org_id: Annotated[str, typer.Argument(metavar="ORG", help="organization id")],
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """An org's attestations, newest signed first: who signed, until when, which one audits
    use, and which were revoked."""
    app = app_context(ctx)
    if find_org(app.store, org_id) is None:
        raise BadInput(f"organization {org_id!r} is not in the registry", org_id=org_id)
    items = list_attestations(app.store, org_id)
    now = app.settings.clock()
    if as_json:
        print_json([{
            "id": i.id, "org_id": i.attestation.org_id,
            "signed_at": i.attestation.signed_at.isoformat(),
            "valid_until": i.attestation.valid_until.isoformat(),
            "signer": i.attestation.signer.model_dump(mode="json"),
            "imported_at": i.imported_at.isoformat(), "verified": i.verified,
            "in_use": i.in_use, "expired": is_expired(i.attestation, now),
            "revoked": None if i.revoked_at is None else {
                "at": i.revoked_at.isoformat(), "by": i.revoked_by, "reason": i.revoke_reason},
            "safeguards": {k.value: v.implemented
                           for k, v in i.attestation.safeguards.items()},
        } for i in items])
        return
    if not items:
        console.print(f"no attestation on file for {org_id}", markup=False)
        return
    table = Table("id", "signed", "valid until", "signer", "signature", "status")
    for i in items:
        att = i.attestation
        table.add_row(str(i.id), att.signed_at.isoformat(), att.valid_until.isoformat(),
                      untrusted(f"{att.signer.name} ({att.signer.role})"),
                      "verified" if i.verified else "unsigned or unverified",
                      untrusted(_state(i, is_expired(att, now))))
    console.print(table)


@attest_app.command("revoke")
def revoke_cmd(
    ctx: typer.Context,
    attestation_id: Annotated[int, typer.Argument(metavar="ID", help="id from `attest list`")],
    by: str = typer.Option(..., "--by", help="who revokes it (recorded)"),
    reason: str = typer.Option(..., "--reason", help="why (recorded)"),
) -> None:
    """Withdraw an attestation: audits from now on no longer rely on it (the record and
    who revoked it, when and why are kept)."""
    app = app_context(ctx)
    done = revoke_attestation(app.store, attestation_id, by, reason, app.settings.clock())
    att = done.attestation
    console.print(f"attestation {done.id} of {att.org_id} (signed {att.signed_at.isoformat()} "
                  f"by {att.signer.name}) revoked by {done.revoked_by}", markup=False)
    now_used = latest_attestation(app.store, att.org_id)
    if now_used is None:
        console.print(f"{att.org_id} has no attestation in use now; its next audit weighs "
                      "no attestation", markup=False)
    else:
        console.print(f"{att.org_id}'s audits now use the attestation signed "
                      f"{now_used.signed_at.isoformat()} by {now_used.signer.name}",
                      markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(attest_app, name="attest")
