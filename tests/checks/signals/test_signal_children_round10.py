"""Round 10 of the children's rules, learnt from half A of wild batches 4 and 5.

Stock disclaimers said with an aside ("we do not, however, knowingly ..."), a second
verb ("does not aim its site at or knowingly collect ...") or "address" as the verb; a
parental consent that is no way in (found unverified after the fact, promised only if
the practices change, a rule on the data "unless sent with consent"); a reader under
the age told to ask a parent (a way in); ages that are durations or a job's or card's;
a listicle's title that is content, not the service; a service for those who may act
without a parent, and consent sought only "where necessary", let no child in. For the
notice: children told to always ask a parent, a parent's leave to visit the site,
consent "where legally required", and an operator named by its brand taking steps to
get a parent's consent.
For age checks: a collection disowned, signed consent forms with no parent, proof of
age for a ticket, "he or she" as the one who tells an age, and birth dates taken to
verify ages. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _notice(signals: Run, html: str, lang: str = "en") -> bool:
    return bool(signals(html, lang=lang)["coppa_notice"].value)


def _disclaimer(signals: Run, html: str, lang: str = "en") -> bool:
    return bool(signals(html, lang=lang)["children_disclaimer"].value)


def _age(signals: Run, html: str, lang: str = "en") -> bool:
    return bool(signals(html, lang=lang)["age_assurance"].value)


# --- children_disclaimer --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We do not, however, knowingly gather details from kids under 13.",
    "Our shop will not, under any circumstances, knowingly collect data from children "
    "under 13.",
])
def test_an_aside_inside_the_knowing_denial(signals: Run, text: str) -> None:
    assert _disclaimer(signals, f"<p>{text}</p>"), text


def test_an_aside_with_a_way_in_is_still_an_age_rule(signals: Run) -> None:
    assert not _disclaimer(signals, "<p>We do not, in general, knowingly collect data from "
                                    "kids under 13 unless a parent registers the account.</p>")


@pytest.mark.parametrize("text", [
    "The company does not aim its website at or knowingly gather information from "
    "children under 13.",
    "We do not market to or knowingly collect data from kids under 13.",
])
def test_knowingly_as_the_second_verb_of_one_denial(signals: Run, text: str) -> None:
    assert _disclaimer(signals, f"<p>{text}</p>"), text


def test_a_second_verb_with_no_child_is_no_exclusion(signals: Run) -> None:
    assert not _disclaimer(signals, "<p>We do not sell to or knowingly buy from companies "
                                    "on sanctions lists since 2018.</p>")


@pytest.mark.parametrize("text", [
    "Our app does not address anyone under the age of 13.",
    "The site does not address children; please leave if you are one.",
])
def test_address_as_the_verb_of_the_exclusion(signals: Run, text: str) -> None:
    assert _disclaimer(signals, f"<p>{text}</p>"), text


def test_a_notice_that_does_not_address_others_practices_is_no_exclusion(signals: Run) -> None:
    assert not _disclaimer(signals, "<p>This notice does not address the practices of "
                                    "other sites, such as those run by schools for pupils "
                                    "under 13.</p>")


_BAR = "This site is not meant for use by anyone under 13."


@pytest.mark.parametrize("after", [
    "We erase any details taken from kids under 13 without verification of parental "
    "consent.",
    "Data received from a child under 13 without any confirmation of a parent's consent "
    "is removed.",
])
def test_consent_found_unverified_is_no_way_in(signals: Run, after: str) -> None:
    assert _disclaimer(signals, f"<h2>Kids</h2><p>{_BAR} {after}</p>"), after


@pytest.mark.parametrize("after", [
    "If we change our practices, we will first ask for a parent's consent before "
    "gathering any data from kids under 13.",
    "Should our policy change, we will obtain parental consent before collecting "
    "details from children under 13.",
])
def test_consent_promised_if_practices_change_is_no_way_in(signals: Run, after: str) -> None:
    assert _disclaimer(signals, f"<h2>Kids</h2><p>{_BAR} {after}</p>"), after


def test_a_present_way_in_still_lifts_the_bar(signals: Run) -> None:
    assert not _disclaimer(signals, f"<h2>Kids</h2><p>{_BAR} Kids under 13 may use the site "
                                    "with verification of parental consent.</p>")


_UNLESS = "We do not knowingly collect data from anyone under 16 unless it is sent with " \
          "verifiable parental consent."


@pytest.mark.parametrize("bar", [
    "The website is not intended for anyone under 16.",
    "You must be at least 16 years old to use the portal.",
])
def test_consent_for_the_data_told_with_unless_lifts_no_bar(signals: Run, bar: str) -> None:
    assert _disclaimer(signals, f"<h2>Kids</h2><p>{_UNLESS} {bar}</p>"), bar


def test_the_unless_rule_alone_is_no_disclaimer(signals: Run) -> None:
    assert not _disclaimer(signals, f"<h2>Kids</h2><p>{_UNLESS}</p>")


_KNOWING = "We do not knowingly collect personal data from kids under 13."


@pytest.mark.parametrize("route", [
    "If you are under 13, you must ask your parent or guardian for permission to use "
    "this site.",
    "If you are younger than 13, you have to ask a parent or guardian for their "
    "permission before you use the app.",
])
def test_the_reader_under_the_age_sent_to_a_parent_has_a_way_in(signals: Run,
                                                                  route: str) -> None:
    assert not _disclaimer(signals, f"<p>{_KNOWING} {route}</p>"), route


def test_a_duty_for_those_above_the_floor_is_no_way_in(signals: Run) -> None:
    assert _disclaimer(signals, f"<p>{_KNOWING} If you are a minor aged 16 or older, you "
                                "must have your parent's consent to open an account.</p>")


@pytest.mark.parametrize("text", [
    "The discs will last at least 20 years.",
    "These tapes are guaranteed at least 20 years.",
    "You must be at least 18 years of age to apply.",
    "Applicants must be 18 or older to apply for a store credit card.",
])
def test_durations_and_ages_to_apply_are_no_age_floor(signals: Run, text: str) -> None:
    assert not _disclaimer(signals, f"<p>{text}</p>"), text


def test_an_age_to_use_the_site_is_still_a_floor(signals: Run) -> None:
    assert _disclaimer(signals, "<p>You must be at least 18 years of age to use the site.</p>")


@pytest.mark.parametrize("title", ["12 Rainy Day Games for Kids", "7 Best Apps for Children"])
def test_a_listicle_title_makes_no_childrens_service(signals: Run, title: str) -> None:
    page = f"<p>{title}</p><h2>Children's information</h2><p>The website does not " \
           "knowingly collect any personal data from kids under 16.</p>"
    assert _disclaimer(signals, page), title


def test_a_service_for_kids_still_is_one(signals: Run) -> None:
    page = "<p>Fun Quiz is an app for kids.</p><h2>Children's information</h2><p>We do " \
           "not knowingly collect personal data from kids under 13.</p>"
    assert not _disclaimer(signals, page)


@pytest.mark.parametrize("text", [
    "We do not knowingly collect data from anyone under 13. The site is meant for people "
    "allowed to share their details without parental consent.",
    "We do not knowingly gather personal information from kids under 13; our pages are "
    "for visitors old enough to sign up without a parent's approval.",
])
def test_a_service_for_those_who_need_no_parent_opens_no_way_in(signals: Run,
                                                               text: str) -> None:
    assert _disclaimer(signals, f"<p>{text}</p>"), text


@pytest.mark.parametrize("after", [
    "Where necessary, we will require parental consent to process the personal data of "
    "children.",
    "When appropriate, we obtain parental consent before processing a minor's data.",
])
def test_consent_only_where_necessary_lifts_no_bar(signals: Run, after: str) -> None:
    assert _disclaimer(signals, f"<h2>Kids</h2><p>{_BAR} {after}</p>"), after


def test_consent_that_lets_children_join_still_lifts_the_bar(signals: Run) -> None:
    assert not _disclaimer(signals, f"<h2>Kids</h2><p>{_BAR} Children under 13 may join "
                                    "only with their parent's consent.</p>")


# --- coppa_notice ---------------------------------------------------------------------

_NOTICE = "<h2>Children</h2><p>With a parent's verifiable consent, we collect a child's " \
          "first name. Parents may review or delete their child's information at any time.</p>"


def test_children_told_to_always_ask_a_parent_is_advice(signals: Run) -> None:
    for text in (
            "Always ask your parent or guardian for permission before you give out your "
            "name online.",
            "Always remember to ask a parent for permission before you enter a contest."):
        page = f"<h2>Kids' corner</h2><p>{text} {text}</p>"
        assert not _notice(signals, page), text
    assert _notice(signals, _NOTICE)


@pytest.mark.parametrize("text", [
    "We ask that teens between 13 and 18 get their parent's permission before visiting "
    "our website.",
    "Young people should obtain a guardian's consent prior to browsing the site.",
])
def test_a_parents_leave_to_visit_the_site_is_an_age_rule(signals: Run, text: str) -> None:
    page = f"<h2>Children</h2><p>{text} If you believe a child gave us data, contact us.</p>"
    assert not _notice(signals, page), text


@pytest.mark.parametrize("text", [
    "Member data gathered through the platform, including the data of its invited guests "
    "and their staff, has to follow digital consent rules, with parental consent where "
    "legally required.",
    "Records uploaded by member clubs about their players and volunteers must include "
    "parental consent if the applicable law so requires.",
])
def test_consent_only_where_the_law_requires_is_no_notice(signals: Run, text: str) -> None:
    assert not _notice(signals, f"<h2>Digital and parental consent</h2><p>{text}</p>"), text


@pytest.mark.parametrize("text", [
    "Where needed, Acme Books will take reasonable steps to obtain verifiable parental "
    "consent to a child's submission of personal information.",
    "The Company shall use reasonable efforts to secure a parent's consent before a "
    "child's personal information is collected.",
])
def test_the_operator_by_name_taking_steps_to_get_consent(signals: Run, text: str) -> None:
    assert _notice(signals, f"<h2>Notice to parents</h2><p>{text}</p>"), text


def test_steps_that_get_no_consent_are_no_notice(signals: Run) -> None:
    assert not _notice(signals, "<h2>Notice to parents</h2><p>Acme will take reasonable "
                                "steps to keep its store safe for parents and children.</p>")


# --- age_assurance --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Acme does not intend to collect information from visitors who identify themselves "
    "as under 18.",
    "We do not plan to gather data from users who state that they are under 13.",
])
def test_a_collection_disowned_is_no_check(signals: Run, text: str) -> None:
    assert not _age(signals, f"<p>{text}</p>"), text


def test_users_who_say_they_are_under_13_blocked_still_is(signals: Run) -> None:
    assert _age(signals, "<p>Users who indicate they are under 13 are blocked from "
                         "registering.</p>")


@pytest.mark.parametrize("text", [
    "Records we keep: treatment notes, signed consent forms, x-rays.",
    "We store signed consent forms for each procedure.",
])
def test_signed_consent_forms_with_no_parent_are_records(signals: Run, text: str) -> None:
    assert not _age(signals, f"<p>{text}</p>"), text


def test_a_signed_parental_consent_form_is_a_check(signals: Run) -> None:
    assert _age(signals, "<p>Before the child's account opens, a parent returns a signed "
                         "parental consent form.</p>")


@pytest.mark.parametrize("text", [
    "Junior season passes require proof of age, such as a birth certificate, when they "
    "are activated.",
    "Proof of age may be requested for child tickets at the gate.",
])
def test_proof_of_age_for_a_ticket_is_its_price(signals: Run, text: str) -> None:
    assert not _age(signals, f"<p>{text}</p>"), text


def test_proof_of_age_for_alcohol_is_a_check(signals: Run) -> None:
    assert _age(signals, "<p>We may ask for proof of age before we deliver wine.</p>")


@pytest.mark.parametrize("text", [
    "When the person who signs up indicates that he or she is under 13, we ask for a "
    "parent's e-mail address.",
    "A visitor who states that she or he is under 16 is sent to a parental consent page.",
])
def test_he_or_she_telling_an_age_is_screened(signals: Run, text: str) -> None:
    assert _age(signals, f"<p>{text}</p>"), text


def test_he_or_she_telling_something_else_is_not(signals: Run) -> None:
    assert not _age(signals, "<p>If a child says that he or she is bored, we suggest a new "
                             "game.</p>")


@pytest.mark.parametrize("text", [
    "Some schools record pupils' dates of birth to verify their ages.",
    "We ask members for birth dates to confirm the age of each player.",
])
def test_birth_dates_taken_to_verify_ages(signals: Run, text: str) -> None:
    assert _age(signals, f"<p>{text}</p>"), text


def test_birth_dates_for_coupons_are_not(signals: Run) -> None:
    assert not _age(signals, "<p>We collect birth dates to send birthday coupons.</p>")


# --- the same wordings in French, Spanish, German and Portuguese ----------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Nous ne collectons toutefois pas sciemment de données d'enfants de moins de "
           "13 ans."),
    ("es", "No recopilamos, sin embargo, a sabiendas datos de menores de 13 años."),
    ("de", "Wir erheben jedoch nicht wissentlich Daten von Kindern unter 13 Jahren."),
    ("pt", "Não coletamos, contudo, intencionalmente informações pessoais de crianças "
           "menores de 13 anos através do nosso serviço."),
    ("es", "Nuestro servicio no se dirige a menores de 13 años."),
    ("de", "Unser Dienst richtet sich nicht an Kinder unter 13 Jahren."),
    ("pt", "O nosso serviço não se dirige a menores de 13 anos."),
])
def test_the_exclusions_in_other_languages(signals: Run, lang: str, text: str) -> None:
    assert _disclaimer(signals, f"<p>{text}</p>", lang), text


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Nous demandons la date de naissance pour vérifier l'âge de chaque membre."),
    ("es", "Pedimos la fecha de nacimiento para verificar la edad de cada socio."),
    ("de", "Wir fragen das Geburtsdatum ab, um das Alter zu überprüfen."),
    ("pt", "Quando você se cadastra, pedimos a data de nascimento para verificar a idade "
           "de cada usuário, e não são aceitas exceções."),
])
def test_birth_dates_to_verify_ages_in_other_languages(signals: Run, lang: str,
                                                        text: str) -> None:
    assert _age(signals, f"<p>{text}</p>", lang), text


@pytest.mark.parametrize(("lang", "html"), [
    ("fr", "<h2>Enfants</h2><p>Ce site n'est pas destiné aux enfants de moins de 13 ans. Si "
           "nécessaire, nous demanderons le consentement parental pour traiter les données "
           "des enfants.</p>"),
    ("es", "<h2>Menores</h2><p>Este sitio no está dirigido a menores de 13 años. Cuando sea "
           "necesario, solicitaremos el consentimiento de los padres para tratar los datos "
           "de los menores.</p>"),
])
def test_consent_only_where_necessary_in_other_languages(signals: Run, lang: str,
                                                         html: str) -> None:
    assert _disclaimer(signals, html, lang)
