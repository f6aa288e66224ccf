"""What a report shows from an audit's WARC: page texts, screenshots, element boxes.

Why here: reports and diffs show evidence as the crawler archived it, not as the site
looks today, so everything is read back from the audit's archive with no network. A
page the crawl found unchanged (HTTP 304) points at a record in an earlier audit's
archive; :class:`AuditArchive` follows it into the `earlier` archives it is given,
opening each only when a record is missing.

The report written at the end of a crawl already holds the snapshot, whose pages carry
the very text the detectors read from those archived bodies: given it, the archive
takes the page list and texts from it and reads its own WARC only when a record is
needed for something else (a screenshot, element boxes, a plain HTTP text), so a fleet
does not parse every page a second time to quote its evidence.

Archived bodies are crawled content and so hostile: they are parsed with the crawl's
own decoder (:mod:`auditor.parse.page`), never executed, and only PNG screenshots of
bounded size are handed on to be written beside a report.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.crawl.archive import UNINDEXED_PAGE_FIELDS, ArchivedPage, iter_pages
from auditor.models import FetchCause, Page, SiteSnapshot
from auditor.parse.page import fill_page
from auditor.store import Store, audits

MAX_SCREENSHOT_BYTES = 8 * 1024 * 1024
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Box:
    """Where an element sat in the screenshot, in CSS pixels of the viewport."""

    x: float
    y: float
    width: float
    height: float
    selector: str = ""
    text: str = ""


@dataclass(frozen=True)
class Screenshot:
    """A PNG screenshot archived for one rendered page."""

    record_id: str
    url: str
    png: bytes
    width: int
    height: int
    sha256: str
    earlier: bool = False
    """Taken in an earlier audit: this one found the page unchanged (HTTP 304) and
    did not render it again."""


@dataclass(frozen=True)
class ArchivedPageInfo:
    """One page of the audit's snapshot index, as the report needs it."""

    url: str
    final_url: str
    title: str
    outcome: str
    status: int | None
    is_product: bool
    warc_record_id: str | None
    screenshot_record_id: str | None
    content_type: str | None
    chat_opened: bool


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG from its IHDR, or None when `data` is not a PNG."""
    if len(data) < 24 or not data.startswith(_PNG) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (int(width), int(height)) if width and height else None


def _boxes(measured: dict[str, Any]) -> list[Box]:
    """Element boxes a browser measured, when the archive carries them (``boxes``)."""
    out = []
    raw = measured.get("boxes")
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            x, y = float(item["x"]), float(item["y"])
            w, h = float(item["width"]), float(item["height"])
        except (KeyError, TypeError, ValueError):
            continue
        if w > 0 and h > 0:
            out.append(Box(x, y, w, h, str(item.get("selector") or ""),
                           str(item.get("text") or "")[:2000]))
    return out


@dataclass
class _Warc:
    """Records of one WARC file, read once."""

    path: Path
    records: dict[str, ArchivedPage] = field(default_factory=dict)
    measured: dict[str, dict[str, Any]] = field(default_factory=dict)
    index: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> _Warc:
        warc = cls(path)
        if not path.is_file():
            return warc
        for record in iter_pages(path):
            if record.kind == "index":
                try:
                    warc.index = list(json.loads(record.body).get("pages", []))
                except (ValueError, AttributeError):
                    warc.index = []
                continue
            if record.kind == "text":
                try:
                    data = json.loads(record.body)
                except ValueError:
                    continue
                if isinstance(data, dict):
                    warc.measured[record.url] = data
                continue
            warc.records[record.record_id] = record
        return warc


class AuditArchive:
    """One audit's archive, with the earlier archives its unchanged pages point into."""

    def __init__(self, path: str | Path, earlier: Sequence[str | Path] = (), *,
                 snapshot: SiteSnapshot | None = None) -> None:
        self.path = Path(path)
        self._read: _Warc | None = None
        self._earlier = [Path(p) for p in earlier if p and Path(p) != self.path]
        self._opened: list[_Warc] = []
        self._texts: dict[str, str | None] = {}
        if snapshot is not None and snapshot.warc_path \
                and Path(snapshot.warc_path) == self.path:
            # what the index record holds, and the texts the detectors read
            unindexed = set(UNINDEXED_PAGE_FIELDS)
            self.pages = [_page_info(p.model_dump(mode="json", exclude=unindexed))
                          for p in snapshot.pages]
            self._texts = {p.warc_record_id: p.text for p in snapshot.pages
                           if p.warc_record_id and p.text is not None}
        else:
            self.pages = [_page_info(p) for p in self._own.index if isinstance(p, dict)]

    @property
    def _own(self) -> _Warc:
        """This audit's WARC, read on first need."""
        if self._read is None:
            self._read = _Warc.read(self.path)
        return self._read

    def _record(self, record_id: str | None) -> tuple[ArchivedPage, _Warc] | None:
        if not record_id:
            return None
        if record_id in self._own.records:
            return self._own.records[record_id], self._own
        for warc in self._opened:
            if record_id in warc.records:
                return warc.records[record_id], warc
        while len(self._opened) < len(self._earlier):
            warc = _Warc.read(self._earlier[len(self._opened)])
            self._opened.append(warc)
            if record_id in warc.records:
                return warc.records[record_id], warc
        return None

    def page(self, url: str) -> ArchivedPageInfo | None:
        """The snapshot's page for `url` (requested or final URL)."""
        for page in self.pages:
            if url in (page.url, page.final_url):
                return page
        return None

    def text(self, url: str) -> str | None:
        """The visible text the checks read on `url`, rebuilt from the archived body
        (the rendered DOM and the browser's measurement, for a rendered page)."""
        page = self.page(url)
        if page is not None and page.warc_record_id in self._texts:
            return self._texts[page.warc_record_id] or ""
        found = self._record(page.warc_record_id) if page is not None else None
        if page is None or found is None:
            return None
        return self._text_of(page, *found)

    def rendered(self, url: str) -> bool:
        """The page was read from a browser rendering in this audit."""
        page = self.page(url)
        found = self._record(page.warc_record_id) if page is not None else None
        return found is not None and found[0].kind == "dom"

    def http_text(self, url: str) -> str | None:
        """The text of the page's plain HTTP response, also for a rendered page: what two
        audits are compared on when only one of them rendered the page."""
        page = self.page(url)
        found = self._record(page.warc_record_id) if page is not None else None
        if page is None or found is None:
            return None
        record, warc = found
        if record.kind == "dom":
            responses = [r for r in warc.records.values() if r.kind == "response"
                         and r.url in (page.final_url, page.url) and r.status == 200]
            if not responses:
                return None
            record = responses[-1]
        return self._text_of(page, record, warc)

    def _text_of(self, page: ArchivedPageInfo, record: ArchivedPage, warc: _Warc) -> str:
        if record.record_id in self._texts:
            return self._texts[record.record_id] or ""
        measured = warc.measured.get(record.url) if record.kind == "dom" else None
        if record.kind == "dom":
            ctype: str | None = "text/html; charset=utf-8"
        else:
            ctype = dict((k.lower(), v) for k, v in record.headers).get("content-type") \
                or page.content_type
        shell = Page(url=page.url, final_url=page.final_url or page.url, fetched_at=_EPOCH)
        text = fill_page(shell, record.body, ctype, measured)[0].text
        self._texts[record.record_id] = text
        return text

    def screenshot(self, record_id: str | None = None, *, url: str | None = None
                   ) -> Screenshot | None:
        """A screenshot by record id, else the one taken of `url`; only bounded PNGs.

        A page this audit found unchanged (HTTP 304) is shown by the screenshot of the
        earlier audit whose body it confirmed, marked as such.
        """
        earlier = False
        if not record_id and url is not None:
            page = self.page(url)
            record_id = page.screenshot_record_id if page is not None else None
            if record_id is None and page is not None and page.outcome == "not_modified":
                record_id, earlier = self._earlier_screenshot(page), True
        found = self._record(record_id)
        if found is None:
            return None
        record = found[0]
        if record.kind != "screenshot" or len(record.body) > MAX_SCREENSHOT_BYTES:
            return None
        size = png_size(record.body)
        if size is None:
            return None
        return Screenshot(record.record_id, record.url, record.body, size[0], size[1],
                          record.sha256, earlier)

    def _earlier_screenshot(self, page: ArchivedPageInfo) -> str | None:
        """The screenshot id of the same URL in the newest earlier archive that has one."""
        for i in range(len(self._earlier)):
            while len(self._opened) <= i:
                self._opened.append(_Warc.read(self._earlier[len(self._opened)]))
            for data in self._opened[i].index:
                if isinstance(data, dict) and data.get("screenshot_record_id") and \
                        page.url in (data.get("url"), data.get("final_url")):
                    return str(data["screenshot_record_id"])
        return None

    def boxes(self, url: str) -> list[Box]:
        """Element boxes measured on the rendered `url`, if the crawler recorded any."""
        page = self.page(url)
        found = self._record(page.warc_record_id) if page is not None else None
        if found is None or found[0].kind != "dom":
            return []
        return _boxes(found[1].measured.get(found[0].url, {}))


def _page_info(data: dict[str, Any]) -> ArchivedPageInfo:
    url = str(data.get("url") or "")
    status = data.get("status")
    return ArchivedPageInfo(
        url=url, final_url=str(data.get("final_url") or url),
        title=str(data.get("title") or ""),
        outcome=str(data.get("outcome") or FetchCause.OK.value),
        status=status if isinstance(status, int) else None,
        is_product=bool(data.get("is_product")),
        warc_record_id=data.get("warc_record_id") or None,
        screenshot_record_id=data.get("screenshot_record_id") or None,
        content_type=data.get("content_type") or None,
        chat_opened=bool(data.get("chat_opened")),
    )


def ok_outcome(page: ArchivedPageInfo) -> bool:
    """The page was read (fresh, or confirmed unchanged by a 304)."""
    return page.outcome in (FetchCause.OK.value, FetchCause.NOT_MODIFIED.value)


def archive_of(store: Store, audit_id: str, snapshot: SiteSnapshot | None = None
               ) -> AuditArchive | None:
    """The archive of a stored audit, with the org's earlier archives behind it (and its
    snapshot's texts, when the caller still holds that snapshot)."""
    ref = audits.archive_ref(store, audit_id)
    if not ref.warc_path:
        return None
    return AuditArchive(ref.warc_path, earlier_archives(store, ref.org_id, ref.started_at),
                        snapshot=snapshot)


def earlier_archives(store: Store, org_id: str, before: datetime) -> list[str]:
    """Archives of the org's finished audits started before `before`, newest first."""
    return [a.warc_path for a in audits.archived_before(store, org_id, before) if a.warc_path]
