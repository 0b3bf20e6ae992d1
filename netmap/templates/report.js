(function () {
  "use strict";
  // a printed report shows the numbers behind every finding
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var numeric = JSON.parse(table.getAttribute("data-numeric"));
    table.querySelectorAll("thead th button").forEach(function (button, col) {
      var ascending = true;
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
          if (numeric[col]) { x = x === "" ? -Infinity : parseFloat(x); y = y === "" ? -Infinity : parseFloat(y); }
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        ascending = !ascending;
      });
    });
  });
}());
