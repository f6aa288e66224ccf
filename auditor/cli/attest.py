"""`auditor attest template|validate|import|canonical`: safeguard attestations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.assess.attestation_template import attestation_template
from auditor.assess.attestations import (
    canonical_bytes,
    check_attestation,
    import_attestations,
    is_expired,
    load_attestation,
)
from auditor.cli.context import app_context, console, err_console
from auditor.errors import AttestationError
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


def register(app: typer.Typer) -> None:
    app.add_typer(attest_app, name="attest")
