"""Round 12, learnt from the eleventh collection's development part (English documents
of children's and ed-tech services, AI products, communities and ordinary websites,
scored before anyone tuned on them). Mostly wordings that contracts share across
companies: an age written "eighteen (18)", a right kept "but do not assume the
obligation", use "by anyone under 13 is strictly prohibited", the bar before its
condition ("may not use ... if you are not of legal age"), minors let in through a
parent's account or "involvement and acceptance". Each rule sits beside a sentence it
must not catch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal
from checks.signals._page import _sentences

Run = Callable[..., dict[str, Signal]]


def _has(signals: Run, signal: str, text: str) -> bool:
    return bool(signals(text)[signal].value)


def _page(*sentences: str) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


CAUGHT = [
    # (signal, caught, left alone)
    ("children_disclaimer",
     "Any use or access to the Service by anyone under 13 is strictly prohibited.",
     "Any use or access to the Service by anyone outside the United States is strictly "
     "prohibited."),
    ("children_disclaimer",
     "By downloading an application you represent and warrant that you are eighteen (18) "
     "years of age or older.",
     "By downloading an application you represent and warrant that you have read these "
     "terms."),
    ("children_disclaimer",
     "You may not use the Services if you are not of legal age to form a binding contract "
     "with us.",
     "You may not use the Services if you are not able to pay the fees."),
    ("children_disclaimer",
     "The Services are provided only to individuals who are at least 13 years of age, and "
     "even then, only to minors who have obtained parental consent.",
     "The Services are provided to individuals of every age, and minors need parental "
     "consent."),
    ("content_moderation",
     "Spamming, harassment and doxxing are all activities that will warrant account "
     "moderation.",
     "Spamming, harassment and doxxing are all activities that will warrant a reply."),
    ("reporting_mechanism",
     "Make sure to include as much information as possible in the report, including links "
     "to the posts.",
     "Make sure to include as much information as possible in the application, including "
     "links to your work."),
    ("age_assurance",
     "We may use the parent’s email address to seek the parent’s consent.",
     "We may use the parent’s email address to send the parent a receipt."),
    ("ai_disclosure", "Interactive chat functionality with AI characters.",
     "Interactive chat functionality with other members."),
    ("ai_disclosure", "To customize your AI companion experience, we store your preferences.",
     "To customize your photo album experience, we store your preferences."),
    ("ai_disclosure", "AI-generated content is for reference and entertainment purposes only.",
     "AI-generated content must be labelled as such when you post it."),
    ("children_disclaimer",
     "You shall not create an account with the Site (an “Account”), or access the Service if "
     "you are under the age of 13;",
     "You shall not create an account with the Site (an “Account”), or access the Service if "
     "you are located in an embargoed country;"),
    ("content_moderation",
     "FAS staff periodically reviews content to determine whether it violates the Terms of "
     "Use.",
     "FAS staff periodically reviews the camp schedule to determine whether it suits the "
     "families."),
]


@pytest.mark.parametrize(("signal", "caught", "alone"), CAUGHT)
def test_round12_rule_and_its_near_miss(signals: Run, signal: str, caught: str,
                                        alone: str) -> None:
    assert _has(signals, signal, f"<p>{caught}</p>"), caught
    assert not _has(signals, signal, f"<p>{alone}</p>"), alone


@pytest.mark.parametrize("route", [
    "Individuals under the age of 18 may use the service only as an authorized user under "
    "a parent or legal guardian’s account.",
    "Individuals under the age of 18 may use the service only with the involvement and "
    "acceptance of (these terms by) a parent or legal guardian.",
    "If you allow your child to access your account, you are responsible for what they do.",
])
def test_a_parents_account_or_involvement_is_a_way_in(signals: Run, route: str) -> None:
    floor = "You must be at least 18 years of age to open an account."
    assert not _has(signals, "children_disclaimer", _page(floor, route))
    assert _has(signals, "children_disclaimer",
                _page(floor, "Individuals under the age of 18 may not use the service."))


@pytest.mark.parametrize("kept", [
    "We reserve the right, but do not assume the obligation, to remove any content that "
    "violates these Terms.",
    "We reserve the right, though we are under no obligation, to remove any content that "
    "violates these Terms.",
])
def test_a_right_kept_with_its_duty_disowned_is_bare(signals: Run, kept: str) -> None:
    assert not _has(signals, "content_moderation", _page(kept))
    assert _has(signals, "content_moderation", _page(
        "We reserve the right to remove any content that violates these Terms."))


def test_a_duty_disowned_with_an_aside_leaves_reserved_rights_bare(signals: Run) -> None:
    right = "However, we reserve the right to delete any material that is abusive."
    assert not _has(signals, "content_moderation", _page(
        "We have no obligation to, and do not and cannot, review every item posted.", right))
    assert _has(signals, "content_moderation", _page(
        "We have read every item posted.", right))


def test_a_lack_of_age_verification_is_no_age_check(signals: Run) -> None:
    assert not _has(signals, "age_assurance", _page(
        "Due to lack of age verification, pornographic content is not permitted."))
    assert _has(signals, "age_assurance", _page(
        "Due to our age verification, only adults can see this content."))


def test_the_law_cited_before_the_operator_named_as_subject_is_a_claim(signals: Run) -> None:
    claim = ("Consistent with the Federal Children's Online Privacy Protection Act of 1998 "
             "(COPPA), Science Made Simple, Inc. will never knowingly request or collect "
             "personally identifiable information from anyone under the age of 13 without "
             "requesting parental consent.")
    assert _has(signals, "coppa_notice", _page(claim))
    assert not _has(signals, "coppa_notice", _page(
        "Consistent with the Federal Children's Online Privacy Protection Act of 1998 "
        "(COPPA), Science Made Simple, Inc. will never knowingly request or collect "
        "personally identifiable information from anyone under the age of 13."))


def test_answering_a_child_only_once_a_parent_agrees_is_a_consent_practice(
        signals: Run) -> None:
    asks = ("Youth under the age of 13 are required to provide the email address of a "
            "parent or guardian when writing to us.")
    assert _has(signals, "coppa_notice", _page(
        asks, "We will not respond to youth members under the age of 13 without parental "
        "consent."))
    assert not _has(signals, "coppa_notice", _page(
        asks, "We will not respond to youth members under the age of 13 on weekends."))


@pytest.mark.parametrize(("text", "sentences"), [
    ("Acme, Inc. will never sell your data. We keep it safe.", 2),
    ("We keep it safe. we never sell it.", 1),
    ("We keep it safe. We never sell it.", 2),
    ("The website is fully COPPA-compliant.Google uses its own cookies.", 2),
    ("Made in the U.S.A.Then shipped.", 1),
])
def test_a_full_stop_before_a_small_letter_ends_no_sentence(text: str, sentences: int) -> None:
    assert len(_sentences(text)) == sentences, [s[2] for s in _sentences(text)]


@pytest.mark.parametrize(("lang", "bar", "age", "other"), [
    ("en", "You may not use our site:", "If you are under 18.",
     "If you are located in an embargoed country."),
    ("de", "Sie dürfen unsere Website nicht nutzen, wenn:", "Sie jünger als 16 sind.",
     "Sie in einem gesperrten Land wohnen."),
    ("es", "No puedes usar el servicio si:", "Eres menor de 14 años.",
     "Resides en un país sancionado."),
    ("fr", "Vous ne pouvez pas utiliser le service si :", "Vous avez moins de 15 ans.",
     "Vous résidez dans un pays sous embargo."),
    ("pt", "Você não pode usar o serviço se:", "For menor de 13 anos.",
     "Residir em um país sob embargo."),
])
def test_a_bar_that_opens_a_list_and_an_age_item_make_a_minimum_age(
        signals: Run, lang: str, bar: str, age: str, other: str) -> None:
    def page(item: str) -> str:
        return f"<p>{bar}</p><ul><li>{item}</li><li>{other}</li></ul>"
    assert signals(page(age), lang=lang)["children_disclaimer"].value, age
    assert not signals(page(other), lang=lang)["children_disclaimer"].value


def test_a_list_bar_with_a_way_in_for_younger_children_is_an_age_rule(signals: Run) -> None:
    page = ("<p>You may not use our site:</p><ul><li>If you are under 13.</li></ul>"
            "<p>Children under 13 may use the site only with the consent of a parent.</p>")
    assert not signals(page)["children_disclaimer"].value


_FILLER = "".join(f"<h2>Topic {i}</h2><p>Our offices are open on weekdays. We answer "
                  f"letters within a week. Our newsletter comes out monthly.</p>"
                  for i in range(6))
_NOTICE = ("<h1>Privacy policy</h1><p>This policy says how we handle data.</p>"
           "<h2>Cookies</h2><p>We use cookies to keep you signed in.</p>" + _FILLER
           + "<h2>Children's privacy</h2><p>We comply with the Children's Online Privacy "
           "Protection Act. We collect a child's first name only after a parent gives "
           "verifiable consent, and a parent may review or delete it at any time.</p>"
           + _FILLER)


@pytest.mark.parametrize(("stated", "required"), [
    ("Where a student is under 13, we obtain consent from the school or district on behalf "
     "of the parents.",
     "Where a student is under 13, we require the consent of the parents."),
    ("We obtain a signed release from parent/guardians before a child's photo is posted.",
     "We obtain a release before a child's photo is posted."),
])
def test_a_schools_consent_for_parents_or_a_signed_release_is_a_consent_mechanism(
        signals: Run, stated: str, required: str) -> None:
    def elements(sentence: str) -> list[str]:
        page = _NOTICE.replace("at any time.</p>", f"at any time. {sentence}</p>")
        return signals(page)["coppa_elements"].elements
    assert "consent_mechanism" in elements(stated)
    assert "consent_mechanism" not in elements(required)


@pytest.mark.parametrize(("element", "stated", "general"), [
    ("use_of_info",
     "We consider Student Data to be confidential and do not use such data for any purpose "
     "other than to provide the services on the School's behalf.",
     "We consider account data to be confidential and do not use such data for any purpose "
     "other than to provide the services on your behalf."),
    ("disclosure_practices",
     "Reading Horizons does not facilitate the sharing of any Student Data with third "
     "parties.",
     "Reading Horizons does not facilitate the sharing of any account data with third "
     "parties."),
])
def test_student_data_outside_the_notice_is_the_childrens(
        signals: Run, element: str, stated: str, general: str) -> None:
    def elements(sentence: str) -> list[str]:
        return signals(f"{_NOTICE}<h2>Schools</h2><p>{sentence}</p>")["coppa_elements"].elements
    assert element in elements(stated)
    assert element not in elements(general)
