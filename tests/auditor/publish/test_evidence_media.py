"""Evidence read back from a WARC: screenshots, element boxes, the sentence in its paragraph;
and reasons cut to one sentence a person reads."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.crawl.archive import WarcArchive
from auditor.models import (
    Assessment,
    Evidence,
    Fetcher,
    Finding,
    Page,
    RateState,
    Rating,
    Safeguard,
    Severity,
    SiteSnapshot,
    Status,
    ViolationRateAssessment,
)
from auditor.net.http import Exchange
from auditor.publish.archives import AuditArchive, png_size
from auditor.publish.evidence import evidence_media, paragraph_context
from auditor.publish.reasons import brief

T = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CHAT = "https://tutor.example/chat"
PRIVACY = "https://tutor.example/privacy"
SENTENCE = "You are chatting with an AI tutor, not a person."


def _png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    """An archive as the crawler writes it: one page over HTTP, one rendered with a
    screenshot, and a measurement that carries element boxes."""
    path = tmp_path / "a.warc.gz"
    archive = WarcArchive(path, info={"audit-id": "a"})
    body = (b"<html><body><h1>Privacy</h1><p>We keep data safe. We comply with COPPA for "
            b"children under 13. Parents can delete it.</p></body></html>")
    rid, digest = archive.exchange(Exchange(
        url=PRIVACY, request_headers=[], status=200, reason="OK", http_version="HTTP/1.1",
        headers=[("Content-Type", "text/html; charset=utf-8")], body=body))
    dom = f"<html><body><div id='chat'><p class='notice'>{SENTENCE}</p></div></body></html>"
    measured = {"text": f"Ask us\n{SENTENCE}", "hidden_text": [], "links": [],
                "boxes": [{"selector": "#chat", "x": 0, "y": 0, "width": 1280, "height": 400,
                           "text": SENTENCE},
                          {"selector": "div#chat > p.notice", "x": 64, "y": 90, "width": 640,
                           "height": 45, "text": SENTENCE}]}
    dom_id, dom_sha = archive.dom(CHAT, dom, measured)
    shot = archive.screenshot(CHAT, _png(1280, 900))
    archive.index(SiteSnapshot(org_id="tutor", started_at=T, pages=[
        Page(url=PRIVACY, final_url=PRIVACY, fetched_at=T, warc_record_id=rid, sha256=digest,
             content_type="text/html; charset=utf-8"),
        Page(url=CHAT, final_url=CHAT, fetched_at=T, fetcher=Fetcher.BROWSER, rendered=True,
             is_product=True, warc_record_id=dom_id, sha256=dom_sha,
             screenshot_record_id=shot)]))
    archive.close()
    return path


def _assessment(*evidence: Evidence) -> Assessment:
    finding = Finding(check_id="ai.disclosure_present", org_id="tutor", status=Status.PASS,
                      severity=Severity.HIGH, title="t", reason="r", evidence=list(evidence),
                      safeguard=Safeguard.AI_DISCLOSURE)
    return Assessment(org_id="tutor", as_of=T, findings=[finding],
                      violation_rate=ViolationRateAssessment(state=RateState.NORMAL, reason=""),
                      rating=Rating.COMPLIANT)


def test_screenshot_is_found_and_the_element_outlined(warc: Path) -> None:
    ev = Evidence(url=CHAT, snippet=SENTENCE, locator="div#chat > p.notice")
    media = evidence_media(_assessment(ev), AuditArchive(warc), "tutor.evidence")
    shot = media.shot(ev)
    assert shot is not None and (shot.width, shot.height) == (1280, 900)
    assert shot.href.startswith("./tutor.evidence/") and shot.href.endswith(".png")
    assert shot.box == (5.0, 10.0, 50.0, 5.0)
    assert list(media.files) == [shot.href.rsplit("/", 1)[1]]
    assert png_size(next(iter(media.files.values()))) == (1280, 900)


def test_a_text_snippet_is_outlined_by_the_smallest_box_holding_it(warc: Path) -> None:
    ev = Evidence(url=CHAT, snippet=SENTENCE, locator="text[7:55]")
    shot = evidence_media(_assessment(ev), AuditArchive(warc), "f").shot(ev)
    assert shot is not None and shot.box == (5.0, 10.0, 50.0, 5.0)
    context = evidence_media(_assessment(ev), AuditArchive(warc), "f").context(ev)
    assert context is not None and context.match == SENTENCE


def test_no_box_without_a_measured_position(warc: Path) -> None:
    ev = Evidence(url=CHAT, snippet="Ask us", locator="h1")
    shot = evidence_media(_assessment(ev), AuditArchive(warc), "f").shot(ev)
    assert shot is not None and shot.box is None


def test_the_sentence_is_marked_within_its_paragraph(warc: Path) -> None:
    archive = AuditArchive(warc)
    text = archive.text(PRIVACY)
    assert text is not None
    snippet = "We comply with COPPA for children under 13."
    start = text.index(snippet)
    ev = Evidence(url=PRIVACY, snippet=snippet, locator=f"text[{start}:{start + len(snippet)}]")
    context = paragraph_context(text, ev)
    assert context is not None
    assert (context.before, context.match, context.after) == (
        "We keep data safe. ", snippet, " Parents can delete it.")
    # offsets that no longer agree: found by the words; hidden text: never shown as a
    # visible paragraph
    moved = ev.model_copy(update={"locator": "text[0:5]"})
    assert paragraph_context(text, moved) == context
    assert paragraph_context(text, ev.model_copy(update={"locator": "hidden[x][0:5]"})) is None
    media = evidence_media(_assessment(ev), archive, "f")
    assert media.shot(ev) is None and media.context(ev) == context


def test_long_paragraphs_are_clipped_around_the_sentence() -> None:
    text = "a" * 2000 + " The sentence. " + "b" * 2000
    ev = Evidence(url=PRIVACY, snippet="The sentence.", locator="x")
    context = paragraph_context(text, ev)
    assert context is not None and context.before.startswith("…")
    assert context.after.endswith("…") and len(context.before) < 400


def test_only_png_screenshots_are_handed_on(warc: Path, tmp_path: Path) -> None:
    archive = AuditArchive(warc)
    page = archive.page(CHAT)
    assert page is not None and archive.screenshot(page.warc_record_id) is None  # a DOM
    assert archive.screenshot(None, url=PRIVACY) is None
    assert png_size(b"GIF89a" + b"\0" * 30) is None


def test_an_unchanged_page_is_read_from_the_earlier_archive(warc: Path, tmp_path: Path) -> None:
    first = AuditArchive(warc)
    record = first.page(PRIVACY)
    assert record is not None
    later = tmp_path / "b.warc.gz"
    archive = WarcArchive(later, info={"audit-id": "b"})
    archive.index(SiteSnapshot(org_id="tutor", started_at=T, pages=[
        Page(url=PRIVACY, final_url=PRIVACY, fetched_at=T, status=304,
             outcome="not_modified", warc_record_id=record.warc_record_id)]))  # type: ignore[arg-type]
    archive.close()
    assert AuditArchive(later).text(PRIVACY) is None
    assert AuditArchive(later, [warc]).text(PRIVACY) == first.text(PRIVACY)


def test_an_unchanged_chat_page_shows_the_earlier_screenshot(warc: Path, tmp_path: Path
                                                             ) -> None:
    chat = AuditArchive(warc).page(CHAT)
    assert chat is not None
    later = tmp_path / "b.warc.gz"
    archive = WarcArchive(later, info={"audit-id": "b"})
    archive.index(SiteSnapshot(org_id="tutor", started_at=T, pages=[
        Page(url=CHAT, final_url=CHAT, fetched_at=T, status=304, is_product=True,
             outcome="not_modified", warc_record_id=chat.warc_record_id)]))  # type: ignore[arg-type]
    archive.close()
    shot = AuditArchive(later, [warc]).screenshot(None, url=CHAT)
    assert shot is not None and shot.earlier and shot.width == 1280
    ev = Evidence(url=CHAT, snippet=SENTENCE, locator="text[7:55]")
    media = evidence_media(_assessment(ev), AuditArchive(later, [warc]), "f")
    found = media.shot(ev)
    assert found is not None and "earlier audit" in found.note


@pytest.mark.parametrize(("reason", "short"), [
    ("None of the 4 pages fetched from https://a.example/ (https://a.example/, "
     "https://a.example/privacy, https://a.example/terms, https://a.example/app) describes "
     "age assurance (an age gate, age check or parental consent flow).",
     "None of the 4 pages fetched from https://a.example/ describes age assurance (an age "
     "gate, age check or parental consent flow)."),
    ("the attestation signed by Max on 2025-01-10 was valid until 2025-12-31",
     "The attestation signed by Max on 2025-01-10 was valid until 2025-12-31."),
    ("First sentence here. Second sentence there.", "First sentence here."),
    ("The notice at https://a.example/, https://a.example/b and https://a.example/c lacks "
     "2 of 8 elements.", "The notice at 3 pages lacks 2 of 8 elements."),
    ("safeguards.moderation failed: None of the pages shows it.", "safeguards.moderation "
     "failed: None of the pages shows it."),
])
def test_brief_keeps_one_sentence_without_url_lists(reason: str, short: str) -> None:
    said = brief(reason)
    assert said.short == short
    assert said.full == reason.strip()


def test_brief_of_a_rating_reason() -> None:
    said = brief("non_compliant: age_verification missing: attested as not implemented, and "
                 "not observed: None of the 4 pages fetched from https://a.example/ "
                 "(https://a.example/, https://a.example/b) describes age assurance.",
                 nested=True, names={"age_verification": "Age verification"})
    assert said.level == "non_compliant"
    assert said.short == "Age verification missing: attested as not implemented, and not observed."
    assert said.urls == ["https://a.example/", "https://a.example/b"] and said.more
    assert len(brief("x " * 400).short) <= 200
