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
  const width = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  const seen = new Map();
  const visibleEl = (el) => {
    if (seen.has(el)) return seen.get(el);
    let v = true;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) v = false;
    else {
      const s = getComputedStyle(el);
      if (s.display === "none" || s.visibility !== "visible" || parseFloat(s.opacity) === 0) v = false;
      else if (parseFloat(s.fontSize) < 2) v = false;
      else if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") v = false;
    }
    seen.set(el, v);
    return v;
  };
  const groups = new Map();
  const blank = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  let hiddenChars = 0;
  while ((node = walker.nextNode())) {
    const t = node.nodeValue;
    const el = node.parentElement;
    if (!t || !t.trim() || !el || skip.has(el.tagName)) continue;
    let v = visibleEl(el);
    if (v) {
      range.selectNodeContents(node);
      const b = range.getBoundingClientRect();
      if (b.width < 2 && b.height < 2) v = false;
      else if (b.right <= 0 || b.bottom + window.scrollY <= 0 || b.left >= width) v = false;
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
