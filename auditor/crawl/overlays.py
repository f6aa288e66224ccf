"""Consent dialogs and chat launchers, recognised by what they are, not only by platform.

Before the browser judges a page, it clears what a user would clear: a known consent
platform's banner (by its selectors), then any dialog, consent bar or fixed overlay that
is about cookies or consent, through its reject button where there is one ("only
necessary" next, "accept" last), and any other dialog without form fields through its
close button. Age gates, sign-up forms and dialogs in other words are left alone. On a
product page it then opens the chat: the launcher is found by its accessible name (in
en, es, fr, de, pt), its role and its place (fixed in a bottom corner), or by a known
platform's selector, and clicked at its centre only when a click there reaches it.

What could not be cleared is reported, never guessed around: an overlay that still
blocks the page, or a launcher that was covered or opened nothing, becomes the page's
``obstruction``, and the checks that need to see the page say ``needs_review``.

The survey (``browser_js/survey.js``) runs in an isolated world; choosing what to click
is the pure functions below, over the words in ``overlay_words.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from auditor.crawl.isolated import IsolatedWorld
from auditor.errors import ConfigError

SURVEY_JS = (Path(__file__).with_name("browser_js") / "survey.js").read_text()
WORDS_FILE = Path(__file__).with_name("overlay_words.toml")
ButtonKind = Literal["reject", "necessary", "accept", "close"]
_BUTTON_KINDS: tuple[ButtonKind, ...] = ("reject", "necessary", "accept", "close")
_KINDS = frozenset({"dialog", *_BUTTON_KINDS, "launcher", "launcher_weak"})
_LANGUAGES = frozenset({"en", "es", "fr", "de", "pt"})
_WHOLE_NAME = frozenset({"close"})  # "Close" closes a dialog; "Close sidebar" does not
_MAX_NAME = 80
Settle = Callable[[], Awaitable[None]]

CONSENT_PLATFORMS: tuple[tuple[str, str], ...] = (
    ("OneTrust", "#onetrust-reject-all-handler, #onetrust-accept-btn-handler"),
    ("Cookiebot", "#CybotCookiebotDialogBodyButtonDecline, "
                  "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"),
    ("Didomi", "#didomi-notice-disagree-button, #didomi-notice-agree-button"),
    ("Quantcast", ".qc-cmp2-summary-buttons button"),
    ("TrustArc", "#truste-consent-required, #truste-consent-button"),
    ("Usercentrics", "[data-testid=uc-deny-all-button], [data-testid=uc-accept-all-button]"),
    ("Osano", ".osano-cm-denyAll, .osano-cm-accept-all"),
    ("CookieYes", ".cky-btn-reject, .cky-btn-accept"),
    ("Complianz", ".cmplz-deny, .cmplz-accept"),
    ("Klaro", ".cm-btn-decline, .cm-btn-success"),
    ("iubenda", ".iubenda-cs-reject-btn, .iubenda-cs-accept-btn"),
    ("Termly", "[data-tid=banner-decline], [data-tid=banner-accept]"),
    ("Osano/CookieConsent", ".cc-deny, .cc-dismiss, .cc-allow"),
)
CHAT_LAUNCHERS = (
    ".intercom-launcher, #intercom-launcher, .drift-widget-controller, #launcher, "
    "[data-testid*=chat-launcher i], [id*=chat-launcher i], [class*=chat-launcher i], "
    "button[aria-label*=chat i], [role=button][aria-label*=chat i], button[class*=chat i]"
)


@dataclass(frozen=True)
class Words:
    """Compiled word lists: one pattern per kind, over every supported language."""

    dialog: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]
    glyphs: dict[str, frozenset[str]]

    def matches(self, kind: str, name: str) -> bool:
        folded = " ".join(name.casefold().split())
        if kind in _WHOLE_NAME:
            return folded in self.glyphs[kind] or bool(self.patterns[kind].fullmatch(folded))
        return folded in self.glyphs[kind] or bool(self.patterns[kind].search(folded))


@cache
def words(path: Path = WORDS_FILE) -> Words:
    """Load and check the word lists (an unknown language or kind fails loading)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    merged: dict[str, list[str]] = {k: [] for k in _KINDS}
    for lang, table in data.items():
        if lang not in _LANGUAGES or not isinstance(table, dict):
            raise ConfigError(f"{path}: unknown language table [{lang}]")
        for kind, entries in table.items():
            if kind not in _KINDS or not isinstance(entries, list):
                raise ConfigError(f"{path}: [{lang}] has unknown key {kind!r}")
            merged[kind] += [str(e).casefold() for e in entries]
    patterns, glyphs = {}, {}
    for kind, entries in merged.items():
        phrases = sorted({e for e in entries if len(e) > 1}, key=len, reverse=True)
        body = "|".join(re.escape(p) for p in phrases) or "(?!)"
        patterns[kind] = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        glyphs[kind] = frozenset(e for e in entries if len(e) == 1)
    return Words(dialog=tuple(merged["dialog"]), patterns=patterns, glyphs=glyphs)


def button_kind(name: str, lexicon: Words | None = None) -> ButtonKind | None:
    """What clicking a button named `name` would answer (reject before accept)."""
    if not name or len(name) > _MAX_NAME:
        return None
    w = lexicon or words()
    for kind in _BUTTON_KINDS:  # "do not accept" is a refusal, "accept only necessary" too
        if w.matches(kind, name):
            return kind
    return None


def about_consent(dialog: dict[str, Any], lexicon: Words | None = None) -> bool:
    text = f"{dialog.get('label') or ''} {dialog.get('text') or ''}".casefold()
    return any(word in text for word in (lexicon or words()).dialog)


@dataclass(frozen=True)
class Click:
    """Where to click, and what it is (for the record)."""

    x: float
    y: float
    name: str
    kind: str
    dialog: str


def choose_dismissal(survey: dict[str, Any], lexicon: Words | None = None) -> Click | None:
    """The button that ends a dialog the least consequential way, or None.

    Dialogs that block the page come first. A consent dialog is answered (reject,
    necessary only, accept, close, in that order); any other dialog is only closed (a
    button named only "Close" or the like), and only when it is modal; a dialog with
    form fields (an age gate, a sign-up) is never touched.
    """
    w = lexicon or words()
    dialogs = sorted(survey.get("dialogs", []), key=lambda d: (not d.get("modal"),
                                                               -float(d.get("covers", 0))))
    for dialog in dialogs:
        if dialog.get("fields"):
            continue
        consent = about_consent(dialog, w)
        if not consent and not dialog.get("modal"):
            continue  # a chat's own greeting, a toast: not ours to close
        ranked = []
        for button in dialog.get("buttons", []):
            kind = button_kind(str(button.get("name", "")), w)
            if kind is None or not button.get("hit") or (kind != "close" and not consent):
                continue
            ranked.append((_BUTTON_KINDS.index(kind), button, kind))
        if ranked:
            _rank, button, kind = min(ranked, key=lambda r: r[0])
            label = str(dialog.get("label") or dialog.get("text") or "dialog")[:80]
            return Click(float(button["x"]), float(button["y"]), str(button["name"]), kind,
                         label)
    return None


def launcher_score(candidate: dict[str, Any], lexicon: Words | None = None) -> int:
    """How much `candidate` looks like a chat launcher (0: not at all)."""
    w = lexicon or words()
    name = str(candidate.get("name") or "")
    known = bool(candidate.get("known"))
    named = len(name) <= _MAX_NAME
    fixed_corner = bool(candidate.get("fixed")) and bool(candidate.get("corner"))
    score = 4 if known else 0
    if named and w.matches("launcher", name):
        score += 3
    elif named and fixed_corner and w.matches("launcher_weak", name):
        score += 2
    if score == 0:
        return 0
    return score + bool(candidate.get("fixed")) + bool(candidate.get("corner"))


def choose_launcher(candidates: list[dict[str, Any]],
                    lexicon: Words | None = None) -> dict[str, Any] | None:
    """The likeliest chat launcher (first in document order among equals), or None."""
    best: tuple[int, dict[str, Any]] | None = None
    for candidate in candidates:
        score = launcher_score(candidate, lexicon)
        if score and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


# -- in the browser --------------------------------------------------------------
async def dismiss_known_platform(page: Any) -> str | None:
    """Click the first visible consent button of a known platform; its name or None."""
    everything = ", ".join(sel for _name, sel in CONSENT_PLATFORMS)
    if await page.locator(everything).count() == 0:
        return None
    for name, selectors in CONSENT_PLATFORMS:
        for sel in selectors.split(", "):
            button = page.locator(sel).first
            if await button.count() and await button.is_visible():
                try:
                    await button.click(timeout=2000)
                except Exception:  # covered or gone: the generic pass looks again
                    continue
                return name
    return None


async def clear_overlays(page: Any, world: IsolatedWorld,
                         settle: Settle) -> tuple[str | None, str | None]:
    """Dismiss consent banners and dialogs; (what was dismissed, why the page is still blocked)."""
    dismissed = await dismiss_known_platform(page)
    if dismissed:
        await settle()
    arg = {"mode": "overlays", "dialogWords": list(words().dialog)}
    for _round in range(3):
        survey = await world.run(SURVEY_JS, arg)
        click = choose_dismissal(survey)
        if click is None:
            break
        await page.mouse.click(click.x, click.y)
        dismissed = dismissed or f"site dialog ({click.kind}: {click.name})"[:120]
        await settle()
    survey = await world.run(SURVEY_JS, arg)
    if survey.get("blocked"):
        what = survey.get("blocker") or "an overlay"
        return dismissed, f"an overlay ({what[:80]!r}) covers the page and could not be dismissed"
    return dismissed, None


async def open_chat(page: Any, world: IsolatedWorld,
                    settle: Settle) -> tuple[bool, str | None]:
    """Open the chat launcher; (opened, why it could not be opened). No launcher: (False, None)."""
    candidates = await world.run(SURVEY_JS, {"mode": "launchers", "known": CHAT_LAUNCHERS})
    launcher = choose_launcher(candidates)
    if launcher is None:
        return False, None
    name = str(launcher.get("name") or launcher.get("tag") or "launcher")[:80]
    if not launcher.get("hit"):
        return False, f"the chat launcher {name!r} is covered and could not be opened"
    before = await world.run(SURVEY_JS, {"mode": "signature"})
    await page.mouse.click(float(launcher["x"]), float(launcher["y"]))
    await settle()
    after = await world.run(SURVEY_JS, {"mode": "signature"})
    if after == before:
        return False, f"the chat launcher {name!r} was clicked but nothing opened"
    return True, None


__all__ = ["CHAT_LAUNCHERS", "CONSENT_PLATFORMS", "Click", "about_consent", "button_kind",
           "choose_dismissal", "choose_launcher", "clear_overlays", "launcher_score",
           "open_chat", "words"]
