"""A site that wants to pass without showing people its statement: the plain HTTP reading
(inline markup only, no stylesheet) must file text a person cannot see as hidden, so it
never carries a passing signal as visible, and must keep counting what people do see."""

from __future__ import annotations

import re

import pytest

from auditor.models import PASSING_CONFIDENCE, PASSING_SIGNALS
from auditor.parse import htmldoc
from checks.signals import analyze

NOTICE = ("<h2>Children's Privacy Notice</h2><p>We collect a child's first name and a "
          "parent's e-mail address only after the parent gives verifiable consent, and a "
          "parent may review or delete the child's information at any time by writing to "
          "privacy@kidscorner.example.</p>")
MODERATION = ("<p>Every post in our community is reviewed by human moderators before other "
              "children can see it, and we remove bullying or unsafe content.</p>")
REPORTING = ("<p>To report abuse or inappropriate content, use the Report button on any post "
             "or email safety@kidscorner.example; we respond within 24 hours.</p>")
AGE = ("<p>We verify the age of every user at sign-up with an age verification check, and "
       "children under 13 need a parent's consent.</p>")
MARK = "verifiable consent"


def _page(inner: str) -> str:
    return ("<!doctype html><html lang=en><head><title>Privacy</title></head><body>"
            "<h1>Privacy</h1><p>This page explains how Kids Corner handles information.</p>"
            f"{inner}<p>Contact us with any question.</p></body></html>")


def _passing(html: str) -> set[str]:
    """The signals a check would pass the organization on, read over plain HTTP."""
    doc = htmldoc.parse(html, "https://kids.example/privacy")
    return {s.name for s in analyze(doc) if s.name in PASSING_SIGNALS and s.value
            and s.visible and s.confidence >= PASSING_CONFIDENCE}


def _walked(html: str) -> tuple[str, list[str]]:
    root = htmldoc.parse(html, "https://kids.example/").root
    visible: list[str] = []
    hidden: list[str] = []
    htmldoc._walk(root.find("body"), False, visible, hidden)
    return (htmldoc._clean_lines("".join(visible)),
            [t for t in (htmldoc._norm(h) for h in hidden) if t])


HIDING_STYLES = [
    "display: /* keep */ none",
    "display/**/:none",
    r"display: n\6f ne",
    r"dis\play:none",
    "visibility:collapse",
    "opacity:.0",
    "opacity:0%",
    "opacity:0.02 !important",
    "filter:opacity(0)",
    "font-size:0.1px",
    "font-size:0em",
    "font-size:0 !important",
    "font-size:2pt",
    "font:0/0 a",
    "font:bold 1px serif",
    "height:0;overflow:hidden",
    "height:1px;width:1px;overflow:hidden;white-space:nowrap",
    "max-height:0;overflow:clip",
    "width:0;overflow:hidden",
    "max-width:0;overflow:hidden auto",
    "position:absolute;top:-9999px",
    "position:absolute;left:-999em",
    "position:absolute;right:99999px",
    "margin-top:-5000px",
    "text-indent:-200em",
    "position:absolute;clip:rect(0 0 0 0)",
    "position:absolute;clip:rect(1px,1px,1px,1px)",
    "clip-path:inset(50%)",
    "clip-path:inset(0 50%)",
    "clip-path:circle(0)",
    "transform:scale(0)",
    "transform:scaleY(0.01)",
    "transform:translateX(-10000px)",
    "scale:0",
    "translate:-9999px 0",
    "zoom:0.05",
    "color:transparent",
    "color:rgba(0,0,0,0)",
    "color:rgb(0 0 0 / 0%)",
    "color:#0000",
    "color:hsla(0, 0%, 0%, 0)",
    "-webkit-text-fill-color:transparent",
    "color:#fff;background:#ffffff",
    "color:white;background-color:rgb(255,255,255)",
    "color:#fefefe;background-color:#fff",
    "color:navy;background:navy",
    "color:#333;background:currentColor",
    "display:none !important;display:block",
    "filter:blur(8px)",
    "filter: grayscale(1) contrast(0.02)",
    "filter:brightness(0)",
    "transform:scaleX(-1)",
    "transform:rotate(180deg)",
    "transform:rotate(.5turn)",
    "transform:scaleX(-1) scaleY(-1)",
    "transform:matrix(1, 0, 0, -1, 0, 0)",
    "transform:rotateY(180deg)",
    "rotate:180deg",
    "scale:-1 1",
    "mix-blend-mode:screen",
    "letter-spacing:-1em",
]


@pytest.mark.parametrize("style", HIDING_STYLES)
def test_an_inline_style_that_hides_the_notice_keeps_it_from_passing(style: str) -> None:
    html = _page(f'<div style="{style}">{NOTICE}</div>')
    assert "coppa_notice" not in _passing(html)
    doc = htmldoc.parse(html, "https://kids.example/privacy")
    assert MARK not in doc.text
    assert any(MARK in h for h in doc.hidden_text)
    assert (doc.text, doc.hidden_text) == _walked(html)  # the stylesheet and the walk agree


@pytest.mark.parametrize(("statement", "signal"), [
    (MODERATION, "content_moderation"), (REPORTING, "reporting_mechanism"),
    (AGE, "age_assurance")])
@pytest.mark.parametrize("style", ["opacity:.0", "height:0;overflow:hidden",
                                   "color:#fff;background:#fff"])
def test_every_safeguard_statement_is_held_to_the_same_rule(
        statement: str, signal: str, style: str) -> None:
    assert signal in _passing(_page(statement))
    assert signal not in _passing(_page(f'<section style="{style}">{statement}</section>'))


UNSEEN_ELEMENTS = [
    "<dialog>{}</dialog>",
    "<select><option>Choose</option><option>{}</option></select>",
    "<input list=topics><datalist id=topics><option>{}</option></datalist>",
    "<iframe src='/frame'>{}</iframe>",
    "<canvas width=300 height=150>{}</canvas>",
    "<video src='/intro.mp4'>{}</video>",
    "<audio src='/intro.mp3'>{}</audio>",
    "<noembed>{}</noembed>",
    "<noframes>{}</noframes>",
    "<div popover>{}</div>",
    "<div popover=manual id=p>{}</div>",
    "<object data='/badge.svg' type='image/svg+xml'>{}</object>",
    "<bdo dir=rtl>{}</bdo>",  # inside each paragraph (`_filled`)
]


def _filled(wrap: str) -> str:
    """The notice in `wrap`; an inline wrapper goes inside each of its blocks."""
    if not wrap.startswith("<bdo"):
        return wrap.format(NOTICE)
    return re.sub(r"(<(h2|p)>)(.*?)(</\2>)", lambda m: m[1] + wrap.format(m[3]) + m[4], NOTICE)


@pytest.mark.parametrize("wrap", UNSEEN_ELEMENTS)
def test_text_a_browser_does_not_lay_out_is_hidden(wrap: str) -> None:
    """A closed dialog, option lists and fallback content are never page text."""
    html = _page(_filled(wrap))
    assert "coppa_notice" not in _passing(html)
    doc = htmldoc.parse(html, "https://kids.example/privacy")
    assert MARK not in doc.text


SEEN = [
    "<div>{}</div>",
    '<div style="display:none;display:block">{}</div>',
    '<div style="opacity:0.9;font-size:13px">{}</div>',
    '<div style="font:bold 16px/1.4 Georgia, serif">{}</div>',
    '<div style="font:700 1em sans-serif">{}</div>',
    '<div style="height:0">{}</div>',  # no overflow cut: the text spills out, readable
    '<div style="height:0;padding-bottom:56.25%;overflow:hidden">{}</div>',
    '<div style="position:relative;left:-20px;top:-40px">{}</div>',
    '<div style="clip:auto;clip-path:inset(5%)">{}</div>',
    '<div style="transform:scale(1.1) translateY(-12px)">{}</div>',
    '<div style="color:#fff;background:#1a237e">{}</div>',
    '<div style="color:#fff">{}</div>',  # a white text's dark backdrop may be in CSS
    '<div style="color:transparent;background-image:linear-gradient(#c00,#00c);'
    '-webkit-background-clip:text">{}</div>',
    '<div style="color:transparent;text-shadow:0 0 0 #222">{}</div>',
    '<div style="background:url(&quot;data:image/png;base64,iVBOR&quot;)">{}</div>',
    "<details><summary>Children's privacy</summary>{}</details>",
    "<dialog open>{}</dialog>",
    "<div inert>{}</div>",
    "<object>{}</object>",  # nothing to load: its content is what shows
    "<bdo dir=ltr>{}</bdo>",
    '<div style="direction:rtl">{}</div>',  # aligned right, letters in order
    '<div style="filter:blur(1px) brightness(1.1) contrast(1.2)">{}</div>',
    "<bdo dir=rtl><div>{}</div></bdo>",  # its blocks are new paragraphs, in order
    '<div style="transform:rotate(-4deg) scale(1.05)">{}</div>',
    '<div style="transform:scaleX(-1) scaleX(-1)">{}</div>',  # two mirrors cancel
    '<div style="rotate:8deg;scale:1.1">{}</div>',
    '<div style="mix-blend-mode:normal;letter-spacing:-0.03em">{}</div>',
]


@pytest.mark.parametrize("wrap", SEEN)
def test_a_notice_people_do_see_still_passes(wrap: str) -> None:
    """Guards: the same notice, shown, passes (a closed details body is one click away;
    inert content is shown, only not interactive)."""
    html = _page(wrap.format(NOTICE))
    assert "coppa_notice" in _passing(html)
    assert (htmldoc.parse(html, "https://kids.example/").text,) == (_walked(html)[0],)


def test_text_a_right_to_left_override_shows_backwards_is_hidden() -> None:
    reversed_notice = NOTICE.replace("<h2>", "<h2>\u202e").replace("<p>", "<p>\u202e")
    html = _page(f"<p>Our games are fun.</p>{reversed_notice}")
    assert "coppa_notice" not in _passing(html)
    doc = htmldoc.parse(html, "https://kids.example/privacy")
    assert MARK not in doc.text and "Our games are fun." in doc.text
    assert any(MARK in h for h in doc.hidden_text)
    popped = _page(f"<p>\u202eSale\u202c ends today.</p>{NOTICE}")  # reversal ends at its pop
    assert "coppa_notice" in _passing(popped)


def test_a_hidden_report_button_is_not_a_visible_control() -> None:
    """The controls a detector reads (buttons, links) are hidden by the same rules."""
    from checks.signals._page import hidden_in_tree

    doc = htmldoc.parse(_page(
        "<div style='opacity:0'><button id=a>Report abuse</button></div>"
        "<dialog><button id=b>Report abuse</button></dialog>"
        "<button id=c>Report abuse</button>"), "https://kids.example/")
    assert [hidden_in_tree(doc.root.get_element_by_id(i)) for i in "abc"] == [True, True, False]
