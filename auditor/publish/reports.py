"""Write an org's audit report (HTML, Markdown, JSON) and render the fleet table.

Why here and not in the CLI: the pipeline, the daemon and ``auditor report`` all
call these, so a report looks the same whoever asked for it. Files are written to a
temporary name and renamed, so a reader never sees half a report.

The evidence screenshots go into a folder beside the report (``<org>.evidence/``,
named by their SHA-256), so the report opens offline from its own files; the folder
keeps only the images the current report links.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from auditor.assess.attestations import attestation_at
from auditor.enforce.ladder import OPEN_STATES
from auditor.errors import BadInput, StoreError
from auditor.models import (
    Assessment,
    Attestation,
    Case,
    CaseState,
    Organization,
    RateState,
    Rating,
    SiteSnapshot,
)
from auditor.publish import labels as L
from auditor.publish.archives import AuditArchive, archive_of, earlier_archives
from auditor.publish.changes import AuditDiff, changes_since_previous
from auditor.publish.evidence import EvidenceMedia, evidence_media
from auditor.publish.render import render
from auditor.publish.views import Tile, report_view
from auditor.resources import templates_dir
from auditor.settings import Settings
from auditor.store import Store

log = logging.getLogger(__name__)


def write_text(path: Path, text: str) -> None:
    """Write via a temporary name and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def evidence_folder(org_id: str) -> str:
    """The folder beside ``<org>.html`` that holds its evidence images."""
    return f"{org_id}.evidence"


@dataclass(frozen=True)
class ArchiveInputs:
    """What a report reads besides the assessment: evidence media, attestation, diff."""

    media: EvidenceMedia
    attestation: Attestation | None
    page_diff: AuditDiff | None


def archive_inputs(store: Store, org: Organization, assessment: Assessment,
                   snapshot: SiteSnapshot | None) -> ArchiveInputs:
    """Read the audit's archive (screenshots, paragraphs), the attestation it weighed and
    how the pages that matter changed since the previous audit."""
    folder = evidence_folder(org.id)
    archive: AuditArchive | None = None
    audit_id = assessment.audit_id
    try:
        if audit_id:
            archive = archive_of(store, audit_id, snapshot)
    except BadInput:  # not a stored audit (a worked example): the snapshot's archive only
        archive = None
    if archive is None and snapshot is not None and snapshot.warc_path:
        archive = AuditArchive(snapshot.warc_path,
                               earlier_archives(store, org.id, snapshot.started_at),
                               snapshot=snapshot)
    return ArchiveInputs(
        media=evidence_media(assessment, archive, folder),
        attestation=attestation_at(store, org.id, assessment.as_of),
        page_diff=changes_since_previous(store, audit_id, archive) if audit_id and archive
        else None,
    )


def write_reports(
    settings: Settings,
    org: Organization,
    assessment: Assessment,
    *,
    snapshot: SiteSnapshot | None,
    case: Case | None,
    previous: Assessment | None,
    out_dir: Path,
    store: Store | None = None,
) -> dict[str, Path]:
    """Write ``<org>.html``, ``<org>.md`` and ``<org>.json`` (and the evidence images)
    into `out_dir`.

    The archive, the attestation and the previous audit are found through `store`;
    without one, the settings' database is opened for the call, so every caller gets
    the same report.
    """
    try:
        db = store if store is not None else Store(settings.database_url)
        try:
            inputs = archive_inputs(db, org, assessment, snapshot)
        finally:
            if store is None:
                db.dispose()
    except StoreError as exc:  # the report still goes out, from the snapshot's archive
        log.warning("report of %s written without the store's inputs: %s", org.id, exc)
        archive = AuditArchive(snapshot.warc_path, snapshot=snapshot) \
            if snapshot and snapshot.warc_path else None
        inputs = ArchiveInputs(evidence_media(assessment, archive, evidence_folder(org.id)),
                               None, None)
    view = report_view(org, assessment, snapshot=snapshot, case=case, previous=previous,
                       now=settings.clock(), media=inputs.media,
                       attestation=inputs.attestation, page_diff=inputs.page_diff)
    paths = {
        "html": out_dir / f"{org.id}.html",
        "md": out_dir / f"{org.id}.md",
        "json": out_dir / f"{org.id}.json",
    }
    _write_images(out_dir / inputs.media.folder, inputs.media.files)
    write_text(paths["html"], render("report.html.j2", r=view))
    write_text(paths["md"], render("report.md.j2", r=view))
    write_text(paths["json"], assessment.model_dump_json(indent=2) + "\n")
    return paths


def _write_images(folder: Path, files: dict[str, bytes]) -> None:
    """Write the report's images; drop the ones an earlier report left and this one
    no longer links (names are content hashes: an unchanged image is not rewritten)."""
    if not files and not folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = folder / name
        if not target.exists():
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, target)
    for old in folder.glob("*.png"):
        if old.name not in files:
            old.unlink(missing_ok=True)


@dataclass(frozen=True)
class FleetRow:
    """One org's line in the fleet report, read from its latest stored audit."""

    org_id: str
    name: str
    tier: str
    rating: Rating | None
    failing: int
    rate_state: RateState | None
    case_state: CaseState | None
    report_path: Path | None = None
    pending: bool = False
    """The case has a step waiting for a person's approval."""


@dataclass(frozen=True)
class _RowView:
    org_id: str
    name: str
    tier: str
    rating: str
    rating_label: str
    rating_tone: str
    rating_rank: int
    failing: int
    rate_label: str
    rate_tone: str
    rate_rank: int
    case_state: str
    case_label: str
    case_tone: str
    case_note: str
    case_rank: int
    report_href: str


def _href(path: Path | None, base: Path | None) -> str:
    """A relative link to a report file; never a scheme, so never `javascript:`."""
    if path is None:
        return ""
    try:
        rel = os.path.relpath(path, base) if base is not None else path.name
    except ValueError:
        rel = path.name
    return "./" + quote(Path(rel).as_posix())


def _row_view(row: FleetRow, base: Path | None) -> _RowView:
    ratings, rates, cases = list(L.RATING_LABEL), list(L.RATE_LABEL), list(L.CASE_LABEL)
    r_label, r_tone = L.RATING_LABEL[row.rating] if row.rating else ("Not audited", "neutral")
    v_label, v_tone = L.RATE_LABEL[row.rate_state] if row.rate_state else ("—", "neutral")
    c_label, c_tone = L.CASE_LABEL[row.case_state] if row.case_state else ("No case", "neutral")
    return _RowView(
        org_id=row.org_id, name=row.name, tier=row.tier,
        rating=row.rating.value if row.rating else "none", rating_label=r_label,
        rating_tone=r_tone, rating_rank=ratings.index(row.rating) if row.rating else 9,
        failing=row.failing, rate_label=v_label, rate_tone=v_tone,
        rate_rank=rates.index(row.rate_state) if row.rate_state else 9,
        case_state=row.case_state.value if row.case_state else "none",
        case_label=c_label, case_tone=c_tone,
        case_note="step awaiting approval" if row.pending else "",
        case_rank=cases.index(row.case_state) if row.case_state else 9,
        report_href=_href(row.report_path, base),
    )


def _script() -> tuple[Markup, str]:
    """Our own sorting script, inlined, and its CSP hash (only it may run)."""
    text = (templates_dir() / "_fleet.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), f"sha256-{digest}"


def render_fleet_report(rows: list[FleetRow], as_of: datetime, *, base: Path | None = None,
                        now: datetime | None = None) -> str:
    """Every org in one sortable, filterable table (HTML). `base` makes report links
    relative to the folder the fleet page is written to."""
    views = sorted((_row_view(r, base) for r in rows),
                   key=lambda v: (v.rating_rank, -v.failing, v.case_rank, v.name.lower()))
    counts = {rating: sum(1 for r in rows if r.rating is rating) for rating in L.RATING_LABEL}
    tiles = [Tile(L.RATING_LABEL[k][0], str(n), L.RATING_LABEL[k][1] if n else "neutral")
             for k, n in counts.items()]
    open_cases = sum(1 for r in rows if r.case_state in OPEN_STATES)
    tiles.append(Tile("Open cases", str(open_cases), "warn" if open_cases else "neutral"))
    waiting = sum(1 for r in rows if r.pending)
    tiles.append(Tile("Awaiting approval", str(waiting), "warn" if waiting else "neutral"))
    script, script_hash = _script()
    present_ratings = {v.rating for v in views}
    present_cases = {v.case_state for v in views}
    view = {
        "as_of": L.when(as_of), "generated_at": L.when(now or as_of), "total": len(rows),
        "non_compliant": counts[Rating.NON_COMPLIANT], "tiles": tiles, "rows": views,
        "rating_options": [(v.rating, v.rating_label) for v in _unique(views, "rating")
                           if v.rating in present_ratings],
        "case_options": [(v.case_state, v.case_label) for v in _unique(views, "case_state")
                         if v.case_state in present_cases],
        "script": script, "script_hash": script_hash,
    }
    return render("fleet.html.j2", v=view)


def _unique(views: list[_RowView], attr: str) -> list[_RowView]:
    seen: dict[str, _RowView] = {}
    for v in views:
        seen.setdefault(getattr(v, attr), v)
    return list(seen.values())
