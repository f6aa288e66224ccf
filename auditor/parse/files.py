"""A page saved as a file (HTML, Markdown or plain text) read the way the crawl reads it.

``auditor inspect FILE`` and the detector-quality benchmark both come here, so a file
is labelled the same by either: bytes through the crawl's decoder, then HTML, Markdown
or text by the file's suffix (or, without one, by its content).
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import ConfigError
from auditor.parse.htmldoc import Document, parse
from auditor.parse.page import decode
from auditor.parse.textdoc import parse_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mdx"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_document(path: Path, url: str | None = None) -> Document:
    """Parse one saved page; `url` is where it is said to live (default: its file URI)."""
    if not path.is_file():
        raise ConfigError(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    text, _charset = decode(path.read_bytes(), None)
    url = url or path.resolve().as_uri()
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return parse_text(text, url, markdown=True, mdx=suffix == ".mdx")
    if suffix in TEXT_SUFFIXES or (suffix not in HTML_SUFFIXES and "<" not in text[:2000]):
        return parse_text(text, url, markdown=False)
    return parse(text, url)
