"""A site written in a language the detectors do not read is handed to a person
(`needs_review`), never failed for what the detectors could not read; an English site
without the evidence still fails. Fixtures: an invented Italian children's service."""

from __future__ import annotations

from auditor.models import Page, Status
from checks import coppa_notice_complete, coppa_notice_prominent, coppa_notice_published
from checks import safeguards_age_assurance as age_check
from tests.checks import sitekit as kit

IT = "https://fiababot.example"


def _italian_site() -> list[Page]:
    return [kit.page("it_home.html", "/", base=IT),
            kit.page("it_privacy_children.html", "/privacy/minori", base=IT)]


def _org():  # type: ignore[no-untyped-def]
    return kit.org(id="fiababot", url=f"{IT}/", product_urls=[f"{IT}/chat"])


def test_the_pages_are_known_to_be_italian() -> None:
    assert {p.text_language for p in _italian_site()} == {"it"}
    assert not any(s.value for p in _italian_site() for s in p.signals
                   if s.name in ("coppa_notice", "children_disclaimer"))


def test_an_italian_childrens_notice_is_reviewed_not_failed() -> None:
    org = _org()
    finding = coppa_notice_published.run(kit.site(*_italian_site(), org_id=org.id), org)[0]
    assert finding.status is Status.NEEDS_REVIEW
    assert "Italian" in finding.reason and "a person reads them" in finding.reason
    assert {ev.url for ev in finding.evidence} == {f"{IT}/", f"{IT}/privacy/minori"}
    assert all(ev.note == "written in Italian; not read by the detectors"
               and ev.sha256 and ev.warc_record_id for ev in finding.evidence)


def test_every_absence_check_hands_the_italian_site_to_a_person() -> None:
    org = _org()
    snapshot = kit.site(*_italian_site(), org_id=org.id)
    findings = [*coppa_notice_complete.run(snapshot, org), *age_check.run(snapshot, org)]
    assert len(findings) == 2 and {f.status for f in findings} == {Status.NEEDS_REVIEW}
    # the footer's "Privacy dei minori" is a link text the checks do read
    assert coppa_notice_prominent.run(snapshot, org)[0].status is Status.PASS


def test_an_english_home_page_beside_an_italian_policy_is_still_reviewed() -> None:
    org = _org()
    pages = [kit.page("home_generic_privacy.html", "/", base=IT),
             kit.page("it_privacy_children.html", "/privacy/minori", base=IT)]
    finding = coppa_notice_published.run(kit.site(*pages, org_id=org.id), org)[0]
    assert finding.status is Status.NEEDS_REVIEW
    assert [ev.url for ev in finding.evidence] == [f"{IT}/privacy/minori"]


def test_an_english_site_with_one_italian_page_still_fails() -> None:
    org = kit.org()
    pages = [kit.page("kids_home.html", "/"), kit.page("about.html", "/about"),
             kit.page("home_generic_privacy.html", "/privacy"),
             kit.page("it_privacy_children.html", "/it/privacy")]
    finding = coppa_notice_published.run(kit.site(*pages), org)[0]
    assert finding.status is Status.FAIL


def test_pages_analysed_before_this_version_are_judged_as_before() -> None:
    org = _org()
    pages = [p.model_copy(update={"text_language": None}) for p in _italian_site()]
    finding = coppa_notice_published.run(kit.site(*pages, org_id=org.id), org)[0]
    assert finding.status is Status.FAIL
