// What stands between the page and a user, read in an isolated world; changes nothing.
//   args.mode "overlays":  dialogs, consent bars and fixed overlays, the buttons in each
//                          (name, on-screen centre, whether a click there reaches them),
//                          and whether the page under them is blocked (five points hit-tested;
//                          "modal" marks what says so or covers other content)
//   args.mode "launchers": clickable things that may open a chat (name, centre, fixed,
//                          bottom corner, known platform selector), in document order
//   args.mode "signature": a few numbers that change when something opens
(args) => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const limit = args.maxElements || 4000;
  const clip = (s, n) => (s || "").replace(/\s+/g, " ").trim().slice(0, n);
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const inside = (outer, el) => { for (let e = el; e; e = parentOf(e)) if (e === outer) return true; return false; };
  const elements = (root) => {
    const out = [];
    const walk = (r) => {
      const w = document.createTreeWalker(r, NodeFilter.SHOW_ELEMENT);
      let el;
      while ((el = w.nextNode()) && out.length < limit) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return out;
  };
  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2 && r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw;
  };
  const cover = (r) => Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0))
    * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0)) / (vw * vh);
  const fixed = (el) => { for (let e = el; e && e !== document.documentElement; e = parentOf(e)) { const p = getComputedStyle(e).position; if (p === "fixed" || p === "sticky") return true; } return false; };
  const hitAt = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) { const inner = el.shadowRoot.elementFromPoint(x, y); if (!inner || inner === el) break; el = inner; }
    return el;
  };
  const labelOf = (el) => {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const by = ids.map((id) => { const t = el.getRootNode().getElementById ? el.getRootNode().getElementById(id) : document.getElementById(id); return t ? t.innerText : ""; }).join(" ");
    return clip(el.getAttribute("aria-label") || by || el.getAttribute("title") || "", 200);
  };
  const nameOf = (el) => clip(labelOf(el) || el.innerText || el.value || el.getAttribute("name") || "", 200);
  const centre = (el) => {
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 1), vw - 1), y = Math.min(Math.max(r.top + r.height / 2, 1), vh - 1);
    return { x, y, w: r.width, h: r.height, hit: inside(el, hitAt(x, y)) };
  };
  const navigates = (el) => {
    if (el.tagName !== "A" || (el.getAttribute("role") || "") === "button") return false;
    const href = (el.getAttribute("href") || "").trim();
    return href !== "" && !href.startsWith("#") && !href.toLowerCase().startsWith("javascript:");
  };

  if (args.mode === "signature") {
    const frames = Array.from(document.querySelectorAll("iframe")).filter(shown);
    const area = frames.reduce((a, f) => a + Math.round(cover(f.getBoundingClientRect()) * 1000), 0);
    const dialogs = Array.from(document.querySelectorAll("[role=dialog], [role=alertdialog], dialog[open], [aria-modal=true]")).filter(shown).length;
    return [document.body ? document.body.innerText.length : 0, frames.length, area, dialogs];
  }

  const all = elements(document.body || document.documentElement);

  if (args.mode === "launchers") {
    const clickable = "button, [role=button], a, [aria-haspopup], iframe, [tabindex]:not([tabindex='-1'])";
    const out = [];
    for (const el of all) {
      const known = !!args.known && el.matches(args.known);
      if (!known && !el.matches(clickable)) continue;
      if ((!known && navigates(el)) || !shown(el)) continue;
      const c = centre(el);
      const name = el.tagName === "IFRAME" ? labelOf(el) || clip(el.getAttribute("name"), 100) : nameOf(el);
      out.push({ name, x: c.x, y: c.y, w: c.w, h: c.h, hit: c.hit, known, fixed: fixed(el),
                 corner: c.y > vh * 0.6 && (c.x > vw * 0.6 || c.x < vw * 0.4), tag: el.tagName.toLowerCase() });
      if (out.length >= 300) break;
    }
    return out;
  }

  // overlays: what covers the viewport, and every dialog-like thing with its buttons
  const layerOf = (el) => {
    let top = null;
    for (let e = el; e && e !== document.body && e !== document.documentElement; e = parentOf(e)) {
      if (getComputedStyle(e).position === "fixed" || (e.tagName === "DIALOG" && e.matches(":modal"))) top = e;
    }
    return top;
  };
  // a fixed layer on top is an overlay only if it says it is modal or it covers some of
  // the page's own text (a full-screen app shell holds all of it: it is the page itself)
  const semantic = (el) => el.getAttribute("aria-modal") === "true" || (el.tagName === "DIALOG" && el.matches(":modal"));
  const ownText = (e) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.nodeValue.trim());
  const coversText = (layer) => all.some((e) => {
    if (inside(layer, e) || inside(e, layer) || !ownText(e) || !shown(e)) return false;
    const r = e.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    return x > 0 && y > 0 && x < vw && y < vh && inside(layer, hitAt(x, y));
  });
  const points = [[0.5, 0.5], [0.25, 0.3], [0.75, 0.3], [0.25, 0.7], [0.75, 0.7]];
  const layers = new Map();
  const overlays = new Set();
  for (const [px, py] of points) {
    const layer = layerOf(hitAt(vw * px, vh * py));
    if (!layer || cover(layer.getBoundingClientRect()) < 0.5) continue;
    if (!layers.has(layer) && (semantic(layer) || coversText(layer))) overlays.add(layer);
    layers.set(layer, (layers.get(layer) || 0) + 1);
  }
  const modal = document.querySelector("dialog:modal");
  let blocker = null, hits = 0;
  for (const [layer, n] of layers) if (overlays.has(layer) && n > hits) { blocker = layer; hits = n; }
  if (modal && shown(modal) && hits < 3) { blocker = modal; hits = 5; overlays.add(modal); }

  const dialogish = "[role=dialog], [role=alertdialog], [aria-modal=true], dialog[open]";
  const words = args.dialogWords || [];
  const candidates = new Set(overlays);
  for (const el of all) {
    if (el.matches(dialogish)) { if (shown(el)) candidates.add(el); continue; }
    if (getComputedStyle(el).position !== "fixed" || !shown(el)) continue;
    const text = clip(el.innerText, 2000).toLowerCase();
    if (text && words.some((w) => text.includes(w))) candidates.add(el);
  }
  const outer = Array.from(candidates).filter((el) => !Array.from(candidates).some((o) => o !== el && inside(o, el)));
  const buttonish = "button, [role=button], input[type=button], input[type=submit], a, [role=link]";
  const field = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset]), select, textarea";
  const dialogs = outer.slice(0, 20).map((d) => {
    const inner = elements(d);
    const buttons = inner.filter((el) => el.matches(buttonish) && !navigates(el) && shown(el)).slice(0, 40)
      .map((el) => { const c = centre(el); return { name: nameOf(el), x: c.x, y: c.y, hit: c.hit }; });
    const fields = inner.filter((el) => el.matches(field) && shown(el)).length;
    return { label: labelOf(d), text: clip(d.innerText, 600), modal: overlays.has(d) || semantic(d),
             covers: Math.round(cover(d.getBoundingClientRect()) * 100) / 100, fields, buttons };
  });
  const blockerName = blocker ? clip(labelOf(blocker) || blocker.innerText, 80) || blocker.tagName.toLowerCase() : null;
  return { blocked: hits >= 3, blocker: blockerName, dialogs };
}
