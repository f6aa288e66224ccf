// True once no fetch/XHR is pending and the text length held still for two polls.
() => {
  const w = window;
  const busy = w.__auditorPending ? w.__auditorPending() : 0;
  const len = document.body ? document.body.innerText.length : 0;
  if (busy > 0 || document.readyState === "loading") { w.__auditorSame = 0; w.__auditorLen = -1; return false; }
  if (len === w.__auditorLen) { w.__auditorSame = (w.__auditorSame || 0) + 1; }
  else { w.__auditorLen = len; w.__auditorSame = 0; }
  return w.__auditorSame >= 2;
}
