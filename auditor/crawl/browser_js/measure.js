// Visible text with per-node visibility (computed style, size, on screen), the text of
// hidden nodes grouped by element, every link, and the DOM it was measured on. Runs in an
// isolated world (page scripts cannot redefine what it calls). Blanks hidden nodes: run
// it last. Every string returned is bounded by args.maxChars.
(args) => {
  const max = args.maxChars;
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const root = document.body || document.documentElement;
  if (!root) return { text: "", hidden_text: [], links: [], html: "" };
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : "";
  const html = (doctype + document.documentElement.outerHTML).slice(0, max);
  // A closed <details> body is one click away: measured as shown (after the DOM was read).
  for (const d of document.querySelectorAll("details:not([open])")) d.open = true;
  const css = new Map();
  const style = (el) => {
    let s = css.get(el);
    if (!s) { s = getComputedStyle(el); css.set(el, s); }
    return s;
  };
  const frame = document.documentElement;
  const scrollsX = !["hidden", "clip"].includes(style(frame).overflowX)
    && !(document.body && ["hidden", "clip"].includes(style(document.body).overflowX));
  const width = Math.min(scrollsX ? Math.max(frame.scrollWidth, window.innerWidth) : window.innerWidth, 10000);
  const rgba = (c) => {
    const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c || "");
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const fades = new Map();
  const opacity = (el) => {  // what shows through every ancestor's opacity
    if (!el) return 1;
    if (!fades.has(el)) fades.set(el, parseFloat(style(el).opacity) * opacity(el.parentElement));
    return fades.get(el);
  };
  const near = (a, b) => Math.abs(a[0] - b[0]) <= 16 && Math.abs(a[1] - b[1]) <= 16
    && Math.abs(a[2] - b[2]) <= 16;
  // What a box's background paints over what lies behind it: a colour, null when it paints
  // something we do not read (an image, a gradient of several tones), undefined when it
  // lets what is behind show through.
  const cover = (s) => {
    const image = s.backgroundImage;
    if (image && image !== "none") {
      if (image.includes("url(")) return null;
      const stops = Array.from(image.matchAll(/rgba?\([^)]*\)/g), (m) => rgba(m[0]));
      if (stops.length && stops.every((c) => c && c[3] >= 0.9)) {
        return stops.every((c) => near(c, stops[0])) ? stops[0] : null;
      }
    }
    const c = rgba(s.backgroundColor);
    return c && c[3] >= 0.9 ? c : undefined;
  };
  const backs = new Map();
  const backdrop = (el) => {  // the nearest opaque background colour, null when unknown
    if (!el) return style(frame).colorScheme.trim() === "dark" ? null : [255, 255, 255];  // the canvas
    if (backs.has(el)) return backs.get(el);
    const s = style(el);
    let v;
    if (s.position === "absolute" || s.position === "fixed") v = null;
    else {
      v = cover(s);
      if (v === undefined) v = backdrop(el.parentElement);
    }
    backs.set(el, v);
    return v;
  };
  const clipped = new Map();
  const painted = (el) => {  // a background drawn through the letters (gradient text), here or above
    if (!el) return false;
    if (!clipped.has(el)) {
      const s = style(el);
      clipped.set(el, (s.backgroundClip || "").includes("text")
        || (s.webkitBackgroundClip || "").includes("text") || painted(el.parentElement));
    }
    return clipped.get(el);
  };
  const ink = (el, s) => {  // the letters' colour (SVG text is filled, not coloured)
    if (!(el instanceof SVGElement)) return rgba(s.webkitTextFillColor) || rgba(s.color);
    return s.fill === "none" ? [0, 0, 0, 0] : rgba(s.fill);
  };
  const inkless = (el, s, back) => {  // "clear": drawn in no colour; "ink": in the colour behind it
    const c = ink(el, s);
    if (!c) return false;
    const gone = c[3] < 0.1 ? "clear" : c[3] >= 1 && !!back && near(c, back) ? "ink" : false;
    const outlined = parseFloat(s.webkitTextStrokeWidth) > 0 || (el instanceof SVGElement && s.stroke !== "none");
    return gone && s.textShadow === "none" && !outlined && !painted(el) ? gone : false;
  };
  const cut = (a, b) => (a ? [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])] : b);
  const regions = new Map();
  const region = (el) => {  // the viewport area el's content can show in (null: unbounded)
    if (!el || el === frame || el === document.body) return null;
    if (regions.has(el)) return regions.get(el);
    const s = style(el);
    let up = el.parentElement;  // whose clipping applies: an out-of-flow box escapes some
    if (s.position === "fixed") up = null;
    else if (s.position === "absolute") {
      while (up && up !== frame && style(up).position === "static" && style(up).transform === "none") up = up.parentElement;
    }
    let r = region(up);
    const x = s.overflowX, y = s.overflowY;
    if (x !== "visible" || y !== "visible" || s.clip.startsWith("rect(") || s.clipPath.startsWith("inset(")) {
      const b = el.getBoundingClientRect();
      const tiny = (axis, size) => axis === "hidden" || axis === "clip" || (axis !== "visible" && size < 4);
      if (tiny(x, b.width)) r = cut(r, [b.left, -Infinity, b.right, Infinity]);
      if (tiny(y, b.height)) r = cut(r, [-Infinity, b.top, Infinity, b.bottom]);
      const px = (v, whole) => (v.endsWith("%") ? (parseFloat(v) / 100) * whole : parseFloat(v) || 0);
      const rect = /^rect\(([^)]*)\)/.exec(s.position === "absolute" || s.position === "fixed" ? s.clip : "");
      if (rect) {
        const [t, rt, bt, l] = rect[1].split(/[\s,]+/).map((v) => (v === "auto" ? null : parseFloat(v)));
        r = cut(r, [b.left + (l ?? 0), b.top + (t ?? 0), rt === null ? Infinity : b.left + rt, bt === null ? Infinity : b.top + bt]);
      }
      const inset = /^inset\(([^)]*?)(?: round [^)]*)?\)/.exec(s.clipPath);
      if (inset) {
        const v = inset[1].trim().split(/\s+/);
        const [t, rt, bt, l] = [v[0], v[1] ?? v[0], v[2] ?? v[0], v[3] ?? v[1] ?? v[0]];
        r = cut(r, [b.left + px(l, b.width), b.top + px(t, b.height), b.right - px(rt, b.width), b.bottom - px(bt, b.height)]);
      }
    }
    regions.set(el, r);
    return r;
  };
  const backwards = (el) => {  // letters forced right to left up to their block: unreadable
    for (let up = el; up && up !== frame; up = up.parentElement) {
      const s = style(up);
      if (s.direction === "rtl" && s.unicodeBidi.endsWith("override")) return true;
      if (s.display !== "inline" && s.display !== "contents") return false;  // a new paragraph
    }
    return false;
  };
  // A property of an element and its ancestors together (`combine` of its own and its
  // parent's; `none` above the page), remembered per element.
  const upward = (own, combine, none = false) => {
    const memo = new Map();
    const at = (el) => {
      if (!el || el === frame) return none;
      if (!memo.has(el)) memo.set(el, combine(own(style(el)), at(el.parentElement)));
      return memo.get(el);
    };
    return at;
  };
  // Every transform from the page down to an element, composed: letters drawn in a
  // mirror, or turned past a quarter turn (upside down), cannot be read.
  const pose = upward((s) => (s.transform && s.transform !== "none" ? new DOMMatrixReadOnly(s.transform) : null),
    (own, up) => (own ? (up ? up.multiply(own) : own) : up), null);
  const askew = (el) => {
    const m = pose(el);
    return !!m && (m.a * m.d - m.b * m.c < 0 || m.a < -0.2);
  };
  const blots = (f) => {  // a filter that leaves no readable letter
    if (!f || f === "none") return false;
    for (const [, name, arg] of f.matchAll(/([a-z-]+)\(([^)]*)\)/g)) {
      const n = parseFloat(arg);
      if (name === "blur" && n >= 3) return true;
      if ((name === "contrast" || name === "opacity") && n < 0.1) return true;
      if (name === "brightness" && (n < 0.1 || n > 100)) return true;
    }
    return false;
  };
  const smudged = upward((s) => blots(s.filter), (a, b) => a || b);
  // Blending mixes the letters' ink with whatever is behind them, which can wash it out;
  // we do not compute the result, so blended text is not counted as seen.
  const blended = upward((s) => s.mixBlendMode !== "normal", (a, b) => a || b);
  const boxShown = new Map();
  const shows = (el) => {  // the element's box is painted at all
    if (!boxShown.has(el)) {
      const s = style(el);
      boxShown.set(el, !(el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }))
        && s.display !== "none" && s.visibility === "visible" && opacity(el) >= 0.1
        && !/^(circle|ellipse)\(0px/.test(s.clipPath));
    }
    return boxShown.get(el);
  };
  // Web fonts: a letter whose glyph draws no ink shows nothing, whatever the DOM says.
  // Letters not yet tried in a font are drawn side by side on a small canvas, 32 px apart,
  // and read back at once.
  const webFonts = new Set();
  for (const f of document.fonts || []) if (f.status === "loaded") webFonts.add(f.family.replace(/^["']|["']$/g, ""));
  let pen = null;
  const tryLetters = (font, table, letters) => {  // record whether each letter draws ink
    if (!pen) {
      const canvas = document.createElement("canvas");
      canvas.width = 32 * 40;
      canvas.height = 32;
      pen = canvas.getContext("2d", { willReadFrequently: true });
    }
    pen.clearRect(0, 0, 32 * 40, 32);
    pen.font = font;
    pen.textBaseline = "top";
    letters.forEach((ch, i) => pen.fillText(ch, 32 * i + 4, 4));
    const px = pen.getImageData(0, 0, 32 * letters.length, 32).data;
    const row = 32 * letters.length * 4;
    letters.forEach((ch, i) => {
      let any = false;
      for (let y = 0; y < 32 && !any; y++) {
        for (let x = y * row + i * 128 + 3; x < y * row + (i + 1) * 128 && !any; x += 4) any = px[x] > 0;
      }
      table.set(ch, any);
    });
  };
  const tables = new Map();  // font -> letter -> draws ink
  const fonts = new Map();  // element -> [font, its table], or null when not a web font
  const fontOf = (el, s) => {
    if (!fonts.has(el)) {
      let v = null;
      if (webFonts.has(s.fontFamily.split(",")[0].trim().replace(/^["']|["']$/g, ""))) {
        const font = `${s.fontStyle} ${s.fontWeight} 16px ${s.fontFamily}`;
        if (!tables.has(font)) tables.set(font, new Map());
        v = [font, tables.get(font)];
      }
      fonts.set(el, v);
    }
    return fonts.get(el);
  };
  const lettersOf = (text) => {  // the first 40 kinds of letter in a text's first 400 characters
    const letters = new Set();
    for (let i = 0; i < text.length && i < 400 && letters.size < 40; i++) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === 160) continue;
      const pair = c >= 0xd800 && c < 0xdc00;
      letters.add(pair ? text.slice(i, i + 2) : text[i]);
      if (pair) i++;
    }
    return letters;
  };
  // Every web-font text is judged before the walk: drawing on the canvas between style
  // reads would make each read recompute the page's styles.
  const fontless = new Set();
  if (webFonts.size) {
    const wanted = new Map();  // font -> [its table, letters not yet tried]
    const judged = [];
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) {
      const el = n.parentElement;
      const f = el && !skip.has(el.tagName) ? fontOf(el, style(el)) : null;
      if (!f) continue;
      const letters = lettersOf(n.nodeValue);
      if (!wanted.has(f[0])) wanted.set(f[0], [f[1], new Set()]);
      for (const ch of letters) if (!f[1].has(ch)) wanted.get(f[0])[1].add(ch);
      judged.push([n, f[1], letters]);
    }
    for (const [font, [table, letters]] of wanted) {
      const all = [...letters];
      for (let i = 0; i < all.length; i += 40) tryLetters(font, table, all.slice(i, i + 40));
    }
    for (const [n, table, letters] of judged) {  // most of its letters drawn without ink
      let inked = 0;
      for (const ch of letters) if (table.get(ch)) inked++;
      if (letters.size > 0 && inked * 2 < letters.size) fontless.add(n);
    }
  }
  // A text element's letters: false when unreadable, "ink" when drawn in the colour of
  // its ancestors' background (a box drawn under it may still show it), else true.
  const seen = new Map();
  const visibleEl = (el) => {
    if (seen.has(el)) return seen.get(el);
    let v = true;
    const s = style(el);
    if (!shows(el) || parseFloat(s.fontSize) < 4) v = false;
    else if (backwards(el) || askew(el) || smudged(el) || blended(el)) v = false;
    else {
      const c = ink(el, s);
      const gone = inkless(el, s, c && c[3] >= 1 ? backdrop(el) : null);
      if (gone) v = gone === "ink" ? "ink" : false;
    }
    seen.set(el, v);
    return v;
  };
  // Boxes out of the flow: absolutely positioned elements that paint an opaque background
  // (a colour, an image, a gradient) or are pictures, videos, canvases or frames. Such a
  // box paints over the page's in-flow text, and over positioned text before it in the
  // document unless that text sits higher in z-index; text raised above it is read
  // against it. Fixed and sticky boxes move with the viewport (banners, dialogs): text
  // under them is read as shown, unless a fixed box covers the whole window and offers
  // nothing to act on (no link, button or field): a screen no one gets past.
  const pictures = new Set(["IMG", "VIDEO", "CANVAS", "svg", "IFRAME", "OBJECT", "EMBED"]);
  const controls = "a[href], button, input, select, textarea, [role=button], [onclick], [tabindex]";
  const boxes = [];
  const all = root.querySelectorAll("*");
  for (let i = 0; i < Math.min(all.length, 20000) && boxes.length < 200; i++) {
    const el = all[i];
    const s = style(el);
    if (s.position !== "absolute" && s.position !== "fixed") continue;
    let fill = cover(s);
    if (fill === undefined && pictures.has(el.tagName)) {
      // the crawl does not download pictures: one people would see has a source
      if (el.tagName === "IMG" && !el.getAttribute("src") && !el.getAttribute("srcset")) continue;
      fill = null;
    }
    if (fill === undefined || opacity(el) < 0.9 || !shows(el)) continue;
    const b = el.getBoundingClientRect();
    if (s.position === "fixed") {
      if (b.left <= 1 && b.top <= 1 && b.right >= window.innerWidth - 1 && b.bottom >= window.innerHeight - 1
          && !el.querySelector(controls)) {
        boxes.push({ el, fill, z: parseInt(s.zIndex, 10) || 0, box: [-Infinity, -Infinity, Infinity, Infinity] });
      }
    } else if (b.width >= 20 && b.height >= 10) {
      boxes.push({ el, fill, z: parseInt(s.zIndex, 10) || 0, box: [b.left, b.top, b.right, b.bottom] });
    }
  }
  const stacked = (el) => {  // the text's z-index, and whether it is positioned at all
    let positioned = false;
    for (let up = el; up && up !== frame; up = up.parentElement) {
      const s = style(up);
      if (s.position === "static") continue;
      positioned = true;
      const z = parseInt(s.zIndex, 10);
      if (!Number.isNaN(z)) return [z, true];
    }
    return [0, positioned];
  };
  const within = (box, [l, t, r, b]) => box[0] >= l - 1 && box[1] >= t - 1 && box[2] <= r + 1 && box[3] <= b + 1;
  const above = (lid, node, el) => {  // does the box paint over the text node?
    const [z, positioned] = stacked(el);
    if (lid.z !== z) return lid.z > z;
    return !positioned || !!(node.compareDocumentPosition(lid.el) & Node.DOCUMENT_POSITION_FOLLOWING);
  };
  const around = (node, el, box) => boxes.filter((lid) => !lid.el.contains(el) && within(box, lid.box));
  const lidded = (node, el, box) => around(node, el, box).some((lid) => above(lid, node, el));
  const backed = (node, el, box) => {  // ink unlike the topmost box painted under it
    let top = null;
    for (const lid of around(node, el, box)) {
      if (above(lid, node, el)) continue;
      if (!top || lid.z > top.z || (lid.z === top.z
          && (top.el.compareDocumentPosition(lid.el) & Node.DOCUMENT_POSITION_FOLLOWING))) top = lid;
    }
    if (!top) return false;
    const c = ink(el, style(el));
    return top.fill === null || !near(c, top.fill);
  };
  // Letters pressed together (negative spacing, a squashing transform) leave a box far too
  // small for the text they hold.
  const squeezed = (t, b) => {
    const n = t.replace(/\s+/g, "").length;
    return n >= 12 && (b.width * b.height) / n < 8;
  };
  const groups = new Map();
  const blank = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  let hiddenChars = 0;
  let reach = 0;  // the bottom of the text shown so far, in page coordinates
  const gap = 10000;  // blank space no reader scrolls through: text past it is not shown
  while ((node = walker.nextNode())) {
    const t = node.nodeValue;
    const el = node.parentElement;
    if (!t || !t.trim() || !el || skip.has(el.tagName)) continue;
    let v = visibleEl(el);
    if (v) {
      range.selectNodeContents(node);
      const b = range.getBoundingClientRect();
      const r = region(el);
      const [l, t, rt, bt] = r ? cut(r, [b.left, b.top, b.right, b.bottom]) : [b.left, b.top, b.right, b.bottom];
      if (rt - l < 2 || bt - t < 3) v = false;  // no box, specks, or cut away by a clipping box
      else if (rt <= 0 || bt + window.scrollY <= 0 || l + window.scrollX >= width) v = false;
      else if (t + window.scrollY - reach > gap) v = false;  // pushed far below everything before
      else if (fontless.has(node)) v = false;
      else if (squeezed(node.nodeValue, b)) v = false;
      else if (v === "ink" && !(boxes.length && backed(node, el, [b.left, b.top, b.right, b.bottom]))) v = false;
      else if (boxes.length && lidded(node, el, [b.left, b.top, b.right, b.bottom])) v = false;
      if (v) reach = Math.max(reach, bt + window.scrollY);
    }
    if (!v) {
      blank.push(node);
      if (hiddenChars < max) {
        const parts = groups.get(el) || [];
        parts.push(t.trim());
        groups.set(el, parts);
        hiddenChars += t.length;
      }
    }
  }
  const hidden = Array.from(groups.values(), (parts) => parts.join(" "));
  for (const n of blank) n.nodeValue = "";
  const text = (root.innerText || "").slice(0, max);
  const links = Array.from(document.querySelectorAll("a[href]")).slice(0, 5000)
    .filter((a) => typeof a.href === "string")  // an SVG <a> has an SVGAnimatedString
    .map((a) => [a.href.split("#")[0], (a.innerText || a.getAttribute("aria-label") || "").trim().slice(0, 200)])
    .filter(([h]) => h.startsWith("http://") || h.startsWith("https://"));
  return { text, hidden_text: hidden, links, html };
}
