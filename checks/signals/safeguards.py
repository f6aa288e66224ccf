"""The safeguards the policy expects from services minors use: age assurance, content
moderation, a way to report harm, and education for minors, parents and educators.

Each reads words (sentences scored with the lexicon) and structure: date-of-birth
fields and age-gate dialogs, report buttons and ``mailto:`` safety addresses.
"""

from __future__ import annotations

import re

from auditor.models import Signal
from checks.signals._page import Control, PageView, Unit
from checks.signals._score import Hit, decide, scan, vetoed

_WS = re.compile(r"\s+")


def _form_text(ctrl: Control) -> str:
    """The form's attributes, field names and text, plus the few elements before it
    (the heading and intro that say what the form is for)."""
    form = ctrl.form if ctrl.form is not None else ctrl.el.getparent()
    if form is None:
        return ""
    attrs = " ".join(form.get(a, "") for a in ("id", "class", "name", "action"))
    fields = " ".join(" ".join((el.get("name", ""), el.get("autocomplete", ""), el.get("id", "")))
                      for el in form.iter("input", "select"))
    before: list[str] = []
    sib = form.getprevious()
    while sib is not None and len(before) < 3:
        if isinstance(sib.tag, str):
            before.append(sib.text_content())
        sib = sib.getprevious()
    return _WS.sub(" ", f"{attrs} {fields} {' '.join(before)} {form.text_content()}")[:4000]


def detect_age(view: PageView) -> Signal:
    """Age gates, date-of-birth screening, age estimation, ID/selfie age checks, VPC flows.
    A duty on others ("you must be 18"), or the user vouching for their own age ("by
    using the site you confirm that you are 18"), drops a sentence unless
    ``operator_checks`` says the operator checks it ("you will be required to confirm
    this"); a birth date asked in a survey is research data and drops its sentence too."""
    strong, weak = view.rx("age", "strong"), view.rx("age", "weak")
    veto, negation = view.rx("age", "veto"), view.rx("age", "negation")
    scored = view.may_match("age", "strong") | view.may_match("age", "weak")
    hits: list[Hit] = []
    for unit in view.candidates("age", within=scored):
        if view.has("age", "negation", unit) or view.has("coppa", "advice", unit):
            continue  # no check, or children told to ask a parent first (advice)
        if view.has_any("age", ("self_attest", "parents_decide"), unit) or \
                view.has("shared", "others_duty", unit):
            if not view.has("age", "operator_checks", unit):
                continue  # others' duty, the user's word or parents' judgement: no check
        m = view.match("age", "strong", unit)
        weight = 2
        if m is None:
            m, weight = view.match("age", "weak", unit), 1
            if m is None or view.has("age", "veto", unit):
                continue
            if _answer_decides(view, unit):
                weight = 2  # the age asked, and what it decides: a screen
        if view.has("age", "survey", unit) or view.has("age", "perk", unit):
            continue  # a survey's birth date, an age for a price or offer: no check
        hits.append(Hit(weight, unit.visible, view.unit_evidence(unit, m), unit.index))
    field, form_veto = view.rx("age", "field"), view.rx("age", "form_veto")
    seen_forms: set[int] = set()
    for ctrl in view.controls:
        if len(seen_forms) >= 3:
            break
        if ctrl.kind == "field" and field.search(ctrl.words):
            form_text = _form_text(ctrl)
            if form_veto.search(form_text) or veto.search(form_text):
                continue
            key = id(ctrl.form) if ctrl.form is not None else id(ctrl.el)
            if key in seen_forms:
                continue
            seen_forms.add(key)
            hits.append(Hit(2, not ctrl.hidden, view.element_evidence(
                ctrl.el, ctrl.label or ctrl.words, note="date-of-birth or age field"), 10**6))
        elif ctrl.kind == "dialog" and (strong.search(ctrl.label) or weak.search(ctrl.label)):
            if not veto.search(ctrl.label) and not negation.search(ctrl.label):
                hits.append(Hit(2, not ctrl.hidden, view.element_evidence(
                    ctrl.el, ctrl.label, note="age-gate dialog"), 10**6))
    return decide("age_assurance",
                  hits + _id_after_adult_rule(view) + _birth_date_beside_floor(view), 2)


def _answer_decides(view: PageView, unit: Unit) -> bool:
    """The age asked in `unit` decides something, said there or in the next sentence of
    its section ("... type in the year they were born. Those who turn out to be under 13
    cannot comment"): the question is then a screen, not a profile field."""
    if view.has("age", "outcome", unit):
        return True
    nxt = view.beside(unit, 1)
    return nxt is not None and nxt.visible == unit.visible and view.has("age", "outcome", nxt)


def _birth_date_beside_floor(view: PageView) -> list[Hit]:
    """The age needed to sign up, with a birth date asked in the sentence before or after
    it ("registration asks for your name, e-mail and date of birth. You must be at least
    13 to register"): the date is read against that floor, a screen. A birth date taken
    for offers, payments or a survey is not."""
    for unit in view.candidates("age", "floor"):
        for step in (-1, 1):
            other = view.beside(unit, step)
            if other is None or other.visible != unit.visible \
                    or not view.has("age", "birth", other) \
                    or view.has_any("age", ("veto", "survey", "perk"), other):
                continue
            m = view.match("age", "floor", unit)
            return [Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index)]
    return []


def _id_after_adult_rule(view: PageView) -> list[Hit]:
    """An ID the operator may ask for right after (or in) a sentence setting an adult
    age ("you must be 18 to order wine. We may ask for ID on delivery"): the ID then
    proves the age. Alone, or asked for a stated other purpose ("to check your
    address"), an ID request is an identity check (fraud, KYC, rights)."""
    hits: list[Hit] = []
    for unit in view.candidates("age", "id_request"):
        if view.has_near("age", "adult_rule", unit) and not view.has("age", "id_other", unit):
            m = view.match("age", "id_request", unit)
            hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
            if len(hits) >= 2:
                break
    return hits


def detect_moderation(view: PageView) -> Signal:
    """The operator reviews, filters or removes content for policy or safety reasons.

    Vetoes no rescue lifts: ``no_duty`` (a duty to monitor disclaimed), ``bare_right``
    (a right kept "but not the obligation" in the same sentence), ``hard_veto`` (filters
    the user sets, automated decisions about a person, deleting data or accounts). A
    reserved right (``reservation``: "at our sole discretion", "we reserve the right")
    counts only when a ``reason`` (a rule broken, a kind of harm) says why content would
    go, or when the sentence names moderation itself (``practice``: "we may moderate
    posts at our discretion"); a right kept ``any_reason`` ("for any reason, including
    a breach") counts with the example it names, unless the page denies looking at
    what users post (``denied``, `_reason_given`). On a page that
    disclaims a duty to monitor, a reserved right is a right kept, not a practice
    described: it no longer counts. ``user_acts`` (the user removes or hides content)
    drops a sentence as ``veto`` does. Besides the ``strong`` wordings, a ``removal``
    of content counts with a reason anywhere in its sentence (`_removal_for_reason`).
    A unit whose sentences lost their spaces is read there sentence by sentence, even
    when another of its sentences carries a veto no rescue lifts (`_removal_in_glued`)."""
    scored = view.may_match("moderation", "strong") | view.may_match("moderation", "weak") \
        | view.may_match("moderation", "removal") | view.may_match("moderation", "inspection")
    if not scored:
        return decide("content_moderation", [], 2)
    disclaimed = _duty_disclaimed(view)
    triggered = view.hits("moderation", "trigger", scored)
    unvetoed = view.without((("moderation", "hard_veto"), ("moderation", "no_duty"),
                             ("moderation", "bare_right")), triggered)
    pool = [u for u in view.units_in(unvetoed)
            if not _points_elsewhere(view, u)
            and not (view.has("moderation", "reservation", u)
                     and (disclaimed or not (view.has("moderation", "practice", u)
                                             or _reason_given(view, u))))]
    hits = scan(view, "moderation", units=pool, veto_roles=("veto", "user_acts"))
    taken = {u.index for u in pool}
    glued = [u for u in view.units_in(triggered)
             if u.index not in taken and _glued_parts(u.text)]
    acting = sorted(pool + glued, key=lambda u: u.index) if glued else pool
    return decide("content_moderation",
                  hits + _removal_for_reason(view, acting, hits, disclaimed), 2)


def _duty_disclaimed(view: PageView) -> bool:
    """The page disclaims a duty to look at or remove content: a ``no_duty`` whose
    clause names such an act (``duty_act``: "no obligation to monitor or remove posts",
    "we may, but need not, review them"). A duty disclaimed for something else ("no
    obligation to post or use what you send", "to become involved in disputes", or to
    review new accounts or orders, ``duty_other``, when its clause names no content)
    says nothing about moderation, so the page's reserved rights keep their reasons."""
    no_duty, act = view.rx("moderation", "no_duty"), view.rx("moderation", "duty_act")
    other = view.rx("moderation", "duty_other")
    for unit in view.candidates("moderation", "no_duty", view.may_match("moderation", "trigger")):
        for m in no_duty.finditer(unit.text):
            clause = _clause_of(unit.text, m)
            if act.search(clause) and not other.search(clause):
                return True
    return False


_CLAUSE_END = re.compile(r"[,;.:!?]")


def _clause_of(text: str, m: re.Match[str], span: int = 80) -> str:
    """The match within its clause: from the comma or stop before it to the next one
    after it, skipping the punctuation just after it ("but need not, remove"). Where
    the act comes first ("zur Prüfung nicht verpflichtet") the clause still holds it."""
    before = text[max(0, m.start() - span):m.start()]
    start = max((p.end() for p in _CLAUSE_END.finditer(before)), default=0)
    rest = text[m.end():m.end() + span]
    lead = len(rest) - len(rest.lstrip(" ,)"))
    cut = _CLAUSE_END.search(rest, lead)
    return before[start:] + text[m.start():m.end()] + rest[:cut.start() if cut else len(rest)]


def _points_elsewhere(view: PageView, unit: Unit) -> bool:
    """The sentence's content points back ("this content", ``refers_back``) to the
    sentence just before, which says it comes from other sites (``elsewhere``: embedded
    videos and maps, linked or partner sites): screening it is no review of what users
    post."""
    if not view.has("moderation", "refers_back", unit):
        return False
    before = view.beside(unit, -1)
    return before is not None and view.has("moderation", "elsewhere", before)


def _removal_for_reason(view: PageView, pool: list[Unit], hits: list[Hit],
                        disclaimed: bool) -> list[Hit]:
    """Content the operator removes or refuses (``removal``), or its people or systems
    look at (``inspection``: "our staff look through what members post"), with a reason
    in the same sentence, however far apart: "we may, after a notice and at our
    discretion, take down any review if it breaks these rules". A removal that names
    moderators (``practice``) needs no reason: who acts says what for. Vetoes apply as
    to any sentence. A unit whose sentences lost their spaces is read sentence by
    sentence (`_removal_in_glued`)."""
    if sum(h.weight for h in hits if h.visible) >= 2:
        return []  # the signal is decided already
    counted = {h.order for h in hits}
    acting = view.may_match("moderation", "removal") | view.may_match("moderation", "inspection")
    found: list[Hit] = []
    for unit in pool:
        if unit.index in counted or not acting >> unit.index & 1:
            continue
        if _glued_parts(unit.text):
            glued = _removal_in_glued(view, unit, disclaimed)
            if glued is not None:
                found.append(glued)
                if unit.visible:
                    break
            continue
        m = view.match("moderation", "removal", unit)
        if m is not None and view.has("moderation", "practice", unit):
            pass  # moderators remove it: the practice itself
        elif m is None and (m := view.match("moderation", "inspection", unit)) is None:
            continue
        elif not _reason_given(view, unit):
            continue
        if vetoed(view, "moderation", unit, ("veto", "user_acts")):
            continue
        found.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
        if unit.visible:
            break
    return found


def _removal_in_glued(view: PageView, unit: Unit, disclaimed: bool) -> Hit | None:
    """`_removal_for_reason` for a unit holding glued sentences ("...your content.10.7 If
    you breach these terms, we may delete..."), each read as a sentence: the licence
    or the user's own editing in the clause before is not this clause's veto, and a
    reserved right needs a reason in its own clause."""
    rx = {role: view.rx("moderation", role) for role in (
        "removal", "inspection", "practice", "reason", "any_reason", "reservation")}
    hard = [view.rx("moderation", role) for role in ("hard_veto", "no_duty", "bare_right")]
    text = unit.text
    for lo, hi in _glued_parts(text):
        part = text[lo:hi]
        m = rx["removal"].search(text, lo, hi)
        named = rx["practice"].search(part) is not None
        because = rx["reason"].search(part) is not None and (
            rx["any_reason"].search(part) is None or not _practice_denied(view))
        if m is None or not named:
            m = m or rx["inspection"].search(text, lo, hi)
            if m is None or not because:
                continue
        if any(h.search(part) for h in hard) \
                or vetoed(view, "moderation", part, ("veto", "user_acts")):
            continue
        if rx["reservation"].search(part) and (disclaimed or not (named or because)):
            continue
        return Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index)
    return None


def _reason_given(view: PageView, unit: Unit) -> bool:
    """A reason says why content would go. A right kept for any reason takes only a
    reason in its own sentence ("for any reason, including if it breaks these Terms"
    covers removing what breaks them), and none on a page that denies looking at what
    users post (`_practice_denied`): there the right is kept, not used. A sentence
    ending in a colon ("we may remove a review that:") takes its reasons from the list
    it opens (`_reason_in_list`); an answer takes them from the question it answers
    (`_reason_in_question`)."""
    if view.has("moderation", "any_reason", unit):
        return view.has("moderation", "reason", unit) and not _practice_denied(view)
    return view.has("moderation", "reason", unit) or _reason_in_list(view, unit) \
        or _reason_in_lead(view, unit) or _reason_in_question(view, unit) \
        or _rule_just_before(view, unit) or _reason_in_rest(view, unit)


def _practice_denied(view: PageView) -> bool:
    """The page says the operator does not monitor, review or screen what users post
    (``denied``: "Acme does not monitor or screen your content")."""
    return view.first_hit("moderation", "denied") is not None


def _reason_in_rest(view: PageView, unit: Unit) -> bool:
    """A sentence a line break cut short ("...if we decide that the User" / "Content is
    not appropriate.") ends in the next unit of its paragraph: a reason there is its own,
    unless that rest keeps the right for any reason."""
    if unit.heading or unit.text.rstrip().endswith((".", "!", "?", ":", ";")) \
            or unit.index + 1 >= len(view.units):
        return False
    rest = view.units[unit.index + 1]
    return (not rest.heading and rest.section == unit.section and rest.source == unit.source
            and rest.visible == unit.visible and "\n\n" not in view.doc.text[unit.end:rest.start]
            and view.has("moderation", "reason", rest)
            and not view.has("moderation", "any_reason", rest))


def _rule_just_before(view: PageView, unit: Unit) -> bool:
    """The content is named by pointing back (``refers_back``: "such posts", "posts that
    do so") to the sentence just before in its section, and that sentence states a rule
    against something (``prohibits``: "Do not post...", "No selling...") or names a
    reason: the rule is why it goes. A rule about copyright or fraud (a veto) is not."""
    if not view.has("moderation", "refers_back", unit):
        return False
    before = view.beside(unit, -1)
    return before is not None and before.visible == unit.visible \
        and view.has_any("moderation", ("prohibits", "reason"), before) \
        and not vetoed(view, "moderation", before, ("veto",))


def _reason_in_question(view: PageView, unit: Unit) -> bool:
    """The sentence answers the question just before it, in the same section ("What
    happens to a post that breaks the rules? We take it down."), and that question, or
    a heading asked as one, names a reason."""
    index = unit.index - 1
    if index > 0 and len(view.units[index].text.strip()) <= 3:
        index -= 1  # an "A:" label between question and answer
    if index < 0:
        return False
    before = view.units[index]
    return (before.section == unit.section and before.source == unit.source
            and before.text.rstrip().endswith("?") and view.has("moderation", "reason", before))


def _reason_in_list(view: PageView, unit: Unit, span: int = 8) -> bool:
    """The sentence opens a list (ends in ":") and an item of it, in the same section
    before the next heading, names a reason."""
    if not unit.text.rstrip().endswith(":"):
        return False
    for item in view.units[unit.index + 1:unit.index + 1 + span]:
        if item.heading or item.section != unit.section or item.source != unit.source:
            return False
        if view.has("moderation", "reason", item):
            return True
    return False


def _reason_in_lead(view: PageView, unit: Unit, span: int = 6, item_size: int = 400) -> bool:
    """The sentence is a list item whose lead, a few lines before it in the same
    section, ends in ":" and names a reason ("Breaches of these guidelines may lead to
    the following actions:" / "Your content may be removed."): the lead says why. An
    item starts its line and is short, as is every unit between it and the lead; the
    lead ends its line, must not keep the right for any reason, nor keep it ("reserves
    the right to:") on a page that disclaims a duty to remove content."""
    if unit.heading or len(unit.text) > item_size or not _starts_line(view, unit):
        return False
    for step in range(1, span + 1):
        before = view.beside(unit, -step)
        if before is None or before.heading or before.source != unit.source:
            return False
        if before.text.rstrip().endswith(":"):
            return _ends_line(view, before) \
                and view.has("moderation", "reason", before) \
                and not view.has("moderation", "any_reason", before) \
                and not vetoed(view, "moderation", before, ("veto",)) \
                and not (view.has("moderation", "reservation", before)
                         and _duty_disclaimed(view))
        if len(before.text) > item_size:
            return False
    return False


def _source_text(view: PageView, unit: Unit) -> str:
    return view.doc.text if unit.visible else view.doc.hidden_text[unit.source]


def _starts_line(view: PageView, unit: Unit) -> bool:
    return unit.start == 0 or _source_text(view, unit)[unit.start - 1] == "\n"


def _ends_line(view: PageView, unit: Unit) -> bool:
    text = _source_text(view, unit)
    return unit.end >= len(text) or text[unit.end] == "\n"


def detect_reporting(view: PageView) -> Signal:
    """A way to report abuse or a safety concern: words, report buttons, safety mailboxes.

    A heading ("Reporting violations") names a topic, and a ``weak`` mention ("report
    inappropriate content") says what to report but not how: a mention weighs full only
    with a ``channel`` in its sentence (a button, link, form, address, team), and
    headings and channel-less mentions together weigh at most 1, so a page needs a
    channel somewhere. A duty to report ("you should report it to a moderator") is no
    veto here: with a channel it tells the reader how, without one it is only a
    mention. The same sentence repeated on a page counts once. A topic followed by a
    concrete way to reach the operator under a topic heading (`_reach_after_topic`)
    adds what the heading lacked. A unit whose sentences lost the space after their
    full stop is read sentence by sentence (`_reported_in_glued`), so a neighbour's
    copyright clause is not its veto."""
    hits: list[Hit] = []
    topic: Hit | None = None
    topics: list[Unit] = []
    seen_texts: set[str] = set()
    for h in scan(view, "reporting", shared=()):
        unit = view.units[h.order]
        if unit.text in seen_texts:
            continue
        seen_texts.add(unit.text)
        if unit.heading or (h.weight == 1 and not _channel_in_sentence(view, unit)):
            topics.append(unit)
            if topic is None or (h.visible and not topic.visible):
                topic = Hit(1, h.visible, h.evidence, h.order)
            continue
        hits.append(Hit(2, h.visible, h.evidence, h.order))
    if sum(h.weight for h in hits if h.visible) < 2:
        hits += _reported_in_glued(view, seen_texts)
    hits += _found_and_sent(view, seen_texts) + _asked_and_answered(view, seen_texts)
    if topic is not None:
        hits.append(topic)
        if sum(h.weight for h in hits if h.visible) < 2:
            hits += _reach_after_topic(view, topics, seen_texts)
    control, control_veto = view.rx("reporting", "control"), view.rx("reporting", "control_veto")
    mailto = view.rx("reporting", "mailto")
    for ctrl in view.controls:
        if len(hits) >= 8:
            break
        if ctrl.kind in ("button", "link") and ctrl.label and len(ctrl.label) <= 60:
            if control.search(ctrl.label) and not control_veto.search(ctrl.label) \
                    and not vetoed(view, "reporting", ctrl.label, ("veto",), ()):
                hits.append(Hit(2, not ctrl.hidden, view.element_evidence(
                    ctrl.el, ctrl.label, note="report control"), 10**6))
        elif ctrl.kind == "mailto" and mailto.search(ctrl.words.lower()):
            hits.append(Hit(2, not ctrl.hidden, view.element_evidence(
                ctrl.el, f"{ctrl.label} <{ctrl.words}>" if ctrl.label != ctrl.words else ctrl.words,
                note="safety mailbox"), 10**6))
    if sum(h.weight for h in hits if h.visible) < 2:
        hits += _mailbox_in_text(view)
    if sum(h.weight for h in hits if h.visible) < 2:
        hits += _label_lines(view)
    return decide("reporting_mechanism", hits, 2)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
"""Where two link texts were glued together when a page became text ("abuseGoogle")."""
_GLUED_END = re.compile(r"(?<=[a-z][.!?])(?=[A-Z0-9])")
"""A sentence end whose space was lost when a page became text (".If you")."""


def _label_lines(view: PageView) -> list[Hit]:
    """A report link written out as text: a line with no sentence punctuation that
    starts with a report label (``control``: "Report abuse", "report inappropriate
    content") and is little more than it, alone or glued to the next link's text
    ("Report abuseSites by ..."), or glued between two other links inside a longer
    run of text ("Status pageReport AbuseReport a bug"), or a
    menu line (``menu``: two or more of the usual footer links) naming a report. Pages
    saved as text keep their links only as such lines; a sentence that mentions
    reporting ends in a full stop and is read as a sentence. With no link target to
    say what it reports, the label must name a ``reason`` ("abuse", "inappropriate"):
    "Report an ad" or "Report an accident" could be anything."""
    control, control_veto = view.rx("reporting", "control"), view.rx("reporting", "control_veto")
    menu, reason = view.rx("reporting", "menu"), view.rx("reporting", "reason")
    named = view.may_match("reporting", "control") | view.may_match("reporting", "weak") \
        | view.may_match("reporting", "strong")
    for unit in view.units:
        if not named >> unit.index & 1 or unit.heading:
            continue
        text = unit.text.strip()
        pieces = [piece.strip() for piece in _CAMEL.split(text)]
        line = len(text) <= 170 and not text.endswith((".", "!", "?", ":", ";", ","))
        if not line:
            pieces = pieces[1:-1]  # in a longer run of text, a label glued on both sides
        label = next((piece for piece in pieces
                      if " " in piece and _whole_label(control.search(piece), piece)), None)
        if label is None and line and len(menu.findall(text)) >= 2:
            m = view.match("reporting", "strong", unit) or view.match("reporting", "weak", unit)
            label = m.group(0) if m is not None else None
        if label is None or reason.search(label) is None or control_veto.search(label) \
                or vetoed(view, "reporting", label, ("veto",), ()):
            continue
        return [Hit(2, unit.visible, view.unit_evidence(unit, note="report link as text"),
                    unit.index)]
    return []


def _whole_label(m: re.Match[str] | None, piece: str) -> bool:
    """The label is the whole piece, give or take a word ("Report abuse", "Flag this
    post now"): "Report abuse to the police" is advice in a list, not a link."""
    return m is not None and len(piece[m.end():].split()) <= 1


def _mailbox_in_text(view: PageView) -> list[Hit]:
    """A safety or abuse mailbox written out in a sentence ("write to abuse@..."): the
    same address as a ``mailto`` link would be, so the same local parts count. A
    vetoed sentence (bugs, security flaws, copyright) does not, and the address is
    the channel, not a rescue: "abuse@" says nothing of what the sentence sends there."""
    mailto, address = view.rx("reporting", "mailto"), view.rx("contact", "email")
    found: list[Hit] = []
    for unit in view.units:
        if "@" not in unit.text:
            continue
        m = next((a for a in address.finditer(unit.text)
                  if mailto.search(a.group(0).lower())), None)
        if m is None or vetoed(view, "reporting", unit.text[:m.start()] + unit.text[m.end():],
                               ("veto",), ()):
            continue
        found = [Hit(2, unit.visible, view.unit_evidence(unit, m, note="safety mailbox"),
                     unit.index)]
        if unit.visible:
            break
    return found


def _found_and_sent(view: PageView, counted: set[str], limit: int = 2) -> list[Hit]:
    """The reader who comes upon something is sent to the operator ("if you come across
    such posts, tell us"; ``found``), or told a passive route with its channel ("abuse
    can be reported from the profile"; ``route``). It is a way to report abuse when a
    ``reason`` (a rule broken, a harm, a complaint about others' content) is named in
    the sentence, in the sentence before it in the same paragraph, which "such posts"
    points back to, or in the heading it sits under; without one it is an ordinary
    "if you have questions, contact us"."""
    hits: list[Hit] = []
    routes = [u for u in view.candidates("reporting", "route") if _channel_in_sentence(view, u)]
    for unit in sorted(view.candidates("reporting", "found") + routes, key=lambda u: u.index):
        if unit.text in counted:
            continue
        if _glued_parts(unit.text):
            glued = _found_in_glued(view, unit)
            if glued is not None:
                counted.add(unit.text)
                hits.append(glued)
            continue
        if view.has("reporting", "private", unit) \
                or vetoed(view, "reporting", unit, ("veto",), ()):
            continue
        if not (view.has("reporting", "reason", unit)
                or _reason_just_before(view, unit) or _reason_in_heading(view, unit)):
            continue
        counted.add(unit.text)
        m = view.match("reporting", "found", unit) or view.match("reporting", "route", unit)
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
        if len(hits) >= limit:
            break
    return hits


def _asked_and_answered(view: PageView, counted: set[str]) -> list[Hit]:
    """A question about what the reader came upon or suffered, naming a reason (``asked``
    + ``reason``: "Have you seen abusive posts on the site?"), answered in the next
    sentence of its section by sending the reader to the operator (``sent``: "Tell us
    through the contact form"): the found-and-sent structure split over two sentences.
    A question with no reason ("Have you seen our new app?") is not it."""
    asked = view.may_match("reporting", "asked")
    for unit in view.units:
        if not (asked >> unit.index & 1 and unit.text.rstrip().endswith("?")) \
                or not view.has("reporting", "asked", unit) \
                or not view.has("reporting", "reason", unit):
            continue
        answer = view.beside(unit, 1)
        if answer is None or answer.heading or answer.visible != unit.visible \
                or answer.text in counted or not view.has("reporting", "sent", answer):
            continue
        if any(view.has("reporting", "private", u)
               or vetoed(view, "reporting", u, ("veto",), ()) for u in (unit, answer)):
            continue
        counted.add(answer.text)
        m = view.match("reporting", "sent", answer)
        return [Hit(2, answer.visible, view.unit_evidence(answer, m), answer.index)]
    return []


def _glued_parts(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of `text` when some lost the space after their full
    stop (".If you", "website.10.7 If"), as pages saved as text often do; [] when none
    did, so the unit is one sentence. Each span is then read as a sentence: a veto or
    a reason in its neighbour is not its own."""
    cuts = [m.start() for m in _GLUED_END.finditer(text)]
    if not cuts:
        return []
    edges = [0, *cuts, len(text)]
    return list(zip(edges, edges[1:], strict=False))


def _reported_in_glued(view: PageView, counted: set[str]) -> list[Hit]:
    """A way to report (``strong``, or a ``weak`` mention with its ``channel``) in a unit
    whose sentences lost their spaces, read sentence by sentence: a copyright or bug
    clause glued before it ("...infringement.To report a violation of these rules,
    contact...") is its neighbour's veto, not its own."""
    strong, weak = view.rx("reporting", "strong"), view.rx("reporting", "weak")
    channel, private = view.rx("reporting", "channel"), view.rx("reporting", "private")
    scored = view.may_match("reporting", "strong") | view.may_match("reporting", "weak")
    for unit in view.candidates("reporting", "trigger", scored):
        if unit.text in counted or unit.heading or not _glued_parts(unit.text):
            continue
        text = unit.text
        for lo, hi in _glued_parts(text):
            m = strong.search(text, lo, hi)
            if m is None and ((m := weak.search(text, lo, hi)) is None
                              or channel.search(text, lo, hi) is None):
                continue
            part = text[lo:hi]
            if private.search(part) or vetoed(view, "reporting", part, ("veto",), ()):
                continue
            counted.add(text)
            return [Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index)]
    return []


def _found_in_glued(view: PageView, unit: Unit) -> Hit | None:
    """`_found_and_sent` for a unit holding glued sentences, read one by one."""
    found, route = view.rx("reporting", "found"), view.rx("reporting", "route")
    channel, reason = view.rx("reporting", "channel"), view.rx("reporting", "reason")
    private = view.rx("reporting", "private")
    text = unit.text
    for lo, hi in _glued_parts(text):
        m = found.search(text, lo, hi)
        if m is None:
            m = route.search(text, lo, hi)
            if m is None or channel.search(text, lo, hi) is None:
                continue
        part = text[lo:hi]
        if private.search(part) or vetoed(view, "reporting", part, ("veto",), ()):
            continue
        if reason.search(part) or (lo == 0 and (_reason_just_before(view, unit)
                                                 or _reason_in_heading(view, unit))):
            return Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index)
    return None


def _reason_in_heading(view: PageView, unit: Unit) -> bool:
    """The heading the sentence sits under names a reason to report ("Harassment")."""
    if not unit.visible or not unit.path:
        return False
    reason = view.rx("reporting", "reason")
    return reason.search(unit.path[-1]) is not None


def _reach_after_topic(view: PageView, topics: list[Unit], counted: set[str],
                       span: int = 6) -> list[Hit]:
    """A reporting heading ("Reporting abuse") followed, in its first sentences, by a
    concrete way to reach the operator (``reach``: an address, link, phone, form,
    button): together they say how (weight 1, which completes the heading's 1). A
    mention in running text is not followed this way: the next sentence may be about
    anything. Vetoed or private sentences do not count."""
    for topic in topics:
        if not (topic.visible and topic.heading):
            continue
        for unit in view.units[topic.index + 1:topic.index + 1 + span]:
            if unit.heading or not unit.visible or unit.section != topic.section:
                break
            if unit.text not in counted and view.has("reporting", "reach", unit) \
                    and not view.has("reporting", "private", unit) \
                    and not vetoed(view, "reporting", unit, ("veto",), ()):
                m = view.match("reporting", "reach", unit)
                return [Hit(1, True, view.unit_evidence(unit, m), unit.index)]
    return []


def _reason_just_before(view: PageView, unit: Unit) -> bool:
    """The previous sentence of the same paragraph names a reason to report."""
    if not unit.index or not unit.visible:
        return False
    before = view.units[unit.index - 1]
    return (before.visible and not before.heading and before.section == unit.section
            and "\n" not in view.doc.text[before.end:unit.start]
            and view.has("reporting", "reason", before))


def _channel_in_sentence(view: PageView, unit: Unit) -> bool:
    """The sentence names a channel; a sentence a line break cut short ("...report
    abuse" / "by contacting support.") ends in the next unit, so that one counts too."""
    if view.has("reporting", "channel", unit):
        return True
    if unit.text.rstrip().endswith((".", "!", "?")) or unit.index + 1 >= len(view.units):
        return False
    rest = view.units[unit.index + 1]
    return (not rest.heading and rest.section == unit.section and rest.source == unit.source
            and rest.text[:1].islower() and view.has("reporting", "channel", rest))


_SUBJECT_REACH = 200
"""How far from a named resource (characters) the words saying what it covers may stand."""


def detect_education(view: PageView) -> Signal:
    """Guidance addressed to minors, parents or educators: guide phrases (a bare link or
    a sentence naming a linked guide weighs half), plus steps and tips (settings steps,
    "never share", "tell a trusted adult", lesson activities) under a heading addressed
    to parents, families, educators or young people.

    A ``resource`` named for an audience ("teacher guides", "resources for families")
    counts only when the words beside it or its headings say it covers safe use
    (``subject``, `_subject_beside`): a kindergarten maths guide for teachers is no safety
    guidance, nor are "online courses for students" (``online`` says how they are given),
    nor "A Parent's Guide to Cord Blood". A resource or guide phrase named on a menu line
    weighs 1 like a bare link (`_label_line`), once however often the menu repeats.
    A ``warning`` to the reader of what nobody should ask of them (identifying details,
    private or offline contact) counts without the ``others_duty`` veto: "you should
    never be asked by anyone" puts no duty on the reader. A line that only
    names the audience ("For parents:") weighs 1 however often it recurs. Either one
    as the page's first heading ("Guide for families" over the page) makes the page
    itself the guide: it counts in full. An adult told to talk with, explain to or
    teach the child (``teach``) counts when the sentence advises its reader
    (``advised``: "we encourage parents to", "you can", an imperative) and it or a
    heading above names safe use; without advice it is the operator's own practice,
    and a talk "with them" needs a minor named near (`_minor_near`). A safe-conduct
    rule for a child (``conduct``: "never to give out their address", "teach your
    children never to") counts the same way (`_safe_conduct_advice`): "the company will
    instruct children not to submit data" is the operator's promise, not advice. A line
    naming the audience as the page's title counts in full only on a page that names
    safe use somewhere; else it is a consent or terms page for parents."""
    hits = _audience_tips(view) + _safe_conduct_advice(view)
    title = next((u.index for u in view.units if u.heading), -1)
    links = {text for _, text in view.doc.links if text}
    linked = [text.lower() for text in links]
    labels: set[str] = set()
    for role in ("strong", "resource", "teach", "warning"):
        scored = view.may_match("education", role)
        if not scored:
            continue
        shared = () if role == "warning" else ("others_duty",)
        for unit in view.candidates("education", within=scored):
            m = view.match("education", role, unit)
            if m is None or vetoed(view, "education", unit, ("veto",), shared):
                continue
            if role == "resource" and unit.index != title \
                    and not _subject_beside(view, unit, m):
                continue
            if role == "teach" and not (view.has("education", "advised", unit)
                                        and _about_safe_use(view, unit)
                                        and _minor_near(view, unit)):
                continue  # the operator's own practice ("our tutors talk with your child")
            weight = _guide_weight(unit, m.group(0).lower(), links, linked)
            if role in ("resource", "strong") and unit.index != title and _label_line(unit):
                if unit.text in labels:
                    continue  # the same menu label repeated (header and footer) is one link
                labels.add(unit.text)
                weight = 1
            hits.append(Hit(weight, unit.visible, view.unit_evidence(unit, m), unit.index))
    lines = [u for u in view.candidates("education", "addressed")
             if not vetoed(view, "education", u, ("veto",))]
    if lines:
        line = next((u for u in lines if u.index == title), lines[0])
        m = view.match("education", "addressed", line)
        full = line.index == title and bool(view.candidates("education", "topic"))
        hits.append(Hit(2 if full else 1, line.visible,
                        view.unit_evidence(line, m), line.index))
    return decide("minors_education", hits, 2)


def _guide_weight(unit: Unit, named: str, links: set[str], linked: list[str]) -> int:
    """1 for a bare link or a sentence naming a linked guide, else 2."""
    if unit.text.strip() in links or (not unit.heading and any(named in t for t in linked)):
        return 1
    return 2


def _label_line(unit: Unit) -> bool:
    """A short line with no sentence punctuation that is not a heading: named as a
    resource or guide ("Media literacy"), a menu entry whose link was lost when the
    page became text ("Safety Resources for Families"), a bare link by another name.
    (Tips in a list often have no full stop either, so only resources and guide phrases
    are read this way.)"""
    words = unit.text.split()
    return not unit.heading and len(words) <= 10 \
        and not any(c in unit.text for c in ".!?;:")


def _about_safe_use(view: PageView, unit: Unit, role: str = "topic") -> bool:
    """The sentence, or a heading above it, names a safe-use topic (``topic``), or, for
    a resource, says what it covers (``subject``: "online" alone says how a course is
    given; in a privacy policy "privacy" and "online" stand beside everything)."""
    if view.has("education", role, unit):
        return True
    topic = view.rx("education", role)
    return any(topic.search(h) for h in unit.path)


def _subject_beside(view: PageView, unit: Unit, m: re.Match[str],
                    reach: int = _SUBJECT_REACH) -> bool:
    """What a resource covers (``subject``) said beside it, within ``reach`` characters,
    or in a heading above: in a run of glued titles or teasers ("Tips for Students
    Using Credit Cards ... Safe Ways to Buy Followers") a safety word further off
    belongs to another item. A sentence of ordinary length lies within reach whole."""
    if any(view.rx("education", "subject").search(h) for h in unit.path):
        return True
    if len(unit.text) <= 2 * reach:
        return view.has("education", "subject", unit)
    text = unit.text[max(0, m.start() - reach):m.end() + reach]
    return view.rx("education", "subject").search(text) is not None


def _minor_near(view: PageView, unit: Unit) -> bool:
    """A child or young person is named in the sentence, in the sentence before it in
    the same section, or in a heading above it: who "they" or "them" are."""
    if view.has_near("education", "minor", unit):
        return True
    minor = view.rx("education", "minor")
    return any(minor.search(h) for h in unit.path)


def _safe_conduct_advice(view: PageView, limit: int = 2) -> list[Hit]:
    """A rule of safe conduct for a child ("never to give out their address", "ask a
    parent before you type your name into a website") given as advice (``advised``)
    with a minor named near: the reader is told what to teach or do. The same rule
    stated as the operator's policy, or with no child in view, is no guidance."""
    hits: list[Hit] = []
    for unit in view.candidates("education", "conduct"):
        if unit.heading or vetoed(view, "education", unit, ("veto",)):
            continue
        if not view.has("education", "advised", unit) or not _minor_near(view, unit):
            continue
        m = view.match("education", "conduct", unit)
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
        if len(hits) >= limit:
            break
    return hits


def _audience_tips(view: PageView, limit: int = 4) -> list[Hit]:
    """Steps and tips (weight 1 each) in sections headed for parents, families,
    educators, kids or teens; headings about privacy, rights or policy do not count."""
    if not view.may_match("education", "tip"):
        return []
    audience = view.rx("education", "audience_heading")
    heading_veto = view.rx("education", "heading_veto")
    verdict: dict[str, bool] = {}

    def addressed(heading: str) -> bool:
        ok = verdict.get(heading)
        if ok is None:
            ok = verdict[heading] = audience.search(heading) is not None
        return ok

    hits: list[Hit] = []
    for unit in view.candidates("education", "tip"):
        if unit.heading or not unit.path:
            continue
        if not any(addressed(h) for h in unit.path) \
                or any(heading_veto.search(h) for h in unit.path):
            continue
        m = view.match("education", "tip", unit)
        hits.append(Hit(1, unit.visible, view.unit_evidence(unit, m), unit.index))
        if len(hits) >= limit:
            break
    return hits
