/* Runs a query against this server's /sparql and draws the result as a table, a bar
   or line chart (Vega-Lite) or a timeline (vis-timeline), as `policygraph render query`
   does offline. Strings from results are only ever set with textContent. */
(function () {
  "use strict";

  var named = document.getElementById("pg-named");
  var text = document.getElementById("pg-query");
  var viewChoice = document.getElementById("pg-view");
  var status = document.getElementById("pg-status");
  var result = document.getElementById("pg-result");
  var details = document.getElementById("pg-details");
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger|gYear)$/;
  var queries = [];

  function el(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (content !== undefined && content !== null) element.textContent = String(content);
    return element;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function declaredView(query) {
    var found = /^#\s?view:\s*(\w+)/m.exec(query);
    return found ? found[1] : "table";
  }

  function showRow(row, columns) {
    clear(details);
    details.appendChild(el("h2", "", "Details 详情"));
    var list = el("dl");
    columns.forEach(function (column) {
      list.appendChild(el("dt", "", column));
      list.appendChild(el("dd", "", row[column] === undefined ? "—" : row[column]));
    });
    details.appendChild(list);
  }

  function parse(json) {
    var columns = json.head.vars;
    var numeric = {};
    columns.forEach(function (c) { numeric[c] = true; });
    var rows = json.results.bindings.map(function (binding) {
      var row = {};
      columns.forEach(function (c) {
        var cell = binding[c];
        if (!cell) return;
        row[c] = cell.value;
        if (cell.type !== "literal" && cell.type !== "typed-literal") numeric[c] = false;
        else if (!NUMERIC.test(cell.datatype || "")) numeric[c] = false;
      });
      return row;
    });
    columns.forEach(function (c) {
      if (!rows.some(function (r) { return r[c] !== undefined; })) numeric[c] = false;
    });
    return {columns: columns, rows: rows, numeric: numeric};
  }

  function pick(data, declared) {
    // as `render query`: the header's chart or timeline; a table (or no header) gets what fits
    if (["bar", "line", "timeline"].indexOf(declared) >= 0) return declared;
    var has = function (c) { return data.columns.indexOf(c) >= 0; };
    var iris = data.columns.some(function (c) {
      return data.rows.length && data.rows.every(function (r) {
        return r[c] === undefined || /^https?:/.test(r[c]);
      });
    });
    if (has("year") && has("label") && !iris) return "timeline";
    var values = data.columns.filter(function (c) { return data.numeric[c] && c !== "year"; });
    return values.length && !iris ? (has("year") ? "line" : "bar") : "table";
  }

  function drawTable(data) {
    var table = el("table", "pg-table");
    var head = el("tr");
    data.columns.forEach(function (c) { head.appendChild(el("th", "", c)); });
    table.appendChild(head);
    data.rows.forEach(function (row) {
      var line = el("tr");
      data.columns.forEach(function (c) { line.appendChild(el("td", "", row[c] === undefined ? "" : row[c])); });
      line.addEventListener("click", function () { showRow(row, data.columns); });
      table.appendChild(line);
    });
    result.appendChild(table);
  }

  function drawChart(data, kind) {
    var value = data.columns.filter(function (c) { return data.numeric[c] && c !== "year"; })[0];
    var texts = data.columns.filter(function (c) { return !data.numeric[c] && c !== "year"; });
    var x = kind === "line" ? "year" : (texts[0] || "year");
    if (!value || data.columns.indexOf(x) < 0) {
      result.appendChild(el("p", "pg-error", "A " + kind + " chart needs a numeric column" +
        (kind === "line" ? " and a year column." : ".")));
      return;
    }
    var items = data.rows.filter(function (r) { return r[value] !== undefined; }).map(function (r, n) {
      return {x: kind === "line" ? Number(r[x]) : (r[x] || ""), y: Number(r[value]), n: n};
    });
    var spec = {
      width: 640, height: 360, data: {values: items}, name: "points",
      mark: kind === "line" ? {type: "line", point: {filled: true, size: 80}} : "bar",
      encoding: {
        x: kind === "line"
          ? {field: "x", type: "quantitative", title: x, axis: {format: "d"}, scale: {zero: false}}
          : {field: "x", type: "nominal", title: x, sort: null},
        y: {field: "y", type: "quantitative", title: value}
      }
    };
    var holder = el("div", "pg-chart");
    result.appendChild(holder);
    return vegaEmbed(holder, spec, {actions: false, renderer: "svg", tooltip: false}).then(function (embedded) {
      window.pgView = embedded.view;
      embedded.view.addEventListener("click", function (event, item) {
        if (item && item.datum && item.datum.n !== undefined) showRow(data.rows[item.datum.n], data.columns);
      });
    });
  }

  function drawTimeline(data) {
    var holder = el("div", "pg-timeline");
    result.appendChild(holder);
    var labels = {};
    var items = [];
    data.rows.forEach(function (row, n) {
      var year = parseInt(row.year, 10);
      if (isNaN(year)) return;
      labels[n] = row.label || "";
      items.push({id: n, start: year + "-01-01", content: "", type: "box"});
    });
    var timeline = new vis.Timeline(holder, new vis.DataSet(items), {
      align: "left",
      template: function (item) { return el("span", "pg-item", labels[item.id]); }
    });
    window.pgTimeline = timeline;
    timeline.on("select", function (props) {
      if (props.items.length) showRow(data.rows[props.items[0]], data.columns);
    });
  }

  function run(event) {
    if (event) event.preventDefault();
    clear(result);
    status.textContent = "running… 运行中";
    window.pgReady = false;
    var body = new URLSearchParams({query: text.value});
    return fetch("/sparql", {
      method: "POST",
      headers: {"Accept": "application/sparql-results+json"},
      body: body
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (message) { throw new Error(message); });
      }
      return response.json();
    }).then(function (json) {
      if (!json.head || !json.results) throw new Error("not a SELECT result");
      var data = parse(json);
      var chosen = viewChoice.value === "auto" ? pick(data, declaredView(text.value)) : viewChoice.value;
      result.setAttribute("data-view", chosen);
      status.textContent = data.rows.length + " rows, drawn as " + chosen;
      if (chosen === "bar" || chosen === "line") return drawChart(data, chosen);
      if (chosen === "timeline") return drawTimeline(data);
      return drawTable(data);
    }).catch(function (error) {
      status.textContent = "";
      result.appendChild(el("p", "pg-error", String(error.message || error)));
    }).then(function () { window.pgReady = true; });
  }

  document.getElementById("pg-form").addEventListener("submit", run);
  named.addEventListener("change", function () {
    var chosen = queries.filter(function (q) { return q.name === named.value; })[0];
    if (chosen) text.value = chosen.query;
  });
  fetch("/queries.json").then(function (response) { return response.json(); }).then(function (list) {
    queries = list;
    list.forEach(function (query) {
      var option = el("option", "", query.name + " — " + query.title + " [" + declaredView(query.query) + "]");
      option.value = query.name;
      named.appendChild(option);
    });
    window.pgQueriesLoaded = true;
  });
})();
