"""Web fonts made on the spot for the rendering tests: one whose letters draw nothing (a
page can keep text from people that way while the DOM holds it) and one whose letters
draw a block each (the same machinery, with ink)."""

from __future__ import annotations

import base64
import io

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

_LETTERS = [chr(c) for c in range(0x21, 0x7F)]


def font_file(family: str, inked: bool) -> bytes:
    """A TrueType font for `family` covering printable ASCII."""
    names = [".notdef", "space"] + [f"u{ord(c):04X}" for c in _LETTERS]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", **{ord(c): f"u{ord(c):04X}" for c in _LETTERS}})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if inked and name not in (".notdef", "space"):
            pen.moveTo((80, 0))
            pen.lineTo((80, 700))
            pen.lineTo((520, 700))
            pen.lineTo((520, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (600, 80 if inked else 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def font_face(family: str, src: str) -> str:
    """An ``@font-face`` rule loading `family` from `src` (a URL the site serves)."""
    return f"@font-face {{ font-family: {family}; src: url({src}) format('truetype') }} "


def inline_font_face(family: str, inked: bool) -> str:
    """The same rule with the font inside it as a data URL (no request to serve)."""
    data = base64.b64encode(font_file(family, inked)).decode("ascii")
    return font_face(family, f"data:font/ttf;base64,{data}")
