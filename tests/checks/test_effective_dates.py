"""Effective dates are written twice, in a check's code (``CheckMeta.applies_from`` or a
dated part such as ``AMENDMENTS_APPLY``) and in the framework files; they must agree."""

from __future__ import annotations

import importlib
from datetime import date

from checks import load_checks
from checks.framework import frameworks
from checks.registry import module_name


def _code_dates(check_id: str) -> set[date]:
    """Every date a check's module declares: its meta's and its dated parts'."""
    module = importlib.import_module(f"checks.{module_name(check_id)}")
    found = {v for v in vars(module).values() if type(v) is date}
    return found | {spec.meta.applies_from for spec in load_checks()
                    if spec.meta.id == check_id and spec.meta.applies_from}


def test_every_dated_requirement_matches_a_date_in_its_checks() -> None:
    mismatches = []
    for framework in frameworks().values():
        for req in framework.requirements:
            if req.applies_from is None:
                continue
            for check_id in req.checks:
                if req.applies_from not in _code_dates(check_id):
                    mismatches.append((framework.id, req.id, check_id, req.applies_from))
    assert mismatches == []


def test_every_dated_check_is_dated_alike_in_some_framework() -> None:
    dated = {(req.applies_from, c) for fw in frameworks().values() for req in fw.requirements
             for c in req.checks if req.applies_from}
    missing = [(spec.meta.id, spec.meta.applies_from) for spec in load_checks()
               if spec.meta.applies_from and (spec.meta.applies_from, spec.meta.id) not in dated]
    assert missing == []


def test_a_wrong_date_would_be_seen() -> None:
    assert date(2030, 1, 1) not in _code_dates("eu.ai_act_art50")
    assert date(2026, 8, 2) in _code_dates("eu.ai_act_art50")
