"""`auditor inspect --explain` and rule ids on evidence: why a page got its labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

from auditor.cli import run
from auditor.parse.files import read_document
from checks.signals import _lexicon, analyze, explain_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
RULE = re.compile(r"^([a-z_]+)\.([a-z_]+)\[(\*|en|es|fr|de|pt)#(\d+)\]$")


def _by_name(path: Path) -> dict[str, object]:
    return {e.name: e for e in explain_page(read_document(path))}


def test_every_text_evidence_names_the_lexicon_entry_that_fired() -> None:
    for page in ("children_privacy.html", "privacy_disclaimer.html", "chat_disclosed.html"):
        doc = read_document(PAGES / page)
        for signal in analyze(doc):
            for ev in signal.evidence:
                if ev.rule in (None, "structure"):
                    continue
                m = RULE.match(ev.rule)
                assert m, ev.rule
                section, role, code, index = m.groups()
                regex = _lexicon.entries(code, section, role)[int(index)]
                assert re.search(regex, ev.snippet, re.IGNORECASE), (ev.rule, ev.snippet)


def test_a_disclaimer_page_explains_why_it_is_no_notice() -> None:
    ex = _by_name(PAGES / "privacy_disclaimer.html")
    notice, disclaimer = ex["coppa_notice"], ex["children_disclaimer"]
    assert not notice.value and notice.candidates  # type: ignore[attr-defined]
    assert any("dropped by disclaimer." in c.why for c in notice.candidates)  # type: ignore[attr-defined]
    assert disclaimer.value and disclaimer.counted  # type: ignore[attr-defined]
    assert all(any(RULE.match(r) for r in c.rules) for c in disclaimer.counted)  # type: ignore[attr-defined]


def test_a_notice_page_lists_the_sentences_that_counted() -> None:
    ex = _by_name(PAGES / "children_privacy.html")
    notice = ex["coppa_notice"]
    assert notice.value  # type: ignore[attr-defined]
    assert any(r.startswith("coppa.") for c in notice.counted for r in c.rules)  # type: ignore[attr-defined]


def test_inspect_explain_in_the_terminal_and_json_keeps_the_fixed_shape(capsys) -> None:  # type: ignore[no-untyped-def]
    page = str(PAGES / "privacy_disclaimer.html")
    assert run(["inspect", page, "--explain"]) == 0
    out = capsys.readouterr().out
    assert "closest candidates" in out and "disclaimer.exclusion[en#" in out
    assert run(["inspect", page, "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert set(plain) == {"url", "language", "signals", "evidence"}
    assert run(["inspect", page, "--json", "--explain"]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in explained.items() if k != "explain"} == plain
    assert explained["explain"]["children_disclaimer"]["counted"]
