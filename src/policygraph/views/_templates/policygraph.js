/* policygraph views: draws the network, then adds hover cards, a details panel,
   the zh / en / both label switch and a search box for Chinese, English and pinyin.
   Strings from the data are only ever set with textContent, never parsed as HTML. */
(function () {
  "use strict";

  var page = window.pgPage || {};
  var container = document.getElementById("mynetwork");
  var tooltip = document.getElementById("pg-tooltip");
  var details = document.getElementById("pg-details");
  var searchInput = document.getElementById("pg-search-input");
  var resultsList = document.getElementById("pg-search-results");

  var LABEL_DRAW_THRESHOLD = 5;  // vis-network's scaling.label.drawThreshold, in pixels

  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  // A large page keeps its cards apart from the drawn items, as JSON that is parsed
  // only when a card, the search or a filter first needs it.
  var cards = null;

  function card(item) {
    if (!item) return undefined;
    if (item.pg) return item.pg;
    if (cards === null) {
      var table = document.getElementById("pg-cards");
      cards = table ? JSON.parse(table.textContent) : {nodes: {}, edges: {}};
    }
    return (item.from !== undefined ? cards.edges : cards.nodes)[item.id];
  }

  function info(item) {
    return card(item) || {};
  }

  // As clamp() in _style.py: long labels are cut for drawing, hover shows them whole.
  function clamp(text) {
    var limit = page.labelLimit || 32;
    var chars = Array.from(String(text || ""));
    if (chars.length <= limit) return chars.join("");
    return chars.slice(0, Math.max(1, limit - 1)).join("").replace(/\s+$/, "") + "\u2026";
  }

  function labelFor(data, lang) {
    var zh = clamp(data.zh), en = clamp(data.en), name = clamp(data.name);
    if (lang === "zh") return zh || en || name;
    if (lang === "en") return en || zh || name;
    if (zh && en && zh !== en) return zh + "\n" + en;
    return zh || en || name;
  }

  // --- cards: one node or one edge, with its evidence ------------------------------

  function evidenceList(evidence) {
    if (!evidence || !evidence.length) {
      return el("p", "pg-missing", "No evidence recorded. 无证据记录。");
    }
    var list = el("ol", "pg-evidence");
    evidence.forEach(function (item) {
      var entry = el("li");
      entry.appendChild(el("q", "pg-quote", item.quote || ""));
      var where = [];
      if (item.section) where.push(item.section);
      if (item.start !== null && item.start !== undefined) {
        where.push("chars " + item.start + "\u2013" + item.end);
      }
      entry.appendChild(el("span", "pg-where", where.join(" \u00b7 ")));
      list.appendChild(entry);
    });
    return list;
  }

  function meta(parts) {
    return el("div", "pg-meta", parts.filter(function (part) {
      return part !== null && part !== undefined && part !== "";
    }).join(" \u00b7 "));
  }

  function nodeCard(node) {
    var data = info(node);
    var card = el("div", "pg-card");
    card.setAttribute("data-node", node.id);
    var zh = el("div", "pg-zh", data.zh || "(no Chinese label 无中文名)");
    zh.lang = "zh-Hans";
    card.appendChild(zh);
    var en = el("div", "pg-en", data.en || "(no English label 无英文名)");
    en.lang = "en";
    card.appendChild(en);
    card.appendChild(meta([
      data.kind || "(no class)",
      data.year ? String(data.year) : "year unknown 年份不详",
      data.name
    ]));
    card.appendChild(evidenceList(data.evidence));
    return card;
  }

  function nodeName(id) {
    var node = nodes.get(id);
    if (!node) return String(id);
    var data = info(node);
    return labelFor(data, "both").replace("\n", " ");
  }

  function edgeCard(edge) {
    var data = info(edge);
    var card = el("div", "pg-card");
    card.setAttribute("data-edge", edge.id);
    var line = el("div", "pg-zh");
    line.appendChild(el("span", "", nodeName(edge.from)));
    line.appendChild(el("span", "pg-arrow", " \u2192 " + (data.relation || "related") + " \u2192 "));
    line.appendChild(el("span", "", nodeName(edge.to)));
    card.appendChild(line);
    card.appendChild(meta([
      data.relation || "(unnamed relation)",
      data.event,
      data.year ? String(data.year) : "year unknown 年份不详"
    ]));
    if (data.documents && data.documents.length) card.appendChild(documentList(data.documents));
    card.appendChild(evidenceList(data.evidence));
    return card;
  }

  function documentList(documents) {
    // the documents that state an edge, then those it is only inferred from
    var box = el("div", "pg-documents");
    [["stated", "Stated in 见于文件"], ["inferred", "Inferred from 推断自 (not stated)"]].forEach(function (basis) {
      var these = documents.filter(function (d) { return d.basis === basis[0]; });
      if (!these.length) return;
      box.appendChild(el("div", "pg-meta pg-basis-" + basis[0], basis[1]));
      var list = el("ul", "pg-document-list");
      these.forEach(function (d) {
        var entry = el("li", "pg-document pg-" + basis[0]);
        entry.setAttribute("data-basis", basis[0]);
        entry.appendChild(el("span", "pg-title", d.title || d.document || ""));
        entry.appendChild(el("span", "pg-where", [d.date, d.document].filter(Boolean).join(" \u00b7 ")));
        list.appendChild(entry);
      });
      box.appendChild(list);
    });
    return box;
  }

  function showTooltip(card, pointer) {
    while (tooltip.firstChild) tooltip.removeChild(tooltip.firstChild);
    tooltip.appendChild(card);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    if (x + width > window.innerWidth - 4) x = Math.max(4, box.left + pointer.x - width - 14);
    if (y + height > window.innerHeight - 4) y = Math.max(4, window.innerHeight - height - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  function showDetails(card) {
    var heading = details.querySelector("h2");
    while (details.lastChild && details.lastChild !== heading) details.removeChild(details.lastChild);
    if (card) {
      details.appendChild(card);
    } else {
      details.appendChild(el("p", "pg-hint", "Hover over or click a node or an edge. 悬停或点击节点、边。"));
    }
  }

  // --- label language ----------------------------------------------------------------

  // A large page starts without node labels (vis-network would measure thousands of
  // labels it then does not draw, being too small): they come once zoomed in enough.
  var labelsShown = !page.lateLabels;

  function revealLabels() {
    var font = (options.nodes && options.nodes.font && options.nodes.font.size) || 14;
    if (labelsShown || network.getScale() * font < LABEL_DRAW_THRESHOLD) return;
    labelsShown = true;
    setLanguage(page.lang);
    if (page.lateArrows) network.setOptions({edges: {arrows: {to: {enabled: true}}}});
  }

  function setLanguage(lang) {
    page.lang = lang;
    var radios = document.querySelectorAll("input[name='pg-lang']");
    Array.prototype.forEach.call(radios, function (radio) {
      radio.checked = radio.value === lang;
    });
    if (!labelsShown) return;
    nodes.update(nodes.get().filter(function (node) {
      return card(node);  // nodes added with plain pyvis calls keep their own label
    }).map(function (node) {
      return {id: node.id, label: labelFor(info(node), lang)};
    }));
  }

  // --- search: Chinese, English, pinyin (with or without spaces), pinyin initials ----

  function fold(text) {
    return String(text || "").toLowerCase()
      .replace(/[\s\u3000\u00b7\u30fb'\u2019"\u201c\u201d\u2018\-_.,\uff0c\u3002()\uff08\uff09\u300a\u300b]/g, "");
  }

  var searchIndex = null;

  function buildIndex() {
    searchIndex = nodes.get().map(function (node) {
      var data = info(node);
      var keys = [data.zh, data.en, data.name, node.label, String(node.id)].concat(data.alt || []);
      (data.pinyin || []).forEach(function (reading) {
        keys.push(reading);
        keys.push(String(reading).split(/\s+/).map(function (syllable) {
          return syllable.charAt(0);
        }).join(""));
      });
      return {id: node.id, keys: keys.map(fold).filter(Boolean)};
    });
  }

  function search(query) {
    var wanted = fold(query);
    if (!wanted) return [];
    if (!searchIndex) buildIndex();
    var hits = [];
    searchIndex.forEach(function (entry) {
      var best = 9;
      entry.keys.forEach(function (key) {
        var at = key.indexOf(wanted);
        if (at < 0) return;
        var score = key === wanted ? 0 : (at === 0 ? 1 : 2);
        if (score < best) best = score;
      });
      if (best < 9) hits.push({id: entry.id, score: best});
    });
    hits.sort(function (a, b) {
      return a.score - b.score || nodeName(a.id).length - nodeName(b.id).length ||
        (nodeName(a.id) < nodeName(b.id) ? -1 : 1);
    });
    return hits.slice(0, 30).map(function (hit) { return hit.id; });
  }

  var activeResult = -1;

  function choose(id) {
    var node = nodes.get(id);
    if (!node) return;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 300}});
    showDetails(nodeCard(node));
    resultsList.hidden = true;
  }

  function highlightResult(index) {
    var buttons = resultsList.querySelectorAll("button");
    activeResult = buttons.length ? (index + buttons.length) % buttons.length : -1;
    Array.prototype.forEach.call(buttons, function (button, position) {
      button.classList.toggle("pg-active", position === activeResult);
    });
  }

  function showResults() {
    var ids = search(searchInput.value);
    while (resultsList.firstChild) resultsList.removeChild(resultsList.firstChild);
    activeResult = -1;
    if (!fold(searchInput.value)) {
      resultsList.hidden = true;
      return;
    }
    if (!ids.length) {
      resultsList.appendChild(el("li", "pg-none", "No match 无匹配"));
    }
    ids.forEach(function (id) {
      var data = info(nodes.get(id));
      var item = el("li");
      item.setAttribute("role", "option");
      var button = el("button", "pg-result");
      button.type = "button";
      button.setAttribute("data-node", id);
      button.appendChild(el("span", "", labelFor(data, "both").replace("\n", " \u00b7 ")));
      button.appendChild(el("span", "pg-kind", data.kind || ""));
      button.addEventListener("click", function () { choose(id); });
      item.appendChild(button);
      resultsList.appendChild(item);
    });
    resultsList.hidden = false;
  }

  function onSearchKey(event) {
    var buttons = resultsList.querySelectorAll("button");
    if (event.key === "ArrowDown") {
      highlightResult(activeResult + 1);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlightResult(activeResult - 1);
      event.preventDefault();
    } else if (event.key === "Enter") {
      if (event.isComposing) return;  // an IME is still composing Chinese
      var pick = buttons[activeResult >= 0 ? activeResult : 0];
      if (pick) choose(pick.getAttribute("data-node"));
      event.preventDefault();
    } else if (event.key === "Escape") {
      resultsList.hidden = true;
    }
  }

  // --- the legend's class filter: unticking a class hides its nodes ----------------------

  function filterClasses() {
    var hidden = {};
    Array.prototype.forEach.call(document.querySelectorAll(".pg-class-filter"), function (box) {
      if (!box.checked) hidden[box.value] = true;
    });
    var shown = 0;
    nodes.update(nodes.get().map(function (node) {
      var off = hidden[info(node).kind || "(no class)"] === true;
      if (!off) shown += 1;
      return {id: node.id, hidden: off};
    }));
    document.getElementById("pg-node-count").textContent = String(shown);
    if (searchIndex) searchIndex = null;
  }

  // --- the year axis of the lineage view -----------------------------------------------

  // Undated nodes stand in a band below the dated ones (see column_positions):
  // a dashed rule and a caption set the band apart, so no column reads as their year.
  function undatedBand(positions) {
    var band = {datedBottom: -Infinity, top: Infinity, left: Infinity, right: -Infinity};
    nodes.forEach(function (node) {
      var data = info(node), at = positions[node.id];
      if (data.column === undefined || data.column === null || !at) return;
      if (at.x < band.left) band.left = at.x;
      if (at.x > band.right) band.right = at.x;
      if (data.year) {
        if (at.y > band.datedBottom) band.datedBottom = at.y;
      } else if (at.y < band.top) {
        band.top = at.y;
      }
    });
    return band.top === Infinity ? null : band;
  }

  function drawYearAxis(context) {
    var labels = page.columnLabels || {};
    var columns = {};
    var top = Infinity;
    var positions = network.getPositions();
    nodes.forEach(function (node) {
      var column = info(node).column;
      var at = positions[node.id];
      if (column === undefined || column === null || !at) return;
      if (!(column in columns) || at.x < columns[column]) columns[column] = at.x;
      if (at.y < top) top = at.y;
    });
    if (top === Infinity) return;
    context.save();
    context.font = "bold 20px \"Noto Sans CJK SC\", sans-serif";
    context.textAlign = "center";
    Object.keys(columns).forEach(function (column) {
      var year = labels[column];
      context.fillStyle = year ? "#394150" : "#a0a7b4";
      context.fillText(year ? String(year) : "\u00b7", columns[column], top - 70);
    });
    var band = undatedBand(positions);
    if (band) {
      var rule = band.datedBottom === -Infinity ? band.top - 60 : (band.datedBottom + band.top) / 2;
      context.strokeStyle = "#8f98a8";
      context.lineWidth = 2;
      context.setLineDash([10, 8]);
      context.beginPath();
      context.moveTo(band.left - 150, rule);
      context.lineTo(band.right + 150, rule);
      context.stroke();
      context.setLineDash([]);
      context.textAlign = "left";
      context.font = "bold 18px \"Noto Sans CJK SC\", sans-serif";
      context.fillStyle = "#5b6475";
      context.fillText(page.bandLabel || "", band.left - 110, rule + 26);
    }
    context.restore();
  }

  // A wide lineage fitted to the window draws its text too small to read: start at a
  // readable scale instead, at the left (the earliest years); the reader pans right.
  function ensureReadable() {
    var minimum = page.minScale;
    if (!minimum || !nodes.length || network.getScale() >= minimum) return;
    var positions = network.getPositions();
    var left = Infinity, top = Infinity, bottom = -Infinity;
    Object.keys(positions).forEach(function (id) {
      var at = positions[id];
      if (at.x < left) left = at.x;
      if (at.y < top) top = at.y;
      if (at.y > bottom) bottom = at.y;
    });
    var width = container.clientWidth / minimum, height = container.clientHeight / minimum;
    var y = bottom - top + 240 <= height ? (top + bottom) / 2 : top - 120 + height / 2;
    network.moveTo({position: {x: left - 140 + width / 2, y: y}, scale: minimum});
  }

  // Zoomed out, the gaps of a dash pattern shrink below a pixel: the line looks solid,
  // and thousands of dashed edges take seconds to draw. Draw those lines solid.
  function drawFineDashesSolid(canvas) {
    var context = canvas && canvas.getContext("2d");
    if (!context || !context.setLineDash || !context.getTransform) return;
    var setLineDash = context.setLineDash.bind(context);
    context.setLineDash = function (pattern) {
      var scale = Math.abs(context.getTransform().a);
      var gaps = (pattern || []).filter(function (length, index) { return index % 2 === 1; });
      setLineDash(gaps.length && Math.max.apply(null, gaps) * scale < 1 ? [] : pattern);
    };
  }

  // --- wiring ---------------------------------------------------------------------------

  function markReady() {
    window.pgReady = true;
    document.body.setAttribute("data-ready", "true");
  }

  network = new vis.Network(container, {nodes: [], edges: []}, options);
  window.network = network;
  drawFineDashesSolid(container.querySelector("canvas"));
  var physics = options.physics && options.physics.enabled;
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      revealLabels();
      markReady();
    });
  }
  network.on("hoverNode", function (params) {
    showTooltip(nodeCard(nodes.get(params.node)), params.pointer.DOM);
  });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    if (info(edge).hoverLabel) edges.update({id: edge.id, label: info(edge).hoverLabel});
    showTooltip(edgeCard(edge), params.pointer.DOM);
  });
  network.on("blurEdge", function (params) {
    var edge = edges.get(params.edge);
    if (edge && info(edge).hoverLabel) edges.update({id: edge.id, label: " "});
    hideTooltip();
  });
  network.on("dragStart", hideTooltip);
  network.on("zoom", function () {
    hideTooltip();
    revealLabels();
  });
  network.on("animationFinished", revealLabels);
  network.on("click", function (params) {
    if (params.nodes.length) {
      showDetails(nodeCard(nodes.get(params.nodes[0])));
    } else if (params.edges.length) {
      showDetails(edgeCard(edges.get(params.edges[0])));
    } else {
      showDetails(null);
    }
  });
  if (page.yearAxis) network.on("afterDrawing", drawYearAxis);
  network.setData({nodes: nodes, edges: edges});
  if (!physics) ensureReadable();
  revealLabels();
  if (!physics || nodes.length === 0) markReady();

  Array.prototype.forEach.call(document.querySelectorAll("input[name='pg-lang']"), function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) setLanguage(radio.value);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".pg-class-filter"), function (box) {
    box.addEventListener("change", filterClasses);
  });
  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("keydown", onSearchKey);
  document.addEventListener("click", function (event) {
    if (!resultsList.contains(event.target) && event.target !== searchInput) {
      resultsList.hidden = true;
    }
  });

  window.pgViews = {
    search: search, choose: choose, setLanguage: setLanguage, labelFor: labelFor,
    filterClasses: filterClasses, info: info
  };
})();
