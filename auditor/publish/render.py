"""One Jinja2 environment for every report and e-mail; templates only render.

Why one environment: escaping is decided here, once, by file name, so no template
can forget it. ``*.html.j2`` autoescapes HTML; ``*.md.j2`` escapes Markdown (and
HTML inside it) through ``finalize``, so every ``{{ }}`` in a Markdown template is
inert; ``*.txt.j2`` is plain text for e-mail text parts, where nothing is
interpreted. ``StrictUndefined`` turns a missing view-model field into an error
instead of an empty cell. Crawled text only ever reaches a template as data.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from auditor.errors import RenderError
from auditor.resources import templates_dir

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_NEWLINES = re.compile(r"[\r\n]+")


def is_http_url(url: object) -> bool:
    """True only for absolute http(s) URLs with a host: the only links we render."""
    if not isinstance(url, str) or any(c in url for c in "\r\n\t\0 "):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def md_escape(value: object) -> str:
    """Crawled text made inert in Markdown: HTML entities, backslashed markup, one line."""
    text = _NEWLINES.sub(" ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Markdown templates escape every expression; Markup (our own output) passes."""
    name = context.name or ""
    if name.endswith(".md.j2") and not isinstance(value, Markup):
        return md_escape(value)
    return value


@pass_context
def safe_url(context: Context, url: object, label: object | None = None) -> Markup | str:
    """A link only for http(s) URLs; anything else (javascript:, data:) stays text."""
    name = context.name or ""
    text = url if label is None else label
    if name.endswith(".md.j2"):
        if not is_http_url(url):
            return Markup("`{}`".format(_NEWLINES.sub(" ", str(url)).replace("`", "'")))
        target = quote(str(url).strip(), safe=":/?#@!$&'*+,;=%-._~")
        return Markup(f"[{md_escape(text)}](<{target}>)")
    if name.endswith(".txt.j2"):
        return str(text) if label is None else f"{text} <{url}>"
    if not is_http_url(url):
        return Markup('<span class="url">{}</span>').format(text)
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(
        str(url).strip(), text
    )


@pass_context
def code(context: Context, value: object) -> Markup | str:
    """Inline code: a Markdown code span cannot be backslash-escaped, so strip backticks."""
    name = context.name or ""
    if name.endswith(".md.j2"):
        return Markup("`{}`".format(_NEWLINES.sub(" ", str(value)).replace("`", "'")))
    if name.endswith(".txt.j2"):
        return str(value)
    return Markup("<code>{}</code>").format(value)


_IMAGE_HREF = re.compile(r"^\./[A-Za-z0-9._%-]+/[0-9a-f]{8,64}\.png$")


@pass_context
def image(context: Context, href: object, alt: object) -> Markup | str:
    """An image the report wrote beside itself; any other address stays text."""
    name = context.name or ""
    if not isinstance(href, str) or not _IMAGE_HREF.match(href):
        return "" if name.endswith(".md.j2") else Markup("")
    if name.endswith(".md.j2"):
        return Markup(f"[![{md_escape(alt)}](<{href}>)](<{href}>)")
    return Markup('<img src="{}" alt="{}">').format(href, alt)


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html.j2", ".html"))


def _pct(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


@cache
def environment() -> jinja2.Environment:
    """The one environment (cached: loading templates is the slow part)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["pct"] = _pct
    env.filters["code"] = code
    env.filters["image"] = image
    return env


def render(template: str, **view: Any) -> str:
    """Render `template` with a finished view model; template problems are RenderError."""
    try:
        return environment().get_template(template).render(**view)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template} failed: {exc}") from exc
