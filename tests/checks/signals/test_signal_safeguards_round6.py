"""Round 6 of the moderation and reporting detectors (issue 14): rules found on reworded
passages, each pinned beside a sentence it must not catch. Own wording throughout."""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ content_moderation


def test_removal_after_a_chain_of_verbs_with_a_reason(signals: Any) -> None:
    """"is caught and then deleted": a few verbs may stand before the participle."""
    page = ("<p>Prohibited images, such as violent scenes, are caught and then deleted "
            "by our systems.</p>")
    assert signals(page)["content_moderation"].value is True


def test_rule_breaking_items_held_back(signals: Any) -> None:
    page = "<p>Comments that do not follow the forum rules are held back.</p>"
    assert signals(page)["content_moderation"].value is True


def test_held_back_without_a_reason_is_no_moderation(signals: Any) -> None:
    page = "<p>Payments for orders placed on public holidays are held back.</p>"
    assert signals(page)["content_moderation"].value is False


def test_gerund_removal_of_rule_breaking_posts(signals: Any) -> None:
    """"finding posts that break the rules and deleting them": the pronoun is the post."""
    page = ("<p>Your data also helps us find comments that break our house rules, such as "
            "slurs, deleting them and warning their authors.</p>")
    assert signals(page)["content_moderation"].value is True


def test_the_readers_own_data_deleted_on_request_is_a_privacy_right(signals: Any) -> None:
    page = ("<p>If you tell us that your personal information in those files was handled "
            "in breach of the law, we may delete it after checking who you are.</p>")
    assert signals(page)["content_moderation"].value is False


def test_a_duty_disclaimed_by_nothing_requires_us(signals: Any) -> None:
    """"Nothing obliges us to look over what you write": the kept right stays bare."""
    page = ("<p>Nothing in this agreement obliges Penwick to look over what members write. "
            "We may, without taking on any duty, take down any post that breaks these "
            "terms, whenever we like.</p>")
    assert signals(page)["content_moderation"].value is False


def test_a_reason_given_removal_without_a_disclaimer_counts(signals: Any) -> None:
    page = "<p>We may take down any post that breaks these terms, whenever we like.</p>"
    assert signals(page)["content_moderation"].value is True


def test_staff_looking_through_posts_for_a_reason(signals: Any) -> None:
    """The operator's people look at what members post, and a reason says what for."""
    page = ("<p>Our volunteers go through new threads each evening and act on anything "
            "unsuitable they find.</p>")
    assert signals(page)["content_moderation"].value is True


def test_staff_looking_through_without_a_reason(signals: Any) -> None:
    page = "<p>Our editors go through new recipes each evening to pick a dish of the day.</p>"
    assert signals(page)["content_moderation"].value is False


def test_a_negated_look_is_no_inspection(signals: Any) -> None:
    """"we do not have the staff to check uploads" denies the practice it names."""
    page = ("<p>We do not have the staff to check every upload for offensive material "
            "by hand.</p>")
    assert signals(page)["content_moderation"].value is False


def test_moderators_taking_posts_down_need_no_reason(signals: Any) -> None:
    page = ("<p>Paid and volunteer moderators patrol the boards and take down any post "
            "they think goes too far.</p>")
    assert signals(page)["content_moderation"].value is True


def test_a_removal_by_the_author_is_not_moderation(signals: Any) -> None:
    page = "<p>You can take down any post you wrote from its menu at any time.</p>"
    assert signals(page)["content_moderation"].value is False


# ------------------------------------------------------------------ reporting_mechanism


def test_reporting_heading_completed_by_an_address_below(signals: Any) -> None:
    """A heading names the topic; an address in its section says how to report."""
    page = ("<h2>Reporting abuse</h2><p>Spotted something nasty? "
            "Send the details to care@pebblehub.test and include a link.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reporting_heading_with_no_way_to_reach_us(signals: Any) -> None:
    page = ("<h2>Reporting abuse</h2><p>Every report matters to our team, "
            "who read them all.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_an_address_in_another_section_does_not_complete_the_heading(signals: Any) -> None:
    page = ("<h2>Reporting abuse</h2><p>Every report matters to us.</p>"
            "<h2>Billing</h2><p>Invoices are sent from billing@pebblehub.test.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_passive_route_with_a_reason(signals: Any) -> None:
    page = ("<p>Threatening messages can be reported from the chat window, where a "
            "small menu sits beside each message.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_passive_route_without_a_reason_is_customer_service(signals: Any) -> None:
    page = "<p>Late parcels can be reported from the orders page of your account.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_reports_accepted_by_email_take_the_reason_of_the_heading(signals: Any) -> None:
    page = ("<h2>Harassment</h2><p>Complaints are handled by email at "
            "conduct@pebblehub.test within two days.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reader_who_sees_harm_is_sent_to_an_office(signals: Any) -> None:
    """A relative clause ("members who see ...") opens a found-and-sent sentence."""
    page = ("<p>Parents who notice threatening messages in the club forum should contact "
            "the front office by phone.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reader_who_sees_something_pleasant_is_no_report(signals: Any) -> None:
    page = ("<p>Parents who notice a forum post they enjoyed should contact the front "
            "office by phone.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_a_quoted_report_label_on_a_link(signals: Any) -> None:
    page = '<p>Each listing carries a "Flag this ad" link at the bottom of the page.</p>'
    assert signals(page)["reporting_mechanism"].value is True


def test_a_quoted_label_that_only_ends_in_report_is_no_control(signals: Any) -> None:
    page = '<p>Each invoice page carries a "Download tax report" link at the bottom.</p>'
    assert signals(page)["reporting_mechanism"].value is False


# ------------------------------------------------------------------ other languages


def test_inspection_with_a_reason_in_other_languages(signals: Any) -> None:
    pages = {
        "fr": "<p>Nos modérateurs relisent chaque commentaire publié et retirent ceux "
              "qui sont injurieux.</p>",
        "de": "<p>Bei einem Treffer prüfen Mitarbeitende unseres Teams den Beitrag und "
              "entscheiden, ob er gegen diese Regeln verstößt.</p>",
        "es": "<p>Nuestro equipo revisa a diario los comentarios y borra los que sean "
              "ofensivos.</p>",
        "pt": "<p>Nossa equipe analisa diariamente os comentários e remove os que forem "
              "ofensivos.</p>",
    }
    for lang, page in pages.items():
        assert signals(page, lang=lang)["content_moderation"].value is True, lang


def test_french_object_pronoun_is_no_inspector(signals: Any) -> None:
    """"les règles qui nous sont applicables, contrôler..." names no one who checks."""
    page = ("<p>Respecter les obligations qui nous sont applicables, contrôler le respect "
            "de nos conditions d'utilisation et défendre nos droits.</p>")
    assert signals(page, lang="fr")["content_moderation"].value is False


def test_quoted_report_control_in_other_languages(signals: Any) -> None:
    pages = {
        "fr": "<p>Sur chaque annonce, vous trouverez un lien « Signaler cette annonce » "
              "en bas de la page.</p>",
        "de": "<p>Auf jeder Seite gibt es die Schaltfläche „Beitrag melden“.</p>",
        "es": "<p>Cada ficha tiene el enlace «Denunciar ficha» al final.</p>",
        "pt": "<p>Em cada anúncio você encontra o botão «Denunciar anúncio» no rodapé "
              "da página.</p>",
    }
    for lang, page in pages.items():
        assert signals(page, lang=lang)["reporting_mechanism"].value is True, lang


# ------------------------------------------------------------------ pre-publication review


def test_posts_looked_at_before_they_appear(signals: Any) -> None:
    page = ("<p>Every drawing sent to the gallery is looked at by one of our team before "
            "other players can see it.</p>")
    assert signals(page)["content_moderation"].value is True


def test_live_only_after_a_moderator_checked(signals: Any) -> None:
    page = "<p>Replies go live only after a moderator has checked them.</p>"
    assert signals(page)["content_moderation"].value is True


def test_checked_before_shown_needs_content(signals: Any) -> None:
    page = "<p>Prices are checked each morning before they are shown in the shop.</p>"
    assert signals(page)["content_moderation"].value is False


def test_scanning_for_swearing(signals: Any) -> None:
    page = "<p>Software scans every chat line for swear words and blanks them out.</p>"
    assert signals(page)["content_moderation"].value is True


def test_the_legal_access_clause_is_no_inspection(signals: Any) -> None:
    """"we reserve the right to access, read and disclose information to enforce the
    terms" is the legal-process clause, not a look at members' content."""
    page = ("<p>We reserve the right to access, read, keep and disclose any information "
            "as we believe necessary to enforce these Terms.</p>")
    assert signals(page)["content_moderation"].value is False


def test_someone_who_comes_across_illegal_material_uses_the_form(signals: Any) -> None:
    page = ("<p>Anyone who comes across illegal material on the site can notify us "
            "through the online form.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_flagging_with_the_flag_beside_a_message(signals: Any) -> None:
    page = "<p>Abusive messages can be flagged using the small flag beside each one.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_flagging_a_favourite_is_no_report(signals: Any) -> None:
    page = "<p>Favourite recipes can be flagged using the small flag beside each one.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_a_mention_is_not_completed_by_the_next_sentences_address(signals: Any) -> None:
    """In running text the next sentence may be about anything: only a heading's
    section is completed by an address below it."""
    page = ("<p>Members may report inappropriate content. Our data protection officer "
            "can be reached at dpo@pebblehub.test.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_inspection_of_something_other_than_content(signals: Any) -> None:
    """Looking at server logs for illegal access is security, not moderation: an
    inspection needs members' content (or a pronoun for it) as its object."""
    page = "<p>Our team monitors server logs for illegal access attempts.</p>"
    assert signals(page)["content_moderation"].value is False


def test_a_removal_takes_its_reason_from_the_list_it_opens(signals: Any) -> None:
    page = ("<p>We reserve the right to take down a comment if it:</p>"
            "<ul><li>repeats an earlier comment;</li><li>is offensive to other readers."
            "</li></ul>")
    assert signals(page)["content_moderation"].value is True


def test_a_list_without_a_reason_leaves_the_right_bare(signals: Any) -> None:
    page = ("<p>We reserve the right to take down a comment if it:</p>"
            "<ul><li>repeats an earlier comment;</li><li>is longer than 500 words.</li></ul>")
    assert signals(page)["content_moderation"].value is False


def test_a_list_under_another_heading_does_not_lend_its_reason(signals: Any) -> None:
    page = ("<p>We reserve the right to take down a comment if it:</p>"
            "<h2>Conduct</h2><ul><li>Do not post offensive remarks.</li></ul>")
    assert signals(page)["content_moderation"].value is False


def test_removal_left_to_the_room_owner_is_not_the_operators(signals: Any) -> None:
    page = ("<p>It is up to the person who runs each room, not to us, to remove messages "
            "that break these rules.</p>")
    assert signals(page)["content_moderation"].value is False


def test_removal_left_to_the_room_owner_in_french(signals: Any) -> None:
    page = ("<p>Chaque groupe est géré par son créateur : c'est à lui, et non à nous, de "
            "supprimer les publications qui ne respectent pas la charte.</p>")
    assert signals(page, lang="fr")["content_moderation"].value is False


def test_we_remove_rule_breaking_messages_ourselves(signals: Any) -> None:
    page = "<p>We remove messages that break these rules as soon as we see them.</p>"
    assert signals(page)["content_moderation"].value is True


# ------------------------------------------------------------------ wider wording


def test_publication_refused_for_a_reason(signals: Any) -> None:
    page = "<p>Drawings that do not follow our club rules will not be published.</p>"
    assert signals(page)["content_moderation"].value is True


def test_publication_refused_without_a_reason(signals: Any) -> None:
    page = "<p>Drafts you have not finished will not be published.</p>"
    assert signals(page)["content_moderation"].value is False


def test_taken_off_the_site_for_breaking_rules(signals: Any) -> None:
    page = "<p>If a posted video is found to break the rules, it is taken off the site.</p>"
    assert signals(page)["content_moderation"].value is True


def test_staff_removing_personal_attacks(signals: Any) -> None:
    page = "<p>Our community team removes comments containing personal attacks.</p>"
    assert signals(page)["content_moderation"].value is True


def test_choosing_report_after_holding_a_name(signals: Any) -> None:
    page = "<p>You can report a player by holding down their name and choosing Report.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_reporting_concerns_about_content_by_writing(signals: Any) -> None:
    page = ("<p>Carers can report concerns about content in the app by writing to "
            "care@pebblehub.test.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reporting_progress_is_no_abuse_report(signals: Any) -> None:
    page = "<p>Teachers can report pupils' progress to carers by writing to them.</p>"
    assert signals(page)["reporting_mechanism"].value is False
