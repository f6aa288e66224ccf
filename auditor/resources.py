"""Where bundled data lives, in a source checkout and in an installed wheel alike.

The wheel carries ``templates/`` and ``schedules/`` under ``auditor/_data/``; a
checkout (or editable install) has them at the top of the tree.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    return _bundled("templates")


def schedules_dir() -> Path:
    return _bundled("schedules")


def demo_dir() -> Path:
    """Bundled demo organization sites and sample feed (inside the package)."""
    return _PACKAGE / "demo" / "sites"
