"""A page rendered to confirm its evidence cannot pass on a notice its own CSS or scripts
keep from people: colour, clipping, fading, shrinking or distance hide it as surely as
``display:none`` (real Chromium on a loopback site, through the crawl and the check)."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from auditor.crawl.escalate import CONFIRM
from auditor.models import Fetcher, Page, Status
from checks import coppa_notice_published
from tests.auditor.crawl.browserkit import crawl_rendered, serve_privacy, settings
from tests.auditor.crawl.fontkit import font_face, font_file
from tests.auditor.loopback import Site

NOTICE = ("<h2>Children's Privacy Notice</h2><p>We collect a child's first name and a "
          "parent's e-mail address only after the parent gives verifiable consent, and a "
          "parent may review or delete the child's information at any time by writing to "
          "privacy@kidscorner.example.</p>")



def picture(colour: str) -> str:
    """A flat picture of `colour` (an SVG the site serves at ``/pictures/<colour>.svg``)."""
    return f"/pictures/{colour}.svg"


def _serve_assets(site: Site) -> None:
    """What the hostile pages load as a site would serve it, over HTTP (the crawl's
    browser does not download pictures; fonts it does)."""
    for colour in ("eee", "fafafa", "123"):
        site.page(picture(colour), "<svg xmlns='http://www.w3.org/2000/svg' width='10' "
                  f"height='10'><rect width='10' height='10' fill='#{colour}'/></svg>",
                  ctype="image/svg+xml")
    site.page("/fonts/blank.ttf", font_file("Blank", inked=False), ctype="font/ttf")
    site.page("/fonts/drawn.ttf", font_file("Drawn", inked=True), ctype="font/ttf")
    late = font_file("Late", inked=False)

    def slowly(handler: BaseHTTPRequestHandler) -> None:  # arrives after the page settles
        time.sleep(1.5)
        Site.reply(handler, 200, late, "font/ttf")
    site.routes["/fonts/late.ttf"] = slowly


def _audit(tmp_path: Path, chromium: str, site: Site, css: str, notice: str,
           script: str = "") -> tuple[Page, Status]:
    """Serve a privacy page whose notice sits in `notice` (``{}`` for the notice) under
    the site's stylesheet `css`, crawl it in Chromium and run the children's-notice check."""
    _serve_assets(site)
    org = serve_privacy(site, css, notice.format(NOTICE) + "<p>Write to us with any question.</p>"
                        + script)
    snap = crawl_rendered(org, settings(tmp_path, chromium), "hostile")
    page = snap.page(f"{site.url}/privacy")
    assert page is not None and page.render_reason == CONFIRM
    assert page.fetcher is Fetcher.BROWSER
    return page, coppa_notice_published.run(snap, org)[0].status


HIDING: list[tuple[str, str, str]] = [
    ("transparent ink", ".legal { color: transparent }", "<div class=legal>{}</div>"),
    ("ink as the page background",
     "body { background: #fdfdfd } .legal { color: #fff }", "<div class=legal>{}</div>"),
    ("ink as a box's background", ".box { background: #0b3d2e } .box p, .box h2 "
     "{ color: #0b3d2e }", "<div class=box>{}</div>"),
    ("transparent fill", ".legal { -webkit-text-fill-color: transparent }",
     "<div class=legal>{}</div>"),
    ("scrolled away in a 0-height box", ".shut { height: 0; overflow: hidden } "
     ".shut > div { padding-top: 30000px }", "<div class=shut><div>{}</div></div>"),
    ("clipped by an ancestor", ".gone { position: absolute; clip: rect(0 0 0 0) }",
     "<div class=gone><div>{}</div></div>"),
    ("clip-path on an ancestor", ".gone { clip-path: inset(50%) }",
     "<div class=gone><div>{}</div></div>"),
    ("faint ancestor", ".faint { opacity: 0.03 }", "<div class=faint><div>{}</div></div>"),
    ("specks", ".tiny, .tiny * { font-size: 3px }", "<div class=tiny>{}</div>"),
    ("far to the right", ".away { position: absolute; left: 60000px; top: 0 }",
     "<div class=away>{}</div>"),
    ("letters forced right to left", ".rev h2, .rev p { direction: rtl; unicode-bidi: "
     "bidi-override }", "<div class=rev>{}</div>"),
    ("mirrored", ".flip { transform: scaleX(-1) }", "<div class=flip>{}</div>"),
    ("far below the page's end", ".gap { height: 30000px }", "<div class=gap></div>{}"),
    ("blurred", ".fog { filter: blur(6px) }", "<div class=fog><div>{}</div></div>"),
    ("flattened to one tone", ".flat { filter: contrast(0) }", "<div class=flat>{}</div>"),
    ("blown out", ".flat { filter: brightness(400) }", "<div class=flat>{}</div>"),
    ("mirrored upside down", ".flip { transform: matrix(1, 0, 0, -1, 0, 0) }",
     "<div class=flip>{}</div>"),
    ("under an opaque box after it", ".wrap { position: relative } .lid { position: absolute;"
     " inset: 0; background: #fff }", "<div class=wrap>{}<div class=lid></div></div>"),
    ("under an opaque box raised above it", ".wrap { position: relative } .lid { position: "
     "absolute; top: 0; left: 0; width: 100%; height: 100%; background: #fafafa; z-index: 3 }"
     " .wrap h2, .wrap p { position: relative; z-index: 1 }",
     "<div class=wrap><div class=lid></div>{}</div>"),
    ("under a picture after it", ".wrap { position: relative } .lid { position: absolute; "
     "top: 0; left: 0; width: 100%; height: 100% }",
     f"<div class=wrap>{{}}<img class=lid alt='' src=\"{picture('eee')}\"></div>"),
    ("under a box with a background picture", ".wrap { position: relative } .lid { position: "
     f"absolute; inset: 0; background: url(\"{picture('fafafa')}\") }}",
     "<div class=wrap>{}<div class=lid></div></div>"),
    ("under an opaque gradient", ".wrap { position: relative } .lid { position: absolute; "
     "inset: 0; background: linear-gradient(#fff, #f2f2f2) }",
     "<div class=wrap>{}<div class=lid></div></div>"),
    ("ink as a one-tone gradient behind it", ".legal { background: linear-gradient(#fdfdfd, "
     "#fdfdfd); color: #fff }", "<div class=legal>{}</div>"),
    ("upside down", ".turn { transform: rotate(180deg) }", "<div class=turn>{}</div>"),
    ("turned over by two mirrors", ".x { transform: scaleX(-1) } .y { transform: scaleY(-1) }",
     "<div class=x><div class=y>{}</div></div>"),
    ("blended into the page", ".mix { mix-blend-mode: screen }", "<div class=mix>{}</div>"),
    ("letters pressed onto each other", ".tight h2, .tight p { letter-spacing: -1em }",
     "<div class=tight>{}</div>"),
    ("squashed flat", ".flat { transform: scaleX(0.03) }", "<div class=flat>{}</div>"),
    ("a web font whose letters draw nothing",
     font_face("Blank", "/fonts/blank.ttf") + ".legal { font-family: Blank, serif }",
     "<div class=legal>{}</div>"),
    ("under a blank screen fixed over the window", ".screen { position: fixed; inset: 0; "
     "background: #fff }", "{}<div class=screen></div>"),
    ("under a fixed screen with nothing to act on", ".screen { position: fixed; top: 0; "
     "left: 0; width: 100vw; height: 100vh; background: #fafafa; z-index: 9 }",
     "<div class=screen><p>Loading</p></div>{}"),
    ("a web font arriving late whose letters draw nothing",
     font_face("Late", "/fonts/late.ttf") + ".legal { font-family: Late, serif }",
     "<div class=legal>{}</div>"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("css", "notice"), [h[1:] for h in HIDING], ids=[h[0] for h in HIDING])
def test_a_notice_the_sites_css_keeps_from_people_does_not_pass(
        tmp_path: Path, chromium: str, site: Site, css: str, notice: str) -> None:
    page, status = _audit(tmp_path, chromium, site, css, notice)
    assert "verifiable consent" not in page.text
    assert any("verifiable consent" in t for t in page.hidden_text)
    assert status is not Status.PASS


SCRIPTS = [
    ("fades the notice after load",
     "<script>addEventListener('load', () => { const n = document.getElementById('n'); "
     "n.style.opacity = '0.05'; n.style.height = '0'; });</script>"),
    ("turns it backwards with a right-to-left override",  # browser-measured text path
     "<script>for (const el of document.querySelectorAll('#n h2, #n p')) "
     "el.textContent = '\\u202e' + el.textContent;</script>"),
]


@pytest.mark.browser
@pytest.mark.parametrize("script", [s[1] for s in SCRIPTS], ids=[s[0] for s in SCRIPTS])
def test_a_notice_a_script_keeps_from_people_does_not_pass(
        tmp_path: Path, chromium: str, site: Site, script: str) -> None:
    page, status = _audit(tmp_path, chromium, site, "p { margin: 1em }",
                          "<div id=n>{}</div>", script)
    assert "verifiable consent" not in page.text
    assert any("verifiable consent" in t for t in page.hidden_text)
    assert status is not Status.PASS


SHOWN: list[tuple[str, str, str]] = [
    ("white on a dark box", ".box { background: #0b3d2e; color: #fff }",
     "<div class=box>{}</div>"),
    ("gradient text", ".grad { color: transparent; background: linear-gradient(#a00, #00a);"
     " -webkit-background-clip: text; background-clip: text }", "<div class=grad>{}</div>"),
    ("a scroll box", ".scroll { height: 60px; overflow: auto } .pad { height: 400px }",
     "<div class=scroll><div class=pad></div>{}</div>"),
    ("a closed details", "summary { cursor: pointer }",
     "<details><summary>Children's privacy</summary>{}</details>"),
    ("over its own backdrop box", ".hero { position: relative } .bg { position: absolute; "
     "inset: 0; background: #fdf6e3 } .hero h2, .hero p { position: relative }",
     "<div class=hero><div class=bg></div>{}</div>"),
    ("beside an opaque box", ".wrap { position: relative; padding-top: 120px } .lid { "
     "position: absolute; top: 0; left: 0; width: 100%; height: 100px; background: #fff }",
     "<div class=wrap><div class=lid></div>{}</div>"),
    ("under a half-transparent box", ".wrap { position: relative } .lid { position: absolute;"
     " inset: 0; background: rgba(255, 255, 255, 0.5) }",
     "<div class=wrap>{}<div class=lid></div></div>"),
    ("aligned right, letters in order", ".right { direction: rtl }",
     "<div class=right>{}</div>"),
    ("an override around blocks, which start new paragraphs", ".rev { direction: rtl; "
     "unicode-bidi: bidi-override }", "<div class=rev>{}</div>"),
    ("mirrored twice", ".flip { transform: scaleX(-1) }",
     "<div class=flip><div class=flip>{}</div></div>"),
    ("softened a little", ".soft { filter: blur(0.5px) contrast(0.8) brightness(1.2) }",
     "<div class=soft>{}</div>"),
    ("turned a little", ".tilt { transform: rotate(-3deg) scale(1.05) }",
     "<div class=tilt>{}</div>"),
    ("at the end of a long page", ".long p { margin: 2em 0 }",
     "<div class=long>" + "<p>Stories, games and songs for curious children.</p>" * 400
     + "</div>{}"),
    ("under a fixed banner one can close", ".banner { position: fixed; inset: 0; "
     "background: #fff }", "{}<div class=banner>We use cookies. <button>Accept</button></div>"),
    ("white over a dark box beside it", ".hero { position: relative } .bg { position: absolute;"
     " inset: 0; background: #0b3d2e } .hero h2, .hero p { position: relative; color: #fff }",
     "<div class=hero><div class=bg></div>{}</div>"),
    ("white over a dark picture", ".hero { position: relative } .hero img { position: absolute;"
     " top: 0; left: 0; width: 100%; height: 100% } .hero h2, .hero p { position: relative; "
     "color: #fff }", f"<div class=hero><img alt='' src=\"{picture('123')}\">{{}}</div>"),
    ("white on a dark gradient", ".dark { background: linear-gradient(#102030, #203040); "
     "color: #fff }", "<div class=dark>{}</div>"),
    ("letters set a little tight", ".tight { letter-spacing: -0.04em }",
     "<div class=tight>{}</div>"),
    ("a web font whose letters draw", font_face("Drawn", "/fonts/drawn.ttf")
     + ".legal { font-family: Drawn, serif }", "<div class=legal>{}</div>"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("css", "notice"), [s[1:] for s in SHOWN], ids=[s[0] for s in SHOWN])
def test_a_notice_people_can_read_still_passes(
        tmp_path: Path, chromium: str, site: Site, css: str, notice: str) -> None:
    page, status = _audit(tmp_path, chromium, site, css, notice)
    assert "verifiable consent" in page.text
    assert status is Status.PASS


