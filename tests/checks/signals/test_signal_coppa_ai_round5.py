"""Round 5 of the children's-privacy and AI rules, learnt on terms of sale, carriage,
marketplaces and user-content services (English and French).

Such terms state who may contract rather than how children's data is handled: an age
floor addressed to the reader, a parent who may answer for a younger user in the same
sentence, a route that lets in only teenagers above the floor. Each case pairs the rule
with the counterpart it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def disclaims(found: dict[str, Signal]) -> bool:
    return bool(found["children_disclaimer"].value)


# --- age floors addressed to the reader -------------------------------------------------

def test_a_warranted_age_binds_the_reader_not_a_business(signals: Run) -> None:
    found = signals("<p>When you open a publisher account you represent and warrant that "
                    "you are at least 18 years of age.</p>")
    assert disclaims(found)
    # a duty on a business partner that names no age stays someone else's duty
    duty = signals("<p>When you open a publisher account you represent and warrant that "
                   "your pages carry no malware.</p>")
    assert not disclaims(duty)


def test_a_person_over_an_age_and_the_legal_age_to_contract(signals: Run) -> None:
    assert disclaims(signals("<p>You declare to us that you are a person over 18 years of "
                             "age.</p>"))
    assert disclaims(signals("<p>You promise that you are at least of the legal age to "
                             "sign a binding contract with the studio.</p>"))


def test_a_negated_age_as_the_condition_of_a_prohibition(signals: Run) -> None:
    found = signals("<p>You may not:</p><ul><li>open an account or upload files if you "
                    "are not over 18 years of age;</li></ul>")
    assert disclaims(found)


def test_use_prohibited_to_users_under_an_age(signals: Run) -> None:
    assert disclaims(signals("<p>Access to the forum is prohibited to users under the age "
                             "of 13.</p>"))


def test_not_marketed_to_children(signals: Run) -> None:
    assert disclaims(signals("<p>The betting tips site does not specifically market to "
                             "children.</p>"))


def test_a_duration_is_not_an_age(signals: Run) -> None:
    found = signals("<p>The gold badge goes to a dealer who has sold on the site for at "
                    "least 10 years and has no unpaid fees.</p>")
    assert not disclaims(found)
    assert disclaims(signals("<p>Sellers must be at least 18 years old.</p>"))


# --- parental routes in the sentence itself -------------------------------------------

def test_a_parents_consent_in_the_same_sentence_is_a_route(signals: Run) -> None:
    found = signals("<p>You confirm that you are over 18 years of age, or have the consent "
                    "of a parent or guardian if you are a minor.</p>")
    assert not disclaims(found)


def test_a_guardian_acting_for_the_user_is_a_route(signals: Run) -> None:
    found = signals("<p>By signing up you confirm that you are 16 or older, or that you act "
                    "on behalf of a member whose legal guardian you are.</p>")
    assert not disclaims(found)


def test_an_adult_agreeing_to_the_terms_for_the_user_is_a_route(signals: Run) -> None:
    found = signals("<p>By using the calculator you confirm that you are over the age of 18 "
                    "or that an adult responsible for you has agreed to these terms.</p>")
    assert not disclaims(found)


def test_an_exclusion_with_its_own_way_in_is_an_age_rule(signals: Run) -> None:
    found = signals("<p>Posting on the boards is not available to users under the age of 13 "
                    "without signed permission from a parent or guardian.</p>")
    assert not disclaims(found)
    # consent named only as missing from data that came in: still an exclusion
    learned = signals("<p>If we learn that we collected data from a child under 13 without "
                      "verification of parental consent, we will delete it.</p>")
    assert disclaims(learned)


def test_a_route_for_teenagers_leaves_the_lower_floor_standing(signals: Run) -> None:
    found = signals("<p>You confirm that you are 18 or older, or, if you are under 18, that "
                    "you are at least 13 and use the shop with the consent of your parent "
                    "or guardian.</p>")
    assert disclaims(found)
    # one boundary said twice ("18, or 17 and younger with approval") is a single route
    same = signals("<p>You confirm that you are at least 18 years old, or, if you are 17 or "
                   "younger, that you use the app only with the approval of a parent.</p>")
    assert not disclaims(same)


def test_a_route_for_minors_does_not_lift_a_floor_of_thirteen(signals: Run) -> None:
    found = signals("<h2>Eligibility</h2><p>Our apps are not intended for children under "
                    "13.</p><p>If you are a minor where you live, you confirm that you have "
                    "your parent's consent to use the apps.</p>")
    assert disclaims(found)
    # the same route beside an adult floor lets the younger users in
    adult = signals("<h2>Eligibility</h2><p>You must be 18 or older to use the apps.</p>"
                    "<p>Minors may use the apps only with the consent of a parent.</p>")
    assert not disclaims(adult)


def test_a_floor_beside_a_route_in_its_section_is_an_age_rule(signals: Run) -> None:
    found = signals("<h2>Who may use the portal</h2>"
                    "<p>The portal serves adults who are of the legal age in their "
                    "country.</p><p>Accounts are personal.</p>"
                    "<p>If you are under 13, please do not use the portal without "
                    "permission from your teacher or parent.</p>")
    assert not disclaims(found)


def test_a_grade_band_is_not_an_age(signals: Run) -> None:
    found = signals("<h2>Who may use the portal</h2>"
                    "<p>Except for our K-12 services, the portal serves adults who are of "
                    "the legal age in their country.</p><p>Accounts are personal.</p>"
                    "<p>If you are under 13, please do not use the portal without "
                    "permission from your teacher or parent.</p>")
    assert not disclaims(found)


def test_consent_a_law_may_require_lets_nobody_in(signals: Run) -> None:
    found = signals("<p>Anyone under the age of 13 is not allowed to use the forum.</p>"
                    "<p>The laws where you live may require you to provide verifiable "
                    "consent from your parent as well.</p>")
    assert disclaims(found)


# --- French terms of sale -----------------------------------------------------------------

def test_french_adult_buyers_and_the_age_reached(signals: Run) -> None:
    assert disclaims(signals("<p>Les présentes conditions s'appliquent aux ventes conclues "
                             "avec tout particulier majeur résidant en France.</p>",
                             lang="fr"))
    assert disclaims(signals("<p>Nous vendons uniquement à des clients qui ont atteint leur "
                             "18e année.</p>", lang="fr"))
    assert disclaims(signals("<p>Acheteur : toute personne morale ou physique d'au moins 18 "
                             "ans capable de contracter.</p>", lang="fr"))


def test_french_protected_adult_is_no_age_floor(signals: Run) -> None:
    found = signals("<p>Lorsque le titulaire du dossier est un majeur « protégé », l'accès "
                    "se fait par son tuteur.</p>", lang="fr")
    assert not disclaims(found)


def test_french_goods_forbidden_to_minors_are_not_a_user_floor(signals: Run) -> None:
    found = signals("<p>Le vendeur étiquette les colis de produits interdits aux mineurs, "
                    "comme le tabac.</p>", lang="fr")
    assert not disclaims(found)
    assert disclaims(signals("<p>Le service est interdit aux mineurs.</p>", lang="fr"))


def test_french_unless_a_parent_consents_is_a_route(signals: Run) -> None:
    found = signals("<p>Les utilisateurs de moins de 15 ans ne peuvent pas utiliser le "
                    "service à moins qu'un titulaire de l'autorité parentale y ait consenti.</p>",
                    lang="fr")
    assert not disclaims(found)
    assert disclaims(signals("<p>Les utilisateurs de moins de 15 ans ne peuvent pas utiliser "
                             "le service.</p>", lang="fr"))


def test_compliance_beside_not_marketing_to_children_is_a_notice(signals: Run) -> None:
    found = signals("<p>The quiz site does not market to children and complies with "
                    "COPPA.</p>")
    assert found["coppa_notice"].value
    # COPPA named to justify deleting what a child sent stays the disclaimer's
    deletion = signals("<p>Consistent with COPPA, if we learn that a child under 13 sent "
                       "us personal data, we delete it.</p>")
    assert not deletion["coppa_notice"].value


def test_parents_bound_by_terms_and_a_vouched_consent_are_no_notice(signals: Run) -> None:
    found = signals("<h2>Family accounts</h2>"
                    "<p>Parents who use the family dashboard agree to extra household "
                    "terms.</p>"
                    "<p>Parents can access their child's reading scores.</p>"
                    "<p>If under 18, you have your parent's permission.</p>")
    assert not found["coppa_notice"].value
    # the operator asking a parent's consent to the child's data is a notice
    notice = signals("<h2>Family accounts</h2>"
                     "<p>We ask a parent's consent before we collect a child's name.</p>"
                     "<p>Parents can view and delete their child's reading scores.</p>")
    assert notice["coppa_notice"].value


def test_french_legal_representative_managing_a_minors_record_is_a_notice(signals: Run) -> None:
    found = signals("<h2>Comptes des mineurs</h2>"
                    "<p>Le représentant légal accède aux données du carnet du mineur et peut "
                    "les rectifier.</p>"
                    "<p>Le représentant légal d'un mineur peut inviter l'autre parent afin "
                    "qu'il puisse consulter les données de l'enfant.</p>", lang="fr")
    assert found["coppa_notice"].value
    assert "parental_rights" in set(found["coppa_elements"].elements or [])
    # an adult's own representative, with no minor named, is no children's notice
    adult = signals("<p>Le représentant légal d'une entreprise accède à son espace "
                    "client.</p><p>Il peut consulter les factures.</p>", lang="fr")
    assert not adult["coppa_notice"].value


# --- AI disclosure: ordinary ways of saying the counterpart or the output is AI ------

def discloses(found: dict[str, Signal]) -> bool:
    return bool(found["ai_disclosure"].value)


def test_the_ai_as_the_actor_that_makes_or_errs(signals: Run) -> None:
    assert discloses(signals("<p>The AI may produce answers that are incorrect.</p>"))
    # a law or a team named after AI is no actor
    assert not discloses(signals("<p>The AI Act provides rules for providers.</p>"))
    assert not discloses(signals("<p>Our AI team writes research papers.</p>"))


def test_asking_an_ai_counterpart_named_with_a_word_between(signals: Run) -> None:
    assert discloses(signals("<p>You can ask our AI study buddy questions about "
                             "fractions.</p>"))
    assert discloses(signals("<p>Our AI running coach gives you feedback on each "
                             "run.</p>"))
    # a duty on customers to say their bot is AI stays theirs
    duty = signals("<p>Customers must tell people when they are chatting with a bot "
                   "powered by AI.</p>")
    assert not discloses(duty)


def test_a_counterpart_powered_by_ai_without_is(signals: Run) -> None:
    assert discloses(signals("<p>Our recipe companion, powered by AI, plans your "
                             "meals.</p>"))


def test_features_powered_by_ai_that_make_the_output(signals: Run) -> None:
    assert discloses(signals("<p>The editor has features powered by artificial "
                             "intelligence that generate images from a sketch.</p>"))
    # back-office AI that makes nothing for the reader stays a mention
    found = signals("<p>We use AI to detect fraud on payments.</p>")
    assert not discloses(found)
    assert found["ai_mention_only"].value


def test_ai_that_transcribes_or_summarises_for_the_user(signals: Run) -> None:
    assert discloses(signals("<p>The recorder uses AI to transcribe and summarise your "
                             "calls.</p>"))


def test_output_that_may_be_wrong_because_the_service_relies_on_ai(signals: Run) -> None:
    assert discloses(signals("<p>Because the planner relies on AI, its suggestions may "
                             "not always be accurate.</p>"))
    # training on the reader's data is a mention, whatever it names
    training = signals("<p>We use your chats to train our AI models that generate "
                       "responses.</p>")
    assert not discloses(training)


def test_coppa_cited_as_the_ground_of_an_exclusion_is_no_claim(signals: Run) -> None:
    cited = signals("<p>In accordance with COPPA, we do not knowingly collect personal "
                    "information from children under 13.</p>")
    assert not cited["coppa_notice"].value
    assert disclaims(cited)
    # the operator's own compliance stated as a claim stays a notice
    claim = signals("<p>We comply with COPPA and do not knowingly collect personal "
                    "information from children under 13.</p>")
    assert claim["coppa_notice"].value
    # a citation beside a parental path describes the consent practice
    path = signals("<p>In accordance with COPPA, we never knowingly collect personal "
                   "information from anyone under 13 without prior verifiable parental "
                   "consent.</p>")
    assert path["coppa_notice"].value


def test_a_parent_portals_monitoring_views_are_not_data_rights(signals: Run) -> None:
    found = signals("<h2>Parent dashboard</h2>"
                    "<p>Parents can review their child's progress in each course.</p>"
                    "<p>Parents can access their child's weekly streaks and badges.</p>")
    assert not found["coppa_notice"].value
    # rights over the child's personal information are a parent's rights
    rights = signals("<h2>Parent dashboard</h2>"
                     "<p>Parents can review their child's personal information at any "
                     "time.</p>"
                     "<p>Parents can delete their child's account and the data in it.</p>")
    assert rights["coppa_notice"].value


def test_an_age_and_older_is_a_floor(signals: Run) -> None:
    assert disclaims(signals("<p>The marketplace is for people 16 and older.</p>"))


def test_french_reaching_majority_as_an_event_is_no_floor(signals: Run) -> None:
    found = signals("<p>Lorsque le titulaire mineur du carnet atteint la majorité, l'accès "
                    "de ses parents est fermé.</p>", lang="fr")
    assert not disclaims(found)


def test_french_support_by_a_parent_is_a_route_not_travel(signals: Run) -> None:
    found = signals("<h2>Utilisateurs</h2>"
                    "<p>Le service de revente n'est pas destiné aux mineurs.</p>"
                    "<p>Si un mineur souhaite l'utiliser, un parent devra s'enregistrer pour "
                    "assurer un accompagnement constant.</p>", lang="fr")
    assert not disclaims(found)


def test_a_minor_defined_by_an_age_is_one_boundary(signals: Run) -> None:
    found = signals("<p>Minors, meaning anyone under 15, may not open an account unless a "
                    "parent has consented.</p>")
    assert not disclaims(found)


def test_french_ai_actor_counterpart_and_questions(signals: Run) -> None:
    lead = "<p>Notre application vous aide à organiser vos voyages en famille.</p>"
    assert discloses(signals(lead + "<p>Notre assistant, propulsé par l'IA, vous suggère des "
                             "itinéraires.</p>", lang="fr"))
    assert discloses(signals(lead + "<p>Vous pouvez poser vos questions à notre assistant "
                             "virtuel à toute heure.</p>", lang="fr"))
    assert discloses(signals(lead + "<p>L'IA génère vos carnets de route à partir de vos "
                             "réponses.</p>", lang="fr"))
    # back-office AI stays a mention
    fraud = signals(lead + "<p>Nous utilisons l'IA pour détecter la fraude aux "
                    "paiements.</p>", lang="fr")
    assert not discloses(fraud)


def test_french_duty_to_reread_ai_output_confirms_the_disclosure(signals: Run) -> None:
    found = signals("<p>Notre service de rédaction vous aide à écrire vos courriers.</p>"
                    "<p>L'IA peut produire des contenus inexacts et vous devez les relire "
                    "avant de les envoyer.</p>", lang="fr")
    assert discloses(found)


def test_use_alongside_a_parent_is_a_route(signals: Run) -> None:
    found = signals("<p>Our services are not available to minors. You confirm that you are "
                    "at least 18 years of age. Minors may use the service only in "
                    "conjunction with their parents.</p>")
    assert not disclaims(found)
    supervised = signals("<p>You must be 18 to sign up. Younger users may take part under "
                         "the direct supervision of a parent.</p>")
    assert not disclaims(supervised)
