"""eu.ai_act_art50 and ca.sb243_disclosure: who they apply to, and advisory before their dates."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.models import Status
from checks import load_checks, run_checks
from tests.checks import sitekit as kit

NOVA = "https://novafriends.example"


def _findings(org, pages, as_of, settings):  # type: ignore[no-untyped-def]
    found = run_checks(kit.site(*pages, org_id=org.id), org, settings, as_of)
    return {f.check_id: f for f in found}


def test_art50_applies_to_eu_members_and_is_advisory_before_august_2026(settings) -> None:  # type: ignore[no-untyped-def]
    pages = [kit.page("kids_home.html", "/"),
             kit.page("chat_marketing.html", "/chat", is_product=True)]
    us = _findings(kit.org(), pages, datetime(2026, 9, 1, tzinfo=UTC), settings)
    assert us["eu.ai_act_art50"].status is Status.NOT_APPLICABLE
    de = kit.org(jurisdictions=["US", "DE"])
    early = _findings(de, pages, datetime(2026, 8, 1, 23, 59, tzinfo=UTC), settings)
    assert early["eu.ai_act_art50"].status is Status.FAIL
    assert early["eu.ai_act_art50"].advisory
    assert not early["ai.disclosure_present"].advisory
    late = _findings(de, pages, datetime(2026, 8, 2, tzinfo=UTC), settings)
    assert not late["eu.ai_act_art50"].advisory


def test_sb243_needs_california_and_a_companion(settings) -> None:  # type: ignore[no-untyped-def]
    companion = kit.org(id="novafriends", url=NOVA + "/", product_urls=[NOVA + "/nova"],
                        audience="teens", jurisdictions=["US"], product_kind="companion")
    pages = [kit.page("companion_undisclosed.html", "/nova", base=NOVA, is_product=True)]
    as_of = datetime(2025, 12, 31, tzinfo=UTC)
    found = _findings(companion, pages, as_of, settings)
    assert found["ca.sb243_disclosure"].status is Status.FAIL  # US covers US-CA
    assert found["ca.sb243_disclosure"].advisory
    tutor = companion.model_copy(update={"product_kind": "tutor"})
    assert _findings(tutor, pages, as_of, settings)[
        "ca.sb243_disclosure"].status is Status.NOT_APPLICABLE
    ny = companion.model_copy(update={"jurisdictions": ["US-NY"]})
    assert _findings(ny, pages, as_of, settings)[
        "ca.sb243_disclosure"].status is Status.NOT_APPLICABLE


def test_strict_placement_for_the_laws() -> None:
    from checks import ai_disclosure_present
    from checks._disclosure import STRICT_PLACEMENT, Outcome

    assert STRICT_PLACEMENT[Outcome.ELSEWHERE] is Status.FAIL
    assert set(STRICT_PLACEMENT) == set(Outcome)
    # the provider's own rule is softer: a disclosure elsewhere is for a person to judge
    assert ai_disclosure_present.STATUSES[Outcome.ELSEWHERE] is Status.NEEDS_REVIEW
    assert {s.id for s in load_checks()} >= {"eu.ai_act_art50", "ca.sb243_disclosure"}
