"""Lexicon gates kept on disk (checks.signals._gatecache): a process that reads them
gets exactly the gates a process that computes them gets, and a broken or unwritable
cache costs time, never a result. Each case runs in its own process, since gates are
read once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_DUMP = """
import json, sys
from checks.signals import _lexicon
out = {}
for langs in (("en",), ("fr", "en")):
    _lexicon.gate_keys(langs)
    for code in ("*", *langs):
        for section, table in _lexicon._raw().get(code, {}).items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                for frag in _lexicon.fragments(section, role, langs):
                    out[frag.rule + "|" + frag.rx.pattern] = [frag.gate, frag.digits, frag.sure]
json.dump(out, sys.stdout, sort_keys=True)
"""


def _gates(cache: str) -> dict[str, object]:
    env = {**os.environ, "AUDITOR_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-c", _DUMP], env=env, capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_stored_gates_are_the_computed_ones(tmp_path: Path) -> None:
    computed = _gates("off")
    assert len(computed) > 500
    first = _gates(str(tmp_path))  # computes, then stores
    stored = list(tmp_path.glob("lexicon-gates-*.json"))
    assert len(stored) == 1
    assert len(json.loads(stored[0].read_text())["entries"]) > 500
    second = _gates(str(tmp_path))  # reads them back
    assert first == computed
    assert second == computed


def test_a_corrupt_cache_is_read_again_and_replaced(tmp_path: Path) -> None:
    computed = _gates("off")
    _gates(str(tmp_path))
    [stored] = tmp_path.glob("lexicon-gates-*.json")
    stored.write_text('{"entries": {"\\\\bparent": [[[["x"]]], [0]]', encoding="utf-8")
    assert _gates(str(tmp_path)) == computed
    assert len(json.loads(stored.read_text())["entries"]) > 500


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    assert _gates(str(blocker / "auditor")) == _gates("off")


def test_other_code_versions_files_go_after_a_week(tmp_path: Path) -> None:
    stale, recent = tmp_path / "lexicon-gates-0000000000000000.json", \
        tmp_path / "lexicon-gates-1111111111111111.json"
    for old in (stale, recent):
        old.write_text('{"entries": {}}')
    os.utime(stale, (0, 0))
    _gates(str(tmp_path))
    assert not stale.exists()
    assert recent.exists()
    assert len(list(tmp_path.glob("lexicon-gates-*.json"))) == 2
