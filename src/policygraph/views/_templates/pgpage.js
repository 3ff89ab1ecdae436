/* policygraph map, chart and timeline pages: draws the Vega-Lite spec or the
   vis-timeline items of pgPage, then shows a card with names, roles, years, documents
   and evidence quotes on hover and click. Strings from the data are only ever set
   with textContent, never parsed as HTML. */
(function () {
  "use strict";

  var page = window.pgPage || {};
  var tooltip = document.getElementById("pg-tooltip");
  var details = document.getElementById("pg-details");

  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function evidenceList(evidence) {
    if (!evidence || !evidence.length) {
      return el("p", "pg-missing", "No evidence recorded. 无证据记录。");
    }
    var list = el("ol", "pg-evidence");
    evidence.forEach(function (item) {
      var entry = el("li");
      if (item.label) entry.appendChild(el("div", "pg-meta", item.label));
      entry.appendChild(el("q", "pg-quote", item.quote || ""));
      var where = [];
      if (item.document) where.push(item.document);
      if (item.start !== null && item.start !== undefined) {
        where.push("chars " + item.start + "\u2013" + item.end);
      }
      entry.appendChild(el("span", "pg-where", where.join(" \u00b7 ")));
      list.appendChild(entry);
    });
    return list;
  }

  function card(data) {
    var box = el("div", "pg-card");
    if (!data) return box;
    if (data.id) box.setAttribute("data-item", data.id);
    var zh = el("div", "pg-zh", data.zh || "");
    zh.lang = "zh-Hans";
    box.appendChild(zh);
    if (data.en) {
      var en = el("div", "pg-en", data.en);
      en.lang = "en";
      box.appendChild(en);
    }
    (data.meta || []).forEach(function (line) { box.appendChild(el("div", "pg-meta", line)); });
    box.appendChild(evidenceList(data.evidence));
    return box;
  }

  function showDetails(data) {
    var heading = details.querySelector("h2");
    while (details.lastChild && details.lastChild !== heading) details.removeChild(details.lastChild);
    details.appendChild(card(data));
  }

  function showTooltip(data, x, y) {
    while (tooltip.firstChild) tooltip.removeChild(tooltip.firstChild);
    tooltip.appendChild(card(data));
    tooltip.hidden = false;
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    if (x + 14 + width > window.innerWidth - 4) x = Math.max(4, x - width - 28);
    if (y + 14 + height > window.innerHeight - 4) y = Math.max(4, window.innerHeight - height - 18);
    tooltip.style.left = (x + 14) + "px";
    tooltip.style.top = (y + 14) + "px";
  }

  function hideTooltip() { tooltip.hidden = true; }

  function cardOf(datum) {
    if (!datum) return null;
    if (datum.card) return datum.card;
    if (datum.properties && datum.properties.card) return datum.properties.card;
    if (datum.datum) return cardOf(datum.datum);
    return null;
  }

  function ready() { window.pgReadyAt = performance.now(); window.pgReady = true; }

  function drawVega() {
    var container = document.getElementById("pg-chart");
    if (!page.items.length) { ready(); return; }
    // outline layers (prefecture and province borders) must not catch the pointer
    var passive = page.passive || [];
    function patch(spec) {
      (spec.marks || []).forEach(function (mark) {
        if (passive.some(function (name) { return (mark.name || "").indexOf(name + "_") === 0; })) {
          mark.interactive = false;
        }
        patch(mark);
      });
      return spec;
    }
    vegaEmbed(container, page.spec,
              {actions: false, renderer: "svg", tooltip: false, patch: patch})
      .then(function (result) {
        var view = result.view;
        window.pgView = view;
        view.addEventListener("mousemove", function (event, item) {
          var data = item && cardOf(item.datum);
          if (data) showTooltip(data, event.clientX, event.clientY); else hideTooltip();
        });
        view.addEventListener("mouseout", function (event, item) { if (item) hideTooltip(); });
        view.addEventListener("click", function (event, item) {
          var data = item && cardOf(item.datum);
          if (data) showDetails(data);
        });
        return view.runAsync();
      })
      .then(ready)
      .catch(function (error) { console.error(String(error)); });
  }

  function drawTimeline() {
    var container = document.getElementById("pg-timeline");
    if (!page.items.length) { ready(); return; }
    var cards = {};
    var items = page.items.map(function (item) {
      cards[item.id] = item.card;
      return {id: item.id, group: item.group, start: item.start, end: item.end || undefined,
              type: item.end ? "range" : "box", content: "", className: item.className || ""};
    });
    var labels = {};
    page.items.forEach(function (item) { labels[item.id] = item.label; });
    var groups = (page.groups || []).map(function (group) {
      return {id: group.id, content: "", order: group.order};
    });
    var groupLabels = {};
    (page.groups || []).forEach(function (group) { groupLabels[group.id] = group.label; });
    var options = {
      stack: true,
      align: "left",
      orientation: "top",
      zoomKey: "ctrlKey",
      template: function (item) {
        return el("span", "pg-item", labels[item.id] === undefined ? "" : labels[item.id]);
      },
      groupTemplate: function (group) {
        return el("span", "pg-group", group ? groupLabels[group.id] : "");
      },
      start: page.window.start,
      end: page.window.end
    };
    var timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), options);
    window.pgTimeline = timeline;
    timeline.on("itemover", function (props) {
      var event = props.event || {};
      showTooltip(cards[props.item], event.clientX || 0, event.clientY || 0);
    });
    timeline.on("itemout", hideTooltip);
    timeline.on("select", function (props) {
      if (props.items && props.items.length) showDetails(cards[props.items[0]]);
    });
    // ready once every item is in the DOM (vis-timeline draws on animation frames)
    var started = Date.now();
    (function poll() {
      var drawn = container.querySelectorAll(".vis-item .pg-item").length;
      if (drawn >= items.length || Date.now() - started > 5000) { ready(); return; }
      window.requestAnimationFrame(poll);
    })();
  }

  window.pgShowDetails = showDetails;
  if (page.library === "timeline") drawTimeline(); else drawVega();
})();
