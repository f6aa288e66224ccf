"""Children's privacy: a COPPA-style notice and a "not for children" disclaimer (which
parts of the notice it states: :mod:`checks.signals.elements`).

The hard part is telling the two apart: a disclaimer talks about children, parents
and deletion too ("if you believe your child gave us data, contact us and we will
delete it"). A sentence counts toward a notice only when it describes the operator's
own practice (collection, parental consent, parental rights, a compliance claim) and
is not itself an exclusion, a pointer to another page, or a duty placed on others.
"""

from __future__ import annotations

import re

from auditor.models import COPPA_ELEMENTS, Signal
from checks.signals._page import PageView, Unit
from checks.signals._score import Hit, decide

NOTICE_THRESHOLD = 3
_WINDOW = 3
# an age in digits (not a grade band such as "K-12")
_AGE = re.compile(r"(?<![\d.,])(?<![Kk]-)(1[0-9]|2[01])(?![\d%]|[.,]\d)")
# an age in words ("under the age of thirteen"), English only
_AGE_WORDS = {"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
              "seventeen": 17, "eighteen": 18, "twenty-one": 21}
_AGE_WORD = re.compile(r"\b(" + "|".join(_AGE_WORDS) + r")\b", re.I)
# a minor named without an age: someone under the age of majority
_UNDER_MAJORITY = (r"\bunder\s+(?:the\s+)?(?:legal\s+age|age\s+of\s+majority)"
                   r"|\bnot\s+(?:yet\s+)?of\s+(?:legal\s+|full\s+)?age\b"
                   r"|\b(?:noch\s+)?nicht\s+volljährig"
                   r"|\bno\s+(?:eres|es|sea|seas|sean|son)\s+mayor(?:es)?\s+de\s+edad"
                   r"|\bnão\s+(?:for|é|seja|forem|são)\s+maior(?:es)?\s+de\s+idade"
                   r"|\bn(?:e\s+|['’])(?:êtes|es|est|sont)\s+pas\s+majeure?s?\b")
_MINOR = re.compile(_UNDER_MAJORITY + r"|\bminors?\b|\bmineure?s?\b|\bminderjährig\w*"
                    r"|\bmenor(?:es)?\s+de\s+(?:edad|idade)\b", re.I)
_MAJORITY_NAMED = re.compile(_UNDER_MAJORITY, re.I)
# a floor, then minors above it named in the same sentence ("at least 13, and even then
# only minors with a parent's consent"): the consent is for those between the floor and
# majority, as if the sentence had named 18
_MINOR_ABOVE_FLOOR = re.compile(r"(?:\bat\s+least|\bmindestens|\bau\s+moins|\bal\s+menos"
                                r"|\bpelo\s+menos|\bno\s+m[ií]nimo)\s+(?:the\s+age\s+of\s+)?"
                                r"\d+\b[^.;]{0,160}?(?:" + _MINOR.pattern + ")", re.I)
_MAJORITY = 18
# those below an age let in with a parent in so many words ("children under 13 together
# with their parents"): the path is theirs, whatever other ages the sentence names
_YOUNGEST_IN = re.compile(r"\b(?:under|below|younger\s+than)\s+(?:the\s+age\s+of\s+)?(\d+)"
                          r"(?:\s+years?(?:\s+of\s+age|\s+old)?)?\b[^.;]{0,40}?\b(?:together\s+with"
                          r"|accompanied\s+by|under\s+the\s+supervision\s+of|with\s+the\s+"
                          r"(?:consent|permission)\s+of)\s+(?:a|their|his\s+or\s+her|the)\s+"
                          r"(?:parents?|guardians?)\b", re.I)
# a claim that cites the law as a ground ("in accordance with COPPA, ...")
_CITED = re.compile(r"(?:in|into|under|pursuant|as\s+required|consistent)\b", re.I)
# the ground opens its clause ("In accordance with COPPA, we ..."); after a subject ("X is
# in full compliance with COPPA") the same words are the operator's own claim
_CLAUSE_START = re.compile(r"(?:^|[.;:,\u2014\u2013])\s*[\"'\u201c(]?\s*$")
# the same ground told after the subject ("we do not knowingly collect ... in line with
# COPPA"): a conformity phrase anywhere in the claim, in the languages with such claims
_CONFORMING = re.compile(r"\b(?:in\s+(?:line|keeping|step|accordance|conformity)\s+with"
                         r"|consistent(?:ly)?\s+with|according\s+to|de\s+acuerdo\s+con"
                         r"|conforme\s+a|de\s+acordo\s+com|em\s+conformidade\s+com)\b", re.I)
# what a discovery leads to ("..., we will dispose of it in line with COPPA"), whoever
# finds out: deleting the child's data is the disclaimer's follow-up, not a practice
_DISPOSAL = re.compile(r"\b(?:delet|eras|remov|dispos|destr|purg|efface|supprim|borr|elimin"
                       r"|lösch|exclu|apag)\w*", re.I)
# a yes/no or wh- question about children's data or the audience, ended by "?" within
# its clause ("Is the site intended for children?", "What do we collect from kids?")
_QUESTION = re.compile(r"(?:^|(?<=[.?!:]))\s*(?:do|does|did|is|are|will|can|may|how|what|"
                       r"which|who|why|when|should)\b[^.;:!?]{0,120}\?", re.I)
# a sentence end whose space was lost when a page became text (".If you", "notice?This")
_GLUED_END = re.compile(r"(?<=[a-z][.!?])(?=[A-Z0-9])")
_ROUTE_REACH = 12  # sentences: a children's section, even where its heading went unseen
_OPENING = 5  # sentences before a heading that still opens the page (title, dates)
_MIN_SECTIONS = 4  # fewer sections say nothing about who a document is written for
_MIN_SENTENCES, _SHARE = 40, 8  # children in one sentence of eight over 40 or more
_ADULT = 18  # an age floor this high in a children's service is the account holder's


def _children_page(view: PageView) -> bool:
    """A page that is a children's notice: its title, or one of its first two top
    headings when that heading opens the page (a children's heading halfway down a
    policy whose other headings went unseen heads a section, not the page)."""
    if view.rx("coppa", "heading").search(view.doc.title):
        return True
    top = [u for u in view.units if u.heading and len(u.path) == 1][:2]
    return any(u.index <= _OPENING and view.has("coppa", "heading", u) for u in top)


def made_for_children(view: PageView) -> bool:
    """The document is a children's service's: the operator says its own service is
    made for or used by children (not "not for children", not "some of our apps"), or
    children and parents come up in at least half of its sections. Its general
    sections (what is collected, how it is used, shared, kept) then describe children's
    data, and "we do not knowingly collect ..." is part of its notice, not an exclusion
    from a general-audience service."""
    denied = False
    for role in ("directed", "audience"):
        for unit in view.candidates("coppa", role):
            if view.has("coppa", "audience_veto", unit):
                denied = True  # "not designed for children", "some of our apps are"
            elif not view.has_any("disclaimer", ("exclusion", "knowing", "min_age"), unit):
                return True
    return not denied and _children_throughout(view)


def _children_throughout(view: PageView) -> bool:
    """Children named in at least half of the sections, or in one sentence of eight
    over a whole policy (a general policy's children's part is a few sentences)."""
    sections: dict[str, bool] = {}
    mentions = view.hits("coppa", "child", view.visible_bits)
    sentences = named = 0
    for unit in view.units:
        if not unit.visible:
            continue
        child = bool(mentions >> unit.index & 1)
        if not unit.heading:
            sections.setdefault(unit.section, False)
            sentences += 1
            named += child
        if child:
            sections[unit.section] = True
    told = sum(1 for v in sections.values() if v)
    if len(sections) >= _MIN_SECTIONS and told * 2 >= len(sections):
        return True
    return sentences >= _MIN_SENTENCES and named * _SHARE >= sentences


def _exclusion_near(view: PageView, unit: Unit, exclusions: set[int]) -> bool:
    """A disclaimer sentence in the same section (or close by when there are none)."""
    for i in exclusions:
        other = view.units[i]
        if other.visible != unit.visible:
            continue
        if unit.section and other.section == unit.section:
            return True
        if abs(i - unit.index) <= _WINDOW:
            return True
    return False


def _scope(view: PageView, children_page: bool, within: int) -> tuple[list[Unit], set[int]]:
    """Units that may belong to a children's notice, and which of them sit in a
    children's section (or page) rather than merely mentioning a child (outside
    such sections, only the units of the bit set `within` are looked at)."""
    if children_page:
        units = list(view.units)
        return units, {u.index for u in units}
    sections = view.section_units(("coppa", "heading"), ("coppa", "section"))
    scoped = {u.index for u in sections}
    seen = {u.index: u for u in sections}
    for u in view.candidates("coppa", within=within):
        seen.setdefault(u.index, u)
    return [seen[k] for k in sorted(seen)], scoped


def _is_exclusion(view: PageView, unit: Unit, for_children: bool) -> bool:
    """An exclusion of children: always for the hard forms ("not directed to", "if we
    learn"); for "we do not knowingly collect" only when no parental path follows and
    the service is not made for children (a minimum age is not one: notices state ages
    too)."""
    if view.has("disclaimer", "exclusion", unit):
        return True
    return not for_children and view.has("disclaimer", "knowing", unit) and not \
        view.has("disclaimer", "parental_path", unit)


_CORE = ("collects", "consent", "rights")


def _operator_consent(view: PageView, unit: Unit) -> bool:
    """A parental-consent sentence about the operator's handling of a child's data:
    not a parent's permission to use the service or accept the terms (an age rule),
    not consent that a country's law requires with nothing said of what the operator
    does, and about a parent or child by name (a capitalised "Guardian" is often a
    brand)."""
    if not view.has_any("coppa", ("child", "section"), unit):
        return False
    if view.has("coppa", "eligibility", unit) and not view.has("coppa", "personal", unit):
        return False
    return not (view.has("coppa", "regime", unit)
                and not view.has("coppa", "operator_acts", unit))


def detect_notice(view: PageView, for_children: bool | None = None
                  ) -> tuple[Signal, list[Unit]]:
    """The coppa_notice signal and the units that make up the notice (for elements).
    `for_children`: :func:`made_for_children`, when the caller has it already.

    Core sentences (the operator collects from children, obtains parental consent,
    gives parents rights, or states its own COPPA compliance) are required; element
    sentences inside a children's section add weight. Exclusions, pointers, duties on
    others, negated collection (unless refused only until a parent consents), someone
    finding out that a child's data came in, and minors named as 16 or 17 (older than
    any age of digital consent) never count.
    """
    elements_here = 0
    for element in COPPA_ELEMENTS[1:]:
        elements_here |= view.may_match("coppa_elements", element)
    relevant = 0
    for role in (*_CORE, "claim", "directed"):
        relevant |= view.may_match("coppa", role)
    excluding = view.may_match("disclaimer", "exclusion") | \
        view.may_match("disclaimer", "knowing")
    children_page = _children_page(view)
    if for_children is None:
        for_children = made_for_children(view)
    pool, scoped = _scope(view, children_page, relevant | excluding)
    in_pool = {u.index for u in pool}
    exclusions = {u.index for u in view.candidates("disclaimer", within=excluding)
                  if u.index in in_pool and _is_exclusion(view, u, for_children)}
    hits: list[Hit] = []
    scope: list[Unit] = []
    core_units: list[Unit] = []
    elements: set[str] = set()
    core = 0
    # a notice needs a children's page, a claim, the operator asking a parent's consent
    # to the child's data, or two sentences about the practice of which one names the
    # child's data: one such sentence, or bare mentions of a parent's consent, make an
    # age rule or a stray clause, not a notice
    firm, claimed = children_page, children_page
    core_sentences = 0  # practice sentences, plus "made for children" ones
    # the pool's sentences that state an element in a children's section or a practice,
    # bar pointers and duties on others: found role by role over the roles' candidates
    pool_bits = view.bits_of(pool)
    stating = view.hits_any("coppa_elements", COPPA_ELEMENTS[1:],
                            pool_bits & view.bits_of(view.units[i] for i in scoped)
                            & elements_here)
    practice = view.hits_any("coppa", (*_CORE, "claim", "directed"),
                             pool_bits & relevant & ~stating)
    told = view.without((("shared", "pointer"), ("shared", "others_duty")),
                        stating | practice)
    for unit in view.units_in(told):
        bit = 1 << unit.index
        has_element = bool(stating & bit)
        m = view.match("coppa", "claim", unit) if relevant & bit else None
        if m is not None and not view.has("coppa", "claim_veto", unit) \
                and not _deletion_only(view, unit) \
                and not (not for_children and _cited_for_exclusion(view, unit, m)) \
                and not _asked(unit.text, m) and not unit.text.rstrip().endswith("?"):
            # the operator's own compliance statement counts even beside "we do not
            # knowingly collect" or "we do not market to children"; COPPA named to
            # justify deleting a child's data ("if we learn ..., we delete it") is the
            # disclaimer's
            scope.append(unit)
            hits.append(Hit(3, unit.visible, view.unit_evidence(unit, m), unit.index))
            core += 1
            firm = claimed = True
            continue
        # "we do not collect ... without prior parental consent": the operator waits
        # for a parent, so the refusal is its consent practice, not a denial
        gated = view.has("coppa", "consent_first", unit)
        if unit.index in exclusions \
                or view.has_any("coppa", ("advice", "discovery", "older_minor"), unit) \
                or (view.has("coppa", "negated", unit) and not gated):
            continue
        scope.append(unit)
        if has_element:
            for element in COPPA_ELEMENTS[1:]:
                if element not in elements and view.has("coppa_elements", element, unit):
                    elements.add(element)
        weight, first = 0, None
        for role in _CORE:
            m = view.match("coppa", role, unit)
            if m is None or _asked(unit.text, m):
                continue
            if role == "consent" and not _operator_consent(view, unit):
                continue
            if role == "collects" and view.has("coppa", "eligibility", unit):
                continue  # collected to decide who may use the service: an age rule
            if role == "rights" and not (
                    (unit.index in scoped or view.has("coppa", "child", unit))
                    and view.has_any("coppa", ("data", "child"), unit)):
                continue  # parents' rights over no child's data
            first = first or m
            if role == "consent" and not view.has("coppa", "data", unit):
                weight += 1
            elif role == "consent" and (gated or view.has("coppa", "operator_acts", unit)):
                # the operator itself asks (or waits for) a parent's consent to the
                # child's data: a notice on its own, unless it only does so where a
                # country's law says or the consent is a record kept with age-check data
                if view.has_any("coppa", ("regime", "eligibility"), unit):
                    weight += 2  # only where a law asks: one such sentence is no notice
                else:
                    weight += 3
                    claimed = True
            elif role == "rights" and weight == 0 and _exclusion_near(view, unit, exclusions):
                continue
            else:
                weight += 2
        if weight:
            core += 1
            core_sentences += 1
            firm = firm or weight >= 2
            core_units.append(unit)
        elif (m := view.match("coppa", "directed", unit)) is not None \
                and not _asked(unit.text, m) and not view.has("coppa", "regime", unit):
            # (the law's own duties on services for children are not this operator's)
            weight, first = 1, m
            core_sentences += 1
        if weight and first is not None:
            hits.append(Hit(min(weight, 3), unit.visible, view.unit_evidence(unit, first),
                            unit.index))
    if core == 0 or not firm or (core_sentences < 2 and not claimed):
        hits = []
    elif elements:
        best = max(hits, key=lambda h: (h.visible, h.weight))
        hits.append(Hit(min(len(elements), 3), best.visible, best.evidence, best.order))
    signal = decide("coppa_notice", hits, NOTICE_THRESHOLD)
    if for_children:
        return signal, _whole_document(view, elements_here)
    return signal, _with_neighbours(view, scope, core_units, exclusions)


def _whole_document(view: PageView, elements_here: int) -> list[Unit]:
    """A children's service's notice for the elements: every sentence that may state an
    element, and the headings of its sections ("What we collect" over a list of data
    without a verb), bar pointers, duties on others and exclusions ("we do not share
    children's data" is its disclosure practice, so denials stay)."""
    return view.units_in(view.without(
        (("shared", "pointer"), ("shared", "others_duty"), ("disclaimer", "exclusion")),
        elements_here))


def _asked(text: str, m: re.Match[str]) -> bool:
    """The match sits in a question, the whole sentence or a part of it glued to others
    ("DO WE COLLECT INFORMATION FROM MINORS?In Short: ..."): a heading or a table of
    contents names the topic of a section, it states no practice (the answer may)."""
    return any(q.start() <= m.start() < q.end() for q in _QUESTION.finditer(text))


def _deletion_only(view: PageView, unit: Unit) -> bool:
    """COPPA named in an exclusion that follows up a discovery ("consistent with COPPA,
    if we learn a child gave us data, we delete it"): the law justifies the deletion,
    it says nothing of how the operator handles children's data."""
    if not view.has("coppa", "discovery", unit):
        return False
    return view.has("disclaimer", "exclusion", unit) or bool(_DISPOSAL.search(unit.text))


def _cited_for_exclusion(view: PageView, unit: Unit, claim: re.Match[str]) -> bool:
    """COPPA cited as the ground of an exclusion ("in accordance with COPPA, we do not
    knowingly collect ... from children under 13"), with no parental path: the law
    explains why children are kept out, and is no claim that the operator's own
    handling of children's data complies ("we comply with COPPA" stays one). A
    children's service's own "we do not knowingly collect" is part of its notice, so
    the caller asks only for general-audience documents."""
    opens = _CLAUSE_START.search(unit.text, 0, claim.start()) is not None
    cited = (opens and _CITED.match(claim.group(0))) or _CONFORMING.search(claim.group(0))
    return bool(cited) and \
        (view.has_any("disclaimer", ("exclusion", "knowing", "min_age"), unit)
         or view.has("coppa", "negated", unit)) and \
        not view.has("disclaimer", "parental_path", unit)


def _with_neighbours(view: PageView, scope: list[Unit], core: list[Unit],
                     exclusions: set[int]) -> list[Unit]:
    """The notice's units plus the sentences right around a core sentence in its
    section ("With a parent's consent, we collect a nickname. We use it to save
    games."): a notice under a heading that does not name children still describes
    its practices next to the sentence that does. For elements only."""
    have = {u.index for u in scope}
    for unit in core:
        lo, hi = max(0, unit.index - _WINDOW), min(len(view.units), unit.index + _WINDOW + 1)
        for j in range(lo, hi):
            other = view.units[j]
            if j in have or j in exclusions or other.visible != unit.visible \
                    or other.section != unit.section or other.heading:
                continue
            if view.has("shared", "pointer", other) or view.has("shared", "others_duty", other):
                continue
            if view.has("coppa", "negated", other) \
                    and not view.has("coppa_elements", "no_conditioning", other):
                continue  # a denied collection describes no element, but "we ask no
                # more than the game needs" is the notice's no-conditioning element
            have.add(j)
            scope.append(other)
    return sorted(scope, key=lambda u: u.index)


def detect_disclaimer(view: PageView, for_children: bool | None = None) -> Signal:
    """Children excluded from a general-audience service, with no parental path (an
    age named for someone other than the service's users, such as people shown in
    content or passengers, is no exclusion: the lexicon role ``other_rule``).
    `for_children`: :func:`made_for_children`, when the caller has it already."""
    hits: list[Hit] = []
    scored = view.may_match("disclaimer", "exclusion") | \
        view.may_match("disclaimer", "knowing") | view.may_match("disclaimer", "min_age")
    if not scored and not view.may_match("disclaimer", "list_age"):
        return decide("children_disclaimer", hits, 2)
    routes = _parental_routes(view)
    if for_children is None:
        for_children = made_for_children(view)
    for unit in view.candidates("disclaimer", within=scored):
        flat = _flat_bar(view, unit)
        if any(i != unit.index and view.units[i].section == unit.section
               and abs(i - unit.index) <= _ROUTE_REACH and not _older(view.units[i], unit)
               and not (flat and view.has("disclaimer", "data_rule", view.units[i]))
               for i in routes):
            continue  # an exclusion or a floor beside a route for those below it: an age rule
        m = view.match("disclaimer", "exclusion", unit)
        if m is not None and _route_inside(view, unit):
            continue  # "not available to under-13s without a parent's written permission"
        if m is None:
            m = view.match("disclaimer", "knowing", unit) or \
                view.match("disclaimer", "min_age", unit)
            if m is None or (view.has("disclaimer", "parental_path", unit)
                             and not view.has("disclaimer", "no_path", unit)
                             and not view.has("coppa", "advice", unit)
                             and not _band(unit)):
                continue
            if for_children and _holder_rule(view, unit):
                continue
            nxt = view.units[unit.index + 1] if unit.index + 1 < len(view.units) else None
            if nxt is not None and nxt.visible == unit.visible and _is_route(view, nxt) \
                    and not _older(nxt, unit) \
                    and not (flat and view.has("disclaimer", "data_rule", nxt)):
                continue
        if _duty_on_others(view, unit, m) and not view.has("disclaimer", "addressed", unit):
            continue
        if view.has("disclaimer", "other_rule", unit):
            continue
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
    return decide("children_disclaimer", hits + _bar_opening_list(view, routes), 2)


def _bar_opening_list(view: PageView, routes: set[int], span: int = 8) -> list[Hit]:
    """A bar that opens a list ("You may not use our site:", role ``list_bar``) and an
    item of it that is an age below the bar ("If you are under 18.", ``list_age``): the
    item finishes the bar's sentence, so the two make a minimum age. A way in for
    younger children near the item lifts it, as it lifts any floor."""
    for lead in view.candidates("disclaimer", "list_bar"):
        if not lead.text.rstrip().endswith(":"):
            continue
        for item in view.units[lead.index + 1:lead.index + 1 + span]:
            if item.heading or item.section != lead.section or item.source != lead.source:
                break
            m = view.match("disclaimer", "list_age", item)
            if m is None:
                continue
            if any(view.units[i].section == item.section
                   and abs(i - item.index) <= _ROUTE_REACH for i in routes):
                return []
            note = f"an item of the list opened by: {lead.text.strip()[:160]}"
            return [Hit(2, item.visible, view.unit_evidence(item, m, note=note), item.index)]
    return []


def _flat_bar(view: PageView, unit: Unit) -> bool:
    """Children kept from the service itself ("not intended for use by children under
    13", "you must be 13 to use it"), not the follow-up of a discovery ("if we learn a
    child gave us data, we delete it"). A rule on the data alone ("we do not knowingly
    collect ... without a parent's consent", role ``data_rule``) lifts such follow-ups
    and "we do not knowingly collect" as a way in for children's data, but lets no one
    past a bar on using the service."""
    return view.has_any("disclaimer", ("exclusion", "min_age"), unit) and \
        not view.has("coppa", "discovery", unit)


def _duty_on_others(view: PageView, unit: Unit, m: re.Match[str]) -> bool:
    """A duty on others in the exclusion's own sentence. Where a page saved as text lost
    the space after its full stops (".ChildrenThis site is not ..."), the unit holds
    several sentences: a duty in a neighbour ("advertisers must ...") is not this one's."""
    if not view.has("shared", "others_duty", unit):
        return False
    cuts = [g.start() for g in _GLUED_END.finditer(unit.text)]
    if not cuts:
        return True
    lo = max((c for c in cuts if c <= m.start()), default=0)
    hi = min((c for c in cuts if c > m.start()), default=len(unit.text))
    return view.rx("shared", "others_duty").search(unit.text, lo, hi) is not None


def _route_inside(view: PageView, unit: Unit) -> bool:
    """An exclusion that names its own way in for younger children (a parent's or
    school's permission) is an age rule; one that names the consent only as missing
    from data that came in ("if we learn we collected ... without parental consent")
    still excludes."""
    return view.has("disclaimer", "parental_path", unit) and \
        not view.has("disclaimer", "no_path", unit) and \
        not view.has("coppa", "discovery", unit) and not _band(unit)


def _holder_rule(view: PageView, unit: Unit) -> bool:
    """In a children's service, "we do not knowingly collect from children" describes
    collection through parents, and an adult age floor is the account holder's (the
    parent or teacher): neither shuts children out. A floor below adulthood does."""
    if not view.has("disclaimer", "min_age", unit):
        return True
    age = _age(unit)
    return age is None or age >= _ADULT


def _ages(text: str) -> list[int]:
    """The ages named in `text`, in digits or in words, in the order they come."""
    found = [(m.start(), int(m.group(1))) for m in _AGE.finditer(text)]
    found += [(m.start(), _AGE_WORDS[m.group(1).lower()]) for m in _AGE_WORD.finditer(text)]
    return [age for _, age in sorted(found)]


def _age(unit: Unit, highest: bool = False) -> int | None:
    ages = _ages(unit.text)
    if not ages:
        return None
    return max(ages) if highest else ages[0]


def _older(route: Unit, excluded: Unit) -> bool:
    """The route names an older age than the exclusion ("not for children under 13";
    "under 16 in the EU only with parental consent"): it lets in teenagers above the
    floor, not the children below it."""
    route_age, floor = _age(route, highest=True), _age(excluded)
    youngest = _youngest_let_in(route.text)
    if youngest is not None and floor is not None and youngest <= floor:
        return False  # "children under 13 together with their parents": the youngest too
    if route_age is None and _MINOR.search(route.text):
        route_age = _MAJORITY
    return route_age is not None and floor is not None and route_age > floor


def _youngest_let_in(text: str) -> int | None:
    """The age below which the sentence lets children in with a parent in so many words
    ("children under 13 together with their parents"), if it does."""
    m = _YOUNGEST_IN.search(text)
    return int(m.group(1)) if m else None


def _parental_routes(view: PageView) -> set[int]:
    """Sentences that let younger children in through a parent or school ("under 13 only
    with a parent's consent"; "18, or younger with a parent's approval"), see
    :func:`_is_route`."""
    return {unit.index for unit in view.candidates(
        "disclaimer", within=view.may_match("disclaimer", "parental_path"))
        if _is_route(view, unit)}


def _is_route(view: PageView, unit: Unit) -> bool:
    """A parental path that lets someone in: not refused, not advice, not a duty on
    others (a duty on the reader named as a child, "if you are under 13, you must ask
    your parent's permission", is that child's way in), not about someone other than
    the users, not consent that a country's law may require (a rule of the law, which
    lets nobody in by itself), and not consent found missing after the fact ("if we
    learn we gathered data from a child without a parent's consent, we delete it": the
    exclusion's follow-up)."""
    return view.has("disclaimer", "parental_path", unit) and \
        not view.has("disclaimer", "exclusion", unit) and \
        not view.has("coppa", "discovery", unit) and \
        not view.has("disclaimer", "no_path", unit) and \
        not view.has("coppa", "advice", unit) and \
        not (view.has("shared", "others_duty", unit) and not _child_told(view, unit)) and \
        not view.has("disclaimer", "other_rule", unit) and \
        not view.has("coppa", "regime", unit)


def _child_told(view: PageView, unit: Unit) -> bool:
    """The sentence speaks to the reader as a child ("if you are under 13, you must ...")
    with no age floor of its own ("if you are a minor and 16 or older, you must ..." is
    a rule for those above the floor): its duty is the child's path, not others'."""
    return view.has("disclaimer", "addressed", unit) and view.has("coppa", "child", unit) \
        and not view.has("disclaimer", "min_age", unit)


def _band(unit: Unit) -> bool:
    """A sentence that names two ages ("under 18, at least 13 and with a parent's
    consent"; "13, or the age of majority where that is higher"): its parental path
    admits the band between them, not those below the lower age, so the floor stands
    ("18, or with a parent's approval if 17 or younger" names one boundary twice)."""
    ages = set(_ages(unit.text))
    if _MAJORITY_NAMED.search(unit.text) or _MINOR_ABOVE_FLOOR.search(unit.text):
        ages.add(_MAJORITY)  # not "minor" alone: often the child's own name
    youngest = _youngest_let_in(unit.text)
    if youngest is not None and ages and youngest <= min(ages):
        return False  # the path is told of those below the lower age themselves
    return len(ages) >= 2 and min(ages) < max(ages) - 1
