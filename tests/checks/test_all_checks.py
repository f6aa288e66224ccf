"""One test walks every check: metadata, naming, frameworks, and a passing and a failing site.

Adding a check without a row in CASES fails here, as Prowler's metadata tests do.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.models import CheckMeta, Status
from checks import frameworks, load_checks
from checks.registry import module_name, run_one
from tests.checks import sitekit as kit

AFTER_ALL_DATES = datetime(2026, 9, 1, tzinfo=UTC)

Site = Callable[[], list[Any]]
EU = {"jurisdictions": ["US", "EU"]}
CA_COMPANION = {"id": "novafriends", "url": "https://novafriends.example/",
                "product_urls": ["https://novafriends.example/nova"],
                "contact_email": "legal@novafriends.example", "audience": "teens",
                "jurisdictions": ["US-CA"], "product_kind": "companion"}
NOVA = "https://novafriends.example"


def _home(fixture: str = "kids_home.html") -> Any:
    return kit.page(fixture, "/")


def _chat(fixture: str) -> Any:
    return kit.page(fixture, "/chat", is_product=True)


# check id -> (org changes, passing site, failing site)
CASES: dict[str, tuple[dict[str, Any], Site, Site]] = {
    "coppa.notice_published": (
        {},
        kit.kids_site,
        lambda: [_home(), kit.page("privacy_disclaimer.html", "/privacy")],
    ),
    "coppa.notice_complete": (
        {},
        kit.kids_site,
        lambda: [_home(), kit.page("children_privacy_partial.html", "/privacy/children")],
    ),
    "coppa.notice_prominent": (
        {},
        kit.kids_site,
        lambda: [_home("home_nolinks.html"),
                 kit.page("children_privacy.html", "/privacy/children")],
    ),
    "ai.disclosure_present": (
        {},
        kit.kids_site,
        lambda: [_home(), _chat("chat_marketing.html")],
    ),
    "eu.ai_act_art50": (
        EU,
        kit.kids_site,
        lambda: [_home(), _chat("chat_marketing.html"), kit.page("faq_ai.html", "/help/faq")],
    ),
    "ca.sb243_disclosure": (
        CA_COMPANION,
        lambda: [kit.page("companion_disclosed.html", "/nova", base=NOVA, is_product=True)],
        lambda: [kit.page("companion_undisclosed.html", "/nova", base=NOVA, is_product=True)],
    ),
    "safeguards.age_assurance": (
        {},
        lambda: [_home(), kit.page("signup_age_gate.html", "/signup")],
        lambda: [_home("home_nolinks.html"), kit.page("about.html", "/about")],
    ),
    "safeguards.moderation": (
        {},
        kit.kids_site,
        lambda: [_home("home_nolinks.html"), kit.page("about.html", "/about")],
    ),
    "safeguards.reporting": (
        {},
        kit.kids_site,
        lambda: [_home("home_nolinks.html"), kit.page("about.html", "/about")],
    ),
    "safeguards.education": (
        {"audience": "teens"},
        kit.kids_site,
        lambda: [_home("home_nolinks.html"), kit.page("about.html", "/about")],
    ),
}

SPECS = {spec.id: spec for spec in load_checks()}


@pytest.mark.parametrize("check_id", sorted(SPECS))
def test_check(check_id: str) -> None:
    spec = SPECS[check_id]
    meta = spec.meta
    # metadata: valid, self-describing, id <-> module mechanically
    assert CheckMeta.model_validate(meta.model_dump()) == meta
    assert spec.module == f"checks.{module_name(check_id)}"
    assert importlib.import_module(spec.module).META.id == check_id
    assert meta.remediation.strip() and meta.title.strip() and meta.policy_section.strip()
    assert meta.safeguard is not None
    # every framework requirement names existing checks, and this check serves one
    serving = [r for fw in frameworks().values() for r in fw.requirements
               if check_id in r.checks]
    assert serving, f"{check_id} serves no framework requirement"
    assert all(c in SPECS for fw in frameworks().values() for c in fw.check_ids)
    # one passing and one failing site
    assert check_id in CASES, f"add a passing and a failing site for {check_id}"
    changes, passing, failing = CASES[check_id]
    org = kit.org(**changes)
    good = run_one(spec, kit.site(*passing(), org_id=org.id), org, AFTER_ALL_DATES)
    assert [f.status for f in good] == [Status.PASS] * len(good), [f.reason for f in good]
    bad = run_one(spec, kit.site(*failing(), org_id=org.id), org, AFTER_ALL_DATES)
    assert Status.FAIL in {f.status for f in bad}, [f.reason for f in bad]
    for finding in good + bad:
        assert finding.check_id == check_id and not finding.advisory
        assert finding.evidence and all(ev.url.startswith("https://") for ev in finding.evidence)
        assert all(ev.sha256 and ev.warc_record_id for ev in finding.evidence)
        assert "https://" in finding.reason
        assert finding.remediation == meta.remediation
        assert finding.safeguard is meta.safeguard
