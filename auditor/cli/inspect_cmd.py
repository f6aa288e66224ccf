"""`auditor inspect PATH_OR_URL [--json]`: every page signal for one file or URL.

The JSON shape is how detector quality is measured, so it is fixed:
``{"url", "language", "signals": {name: bool, ..., "coppa_elements": [str]},
"evidence": {name: [{"snippet", "locator"}]}}`` (evidence only for true signals).
Crawled text is shown with rich markup off: a page cannot style our terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from auditor.cli.context import app_context, console, print_json
from auditor.models import SIGNAL_NAMES, Signal
from auditor.parse.files import read_document
from auditor.parse.htmldoc import Document
from auditor.parse.page import parse_body
from auditor.settings import Settings
from checks.signals.explain import Line, SignalExplanation


def _fetch(url: str, settings: Settings) -> tuple[str, bytes, str | None]:
    """GET `url` through the crawler's guarded fetcher: the checked address is the one
    connected to, every redirect hop is checked, and the body is bounded and decoded
    with the bomb guard. Raises TargetRefused, FetchTimeout or FetchError."""
    from auditor.net.single import failure, fetch_one

    got = fetch_one(url, settings)
    error = failure(got)
    if error is not None:
        raise error
    return got.final_url, got.body, got.content_type


def load_document(target: str, settings: Settings) -> Document:
    """The page behind `target`: an http(s) URL, or an HTML, Markdown or text file.

    Bytes are decoded by the crawl's own decoder, so a page reads the same here as in
    an audit."""
    if target.lower().startswith(("http://", "https://")):
        final, body, ctype = _fetch(target, settings)
        return parse_body(body, final, ctype)
    return read_document(Path(target))


def report(doc: Document, signals: list[Signal], language: str) -> dict[str, Any]:
    """The fixed JSON shape of `inspect --json`."""
    by_name = {s.name: s for s in signals}
    values: dict[str, Any] = {}
    evidence: dict[str, list[dict[str, str]]] = {}
    for name in SIGNAL_NAMES:
        sig = by_name[name]
        values[name] = sorted(sig.elements) if name == "coppa_elements" else bool(sig.value)
        evidence[name] = ([{"snippet": e.snippet, "locator": e.locator} for e in sig.evidence]
                          if sig.value else [])
    return {"url": doc.url, "language": language, "signals": values, "evidence": evidence}


def _heading(doc: Document, language: str) -> None:
    """The page and its language, with a warning when the detectors do not read it."""
    from checks.signals.language import language_name, reads

    console.print(Text(f"{doc.url}  (language: {language})", style="bold"))
    if not reads(language):
        console.print(Text(f"The detectors do not read {language_name(language)}: a "
                           "signal that is 'no' here says nothing about the page; in an "
                           "audit such pages go to a person (needs_review).", style="yellow"))


def _table(doc: Document, signals: list[Signal], language: str) -> None:
    _heading(doc, language)
    table = Table(show_lines=True, expand=True)
    table.add_column("signal", no_wrap=True, min_width=19)
    table.add_column("value", max_width=26, overflow="fold")
    table.add_column("evidence", ratio=1, overflow="fold")
    for sig in signals:
        if sig.name == "coppa_elements":
            value = Text(", ".join(sig.elements) or "none", style="cyan")
        else:
            value = Text("yes" if sig.value else "no", style="green" if sig.value else "dim")
        if not sig.visible and sig.evidence:
            value.append(" (hidden)", style="yellow")
        cell = Text()
        for ev in sig.evidence:
            if cell:
                cell.append("\n")
            cell.append(ev.snippet, style="reverse" if sig.value else "dim")
            cell.append(f"  @ {ev.locator}", style="dim")
            if ev.note:
                cell.append(f"  [{ev.note}]", style="dim italic")
        table.add_row(Text(sig.name), value, cell)
    console.print(table)


def _explained(explanations: list[SignalExplanation]) -> dict[str, Any]:
    """The explanation as JSON (added under ``"explain"`` only with --explain)."""
    def lines(items: tuple[Line, ...]) -> list[dict[str, Any]]:
        return [{"locator": ln.locator, "snippet": ln.snippet, "rules": list(ln.rules),
                 "why": ln.why} for ln in items]
    return {e.name: {"value": e.value, "visible": e.visible, "confidence": e.confidence,
                     "counted": lines(e.counted), "vetoed": lines(e.vetoed),
                     "candidates": lines(e.candidates)} for e in explanations}


def _explain_text(doc: Document, explanations: list[SignalExplanation], language: str) -> None:
    _heading(doc, language)
    for e in explanations:
        head = Text(f"\n{e.name}: ", style="bold")
        head.append("yes" if e.value else "no", style="green" if e.value else "dim")
        if e.elements:
            head.append(f"  [{', '.join(e.elements)}]", style="cyan")
        if e.value and not e.visible:
            head.append("  (only in hidden text)", style="yellow")
        console.print(head)
        sections = (("counted", e.counted, "reverse"), ("dropped by a veto", e.vetoed, "dim"),
                    ("closest candidates, and why they fell short", e.candidates, "dim"))
        for title, items, style in sections:
            if not items or (title == "dropped by a veto" and not e.value):
                continue
            console.print(Text(f"  {title}:", style="italic"))
            for ln in items:
                row = Text("    ")
                row.append(ln.snippet, style=style)
                row.append(f"\n      {', '.join(ln.rules)}  @ {ln.locator}  ({ln.why})",
                           style="dim")
                console.print(row)
        if not e.value and not e.candidates:
            console.print(Text("  no sentence came close", style="dim"))


def register(app: typer.Typer) -> None:
    @app.command("inspect")
    def inspect(
        ctx: typer.Context,
        target: str = typer.Argument(..., metavar="PATH_OR_URL",
                                     help="an HTML, Markdown or text file, or an http(s) URL"),
        as_json: bool = typer.Option(False, "--json", help="print the fixed JSON shape"),
        explain: bool = typer.Option(
            False, "--explain",
            help="per signal: the sentences that counted and the rule that fired, the "
                 "vetoes that dropped one, and for a false signal the closest candidates"),
    ) -> None:
        """Run every page signal on one file or URL and show the evidence."""
        from checks.signals import analyze, explain_page, page_language

        settings = app_context(ctx).settings
        doc = load_document(target, settings)
        signals = analyze(doc)
        language = page_language(doc)
        explanations = explain_page(doc) if explain else []
        if as_json:
            out = report(doc, signals, language)
            if explain:
                out["explain"] = _explained(explanations)
            print_json(out)
        elif explain:
            _explain_text(doc, explanations, language)
        else:
            _table(doc, signals, language)
