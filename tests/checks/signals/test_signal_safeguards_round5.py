"""Round 5 of the safeguard detectors (issue 14): broader structural rules for reporting,
age checks and minors' guidance, pinned with sentences written for these tests."""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ reporting_mechanism


def test_reader_who_finds_rule_breaking_posts_is_sent_to_us(signals: Any) -> None:
    """A conditional that sends the reader to the operator about others' content, with
    the reason in the same sentence, is a way to report."""
    page = ("<p>Should you come across comments that break our house rules, "
            "please notify us through the help page.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_such_content_points_back_to_the_reason_before_it(signals: Any) -> None:
    """"such posts" takes its reason from the previous sentence of the paragraph."""
    page = ("<p>Some members may upload hateful or abusive images. If you see any such "
            "images, let us know right away.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reason_in_another_paragraph_does_not_carry_over(signals: Any) -> None:
    page = ("<p>Members may not upload abusive images.</p>"
            "<p>If you see any images you like, let us know and we will feature them.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_complaint_about_other_users_content(signals: Any) -> None:
    page = ("<p>If you would like to complain about material posted by another member, "
            "write to us using the address on our contact page.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_finding_without_a_reason_is_an_ordinary_contact(signals: Any) -> None:
    page = "<p>If you find a listing that interests you, contact us for a viewing.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_the_readers_own_data_is_a_privacy_request(signals: Any) -> None:
    """A child's personal information given against the policy is a privacy matter."""
    page = ("<p>If you believe a member under 13 gave us personal information in "
            "violation of this notice, contact us and we will delete it.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_found_and_sent_in_other_languages(signals: Any) -> None:
    pages = {
        "fr": "<p>Si vous constatez des contenus illicites publiés par un membre, "
              "merci de nous en informer par courriel.</p>",
        "es": "<p>Si encuentras comentarios ofensivos de otro usuario, "
              "notifícanos desde la página de ayuda.</p>",
        "pt": "<p>Se você encontrar mensagens ofensivas de outro usuário, "
              "informe nossa equipe pela página de ajuda.</p>",
        "de": "<p>Wenn Ihnen Beiträge mit beleidigenden Aussagen auffallen, "
              "informieren Sie uns bitte über das Hilfecenter.</p>",
    }
    for lang, page in pages.items():
        assert signals(page, lang=lang)["reporting_mechanism"].value is True, lang


def test_named_notice_and_takedown_procedure_is_a_channel(signals: Any) -> None:
    page = ("<p>You can read how to send us a notice about unlawful listings in our "
            "<a href='/ntd'>notice-and-takedown procedure</a>.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_notice_and_takedown_for_copyright_alone_stays_out(signals: Any) -> None:
    page = ("<p>Rights holders who believe a photo infringes their copyright may use our "
            "notice and takedown process.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_content_complaints_beside_copyright_still_count(signals: Any) -> None:
    """Copyright named next to complaints about members' posts does not make the
    sentence a copyright notice alone."""
    page = ("<p>For complaints about posts by other members, or if a post copies your "
            "copyrighted work, contact us through the form in the help centre.</p>")
    assert signals(page)["reporting_mechanism"].value is True


# ------------------------------------------------------------------ age_assurance


def test_age_and_id_as_items_of_a_data_list_are_no_check(signals: Any) -> None:
    """Lettered items of a list of data kinds name data, not an ID shown for an age."""
    page = ("<p>Do not upload sensitive data such as a) health records, b) passport or "
            "government-issued ID numbers, c) date of birth, d) age or gender.</p>")
    assert signals(page)["age_assurance"].value is False


def test_selfie_beside_the_age_still_counts(signals: Any) -> None:
    page = "<p>We may ask you for a selfie so a partner can estimate your age.</p>"
    assert signals(page)["age_assurance"].value is True


def test_proof_of_eligibility_right_after_an_adult_rule(signals: Any) -> None:
    page = ("<p>Every member of the shared plan must be an adult. We may ask any member "
            "to prove that they meet these eligibility conditions.</p>")
    assert signals(page)["age_assurance"].value is True


def test_proof_of_eligibility_without_an_age_rule_is_no_age_check(signals: Any) -> None:
    page = ("<p>Sellers must hold a trade licence. We may ask any seller to prove that "
            "they meet these eligibility conditions.</p>")
    assert signals(page)["age_assurance"].value is False


def test_french_proof_of_eligibility_after_adult_rule(signals: Any) -> None:
    page = ("<p>Les bénéficiaires doivent être des personnes majeures. Nous pouvons "
            "demander à chacun de justifier de ces conditions d'éligibilité.</p>")
    assert signals(page, lang="fr")["age_assurance"].value is True


def test_parent_email_taken_to_ask_consent_for_the_child(signals: Any) -> None:
    page = ("<p>When a young player signs up, we request your email address so that we "
            "can ask for your permission before your child may chat.</p>")
    assert signals(page)["age_assurance"].value is True


def test_email_taken_for_marketing_consent_is_no_age_check(signals: Any) -> None:
    page = ("<p>We request your email address to obtain your consent to our newsletter "
            "and special offers.</p>")
    assert signals(page)["age_assurance"].value is False


def test_ordinary_ways_of_saying_the_age_is_checked(signals: Any) -> None:
    """Plain descriptions of an age check: an outside service confirming users are old
    enough, the age asked at sign-up, the stated age deciding what happens next, a
    search for under-age accounts, a parent's identity checked by a stated method."""
    for text in (
        "An outside provider confirms that players are old enough for the chat rooms.",
        "Everyone who opens an account is asked how old they are.",
        "Members must supply their birth date when they create an account.",
        "If a visitor tells us they're under 13, the sign-up form closes.",
        "Players who say they are under 16 get a restricted profile.",
        "Our tools look to identify accounts that likely belong to children.",
        "A guardian can verify their identity with a card payment of one cent.",
        "To unlock the forum you need to prove that you are 18 or over.",
    ):
        assert signals(f"<p>{text}</p>")["age_assurance"].value is True, text


def test_self_declaration_by_acting_is_no_check(signals: Any) -> None:
    """"By posting, you confirm you are 13" is the user's word, not a check."""
    page = "<p>By posting a story you confirm that you are 13 or older.</p>"
    assert signals(page)["age_assurance"].value is False


def test_bare_age_rules_and_others_checks_stay_out(signals: Any) -> None:
    for text in ("Users must be at least 16 years old.",
                 "Publishers must verify that their readers are 18 or older.",
                 "You must verify your identity using a bank account before payouts."):
        assert signals(f"<p>{text}</p>")["age_assurance"].value is False, text


# ------------------------------------------------------------------ minors_education


def test_adult_told_to_talk_with_the_child_about_safe_use(signals: Any) -> None:
    """Talking with, explaining to or teaching the child counts when the sentence names
    safe use; the exhortation may come from anyone ("it is important that ...")."""
    for text in (
        "Grown-ups should explain to their kids why strangers online may lie.",
        "We urge guardians to discuss social media privacy with their teens.",
        "It is a good idea for families to explain to young users how to stay safe on "
        "the internet.",
    ):
        assert signals(f"<p>{text}</p>")["minors_education"].value is True, text


def test_talking_with_the_child_about_a_policy_is_no_guidance(signals: Any) -> None:
    page = ("<p>Please read our privacy notice and discuss it with your child so that you "
            "both understand how we use personal data.</p>")
    assert signals(page)["minors_education"].value is False


def test_talking_with_the_child_without_a_safe_use_topic(signals: Any) -> None:
    page = "<p>We will explain to your child how points are earned in the game.</p>"
    assert signals(page)["minors_education"].value is False


def test_young_reader_addressed_directly(signals: Any) -> None:
    for text in ("Kids, never tell someone you met in a game where you live.",
                 "Teens: remember that a photo you send can be shared with anyone.",
                 "If a chat makes you feel scared, talk to a trusted adult right away."):
        assert signals(f"<p>{text}</p>")["minors_education"].value is True, text


def test_tips_for_keeping_a_child_safe_and_what_to_do_when_it_happens(signals: Any) -> None:
    for text in ("Below are a few ideas for keeping your kids safe while they game online.",
                 "Here is how you can turn on safe mode on your teen's tablet.",
                 "If your son gets a mean comment, remind him that he can block the sender."):
        assert signals(f"<p>{text}</p>")["minors_education"].value is True, text


def test_setting_up_a_childs_account_is_no_guidance(signals: Any) -> None:
    page = ("<p>We will then e-mail you instructions on how to set up an account for your "
            "child.</p>")
    assert signals(page)["minors_education"].value is False


def test_talking_with_the_child_about_safe_use_in_other_languages(signals: Any) -> None:
    pages = {
        "fr": "<p>Prenez le temps de parler avec vos enfants des risques des réseaux sociaux.</p>",
        "es": "<p>Le recomendamos hablar con sus hijos sobre la seguridad en internet.</p>",
        "pt": "<p>Recomendamos conversar com os seus filhos sobre segurança na internet.</p>",
        "de": "<p>Sprechen Sie mit Ihrem Kind über Sicherheit im Internet.</p>",
    }
    for lang, page in pages.items():
        assert signals(page, lang=lang)["minors_education"].value is True, lang


# ------------------------------------------------------------------ reporting, ordinary forms


def test_ordinary_ways_of_telling_users_how_to_report(signals: Any) -> None:
    for text in (
        "If another player keeps messaging you, block him and report him to our staff.",
        "Please notify us of unlawful posts through the contact form.",
        "Notices about illegal content can be filed through our web form.",
        "You can flag a photo that you find offensive from its owner's profile.",
        "Members can report other members who are rude by writing to the moderation team.",
        "Write to us via the help page if you think a member is breaking our rules.",
        "When you come across something that is against the rules, please report it.",
    ):
        assert signals(f"<p>{text}</p>")["reporting_mechanism"].value is True, text


def test_notices_duties_and_bug_reports_stay_out(signals: Any) -> None:
    """A notice of changes, a duty to tell us of misuse of one's own account and a bug
    report are not ways to report abuse."""
    for text in (
        "We will give you notice of material changes by e-mail.",
        "You must notify us as soon as you become aware of any unauthorised use of your "
        "account or any breach of these terms by your staff.",
        "If you spot a bug in a lesson, please report it to us through the help page.",
        "Our detection software may flag video segments for the exam proctor.",
    ):
        assert signals(f"<p>{text}</p>")["reporting_mechanism"].value is False, text


def test_more_everyday_guidance_forms(signals: Any) -> None:
    for text in (
        "If a game chat ever feels wrong, stop and tell an adult at home.",
        "Once the tablet is ready, go over the safety settings with your daughter.",
        "Parents may switch off chat for the whole household from the dashboard.",
        "The library runs internet safety classes for parents and their children.",
    ):
        assert signals(f"<p>{text}</p>")["minors_education"].value is True, text


def test_proof_of_age_and_adults_checked_in_other_languages(signals: Any) -> None:
    pages = {
        "fr": "<p>Nous pourrons vous demander une attestation d'âge avant la livraison.</p>",
        "es": "<p>Un proveedor externo comprueba que los usuarios son mayores de edad.</p>",
        "pt": "<p>Um parceiro vai verificar que os usuários são maiores de idade.</p>",
        "de": "<p>Ein Partner prüft beim Anmelden, ob Kunden volljährig sind.</p>",
    }
    for lang, page in pages.items():
        assert signals(page, lang=lang)["age_assurance"].value is True, lang
    assert signals("<p>Sie müssen volljährig sein, um Wein zu bestellen.</p>",
                   lang="de")["age_assurance"].value is False


def test_french_notice_brought_to_our_attention(signals: Any) -> None:
    intro = ("Nous hébergeons les annonces publiées par les membres et nous ne sommes pas "
             "responsables de leur contenu. ")
    text = ("Tout utilisateur peut porter à notre connaissance un contenu illicite en "
            "écrivant à notre adresse de contact.")
    assert signals(f"<p>{intro}{text}</p>", lang="fr")["reporting_mechanism"].value is True
    panne = f"<p>{intro}En cas de panne, vous pouvez la signaler au service technique.</p>"
    assert signals(panne, lang="fr")["reporting_mechanism"].value is False


def test_the_operator_finding_content_is_moderation_not_reporting(signals: Any) -> None:
    """"When we detect ... we inform our moderators" is the operator's own practice."""
    page = ("<p>When we detect posts that violate our rules, we alert our moderation "
            "team.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_the_operator_talking_with_the_child_is_its_practice(signals: Any) -> None:
    """Without advice to the reader, a teach sentence describes what the service does."""
    for text in ("Our tutors chat with your child online in a safe, supervised room.",
                 "We use cookies to help your children use the site safely."):
        assert signals(f"<p>{text}</p>")["minors_education"].value is False, text
