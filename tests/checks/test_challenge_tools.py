"""The reworded challenge set (checks.challenge): what a passage must hold, that its
source is a development document, and that scoring decides the focal signal only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import challenge


def _root(tmp_path: Path) -> Path:
    rows = []
    for split, company in (("dev", "acme"), ("test", "globex")):
        doc = tmp_path / "documents" / split / company / "terms.md"
        doc.parent.mkdir(parents=True)
        doc.write_text("Terms.", encoding="utf-8")
        rows.append(json.dumps({
            "id": f"{company}/terms", "file": f"documents/{split}/{company}/terms.md",
            "split": split, "language": "en", "doc_type": "terms", "company": company,
            "source_repo": "o/r", "source_path": "x.md", "source_commit": "0" * 40}))
    (tmp_path / "manifest.jsonl").write_text("\n".join(rows) + "\n")
    (tmp_path / "challenge").mkdir()
    return tmp_path


def _row(**fields: object) -> dict[str, object]:
    return {"id": "m-001", "signal": "content_moderation", "expected": True,
            "kind": "reworded", "source": "acme/terms", "language": "en", "why": "w",
            "text": "## Rules\n\nOur team reviews flagged posts and deletes those that "
                    "break these rules.", **fields}


def _write(root: Path, *rows: dict[str, object]) -> None:
    (root / "challenge" / "set.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_scoring_counts_the_focal_signal_of_each_kind(tmp_path: Path) -> None:
    root = _root(tmp_path)
    _write(root, _row(),
           _row(id="m-002", expected=False, kind="near_miss",
                text="## Your posts\n\nYou can delete your own posts from your profile."),
           _row(id="c-001", signal="coppa_notice", expected=False, kind="near_miss",
                text="## Age\n\nThe service is not meant for children under 13, and we do "
                     "not knowingly gather personal data from them."))
    passages = challenge.load_passages(root=root)
    report = challenge.score(passages, challenge.predict(passages))
    assert report["passages"] == 3
    moderation = report["signals"]["content_moderation"]
    assert moderation["reworded"] == {"passages": 1, "right": 1, "wrong": []}
    assert moderation["near_miss"] == {"passages": 1, "right": 1, "wrong": []}
    assert report["signals"]["coppa_notice"]["near_miss"]["right"] == 1


def test_a_wrong_decision_is_named(tmp_path: Path) -> None:
    root = _root(tmp_path)
    _write(root, _row(text="## About\n\nWe sell garden furniture."))
    passages = challenge.load_passages(root=root)
    report = challenge.score(passages, challenge.predict(passages))
    assert report["signals"]["content_moderation"]["reworded"]["wrong"] == ["m-001"]
    assert "m-001" in challenge.render(report, verbose=True)


@pytest.mark.parametrize(("fields", "message"), [
    ({"source": "globex/terms"}, "not a development document"),
    ({"signal": "coppa"}, "unknown signal"),
    ({"kind": "near_miss"}, "expected true"),
    ({"language": "it"}, "language must be"),
    ({"text": "  "}, "empty text"),
    ({"extra": 1}, "fields must be exactly"),
])
def test_a_malformed_passage_stops_loading_with_its_line(
        tmp_path: Path, fields: dict[str, object], message: str) -> None:
    root = _root(tmp_path)
    _write(root, _row(id="m-000"), _row(**fields))
    with pytest.raises(challenge.ChallengeError, match=f"set.jsonl:2: .*{message}"):
        challenge.load_passages(root=root)


def test_the_committed_challenge_set_covers_every_signal_both_ways() -> None:
    passages = challenge.load_passages()
    cells = {(p.signal, p.kind) for p in passages}
    assert cells == {(s, k) for s in challenge.BOOL_SIGNALS for k in challenge.KINDS}
