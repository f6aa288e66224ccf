"""Lexicon gates kept on disk between processes.

Why: reading a gate out of each lexicon entry's regex (`_gates`) costs about a second
and a half of CPU for the English lexicon alone, in every process that runs the
detectors: each ``auditor inspect``, each fleet analysis worker, each Celery worker.
The gate of an entry depends only on its regex text and on the code that reads it, so
it is kept in a JSON file named for a digest of that code; any change of the code
names a new file, and an entry not in the file is simply read again. A cache that
cannot be read or written (a read-only home, a corrupt file) costs time, never a
result.

Where: ``$AUDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/auditor``, else
``~/.cache/auditor``. ``AUDITOR_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

_CODE = ("_gates.py", "_lexicon.py", "_gatecache.py")
"""The modules whose code decides what a gate is."""
_MAX_BYTES = 32 * 1024 * 1024

Entry = tuple[Any, tuple[int, int, bool], tuple[str, ...]]
"""(gate as nested lists of keys, digit need, sure keys), as stored."""


def directory() -> Path | None:
    """Where gate files live (None: caching is off)."""
    chosen = os.environ.get("AUDITOR_CACHE_DIR", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "auditor"


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    folder = files("checks").joinpath("signals")
    for name in _CODE:
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def path() -> Path | None:
    """The gate file for this code (None: caching is off)."""
    where = directory()
    return None if where is None else where / f"lexicon-gates-{_code_digest()}.json"


def load() -> dict[str, Entry]:
    """The stored gates by regex text (empty when there is no usable file)."""
    target = path()
    if target is None:
        return {}
    try:
        if target.stat().st_size > _MAX_BYTES:
            return {}
        data = json.loads(target.read_text(encoding="utf-8"))
        entries = data["entries"]
        return {str(regex): (gate, (int(d[0]), int(d[1]), bool(d[2])), tuple(map(str, sure)))
                for regex, (gate, d, sure) in entries.items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def save(entries: dict[str, Entry]) -> None:
    """Write `entries` whole, atomically (a reader sees the old file or the new one)."""
    target = path()
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".gates-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"entries": entries}, out, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(target)
    except OSError:
        return


def _prune(keep: Path) -> None:
    """Drop other code versions' files untouched for a week (another checkout may
    still be using a newer one)."""
    week_ago = time.time() - 7 * 86400
    for old in keep.parent.glob("lexicon-gates-*.json"):
        if old != keep and old.stat().st_mtime < week_ago:
            old.unlink(missing_ok=True)
