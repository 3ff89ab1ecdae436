/* Runs a query against this server's /sparql and draws the result as a table, a bar
   or line chart, a map (Vega-Lite) or a timeline (vis-timeline), as `policygraph render
   query` does offline. The map's boundaries come from this server (/geo/zhejiang.json).
   Strings from results are only ever set with textContent. */
(function () {
  "use strict";

  var named = document.getElementById("pg-named");
  var text = document.getElementById("pg-query");
  var viewChoice = document.getElementById("pg-view");
  var status = document.getElementById("pg-status");
  var result = document.getElementById("pg-result");
  var details = document.getElementById("pg-details");
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger|gYear)$/;
  var PLACE_LIKE = /^(https?:\/\/\S+|\d{6})$/;
  var LEVELS = ["province", "prefecture", "county"];
  var queries = [];
  var geometry = null;  // a promise of the boundaries, fetched on the first result with places

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

  function rowList(row, columns) {
    var list = el("dl");
    columns.forEach(function (column) {
      list.appendChild(el("dt", "", column));
      list.appendChild(el("dd", "", row[column] === undefined ? "—" : row[column]));
    });
    return list;
  }

  function showRow(row, columns) {
    clear(details);
    details.appendChild(el("h2", "", "Details 详情"));
    details.appendChild(rowList(row, columns));
  }

  function showPlace(place, rows, columns) {
    clear(details);
    details.appendChild(el("h2", "", place.zh + " " + place.en));
    details.appendChild(el("p", "pg-meta", place.level + " · adcode " + place.adcode + " · " +
      rows.length + (rows.length === 1 ? " row" : " rows")));
    rows.slice(0, 20).forEach(function (row) { details.appendChild(rowList(row, columns)); });
    if (rows.length > 20) details.appendChild(el("p", "pg-meta", "… " + (rows.length - 20) + " more rows"));
  }

  function loadGeometry() {
    if (!geometry) {
      geometry = fetch("/geo/zhejiang.json").then(function (response) {
        if (!response.ok) throw new Error("the boundaries are not served here (/geo/zhejiang.json)");
        return response.json();
      }).then(function (collection) {
        var byKey = {};
        collection.features.forEach(function (feature) {
          byKey[feature.properties.iri] = feature;
          byKey[feature.properties.adcode] = feature;
        });
        return {features: collection.features, byKey: byKey, dataset: collection.dataset};
      });
      geometry.catch(function () { geometry = null; });  // retried with the next result
    }
    return geometry;
  }

  function mayHavePlaces(data) {
    return data.columns.some(function (c) {
      return data.rows.some(function (r) { return r[c] !== undefined && PLACE_LIKE.test(r[c]); });
    });
  }

  function placeColumn(data, geo, all) {
    // the column with the most places that have a boundary (all: only such places)
    var best = null, most = 0;
    data.columns.forEach(function (c) {
      var values = data.rows.filter(function (r) { return r[c] !== undefined; });
      var found = values.filter(function (r) { return geo.byKey.hasOwnProperty(r[c]); }).length;
      if (found > most && (!all || found === values.length)) { best = c; most = found; }
    });
    return best;
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

  function pick(data, declared, geo) {
    // as `render query`: the header's chart, map or timeline; a table (or no header) gets
    // what fits, a map first when a column holds only places with a boundary
    if (["bar", "line", "timeline", "map"].indexOf(declared) >= 0) return declared;
    if (geo && placeColumn(data, geo, true)) return "map";
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

  function drawMap(data, geo) {
    var column = placeColumn(data, geo, false);
    if (!column) {
      result.appendChild(el("p", "pg-error", "A map needs a column of places with a boundary " +
        "(place IRIs such as pgid:hangzhou, or adcodes such as 330100)."));
      return;
    }
    var value = data.columns.filter(function (c) { return data.numeric[c] && c !== "year"; })[0];
    var rowsOf = {}, missing = {};
    data.rows.forEach(function (row) {
      var key = row[column];
      if (key === undefined) return;
      var feature = geo.byKey.hasOwnProperty(key) ? geo.byKey[key] : null;
      if (!feature) { missing[key] = true; return; }
      (rowsOf[feature.properties.iri] = rowsOf[feature.properties.iri] || []).push(row);
    });
    var places = geo.features.filter(function (f) { return rowsOf.hasOwnProperty(f.properties.iri); });
    places.sort(function (a, b) {
      return LEVELS.indexOf(a.properties.level) - LEVELS.indexOf(b.properties.level);
    });
    var shapes = places.map(function (f) {
      var rows = rowsOf[f.properties.iri];
      var total = value
        ? rows.reduce(function (sum, r) { return sum + (r[value] === undefined ? 0 : Number(r[value])); }, 0)
        : rows.length;
      return {type: "Feature", geometry: f.geometry,
              properties: {id: f.properties.iri, level: f.properties.level, value: total}};
    });
    var level = function (name) {
      return geo.features.filter(function (f) { return f.properties.level === name; });
    };
    var outline = function (name, features, colour, width) {
      return {name: name, data: {values: features},
              mark: {type: "geoshape", filled: false, stroke: colour, strokeWidth: width}};
    };
    var high = Math.max.apply(null, shapes.map(function (s) { return s.properties.value; }).concat([1]));
    var spec = {
      width: 560, height: 560, projection: {type: "mercator"},
      layer: [
        {name: "counties", data: {values: level("county")},
         mark: {type: "geoshape", fill: "#f2f4f7", stroke: "#ffffff", strokeWidth: 0.6}},
        {name: "places", data: {values: shapes},
         mark: {type: "geoshape", stroke: "#1d2433", strokeWidth: 0.8, cursor: "pointer"},
         encoding: {color: {field: "properties.value", type: "quantitative", title: value || "rows",
                            scale: {domain: [0, high], range: ["#c6dbef", "#08519c"]}}}},
        outline("prefectures", level("prefecture"), "#3b4252", 1),
        outline("province", level("province"), "#1d2433", 1.2)
      ],
      config: {view: {stroke: null}}
    };
    var unmapped = Object.keys(missing);
    var note = places.length + " places drawn from column " + column + ", colour: " + (value || "rows") +
      "; boundaries: " + geo.dataset.name + " " + geo.dataset.version + " (" + geo.dataset.licence + ")" +
      (unmapped.length ? "; without a boundary: " + unmapped.slice(0, 5).join(", ") +
        (unmapped.length > 5 ? " …" : "") : "");
    result.appendChild(el("p", "pg-meta pg-map-note", note));
    var holder = el("div", "pg-chart pg-map");
    result.appendChild(holder);
    var byIri = {};
    geo.features.forEach(function (f) { byIri[f.properties.iri] = f.properties; });
    function show(event, item) {
      var datum = item && item.datum;
      var iri = datum && datum.properties && datum.properties.id;
      if (iri && rowsOf.hasOwnProperty(iri)) showPlace(byIri[iri], rowsOf[iri], data.columns);
    }
    function patch(compiled) {  // only the places catch the pointer, not the layers around them
      (compiled.marks || []).forEach(function (mark) {
        if ((mark.name || "").indexOf("places_") !== 0) mark.interactive = false;
        patch(mark);
      });
      return compiled;
    }
    return vegaEmbed(holder, spec, {actions: false, renderer: "svg", tooltip: false, patch: patch})
      .then(function (embedded) {
        window.pgView = embedded.view;
        embedded.view.addEventListener("mousemove", show);
        embedded.view.addEventListener("click", show);
        return embedded.view.runAsync();
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
      var wanted = viewChoice.value === "auto" ? declaredView(text.value) : viewChoice.value;
      var places = wanted === "map" || (viewChoice.value === "auto" && mayHavePlaces(data));
      return (places ? loadGeometry() : Promise.resolve(null)).then(function (geo) {
        var chosen = viewChoice.value === "auto" ? pick(data, wanted, geo) : wanted;
        result.setAttribute("data-view", chosen);
        status.textContent = data.rows.length + " rows, drawn as " + chosen;
        if (chosen === "bar" || chosen === "line") return drawChart(data, chosen);
        if (chosen === "timeline") return drawTimeline(data);
        if (chosen === "map") return drawMap(data, geo);
        return drawTable(data);
      });
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
