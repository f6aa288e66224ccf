"""Round 5 of the moderation detector (issue 14): the ordinary ways terms say the operator
removes, refuses or checks content for breaking its rules, and the reserved rights that
stay bare (kept "for any reason", or "but not the obligation")."""

from __future__ import annotations

from typing import Any

import pytest


def moderated(signals: Any, *paragraphs: str, lang: str = "en") -> bool:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return bool(signals(body, lang=lang)["content_moderation"].value)


# --------------------------------------------------------------------------- bare rights


def test_a_right_kept_for_any_reason_names_no_reason(signals: Any) -> None:
    assert not moderated(signals, "We may take down any post at any time and for any reason.")
    assert moderated(signals, "We may take down any post that breaks these Terms.")
    # the example it names is a reason (second reading, 2026-12-08; see round 15)
    assert moderated(signals, "We may take down any post at any time and for any reason, "
                              "including when we think it breaks these Terms.")


def test_a_right_without_the_obligation_is_bare_in_its_sentence(signals: Any) -> None:
    assert not moderated(signals, "Acme has the right, but not the obligation, to remove "
                                  "comments that are offensive.")
    assert moderated(signals, "Acme has the right to remove comments that are offensive.")


def test_a_duty_to_monitor_disclaimed_with_a_comma_still_disclaims(signals: Any) -> None:
    assert not moderated(signals,
                         "We reserve the right, but have no obligation, to monitor the forums.",
                         "We reserve the right to delete posts that violate these Terms.")


# --------------------------------------------------------------------------- removal + reason


def test_removal_and_its_reason_count_however_far_apart(signals: Any) -> None:
    assert moderated(signals, "After a notice from another member and a look at the thread, "
                              "we may delete any review from the site whenever, in our view, "
                              "it does not follow our guidelines.")


def test_content_taken_down_by_pronoun(signals: Any) -> None:
    assert moderated(signals, "Where a post breaks our house rules, we take it down.")


def test_a_rule_the_content_fails_is_a_reason(signals: Any) -> None:
    assert moderated(signals, "Reviews that do not meet our guidelines may be rejected.")
    assert moderated(signals, "Photos with profanity in the caption are hidden from the feed.")


@pytest.mark.parametrize("text", [
    "You can remove your reviews from the site whenever you like.",
    "You must not post comments that are offensive or unlawful.",
    "We delete your contact information if you ask us to and the law allows it.",
    "If you tell us your data was processed unlawfully, we will delete it.",
])
def test_removal_without_the_operator_judging_content_is_not_moderation(
        signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_information_removed_because_it_is_unlawful(signals: Any) -> None:
    assert moderated(signals, "The platform may delete information from the site after a "
                              "notice if that information is unlawful.")


# ------------------------------------------------------------------ checks before publication


def test_content_held_for_review_or_approval(signals: Any) -> None:
    assert moderated(signals, "Every listing is subject to review by our staff before it "
                              "appears.")
    assert moderated(signals, "Younger players can only chat with pre-approved phrases.")
    assert not moderated(signals, "Do not suggest that your posts are approved by the company.")


def test_a_named_operator_checking_content_against_its_rules(signals: Any) -> None:
    assert moderated(signals, "Acme checks each advert against its advertising rules.")


def test_the_review_machinery_named(signals: Any) -> None:
    assert moderated(signals, "Ads must not try to get around our enforcement systems.")


def test_kept_from_spreading_unlawful_content(signals: Any) -> None:
    assert moderated(signals, "Once told about it, we prevent members from spreading "
                              "unlawful content.")


# --------------------------------------------------------------------------- French


def test_french_right_not_to_publish_a_review_against_the_rules(signals: Any) -> None:
    assert moderated(signals, "Le site se réserve le droit de ne pas publier un avis qui "
                              "contrevient aux présentes conditions.",
                     "Les avis sont publiés dans un délai de deux jours.", lang="fr")


def test_french_user_duty_not_to_publish_is_not_moderation(signals: Any) -> None:
    assert not moderated(signals, "Le membre s'engage à ne pas publier de contenus injurieux "
                                  "ou diffamatoires sur le site.",
                         "Il est seul responsable de ce qu'il publie.", lang="fr")


def test_french_operator_reading_published_content(signals: Any) -> None:
    assert moderated(signals, "Pour vérifier le respect des présentes conditions, la société "
                              "peut prendre connaissance des contenus publiés sur le site.",
                     lang="fr")


def test_french_removal_for_breaking_the_rules(signals: Any) -> None:
    assert moderated(signals, "Tout commentaire ne respectant pas les règles du forum sera "
                              "supprimé sans préavis par l'équipe du site.", lang="fr")


# ------------------------------------------------------------ children's and chat services


@pytest.mark.parametrize("text", [
    "Conversations with the tutor are monitored for safety.",
    "Chat rooms are supervised by trained staff.",
    "Staff monitor the chat rooms every evening.",
    "Every post can be seen by moderators, who remove anything abusive.",
    "We actively moderate the app.",
    "Messages with swear words are blocked before they are sent.",
    "The assistant is built to refuse harmful or explicit requests.",
    "Breaking the house rules can lead to removal of your posts.",
    "Offending comments will be deleted.",
])
def test_ordinary_ways_a_kids_or_chat_service_moderates(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Parents can supervise what their children watch.",
    "Your chats with our support agents are stored for a year.",
])
def test_supervision_by_parents_and_stored_chats_are_not_moderation(
        signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_french_conversations_watched_and_rude_messages_blocked(signals: Any) -> None:
    rules = "Ces règles valent pour tous les membres du site et de l'application."
    assert moderated(signals, "Les conversations sont surveillées par notre équipe.", rules,
                     lang="fr")
    assert moderated(signals, "Les messages contenant des grossièretés sont bloqués.", rules,
                     lang="fr")


@pytest.mark.parametrize("text", [
    "Product feedback may be removed for failure to follow these guidelines.",
    "To enforce our community rules, we may hide comments from the public feed.",
    "Acme may investigate any reported violation of its policies.",
    "We employ moderators to keep the discussions civil.",
    "Our content policies are enforced by a team of reviewers.",
    "Uploaded files are scanned for unlawful content.",
    "The chat has a keyword filter that stops children sharing their address.",
    "Our team will review each report and take appropriate action.",
])
def test_reasons_and_reviews_said_in_other_words(signals: Any, text: str) -> None:
    assert moderated(signals, text)


def test_a_bug_report_reviewed_is_not_moderation(signals: Any) -> None:
    assert not moderated(signals, "Our team will review each bug report within a week.")


def test_german_posts_deleted_for_breaking_rules_and_team_checking(signals: Any) -> None:
    rules = "Diese Regeln gelten für alle Mitglieder des Forums und der App."
    assert moderated(signals, "Kommentare, die gegen unsere Regeln verstoßen, werden gelöscht.",
                     rules, lang="de")
    assert moderated(signals, "Unser Team prüft jede Anzeige vor der Veröffentlichung.", rules,
                     lang="de")
    assert not moderated(signals, "Sie können Ihre Kommentare jederzeit selbst löschen.", rules,
                         lang="de")


def test_portuguese_team_analysing_ads(signals: Any) -> None:
    rules = "Estas regras aplicam-se a todos os membros do fórum e do aplicativo."
    assert moderated(signals, "A nossa equipe analisa os anúncios antes da publicação.", rules,
                     lang="pt")


@pytest.mark.parametrize("text", [
    "We don't take down posts just because someone finds them offensive.",
    "Teens in some states can request removal of content they posted, even if it is lawful.",
    "Upon termination of your account for breach of these Terms, your posts will be deleted.",
    "You agree not to delete any legal notices and not to post unlawful content.",
    "You may edit your ad at any time unless the change is prohibited.",
    "Hiding a post from your own feed does not delete it, even if it is offensive.",
])
def test_removal_negated_asked_for_or_done_by_the_user_is_not_moderation(
        signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_removal_negated_unless_the_rules_are_broken_is_moderation(signals: Any) -> None:
    assert moderated(signals, "We will not delete reviews unless they break our guidelines.")
