"""The contract other stages rely on: one Signal per name, evidence shape, speed."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from auditor.models import SIGNAL_NAMES, Page
from auditor.parse.htmldoc import parse
from checks.signals import _lexicon, analyze

PAGE = """<html lang="en"><head><title>Kids</title></head><body>
<h1>Children's Privacy</h1><p>We collect a first name from children with verifiable
parental consent. Parents can review or delete their child's information.</p>
<p>You are chatting with an AI tutor, not a person.</p>
<form><label for="b">Date of birth</label><input id="b" name="dob"></form>
<button>Report</button><p>Our moderators review every post.</p>
<h2>Tips for parents</h2><p>Talk with your child about what they share online.</p>
</body></html>"""


def test_one_signal_per_name_in_order() -> None:
    out = analyze(parse(PAGE, "https://kids.test/"))
    assert [s.name for s in out] == list(SIGNAL_NAMES)
    assert all(s.value for s in out if s.name not in ("ai_mention_only", "children_disclaimer"))


def test_evidence_uses_page_final_url() -> None:
    page = Page(url="https://kids.test/", final_url="https://www.kids.test/home",
                fetched_at=datetime(2025, 1, 1, tzinfo=UTC))
    for sig in analyze(parse(PAGE, "https://kids.test/"), page):
        for ev in sig.evidence:
            assert ev.url == "https://www.kids.test/home"
            assert ev.snippet and len(ev.snippet) <= 300
            assert ev.locator


def test_true_signals_carry_evidence() -> None:
    for sig in analyze(parse(PAGE, "https://kids.test/")):
        assert not sig.value or sig.evidence, sig.name


def test_elements_sorted_and_known() -> None:
    sig = next(s for s in analyze(parse(PAGE, "https://kids.test/")) if s.name == "coppa_elements")
    assert sig.elements == sorted(sig.elements)
    assert sig.value is bool(sig.elements)


def test_empty_and_garbage_pages() -> None:
    for html in ("", "<html>", "\x00\x01 not html at all", "<p>" * 500):
        out = analyze(parse(html, "https://x.test/"))
        assert len(out) == len(SIGNAL_NAMES)


def test_long_snippet_is_windowed_not_invented() -> None:
    filler = "This sentence talks about nothing in particular and keeps going " * 8
    html = f"<p>{filler} we review and remove content that violates our rules {filler}</p>"
    doc = parse(html, "https://x.test/")
    sig = next(s for s in analyze(doc) if s.name == "content_moderation")
    assert sig.value
    snippet = sig.evidence[0].snippet
    assert len(snippet) <= 300 and snippet in doc.text and "remove content" in snippet


def test_every_lexicon_compiles() -> None:
    _lexicon.check_all()
    assert {"en", "es", "fr", "de", "pt"} <= set(_lexicon.languages())


def test_fast_enough_on_a_64k_page() -> None:
    """Mostly general prose with one children's section: the crawler's common case."""
    general = ("<p>Our company builds tools for teams. Pricing is simple and you can "
               "cancel any time. Read the blog for product news and updates.</p>") * 30
    html = "<html><body>" + PAGE.split("<body>")[1].split("</body>")[0]
    while len(html) < 64 * 1024:
        html += f"<section><h2>Section</h2>{general}<a href='/x'>More</a></section>"
    doc = parse(html + "</body></html>", "https://x.test/")
    analyze(doc)  # warm the lexicon cache
    start = time.perf_counter()
    for _ in range(3):
        analyze(doc)
    per_page = (time.perf_counter() - start) / 3
    # a guard against catastrophic regressions on a shared CI core (typical: ~15 ms)
    assert per_page < 1.0, f"{per_page * 1000:.1f} ms per 64 KB page"
