"""A site's own consent dialog and chat launcher, recognised by what they are.

Each page here is a chat page whose AI disclosure appears only once its launcher is
opened, and whose launcher sits under a consent dialog no platform list knows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.models import Status
from tests.auditor.crawl import browserkit as kit
from tests.auditor.loopback import Site

pytestmark = pytest.mark.browser

DIALOG = """
<div id="consent" role="dialog" aria-modal="true" aria-label="{label}"
     style="position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:1000">
  <div style="background:#fff;margin:25vh auto;width:420px;padding:20px">
    <p>{text}</p>
    <button onclick="answer('accepted')">{accept}</button>
    <button onclick="answer('rejected')">{reject}</button>
  </div>
</div>
<script>
  function answer(how) {{
    document.getElementById('consent').remove();
    document.getElementById('choice').textContent = 'choice: ' + how;
  }}
</script>"""

LAUNCHER = """
<div role="button" tabindex="0" aria-label="{launcher}"
     style="position:fixed;right:24px;bottom:24px;width:60px;height:60px;border-radius:30px;
            background:#36f;z-index:10"
     onclick="document.getElementById('panel').style.display='block'"></div>
<div id="panel" style="display:none;position:fixed;right:24px;bottom:100px;width:320px;
                       background:#fff;z-index:11">
  <p>{disclosure}</p><textarea aria-label="message"></textarea>
</div>"""


def chat_page(lang: str, *, label: str, text: str, accept: str, reject: str, launcher: str,
              disclosure: str, intro: str) -> str:
    return kit.page_html(lang, "Buddy", f"<h1>Buddy</h1><p>{intro}</p><p id='choice'></p>"
                         + LAUNCHER.format(launcher=launcher, disclosure=disclosure)
                         + DIALOG.format(label=label, text=text, accept=accept, reject=reject))


ENGLISH = chat_page(
    "en", label="Cookie consent", text="We use cookies to improve your experience.",
    accept="Accept all cookies", reject="Reject all", launcher="Open chat",
    disclosure="Hi! I am Buddy, an AI assistant, not a human. Ask me anything.",
    intro="Homework help for kids, any time.")
SPANISH = chat_page(
    "es", label="Consentimiento de cookies",
    text="Usamos cookies para mejorar tu experiencia.", accept="Aceptar todas las cookies",
    reject="Rechazar todo", launcher="Abrir chat",
    disclosure="¡Hola! Soy Buddy, un asistente de inteligencia artificial, no una persona.",
    intro="Ayuda con los deberes para niños, a cualquier hora.")
GERMAN = chat_page(
    "de", label="Cookie-Einstellungen", text="Wir verwenden Cookies.",
    accept="Alle akzeptieren", reject="Alle ablehnen", launcher="Chat öffnen",
    disclosure="Hallo! Ich bin Buddy, ein KI-Assistent, kein Mensch.",
    intro="Hausaufgabenhilfe für Kinder.")


@pytest.mark.parametrize("body", [ENGLISH, SPANISH, GERMAN], ids=["en", "es", "de"])
def test_launcher_only_disclosure_behind_the_sites_own_consent_dialog_is_found(
        tmp_path: Path, chromium: str, site: Site, body: str) -> None:
    _snap, page, finding = kit.crawl_chat(site, body, kit.settings(tmp_path, chromium))
    assert page.rendered and page.obstruction is None
    assert page.consent_banner is not None and "reject" in page.consent_banner
    assert "choice: rejected" in page.text  # the reject button, not accept
    assert page.chat_opened
    assert finding.status is Status.PASS, finding.reason


SUBSCRIBE_WALL = kit.page_html("en", "Buddy", """
<h1>Buddy</h1><p>Homework help for kids, any time.</p>
""" + LAUNCHER.format(launcher="Open chat",
                      disclosure="Hi! I am Buddy, an AI assistant, not a human.") + """
<div role="dialog" aria-modal="true" aria-label="Subscribe"
     style="position:fixed;inset:0;background:#fff;z-index:1000">
  <p>Subscribe to keep reading.</p>
  <form><input type="email" aria-label="email"><button type="button">Subscribe</button></form>
</div>""")


PLAIN_WALL = kit.page_html("en", "Buddy", """
<h1>Buddy</h1><p>Homework help for kids, any time.</p>
""" + LAUNCHER.format(launcher="Open chat",
                      disclosure="Hi! I am Buddy, an AI assistant, not a human.") + """
<div style="position:fixed;inset:0;background:rgba(255,255,255,.97);z-index:1000">
  <p>Members only. Sign in to continue.</p><a href="/login">Sign in</a>
</div>""")


@pytest.mark.parametrize("body", [SUBSCRIBE_WALL, PLAIN_WALL], ids=["aria-modal", "plain-div"])
def test_an_overlay_that_cannot_be_dismissed_needs_review(
        tmp_path: Path, chromium: str, site: Site, body: str) -> None:
    _snap, page, finding = kit.crawl_chat(site, body, kit.settings(tmp_path, chromium))
    assert page.rendered and not page.chat_opened
    assert page.obstruction and "could not be dismissed" in page.obstruction
    assert finding.status is Status.NEEDS_REVIEW
    assert "could not be dismissed" in finding.reason


DEAD_LAUNCHER = kit.page_html("en", "Buddy", """
<h1>Buddy</h1><p>Homework help for kids, any time.</p>
<button aria-label="Open chat" style="position:fixed;right:24px;bottom:24px">Chat</button>
<div style="display:none"><p>Hi! I am Buddy, an AI assistant, not a human.</p></div>""")


def test_a_launcher_that_opens_nothing_needs_review_not_fail(
        tmp_path: Path, chromium: str, site: Site) -> None:
    _snap, page, finding = kit.crawl_chat(site, DEAD_LAUNCHER, kit.settings(tmp_path, chromium))
    assert page.rendered and not page.chat_opened
    assert page.obstruction and "nothing opened" in page.obstruction
    assert finding.status is Status.NEEDS_REVIEW, finding.reason


FULL_SCREEN_APP = kit.page_html("en", "Buddy", """
<div id="app" style="position:fixed;inset:0;display:flex;background:#fafafa">
  <nav style="width:200px"><button>Close sidebar</button><p>History</p></nav>
  <main style="flex:1"><h1>Buddy</h1>
    <p>Hi! I am Buddy, an AI assistant, not a human. Ask me anything.</p>
    <textarea aria-label="message"></textarea></main>
</div>""")


def test_a_full_screen_app_is_the_page_not_an_overlay(
        tmp_path: Path, chromium: str, site: Site) -> None:
    _snap, page, finding = kit.crawl_chat(site, FULL_SCREEN_APP,
                                          kit.settings(tmp_path, chromium))
    assert page.rendered and page.obstruction is None and page.consent_banner is None
    assert "History" in page.text  # the sidebar was not "closed"
    assert finding.status is Status.PASS, finding.reason
