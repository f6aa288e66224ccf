// Count in-flight fetch/XHR so the crawler knows when a page's own requests are done.
(() => {
  let pending = 0;
  const done = () => setTimeout(() => { pending -= 1; }, 0);
  Object.defineProperty(window, "__auditorPending", { value: () => pending });
  const origFetch = window.fetch;
  if (origFetch) {
    window.fetch = function (...args) {
      pending += 1;
      const p = origFetch.apply(this, args);
      p.then(done, done);
      return p;
    };
  }
  const origSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    pending += 1;
    this.addEventListener("loadend", done, { once: true });
    return origSend.apply(this, args);
  };
})();
