(function () {
  "use strict";
  // Sorting and filtering only: rows are reordered or hidden, never rewritten.
  var table = document.getElementById("fleet");
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var direction = {};
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim().toLowerCase() : v;
  }
  function sortBy(i) {
    var rows = Array.prototype.slice.call(body.rows);
    var dir = direction[i] = -(direction[i] || -1);
    var numeric = heads[i].getAttribute("data-type") === "number";
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (numeric) { return (parseFloat(x) - parseFloat(y)) * dir; }
      return x < y ? -dir : x > y ? dir : 0;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener("click", function () { sortBy(i); });
  });
  var rating = document.getElementById("filter-rating");
  var state = document.getElementById("filter-case");
  function filter() {
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var ok = (!rating.value || r.getAttribute("data-rating") === rating.value) &&
               (!state.value || r.getAttribute("data-case") === state.value);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  rating.addEventListener("change", filter);
  state.addEventListener("change", filter);
}());
