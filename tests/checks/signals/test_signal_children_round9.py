"""Round 9 of the children's rules, learnt from the whole wild check set (every half and
batch) of ordinary websites' policies.

A "not for children" page must not be read as a children's privacy notice: a question
that heads a section ("Do we collect data from minors?"), a refusal told as an
inability or a practice in the infinitive, the law described as the subject of its own
rules, and children told to ask a parent first state no practice of the operator's.
Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _notice(signals: Run, html: str) -> bool:
    return bool(signals(html)["coppa_notice"].value)


def _disclaimer(signals: Run, html: str) -> bool:
    return bool(signals(html)["children_disclaimer"].value)


def _age(signals: Run, html: str) -> bool:
    return bool(signals(html)["age_assurance"].value)


_EXCLUSION = "<p>We do not knowingly gather personal details from kids under 13.</p>"


def test_a_question_heading_states_no_practice(signals: Run) -> None:
    for page in (
            "<h2>Does this shop gather details from kids?</h2>" + _EXCLUSION,
            "<h2>Is our app meant for children?</h2>" + _EXCLUSION,
            "<p>Contents: What we store. Do we collect information from minors? "
            "How long we keep it.</p>" + _EXCLUSION,
            "<p>WHO WE ARE?DO WE RECORD ANY DATA OF CHILDREN?SECURITY</p>" + _EXCLUSION):
        assert not _notice(signals, page), page
    # the answer below the question still describes a practice
    assert _notice(signals, "<h2>What do we collect from children?</h2><p>With a "
                            "parent's verifiable consent, we collect a child's first name "
                            "and avatar. Parents may review or delete their child's "
                            "information at any time.</p>")


def test_a_refusal_told_as_an_inability_or_a_practice_not_to(signals: Run) -> None:
    for sentence in (
            "We are unable to accept sign-ups or messages from children under 13.",
            "It is our policy not to gather contact details from kids younger than 13.",
            "We have made it our practice to not collect any data from users we know are "
            "under 13.",
            "The team is not able to answer questions sent by children under 13."):
        page = f"<h2>Children</h2><p>{sentence} Parents may write to us to have any "\
               "such information removed from our records.</p>"
        assert not _notice(signals, page), sentence
    # near misses: the operator able to collect with consent still gives a notice
    assert _notice(signals, "<h2>Children</h2><p>With a parent's verifiable consent we "
                            "collect a child's first name. Parents may review or delete "
                            "their child's information at any time.</p>")


def test_the_law_cited_to_refuse_children_is_no_compliance_claim(signals: Run) -> None:
    for sentence in (
            "In accordance with COPPA, we will not gather or keep personal information "
            "from any visitor who tells us they are less than 13 years of age.",
            "Under the Children's Online Privacy Protection Act, we do not ask anyone "
            "younger than 13 for personal details of any kind.",
            "Consistent with COPPA, we will not accept orders placed by a person we know "
            "to be under 13."):
        assert not _notice(signals, f"<p>{sentence}</p>"), sentence
    # near misses: the operator's own compliance statement, whatever follows it
    for sentence in (
            "Bright Kite Media is in full compliance with the Children's Online Privacy "
            "Protection Act (COPPA).",
            "We comply with COPPA and do not collect information from anyone under 13."):
        assert _notice(signals, f"<p>{sentence}</p>"), sentence


def test_the_law_described_is_not_a_service_for_children(signals: Run) -> None:
    for page in (
            "<h2>COPPA</h2><p>The Children's Online Privacy Protection Act imposes "
            "requirements on websites and apps for children. We made it our policy not to "
            "collect information from users under 13.</p>",
            "<h2>COPPA</h2><p>COPPA applies to online services for kids under 13. We do not "
            "knowingly collect data from children.</p>",
            "<h2>COPPA</h2><p>The Children's Online Privacy Protection Act (COPPA) "
            "regulates sites made for children under 13. This site is not one of them.</p>"):
        assert not _notice(signals, page), page


def test_children_told_to_ask_a_parent_first_is_advice(signals: Run) -> None:
    for sentence in (
            "Anyone under 18 years old should seek a parent's permission before sending "
            "us personal details.",
            "We encourage kids under 13 to get their parent's permission before writing "
            "to us.",
            "We urge children to always ask for a guardian's approval before they share "
            "their name online."):
        page = f"<h2>Is the site meant for children?</h2><p>{sentence}</p>"
        assert not _notice(signals, page), sentence
        assert not _age(signals, f"<p>{sentence}</p>"), sentence
    # near miss: the operator itself asks for the parent's consent
    assert _age(signals, "<p>We ask the child for a parent's e-mail address and send the "
                         "parent a request for consent before the account opens.</p>")


def test_a_duty_on_others_in_a_glued_neighbour_is_not_the_exclusions(signals: Run) -> None:
    for text in (
            "Advertisers must follow our ad rules.This site is not directed to children "
            "under 13.",
            "Partners are responsible for their own notices.We do not knowingly collect "
            "data from kids under 13.",
            "Our vendors need to keep data safe.Children under 13 may not register for an "
            "account."):
        assert _disclaimer(signals, f"<p>{text}</p>"), text
    # near misses: the duty in the exclusion's own sentence still drops it
    for text in (
            "Developers must ensure their apps are not directed to children under 13.",
            "Publishers using our tools are responsible for ensuring their sites are not "
            "aimed at kids under 13."):
        assert not _disclaimer(signals, f"<p>{text}</p>"), text


_DATA_RULE = "We do not knowingly gather personal data from kids under 13 without a " \
             "parent's verifiable consent."


def test_consent_for_the_data_opens_no_way_past_a_bar_on_use(signals: Run) -> None:
    for bar in (
            "This website is not intended for use by children under 13.",
            "You must be at least 13 years old to use the site.",
            "The service is not designed for anyone younger than 13."):
        assert _disclaimer(signals, f"<h2>Kids</h2><p>{bar} {_DATA_RULE}</p>"), bar
    # near misses: the same data rule lifts the follow-up of a discovery, and a way in
    # to use the service still lifts the bar
    assert not _disclaimer(signals, f"<h2>Kids</h2><p>{_DATA_RULE} If we learn that a "
                                    "child under 13 gave us data without such consent, "
                                    "we will delete it.</p>")
    assert not _disclaimer(signals, "<h2>Kids</h2><p>This website is not intended for use "
                                    "by children under 13. Children under 13 may join only "
                                    "with the consent of a parent.</p>")


def test_advice_to_parents_and_disowned_responsibility_open_no_way_in(signals: Run) -> None:
    for text in (
            "Parents should supervise their children online, and we do not knowingly "
            "collect data from children under 13.",
            "We do not knowingly collect data from anyone under 16. We accept no "
            "responsibility for minors who use the site without their parents' permission.",
            "We do not knowingly collect information from kids under 13 and disclaim any "
            "liability for children who visit without a parent's approval."):
        assert _disclaimer(signals, f"<p>{text}</p>"), text
    # near miss: a real way in through the parent
    assert not _disclaimer(signals, "<p>We do not knowingly collect data from children "
                                    "under 13 unless a parent registers the account.</p>")


def test_letting_someone_in_is_an_exclusion_only_for_children(signals: Run) -> None:
    for text in (
            "We do not knowingly permit anyone to upload files that break 17 U.S.C. 512.",
            "We do not knowingly allow users to post spam, as set out in section 18.",
            "Children under the age of 5 are not permitted to enter the auditorium.",
            "Guests under 12 are not admitted to the pool after 18:00."):
        assert not _disclaimer(signals, f"<p>{text}</p>"), text
    for text in (
            "We do not knowingly allow anyone under 13 to open an account.",
            "We do not knowingly permit children to register.",
            "We do not knowingly collect data from underage users.",
            "We never knowingly gather details about under-age visitors."):
        assert _disclaimer(signals, f"<p>{text}</p>"), text


def test_not_only_for_children_is_no_exclusion(signals: Run) -> None:
    for text in (
            "The apps are a family product and are not marketed solely to children.",
            "Our games are not designed only for kids: grown-ups love them too.",
            "The courses are not aimed exclusively at children under 13."):
        assert not _disclaimer(signals, f"<p>{text}</p>"), text
    for text in ("The apps are not marketed to children under 13.",
                 "Our games are not designed for kids under 13."):
        assert _disclaimer(signals, f"<p>{text}</p>"), text


def test_consent_for_the_data_in_french_and_spanish(signals: Run) -> None:
    fr = ("<h2>Enfants</h2><p>Ce site n'est pas destiné aux enfants de moins de 13 ans. Nous "
          "ne collectons pas sciemment de données d'enfants de moins de 13 ans sans le "
          "consentement de leurs parents.</p>")
    es = ("<h2>Menores</h2><p>Este sitio no está dirigido a menores de 13 años. No "
          "recopilamos a sabiendas datos de menores de 13 años sin el consentimiento de "
          "sus padres.</p>")
    assert signals(fr, lang="fr")["children_disclaimer"].value
    assert signals(es, lang="es")["children_disclaimer"].value


def test_leaving_it_to_parents_is_no_check_unless_the_operator_screens(signals: Run) -> None:
    for sentence in (
            "We rely on parents and guardians (at least 18 years of age) to decide which "
            "pages are suitable for children under 13.",
            "The company relies on parents to determine whether the site is appropriate "
            "for kids under 16.",
            "We leave it up to parents to decide whether a child under 13 may enter a "
            "birthday contest on the site."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence
    # near miss: the operator's own measure beside the reliance still counts
    assert _age(signals, "<p>We have processes in place to help prevent use of the forums "
                         "by anyone under 13 at registration, and otherwise rely on parents "
                         "to decide which pages suit their children.</p>")


def test_the_operator_asks_for_a_birth_date_or_an_age_and_acts_on_it(signals: Run) -> None:
    for sentence in (
            "At checkout we ask you to confirm whether you are over 18, as some gifts "
            "contain alcohol.",
            "We ask for your date of birth, which we use to make sure you are eligible to "
            "open an account.",
            "Federal law requires us to check identification to prove that you are of "
            "legal age to buy wine.",
            "Each sign-up form asks for a date of birth, and a request showing an age under "
            "13 will be rejected."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence
    # near misses: a birth date among data kinds, and ages the operator says it keeps no
    # record of
    for sentence in (
            "Data we hold: name, address, date of birth, civil registration no. and staff "
            "number.",
            "We do not gather information on the ages of our users, and we never share "
            "identifying information about users who are under 13."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence


def test_consent_named_only_as_missing_is_no_consent_practice(signals: Run) -> None:
    for sentence in (
            "The law lets a college disclose grades to parents of a dependent student in "
            "the absence of consent.",
            "Records may go to parents of a minor patient in the absence of written "
            "consent when a court orders it.",
            "In the absence of consent, a school may still share directory details with "
            "parents of students."):
        assert not _notice(signals, f"<p>{sentence} {sentence}</p>"), sentence
    # near misses: the operator's refusal until a parent consents is its consent practice
    for sentence in (
            "We do not collect or use a child's data in the absence of verifiable parental "
            "consent. Parents may review or delete their child's data at any time.",
            "We never collect a child's name without parental consent, and parents may ask "
            "us to delete the child's information."):
        assert _notice(signals, f"<h2>Children</h2><p>{sentence}</p>"), sentence


def test_an_age_that_belongs_to_goods_places_or_credit_is_no_exclusion(signals: Run) -> None:
    for sentence in (
            "To pay in three instalments you must be at least 18.",
            "If you are 18 or over, you are more likely to be offered pay later credit.",
            "We sell card games for ages 13 and up to adults 18 and over who pay by card.",
            "Some of our products are age restricted, so you must be over 18 to buy wine.",
            "Because of the steep paths, the lodge is not suitable for children under 12."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    # near misses: the same ages set for the service itself
    for sentence in ("You must be at least 18 to use this website.",
                     "The site is not suitable for children under 13."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    # a parent's monitoring is a way in
    assert not _disclaimer(signals, "<p>You must be 18 to use the shop. If you are under "
                                    "18, you may only use it with the monitoring of a "
                                    "parent.</p>")


def test_more_ways_to_shut_children_out(signals: Run) -> None:
    for sentence in (
            "If you are under the age of 18 you must leave this site now.",
            "If you are younger than 16, please exit the forum.",
            "This website is not lawfully accessible to persons under the age of 18.",
            "The shop is not open to anyone under 16."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    # near misses: leaving is advice for a page, not a bar; an open door for everyone
    for sentence in ("If you are under 18, you may leave a comment with a parent's "
                     "permission.",
                     "The shop is open to all visitors, of every age."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence


def test_an_age_in_words_is_compared_like_digits(signals: Run) -> None:
    # a way in for under-18s lets in teenagers, not the under-thirteens barred
    for floor in ("We do not knowingly collect personal data from persons under the age "
                  "of thirteen.",
                  "Nobody under twelve may register.",
                  "We do not knowingly gather data from anyone younger than fifteen."):
        page = f"<p>{floor} If you are under 18, you may use the site only with the " \
               "permission of a parent.</p>"
        assert _disclaimer(signals, page), floor
    # near miss: the way in names the same age as the floor
    assert not _disclaimer(signals, "<p>We do not knowingly collect personal data from "
                                    "persons under the age of thirteen. If you are under "
                                    "13, you may use the site only with the permission of "
                                    "a parent.</p>")


def test_a_rule_that_requires_consent_lets_no_one_in(signals: Run) -> None:
    for rule in ("We strive to follow the COPPA Rule, which requires parental consent for "
                 "collecting a child's data.",
                 "The Act requires a parent's consent before a child's data is used.",
                 "State rules in some places require parental consent for minors' data."):
        page = f"<h2>Kids</h2><p>We do not knowingly collect data from children under 16. " \
               f"{rule}</p>"
        assert _disclaimer(signals, page), rule


_CLAIM = "<p>We comply with the Children's Online Privacy Protection Act.</p>"


def test_a_parents_e_mail_address_is_no_consent_flow(signals: Run) -> None:
    for sentence in (
            "We may ask for a parent's e-mail address to tell the parent about the "
            "account.",
            "Teens may give us an email address for their guardian so the guardian hears "
            "about contests.",
            "We keep the parent's e-mail address to notify the parent of changes."):
        got = signals(_CLAIM + f"<p>{sentence}</p>")
        assert "consent_mechanism" not in got["coppa_elements"].elements, sentence
    # near miss: a message sent to the parent to ask for consent is the e-mail flow
    got = signals(_CLAIM + "<p>We e-mail the parent a link to give consent before the "
                           "child's account opens.</p>")
    assert "consent_mechanism" in got["coppa_elements"].elements


def test_a_rule_that_data_waits_for_a_parent_is_a_way_in(signals: Run) -> None:
    bar = "The site is not intended for children under 18."
    for rule in (
            "No details should be submitted by visitors under 18 without the consent of "
            "their parent.",
            "Nothing may be posted by users under 18 without the permission of a parent.",
            "Photos must not be uploaded by members under 18 without the approval of their "
            "guardian."):
        assert not _disclaimer(signals, f"<h2>Minors</h2><p>{bar} {rule}</p>"), rule
    # near misses: data that came in without the consent is an event, no way in
    for event in (
            "If details were submitted by a child without the consent of a parent, we "
            "delete them.",
            "Where a minor has provided data without the permission of a guardian, we "
            "remove it."):
        assert _disclaimer(signals, f"<h2>Minors</h2><p>{bar} {event}</p>"), event


def test_a_way_in_told_of_the_youngest_lifts_the_bar(signals: Run) -> None:
    bar = "The site is not aimed at children under 13."
    for path in (
            "It is for adults 18 or older, teens 13 or older with a parent's consent, and "
            "children under 13 together with their parents.",
            "Members must be 18 or older, and kids under 13 may take part only with the "
            "consent of a parent.",
            "Parents of a child under 13 must create a \"family\" account before the child "
            "joins."):
        assert not _disclaimer(signals, f"<h2>Who may join</h2><p>{bar} {path}</p>"), path
    # near miss: a way in for teenagers only leaves the under-13 bar standing
    assert _disclaimer(signals, f"<h2>Who may join</h2><p>{bar} Teens under 18 may join "
                                "with the consent of a parent.</p>")


def test_no_wish_to_collect_and_advice_to_the_reader_are_no_notice(signals: Run) -> None:
    for text in (
            "We are not interested in gathering personal data about kids under 15. If a "
            "child's data reached us without the consent of the child's parents, we will "
            "delete it.",
            "Some countries set 16 as the threshold beyond which parental authorization for "
            "processing a child's data is not required. If you are under 16, please seek "
            "the consent of your parent before you send us your data.",
            "If you are younger than 13, please ask for your guardian's permission first. "
            "As a parent, please do not let your children submit details without your "
            "permission."):
        assert not _notice(signals, f"<h2>Children</h2><p>{text}</p>"), text
    # near miss: the operator's own handling with a parent's consent
    assert _notice(signals, "<h2>Children</h2><p>If you are under 13, we ask your parent "
                            "for verifiable consent before we collect your first name. "
                            "Parents may review or delete their child's data.</p>")
