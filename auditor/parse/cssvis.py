"""Does an inline ``style`` attribute keep its element's text from being seen?

Plain HTTP parsing applies no stylesheet, so a hostile page's cheapest way to carry a
statement no person reads is an inline declaration: ``display:none`` but also a zero or
illegible size, a clip, a far-away offset, full transparency or text coloured as its own
background. Declarations are read as a browser reads them (comments dropped, escapes
decoded, case folded, the last one winning unless an earlier one is ``!important``), so
spacing and spelling tricks change nothing. Only what a single attribute decides is
judged: an element clipped by an ancestor's height, or coloured as an ancestor's
background, is left to the browser path. Memoised per attribute value: a site repeats
its inline styles on every page. Read by hand, not with tinycss2: on a page's first
sight of a style its declaration list and colours cost about 150 us against 25 here,
and page builders put hundreds of distinct styles on one page.
"""

from __future__ import annotations

import functools
import math
import re

_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_NUMBER = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)")
_FUNCTION = re.compile(r"([a-z-]+)\(([^()]*)\)")
_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 37.8, "mm": 3.78,
       "q": 0.945, "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0, "%": 0.16,
       "vw": 10.0, "vh": 10.0, "vmin": 10.0, "vmax": 10.0}
"""Pixels per unit, for a 16 px font in a 1000 px viewport: enough to tell illegible
or far-away from ordinary (a ``%`` font size is of the parent's)."""

SMALLEST_FONT_PX = 4.0
"""Text smaller than this is a line of specks, not something a person reads."""
FAR_PX = 1000.0
"""An offset at least this far off the top or left edge puts text out of any window."""
_FAINT = 0.1
BLUR_PX = 3.0
"""A blur this wide (or wider) leaves body text unreadable."""
"""Opacity or scale below which text is gone to the eye."""
_SIZES = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
          "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0, "smaller": 13.0,
          "larger": 19.0}


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code < 0x110000 else "\ufffd"
        return m.group(2)
    return _ESCAPE.sub(one, text)


def declarations(style: str) -> dict[str, str]:
    """Property -> value as a browser would settle them from one ``style`` attribute."""
    if "/*" in style:
        style = _COMMENT.sub(" ", style)
    if "\\" in style:
        style = _unescape(style)
    out: dict[str, str] = {}
    important: set[str] = set()
    for decl in style.lower().split(";"):
        name, colon, value = decl.partition(":")
        name = name.strip()
        if not colon or not name:
            continue
        value = value.strip()
        bang = value.endswith("important") and value[:-9].rstrip().endswith("!")
        if bang:
            value = value[:-9].rstrip()[:-1].rstrip()
        if name in important and not bang:
            continue
        if bang:
            important.add(name)
        out[name] = value
    return out


def _length(value: str) -> float | None:
    """`value` in pixels when it is one length (None when it is not, or is relative to
    something unknown such as ``auto`` or ``calc()``)."""
    m = _NUMBER.fullmatch(value.strip())
    if m is None or m.group(2) not in _PX:
        return None
    return float(m.group(1)) * _PX[m.group(2)]


def _fraction(value: str) -> float | None:
    m = _NUMBER.fullmatch(value.strip())
    if m is None or m.group(2) not in ("", "%"):
        return None
    number = float(m.group(1))
    return number / 100 if m.group(2) == "%" else number


def _font_size(decls: dict[str, str]) -> float | None:
    size = decls.get("font-size")
    if size is None and "font" in decls:  # the shorthand: ``font: 0/0 a``, ``bold 1px serif``
        for token in decls["font"].replace("/", " / ").split():
            if token == "/":
                break
            px = _length(token)
            if px is not None and (token.strip("0.") == "" or not token[-1].isdigit()):
                size = token
                break
            if token in _SIZES:
                size = token
                break
    if size is None:
        return None
    return _SIZES.get(size, _length(size))


def _clip_rect_empty(value: str) -> bool:
    m = _FUNCTION.search(value)
    if m is None or m.group(1) != "rect":
        return False
    parts = [p for p in re.split(r"[\s,]+", m.group(2).strip()) if p]
    if len(parts) != 4:
        return False
    top, right, bottom, left = (_length(p) if p != "auto" else None for p in parts)
    narrow = right is not None and (right - (left or 0.0)) < SMALLEST_FONT_PX
    flat = bottom is not None and (bottom - (top or 0.0)) < SMALLEST_FONT_PX
    return narrow or flat


def _clip_path_empty(value: str) -> bool:
    m = _FUNCTION.search(value)
    if m is None:
        return False
    name, args = m.group(1), m.group(2).split(" round ")[0].split()
    if name in ("circle", "ellipse"):
        radii = [p for p in args if p != "at"][:1 if name == "circle" else 2]
        return bool(radii) and any((_length(r) or 0.0) == 0.0 and r[0] in "0.+-"
                                   for r in radii)
    if name != "inset" or not 1 <= len(args) <= 4:
        return False
    shares = [(_fraction(a) if a.endswith("%") else None) or 0.0 for a in args]
    top, right = shares[0], shares[1 % len(shares)]
    bottom, left = shares[2 % len(shares)], shares[(3 if len(shares) == 4 else 1) % len(shares)]
    return top + bottom >= 1.0 or left + right >= 1.0


def _transform_gone(value: str) -> bool:
    for name, args in _FUNCTION.findall(value):
        parts = [p for p in re.split(r"[\s,]+", args.strip()) if p]
        if name.startswith("scale") or name == "matrix":
            factors = parts[:4:3] if name == "matrix" else parts
            if any((f := _fraction(p)) is not None and abs(f) < _FAINT for p in factors):
                return True
        elif name.startswith("translate") and any(
                (px := _length(p)) is not None and abs(px) >= FAR_PX for p in parts):
            return True
    return False


_TURNS = {"deg": 1 / 360, "grad": 1 / 400, "rad": 1 / (2 * math.pi), "turn": 1.0}


def _angle(value: str) -> float | None:
    """`value` in radians when it is one angle."""
    m = _NUMBER.fullmatch(value.strip())
    if m is None or m.group(2) not in _TURNS:
        return None
    return float(m.group(1)) * _TURNS[m.group(2)] * 2 * math.pi


def _linear(name: str, parts: list[str]) -> tuple[float, float, float, float] | None:
    """The 2-D linear part (a, b, c, d as in ``matrix()``) of one transform function as it
    draws on the page (a turn about X or Y squeezes or flips its axis)."""
    nums = [_fraction(p) for p in parts]
    if name in ("scale", "scale3d") and nums and nums[0] is not None:
        y = nums[1] if len(nums) > 1 and nums[1] is not None else nums[0]
        return nums[0], 0.0, 0.0, y
    if name == "scalex" and nums and nums[0] is not None:
        return nums[0], 0.0, 0.0, 1.0
    if name == "scaley" and nums and nums[0] is not None:
        return 1.0, 0.0, 0.0, nums[0]
    if name == "matrix" and len(nums) == 6 and None not in nums[:4]:
        return nums[0], nums[1], nums[2], nums[3]  # type: ignore[return-value]
    if name == "matrix3d" and len(nums) == 16 and None not in (nums[0], nums[1], nums[4], nums[5]):
        return nums[0], nums[1], nums[4], nums[5]  # type: ignore[return-value]
    turn = _angle(parts[0]) if len(parts) == 1 else None
    if turn is None:
        return None
    if name in ("rotate", "rotatez"):
        return math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn)
    if name == "rotatex":
        return 1.0, 0.0, 0.0, math.cos(turn)
    if name == "rotatey":
        return math.cos(turn), 0.0, 0.0, 1.0
    return None


def _askew(decls: dict[str, str]) -> bool:
    """Letters drawn in a mirror, or turned past a quarter turn (upside down): the element's
    ``transform`` functions, and its ``rotate`` and ``scale`` properties, composed."""
    a, b, c, d = 1.0, 0.0, 0.0, 1.0
    steps = []
    if decls.get("rotate", "none") != "none":
        steps.append(("rotate", decls["rotate"].split()[-1:]))
    if decls.get("scale", "none") != "none":
        steps.append(("scale", decls["scale"].split()))
    steps += [(name, [p for p in re.split(r"[\s,]+", args.strip()) if p])
              for name, args in _FUNCTION.findall(decls.get("transform", ""))]
    for name, parts in steps:
        m = _linear(name, parts) if parts else None
        if m is not None:
            a, b, c, d = (a * m[0] + c * m[1], b * m[0] + d * m[1],
                          a * m[2] + c * m[3], b * m[2] + d * m[3])
    return a * d - b * c < 0 or a < -0.2


_BLENDS = frozenset(("multiply", "screen", "overlay", "darken", "lighten", "color-dodge",
                     "color-burn", "hard-light", "soft-light", "difference", "exclusion",
                     "hue", "saturation", "color", "luminosity", "plus-darker",
                     "plus-lighter"))
"""``mix-blend-mode`` values that mix the letters' ink with what is behind them: the
result depends on that backdrop, so such text is not counted as seen."""
SQUEEZED_PX = -8.0
"""Letter spacing this negative (half a 16 px letter) piles the letters on each other."""


_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0), "red": (255, 0, 0),
          "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
          "gray": (128, 128, 128), "grey": (128, 128, 128), "silver": (192, 192, 192),
          "whitesmoke": (245, 245, 245), "snow": (255, 250, 250), "ivory": (255, 255, 240)}


def _colour(value: str) -> tuple[float, ...] | str | None:
    """(r, g, b, alpha) when `value` is one colour we can read; the bare keyword when
    it is another name (two equal names are equal colours); None otherwise."""
    value = value.strip()
    if value == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    if value in _NAMED:
        return (*map(float, _NAMED[value]), 1.0)
    if value.startswith("#") and len(value) in (4, 5, 7, 9):
        digits = value[1:]
        if len(digits) <= 4:
            digits = "".join(c * 2 for c in digits)
        try:
            channels = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
        except ValueError:
            return None
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return (*map(float, channels[:3]), alpha)
    m = _FUNCTION.fullmatch(value)
    if m and m.group(1) in ("rgb", "rgba", "hsl", "hsla"):
        parts = [p for p in re.split(r"[\s,/]+", m.group(2).strip()) if p]
        given = _fraction(parts[3]) if len(parts) == 4 else 1.0
        if given is None:
            return None
        if m.group(1).startswith("hsl"):
            return (0.0, 0.0, 0.0, given) if given == 0 else value
        rgb = [c for p in parts[:3] if (c := _fraction(p)) is not None]
        if len(rgb) != 3:
            return None
        return (*(c * 255 if p.endswith("%") else c
                  for c, p in zip(rgb, parts[:3], strict=True)), given)
    return value if value.isalpha() and value not in _NOT_A_COLOUR else None


_NOT_A_COLOUR = frozenset({"inherit", "initial", "unset", "revert", "none", "currentcolor"})


def _background(decls: dict[str, str]) -> tuple[float, ...] | str | None:
    if decls.get("background-color") == "currentcolor":
        return _colour(decls.get("color", ""))
    if "background-color" in decls:
        return _colour(decls["background-color"])
    back = decls.get("background")
    if (back or "").strip() == "currentcolor":
        return _colour(decls.get("color", ""))  # a block in the text's own colour
    if back is None or "(" in back and not back.startswith(("rgb", "hsl")):
        return None  # an image (or a gradient) under the text: colour unknown
    return _colour(back)


def _same(a: tuple[float, ...] | str | None, b: tuple[float, ...] | str | None) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if b[3] < 1.0:
        return False  # a see-through background shows what is under it
    return all(abs(x - y) <= 16 for x, y in zip(a[:3], b[:3], strict=True))


def _ink_gone(decls: dict[str, str]) -> bool:
    """Text drawn in no colour, or in its own element's background colour."""
    if "text" in decls.get("background-clip", "") + decls.get("-webkit-background-clip", ""):
        return False  # the background shows through the letters: gradient text
    if decls.get("text-shadow", "none") != "none":
        return False
    fill = _colour(decls.get("-webkit-text-fill-color", ""))
    if isinstance(fill, tuple) and fill[3] < _FAINT:
        return True
    ink = _colour(decls.get("color", ""))
    if isinstance(ink, tuple) and ink[3] < _FAINT:
        return True
    return _same(fill if fill is not None else ink, _background(decls))


def _overflow_clips(decls: dict[str, str], axis: str) -> bool:
    both = decls.get("overflow", "").split()
    own = decls.get(f"overflow-{axis}")
    if own is None and both:
        own = both[0] if axis == "x" or len(both) == 1 else both[1]
    return own in ("hidden", "clip")


def _collapsed(decls: dict[str, str]) -> bool:
    """A box with no room whose overflow is cut: ``height:0; overflow:hidden``."""
    for axis, sizes, pads in (("y", ("height", "max-height"), ("padding-top", "padding-bottom")),
                              ("x", ("width", "max-width"), ("padding-left", "padding-right"))):
        if not _overflow_clips(decls, axis):
            continue
        if any((_length(decls.get(p, "0")) or 0.0) > 0 for p in pads) or any(
                (_length(p) or 0.0) > 0 for p in decls.get("padding", "0").split()):
            continue  # room in the padding (the aspect-ratio box of an embed)
        if any((px := _length(decls.get(s, "auto"))) is not None and px < SMALLEST_FONT_PX
               for s in sizes):
            return True
    return False


def _filter_hides(value: str) -> bool:
    """A filter that leaves no readable letter: faded out, blurred 3 px or more, or
    flattened to one tone (contrast near 0, brightness near 0 or blown out)."""
    for name, arg in _FUNCTION.findall(value):
        arg = arg.strip()
        if name == "blur":
            px = _length(arg)
            if px is not None and px >= BLUR_PX:
                return True
            continue
        f = _fraction(arg)
        if f is None:
            continue
        if name in ("opacity", "contrast") and f < _FAINT or name == "brightness" \
                and (f < _FAINT or f > 1 / _FAINT ** 2):
            return True
    return False


def _far(decls: dict[str, str]) -> bool:
    for name in ("left", "top", "margin-left", "margin-top", "text-indent"):
        px = _length(decls.get(name, ""))
        if px is not None and px <= -FAR_PX:
            return True
    for name in ("right", "bottom"):  # pushed past the left or top edge
        px = _length(decls.get(name, ""))
        if px is not None and px >= 3 * FAR_PX:
            return True
    inset = decls.get("inset", "").split()
    return any((px := _length(p)) is not None and px <= -FAR_PX for p in inset[:1] + inset[3:4])


@functools.lru_cache(maxsize=4096)
def style_hides(style: str) -> bool:
    """Whether one inline ``style`` value keeps a person from seeing its element's text."""
    d = declarations(style)
    if not d:
        return False
    if d.get("display") == "none" or d.get("visibility") in ("hidden", "collapse") \
            or d.get("content-visibility") == "hidden":
        return True
    opacity = _fraction(d.get("opacity", "1"))
    if opacity is not None and opacity < _FAINT:
        return True
    if "filter" in d and _filter_hides(d["filter"]):
        return True
    size = _font_size(d)
    if size is not None and size < SMALLEST_FONT_PX:
        return True
    zoom = _fraction(d.get("zoom", "1"))
    if zoom is not None and 0 < zoom < 0.25:
        return True
    if "clip" in d and _clip_rect_empty(d["clip"]):
        return True
    if "clip-path" in d and _clip_path_empty(d["clip-path"]):
        return True
    if "transform" in d and _transform_gone(d["transform"]):
        return True
    scale = d.get("scale", "").split()
    if any((f := _fraction(p)) is not None and abs(f) < _FAINT for p in scale):
        return True
    if _askew(d) or d.get("mix-blend-mode") in _BLENDS:
        return True
    spacing = _length(d.get("letter-spacing", ""))
    if spacing is not None and spacing <= SQUEEZED_PX:
        return True
    translate = d.get("translate", "").split()
    if any((px := _length(p)) is not None and abs(px) >= FAR_PX for p in translate):
        return True
    return _far(d) or _collapsed(d) or _ink_gone(d)
