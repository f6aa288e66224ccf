"""Requirement checks: one module per requirement, plus page-level signals.

Public entry points (importing them loads no check until first use, so
``checks.signals`` stays importable on its own):

- :func:`run_checks` - every enabled, applicable check over one snapshot;
- :func:`load_checks` - the validated checks (``CheckSpec``: metadata and run);
- :func:`frameworks` - the requirement -> checks mappings of ``checks/frameworks/``.
"""

from __future__ import annotations

from checks.framework import Framework, Requirement, frameworks
from checks.registry import CheckSpec, load_checks, run_checks

__all__ = ["CheckSpec", "Framework", "Requirement", "frameworks", "load_checks", "run_checks"]
