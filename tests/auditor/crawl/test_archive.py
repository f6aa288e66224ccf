"""The WARC writer's own invariants: digests match what is archived, records read back."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from auditor.crawl.archive import WarcArchive, iter_pages
from auditor.net.http import Exchange

BODY = ("<html><body><h1>Caf\u00e9</h1>" + "<p>privacy notice for parents</p>" * 400
        + "</body></html>").encode()


def _write(path: Path) -> tuple[str, str, str]:
    warc = WarcArchive(path, info={"software": "test"})
    ex = Exchange(url="http://example.test/a?b=1", request_headers=[("Host", "example.test")],
                  status=200, reason="OK", http_version="HTTP/1.1",
                  headers=[("Content-Type", "text/html; charset=utf-8")], body=BODY)
    rid, digest = warc.exchange(ex, requested="http://example.test/a")
    dom_id, dom_digest = warc.dom("http://example.test/a", "<p>\u00e9</p>", {"text": "\u00e9"})
    warc.screenshot("http://example.test/a", b"\x89PNG fake")
    warc.close()
    assert dom_digest == hashlib.sha256("<p>\u00e9</p>".encode()).hexdigest()
    return rid, digest, dom_id


def test_digests_written_are_hashes_of_the_archived_bytes(tmp_path: Any) -> None:
    path = tmp_path / "a.warc.gz"
    rid, digest, _ = _write(path)
    assert digest == hashlib.sha256(BODY).hexdigest()
    seen = 0
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, check_digests="raise")
        for record in records:
            record.content_stream().read()  # reading to the end verifies both digests
            if record.rec_type != "warcinfo":
                assert record.rec_headers.get_header("WARC-Payload-Digest")
                assert record.rec_headers.get_header("WARC-Block-Digest")
                seen += 1
    assert seen == 5  # response, request, dom, measured text, screenshot
    pages = {p.record_id: p for p in iter_pages(path)}
    assert pages[rid].body == BODY and pages[rid].sha256 == digest
    assert pages[rid].status == 200


def test_each_record_is_its_own_gzip_member_and_reads_back_identically(tmp_path: Any) -> None:
    path = tmp_path / "a.warc.gz"
    rid, _, dom_id = _write(path)
    raw = path.read_bytes()
    assert raw.count(b"\x1f\x8b\x08") >= 6  # warcinfo + 5 records, one member each
    plain = gzip.decompress(raw)
    assert plain.count(b"WARC/1.") == 6 and BODY in plain
    with open(path, "rb") as fh:
        offsets = [it.get_record_offset() for it in _iterate(ArchiveIterator(fh))]
    assert len(offsets) == 6 and len(set(offsets)) == 6  # members start where records do
    kinds = [(p.kind, p.record_id) for p in iter_pages(path)]
    assert ("response", rid) in kinds and ("dom", dom_id) in kinds


def _iterate(it: ArchiveIterator) -> Any:
    for record in it:
        record.content_stream().read()
        yield it
