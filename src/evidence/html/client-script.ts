/**
 * The page's only script, inline and constant (the Content-Security-Policy allows exactly this
 * text by its sha256). It pages, searches and filters the large tables, whose rows sit in the
 * page as JSON; every cell is set with `textContent`, never parsed as HTML, and a class name is
 * taken from data only when it is on the fixed list below. Without script the tables say so and
 * the CSV/JSON files hold the same rows.
 */
export const CLIENT_SCRIPT = `(function () {
  "use strict";
  var PAGE_SIZE = 50;
  var TAG_CLASSES = ["compliant", "excepted", "drift", "not-verified", "unmanaged", "out-of-scope",
    "pass", "fail", "allowed-by-baseline", "critical", "high", "medium", "low", "info",
    "active", "expiring", "expired", "unused"];
  var source = document.getElementById("rootward-data");
  if (!source) return;
  var data = JSON.parse(source.textContent || "{}");
  var hosts = document.querySelectorAll("[data-table]");
  for (var i = 0; i < hosts.length; i++) setUp(hosts[i], data.tables[hosts[i].getAttribute("data-table")]);

  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    for (var j = 0; j < all.length; j++) {
      all[j].setAttribute("data-print-open", all[j].open ? "1" : "0");
      all[j].open = true;
    }
  });
  window.addEventListener("afterprint", function () {
    var all = document.querySelectorAll("details[data-print-open]");
    for (var j = 0; j < all.length; j++) all[j].open = all[j].getAttribute("data-print-open") === "1";
  });

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUp(host, spec) {
    if (!spec) return;
    var state = { page: 0, query: "", filter: "" };
    var haystacks = null;
    var toolbar = element("div", "toolbar");
    var search = element("input");
    search.type = "search";
    search.placeholder = "Search " + spec.rows.length + " rows";
    search.setAttribute("aria-label", "Search the table");
    toolbar.appendChild(search);
    var select = null;
    if (spec.filter) {
      select = element("select");
      select.setAttribute("aria-label", spec.filter.label);
      select.appendChild(new Option("All: " + spec.filter.label, ""));
      for (var k = 0; k < spec.filter.options.length; k++) {
        select.appendChild(new Option(spec.filter.options[k], spec.filter.options[k]));
      }
      toolbar.appendChild(select);
    }
    var status = element("span", "note");
    status.setAttribute("aria-live", "polite");
    toolbar.appendChild(status);

    var scroller = element("div", "scroll");
    var table = element("table");
    var head = element("thead");
    var headRow = element("tr");
    for (var c = 0; c < spec.columns.length; c++) {
      var th = element("th", spec.columns[c].kind === "num" ? "num" : "", spec.columns[c].title);
      th.scope = "col";
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    var body = element("tbody");
    table.appendChild(head);
    table.appendChild(body);
    scroller.appendChild(table);

    var pager = element("div", "pager");
    var previous = element("button", "", "Previous");
    var next = element("button", "", "Next");
    previous.type = "button";
    next.type = "button";
    var position = element("span");
    pager.appendChild(previous);
    pager.appendChild(position);
    pager.appendChild(next);
    var printNote = element("p", "note print-only");

    host.textContent = "";
    host.appendChild(toolbar);
    host.appendChild(scroller);
    host.appendChild(pager);
    host.appendChild(printNote);

    search.addEventListener("input", function () { state.query = search.value.toLowerCase(); state.page = 0; draw(); });
    if (select) select.addEventListener("change", function () { state.filter = select.value; state.page = 0; draw(); });
    previous.addEventListener("click", function () { state.page--; draw(); });
    next.addEventListener("click", function () { state.page++; draw(); });
    draw();

    function matches(row, index) {
      if (state.filter && row[spec.filter.column] !== state.filter) return false;
      if (!state.query) return true;
      if (!haystacks) haystacks = spec.rows.map(function (r) { return r.join(" ").toLowerCase(); });
      return haystacks[index].indexOf(state.query) !== -1;
    }

    function draw() {
      var rows = [];
      for (var r = 0; r < spec.rows.length; r++) if (matches(spec.rows[r], r)) rows.push(spec.rows[r]);
      var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      var start = state.page * PAGE_SIZE;
      var shown = rows.slice(start, start + PAGE_SIZE);
      body.textContent = "";
      for (var s = 0; s < shown.length; s++) body.appendChild(rowElement(shown[s]));
      if (shown.length === 0) {
        var empty = element("tr");
        var cell = element("td", "empty", "No rows match.");
        cell.colSpan = spec.columns.length;
        empty.appendChild(cell);
        body.appendChild(empty);
      }
      status.textContent = rows.length === spec.rows.length
        ? rows.length + " rows"
        : rows.length + " of " + spec.rows.length + " rows match";
      position.textContent = "Page " + (state.page + 1) + " of " + pages;
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      printNote.textContent = rows.length > shown.length
        ? "Printed: rows " + (start + 1) + "-" + (start + shown.length) + " of " + rows.length + ". " + (spec.complete || "")
        : "";
    }

    function rowElement(row) {
      var tr = element("tr");
      for (var c = 0; c < spec.columns.length; c++) {
        var kind = spec.columns[c].kind;
        var value = row[c] === undefined || row[c] === null ? "" : String(row[c]);
        var td = element("td", kind === "num" ? "num" : kind === "mono" ? "mono" : "breakable");
        if (kind === "tag" && value !== "") {
          var known = TAG_CLASSES.indexOf(value) !== -1;
          td.appendChild(element("span", known ? "tag tag-" + value : "tag", value));
        } else td.textContent = value;
        tr.appendChild(td);
      }
      return tr;
    }
  }
})();
`;
