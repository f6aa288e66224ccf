"""What every command shares: settings, the store, output helpers, exit codes.

Crawled or imported text (page bodies and snippets, feed fields, registry fields) is
hostile. Both consoles strip control characters from everything they print (a page
cannot retitle, clear or recolour the terminal, or reverse the text with bidi
overrides), and such text is handed to Rich through :func:`untrusted`, never as a
markup string. Output that bypasses Rich goes through :func:`terminal_safe`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import typer
from pydantic import BaseModel
from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderHook,
    RenderResult,
)
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

from auditor import __version__
from auditor.errors import AuditError, Problem
from auditor.settings import Settings, load_settings
from auditor.store import Store

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INCOMPLETE = 3

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                       "\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and line feed (ESC starts every terminal escape
sequence; 0x9b is the one-byte CSI), and the bidirectional marks, embeddings,
overrides and isolates that reorder what a reader sees."""


def terminal_safe(text: str) -> str:
    """`text` with control characters stripped (line breaks kept, CR LF made LF)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def untrusted(text: object, style: str = "") -> Text:
    """Crawled or imported text for a Rich table or print: never read as markup."""
    return Text(terminal_safe(str(text)), style=style)


class _Stripped:
    """A renderable whose rendered text has its control characters stripped (the
    escape codes Rich adds for styles are not text, so they stay)."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control is None and _CONTROLS.search(segment.text):
                yield Segment(terminal_safe(segment.text), segment.style)
            else:
                yield segment


class _StripControls(RenderHook):
    def process_renderables(
            self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Stripped(r) for r in renderables]


def _safe_console(**options: Any) -> Console:
    made = Console(highlight=False, soft_wrap=True, **options)
    made.push_render_hook(_StripControls())
    return made


console = _safe_console()
err_console = _safe_console(stderr=True)


@dataclass
class AppContext:
    """Built once per invocation from the global options."""

    config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None
    _store: Store | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config, **self.overrides)
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.database_url)
        return self._store

    def override(self, section: str, key: str, value: Any) -> None:
        """Apply a CLI flag: the highest precedence."""
        self.overrides.setdefault(section, {})[key] = value
        self._settings = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


def app_callback(
    ctx: typer.Context,
    config: Path | None = typer.Option(
        None, "--config", "-c", help="settings file (default: ./auditor.toml or $AUDITOR_CONFIG)"
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="print the version and exit"
    ),
) -> None:
    """Audit organizations whose AI products minors can use."""
    ctx.obj = AppContext(config=config)


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_object(AppContext)
    if obj is None:  # command invoked without the root callback (tests)
        obj = AppContext()
        ctx.obj = obj
    return obj


def print_json(data: Any) -> None:
    """Data to stdout as JSON (models dumped in JSON mode)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


SHOWN_PROBLEMS = 100
"""Located problems printed at most (a feed of 200,000 bad rows names the first ones)."""


def print_problems(problems: Sequence[Problem], prefix: str = "") -> None:
    """Located problems to stderr, one a line, the first :data:`SHOWN_PROBLEMS` of them."""
    for problem in problems[:SHOWN_PROBLEMS]:
        err_console.print(f"  {prefix}{problem}", markup=False, soft_wrap=True)
    if len(problems) > SHOWN_PROBLEMS:
        err_console.print(f"  ... and {len(problems) - SHOWN_PROBLEMS} more", markup=False)


def fail(error: AuditError) -> typer.Exit:
    """Print an error with its located problems; return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {escape(str(error))}", markup=True, soft_wrap=True)
    print_problems(error.problems)
    return typer.Exit(error.exit_code)


def run_guarded(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run the CLI mapping the error tree to the documented exit codes."""
    try:
        result = app(args=argv, prog_name="auditor", standalone_mode=False)
    except AuditError as exc:
        fail(exc)
        return exc.exit_code
    except _USAGE_ERRORS as exc:
        exc.show()  # type: ignore[attr-defined]
        return EXIT_BAD_INPUT
    except _ABORTS:
        err_console.print("aborted")
        return 130
    except _EXITS as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    return int(result or 0)


def _click_families() -> tuple[tuple[type[Exception], ...], ...]:
    """Click's exceptions, from click itself and from the copy typer vendors."""
    modules: list[Any] = [click.exceptions]
    try:
        import typer._click.exceptions as vendored

        modules.append(vendored)
    except ImportError:
        pass
    def collect(name: str, *extra: type[Exception]) -> tuple[type[Exception], ...]:
        found = {getattr(m, name) for m in modules if hasattr(m, name)}
        return tuple(found | set(extra))

    return collect("UsageError"), collect("Abort"), collect("Exit", typer.Exit)


_USAGE_ERRORS, _ABORTS, _EXITS = _click_families()
