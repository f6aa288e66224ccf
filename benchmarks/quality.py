"""Detector quality: ``python benchmarks/quality.py --help``.

The scoring code lives in :mod:`checks.scoring` so tests import it like any module.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from checks.scoring import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
