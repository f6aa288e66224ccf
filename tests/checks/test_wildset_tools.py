"""The wild check set (checks.wildset): what an item must hold, that no held-out or
corpus company gets in, and that scoring decides the focal signal of the whole file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from checks import challenge, wildset

_NOTICE = ("https://example.org/privacy\n\nChildren\n\nOur homework club is meant for "
           "children under 13. Before a child can join we ask a parent for verifiable "
           "consent by email, and we collect only the child's first name and grade. "
           "Parents may review or delete their child's information at any time by "
           "writing to privacy@example.org.\n")
_DISCLAIMER = ("https://example.org/privacy\n\nChildren\n\nThis website is not directed to "
               "children under 13 and we do not knowingly collect personal information "
               "from them.\n")


def _dev_company(prefix: str) -> str:
    return next(f"{prefix}{n}" for n in range(1000)
                if not wildset.held_out_company(f"{prefix}{n}"))


def _root(tmp_path: Path) -> Path:
    """A corpus with one development document (company 'acme'), and an empty wild set."""
    doc = tmp_path / "documents" / "dev" / "acme" / "terms.md"
    doc.parent.mkdir(parents=True)
    doc.write_text("Terms.", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "id": "acme/terms", "file": "documents/dev/acme/terms.md", "split": "dev",
        "language": "en", "doc_type": "terms", "company": "acme", "source_repo": "o/r",
        "source_path": "x.md", "source_commit": "0" * 40}) + "\n")
    (tmp_path / "wild" / "documents").mkdir(parents=True)
    return tmp_path


def _row(root: Path, company: str, text: str, **fields: object) -> dict[str, object]:
    path = root / "wild" / "documents" / f"{company}.txt"
    path.write_text(text, encoding="utf-8")
    row: dict[str, object] = {
        "id": company, "signal": "coppa_notice", "expected": True,
        "file": f"documents/{company}.txt", "source_repo": "o/r",
        "source_path": f"p/{company}.txt", "source_commit": "0" * 40,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "quote": "we ask a parent for verifiable consent by email", "selected": "keyword",
        "labels": {"w1": True, "w2": True}, "batch": 1}
    row.update(fields)
    return row


def _write(root: Path, *rows: dict[str, object]) -> None:
    (root / "wild" / "items.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_scoring_reads_the_whole_file_and_scores_its_focal_signal(tmp_path: Path) -> None:
    root = _root(tmp_path)
    notice, disclaimer = _dev_company("kidsclub"), _dev_company("shop")
    _write(root, _row(root, notice, _NOTICE),
           _row(root, disclaimer, _DISCLAIMER, expected=False, quote=""),
           _row(root, disclaimer, _DISCLAIMER, signal="children_disclaimer",
                quote="not directed to children under 13"))
    items = wildset.load_items(root=root)
    report = wildset.score(items, wildset.predict(items))
    assert report["passages"] == 3
    assert report["signals"]["coppa_notice"]["present"] == {
        "passages": 1, "right": 1, "wrong": []}
    assert report["signals"]["coppa_notice"]["absent"] == {
        "passages": 1, "right": 1, "wrong": []}
    assert report["signals"]["children_disclaimer"]["present"]["right"] == 1


def test_a_wrong_decision_names_the_company(tmp_path: Path) -> None:
    root = _root(tmp_path)
    company = _dev_company("garden")
    _write(root, _row(root, company, _DISCLAIMER, quote="not directed to children"))
    items = wildset.load_items(root=root)
    report = wildset.score(items, wildset.predict(items))
    assert report["signals"]["coppa_notice"]["present"]["wrong"] == [company]
    assert company in challenge.render(report, True, wildset.KINDS)


def _held_out_company() -> str:
    return next(f"x{n}" for n in range(1000) if wildset.held_out_company(f"x{n}"))


@pytest.mark.parametrize(("fields", "message"), [
    ({"id": "acme"}, "held out or already in the corpus"),
    ({"id": "HELD"}, "held out or already in the corpus"),
    ({"signal": "coppa"}, "unknown signal"),
    ({"expected": "yes"}, "expected must be"),
    ({"batch": 0}, "batch must be"),
    ({"quote": "we sell chairs"}, "verbatim quote"),
    ({"sha256": "0" * 64}, "does not match its sha256"),
    ({"file": "documents/none.txt"}, "does not exist"),
    ({"extra": 1}, "fields must be exactly"),
])
def test_a_malformed_item_stops_loading_with_its_line(
        tmp_path: Path, fields: dict[str, object], message: str) -> None:
    root = _root(tmp_path)
    if fields.get("id") == "HELD":
        fields = {**fields, "id": _held_out_company()}
    good = _row(root, _dev_company("a"), _NOTICE)
    bad = _row(root, _dev_company("b"), _NOTICE)
    bad.update(fields)
    _write(root, good, bad)
    with pytest.raises(wildset.WildSetError, match=f"items.jsonl:2: .*{message}"):
        wildset.load_items(root=root)


def test_the_same_item_twice_is_refused(tmp_path: Path) -> None:
    root = _root(tmp_path)
    row = _row(root, _dev_company("c"), _NOTICE)
    _write(root, row, row)
    with pytest.raises(wildset.WildSetError, match="duplicate item"):
        wildset.load_items(root=root)


def test_the_committed_set_loads_and_holds_both_answers() -> None:
    items = wildset.load_items()
    assert {i.kind for i in items} == set(wildset.KINDS)
    assert len({i.signal for i in items}) >= 6
