// Called on an <iframe> element (in its parent's isolated world): could a user see it?
// Rendered, not transparent, at least 20x20 CSS pixels, and not pushed off the page.
function () {
  const el = this;
  if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
  const r = el.getBoundingClientRect();
  const width = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  return r.width >= 20 && r.height >= 20 && r.right > 0 && r.bottom + window.scrollY > 0 && r.left < width;
}
