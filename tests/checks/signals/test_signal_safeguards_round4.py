"""Round 4 of the safeguard detectors (issue 14): rules drawn from how ordinary
websites' policies speak to families, pinned with sentences written for these tests."""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ minors_education


def test_parents_urged_to_teach_their_children_is_guidance(signals: Any) -> None:
    """An exhortation whose act is teaching or talking to the child is guidance."""
    for verb in ("teach their kids about", "talk with their children about",
                 "instruct their children never to reveal"):
        page = f"<p>We encourage all parents to {verb} the details they post online.</p>"
        assert signals(page)["minors_education"].value is True, verb


def test_parents_urged_only_to_watch_stays_vague(signals: Any) -> None:
    """Monitoring or taking part names no concrete advice: still not guidance."""
    page = ("<p>We encourage parents to monitor their children's online activity.</p>"
            "<p>We urge guardians to participate in what their kids do online.</p>")
    assert signals(page)["minors_education"].value is False


def test_children_told_to_ask_a_parent_before_sharing_online(signals: Any) -> None:
    page = ("<p>Kids should always ask a parent for permission before giving "
            "their home address or school name to anyone on the internet.</p>")
    assert signals(page)["minors_education"].value is True


def test_a_rule_about_contacting_the_operator_is_no_advice(signals: Any) -> None:
    """Permission asked before writing to this service is an eligibility rule."""
    page = ("<p>Children should get permission from a parent before submitting any "
            "details to our help desk.</p>")
    assert signals(page)["minors_education"].value is False


def test_reading_safety_material_together(signals: Any) -> None:
    page = "<p>Sit with your child and read the online safety tips together.</p>"
    assert signals(page)["minors_education"].value is True
    page = "<p>Sit with your child and read the story together.</p>"
    assert signals(page)["minors_education"].value is False


# ---------------------------------------------------------------- content_moderation


def test_live_or_human_moderation_named_as_a_measure(signals: Any) -> None:
    page = "<p>Our chat rooms are protected by word filters and live moderation.</p>"
    assert signals(page)["content_moderation"].value is True


def test_people_banned_for_what_they_post(signals: Any) -> None:
    page = "<p>Players who post abusive messages on the board can be banned.</p>"
    assert signals(page)["content_moderation"].value is True
    page = "<p>Players who post often can be banned from the leaderboard for cheating.</p>"
    assert signals(page)["content_moderation"].value is False


def test_screening_on_the_operators_whim_is_a_reservation(signals: Any) -> None:
    """'If we decide to screen' describes no practice: without a stated reason it is a
    reserved right, and on a page that disclaims a duty to monitor it never counts."""
    page = ("<p>If we decide to review submissions, posting may be delayed.</p>"
            "<p>We have no obligation to monitor the forums.</p>")
    assert signals(page)["content_moderation"].value is False
    page = "<p>We review submissions before they appear, so posting may be delayed.</p>"
    assert signals(page)["content_moderation"].value is True


# --------------------------------------------------------------- reporting_mechanism


def test_report_sentence_ending_in_a_colon_names_where(signals: Any) -> None:
    """'Report ... to:' introduces the address on the following lines."""
    page = ("<p>Please report spam or abusive behaviour to:</p>"
            "<p>The Club Office, 4 Harbour Road, Exampletown</p>")
    assert signals(page)["reporting_mechanism"].value is True
    bare = "<p>Members may report spam or abusive behaviour.</p>"
    assert signals(bare)["reporting_mechanism"].value is False


# -------------------------------------------------------------------- age_assurance


def test_birth_date_asked_in_a_survey_is_no_check(signals: Any) -> None:
    page = ("<p>When you answer a reader survey we may ask you to provide your date of "
            "birth, gender and favourite topics.</p>")
    assert signals(page)["age_assurance"].value is False
    page = ("<p>When you sign up we ask you to provide your date of birth, gender and "
            "favourite topics.</p>")
    assert signals(page)["age_assurance"].value is True


def test_age_stated_by_the_person_at_registration(signals: Any) -> None:
    page = ("<p>Signing up starts when the visitor selects his or her age "
            "on the first screen.</p>")
    assert signals(page)["age_assurance"].value is True


def test_a_sentence_cut_by_a_line_break_keeps_its_channel(signals: Any) -> None:
    """'report abusive players' / 'by writing to our support team.' is one sentence."""
    cut = "<p>Please report abusive players<br>by writing to our support team.</p>"
    assert signals(cut)["reporting_mechanism"].value is True
    two = ("<p>Please report abusive players</p>"
           "<p>Our support team answers within a day.</p>")
    assert signals(two)["reporting_mechanism"].value is False


def test_teaching_exhortation_in_other_languages(signals: Any) -> None:
    cases = {
        "fr": "<p>Nous encourageons les parents à expliquer à leurs enfants les risques "
              "du partage de photos en ligne.</p>",
        "es": "<p>Animamos a los padres a enseñar a sus hijos a proteger sus datos "
              "en internet.</p>",
        "pt": "<p>Incentivamos os pais a ensinar aos seus filhos como proteger os dados "
              "na internet.</p>",
        "de": "<p>Wir ermutigen die Eltern, ihren Kindern die Risiken im Netz zu "
              "erklären.</p>",
    }
    for lang, page in cases.items():
        assert signals(page, lang=lang)["minors_education"].value is True, lang
    watch = "<p>Animamos a los padres a supervisar la actividad de sus hijos.</p>"
    assert signals(watch, lang="es")["minors_education"].value is False
