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
  const backs = new Map();
  const backdrop = (el) => {  // the nearest opaque background colour, null when unknown
    if (!el) return style(frame).colorScheme.trim() === "dark" ? null : [255, 255, 255];  // the canvas
    if (backs.has(el)) return backs.get(el);
    const s = style(el);
    const c = rgba(s.backgroundColor);
    let v;
    if (s.backgroundImage !== "none" || s.position === "absolute" || s.position === "fixed") v = null;
    else v = c && c[3] >= 1 ? c : backdrop(el.parentElement);
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
  const inkless = (el, s) => {  // drawn in no colour, or in the colour of what is behind it
    const ink = rgba(s.webkitTextFillColor) || rgba(s.color);
    if (!ink) return false;
    const back = ink[3] >= 1 ? backdrop(el) : null;
    const gone = ink[3] < 0.1 || (!!back && Math.abs(ink[0] - back[0]) <= 16
      && Math.abs(ink[1] - back[1]) <= 16 && Math.abs(ink[2] - back[2]) <= 16);
    return gone && s.textShadow === "none" && !(parseFloat(s.webkitTextStrokeWidth) > 0) && !painted(el);
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
  // parent's), remembered per element.
  const upward = (own, combine) => {
    const memo = new Map();
    const at = (el) => {
      if (!el || el === frame) return false;
      if (!memo.has(el)) memo.set(el, combine(own(style(el)), at(el.parentElement)));
      return memo.get(el);
    };
    return at;
  };
  const flips = (t) => {  // a transform that draws in a mirror
    if (!t || t === "none") return false;
    const m = new DOMMatrixReadOnly(t);
    return m.a * m.d - m.b * m.c < 0;
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
  const mirrored = upward((s) => flips(s.transform), (a, b) => a !== b);  // an odd number of flips
  const smudged = upward((s) => blots(s.filter), (a, b) => a || b);
  const seen = new Map();
  const visibleEl = (el) => {
    if (seen.has(el)) return seen.get(el);
    let v = true;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) v = false;
    else {
      const s = style(el);
      if (s.display === "none" || s.visibility !== "visible" || opacity(el) < 0.1) v = false;
      else if (parseFloat(s.fontSize) < 4) v = false;
      else if (/^(circle|ellipse)\(0px/.test(s.clipPath)) v = false;
      else if (inkless(el, s)) v = false;
      else if (backwards(el) || mirrored(el) || smudged(el)) v = false;
    }
    seen.set(el, v);
    return v;
  };
  // Lids: absolutely positioned boxes with an opaque background colour. Such a box
  // paints over the page's in-flow text, and over positioned text before it in the
  // document unless that text sits higher in z-index. Fixed and sticky boxes move with
  // the viewport (banners, dialogs): text under them is read as shown.
  const lids = [];
  const all = root.querySelectorAll("*");
  for (let i = 0; i < Math.min(all.length, 20000) && lids.length < 200; i++) {
    const el = all[i];
    const s = style(el);
    if (s.position !== "absolute") continue;
    const c = rgba(s.backgroundColor);
    if (!c || c[3] < 0.9 || opacity(el) < 0.9 || !visibleEl(el)) continue;
    const z = parseInt(s.zIndex, 10) || 0;
    const b = el.getBoundingClientRect();
    if (z >= 0 && b.width >= 20 && b.height >= 10) lids.push({ el, z, box: [b.left, b.top, b.right, b.bottom] });
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
  const lidded = (node, el, box) => lids.some((lid) => {
    const [l, t, r, b] = lid.box;
    if (lid.el.contains(el) || box[0] < l - 1 || box[1] < t - 1 || box[2] > r + 1 || box[3] > b + 1) return false;
    const [z, positioned] = stacked(el);
    if (lid.z !== z) return lid.z > z;
    return !positioned || !!(node.compareDocumentPosition(lid.el) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
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
      else if (lids.length && lidded(node, el, [b.left, b.top, b.right, b.bottom])) v = false;
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
