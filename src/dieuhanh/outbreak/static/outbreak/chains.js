// Chains of transmission, drawn by Apache ECharts (vendor/echarts-6.0.0, loaded before this
// file): cases labelled, every node named on hover or tap. Up to FORCE_MAX nodes a graph
// series with a force layout places them (its cost grows with the square of the nodes: about
// 1.5 s for 200 on the loaded test machine); above, each chain gets a cell of a grid with its
// generations on rings, drawn as scatter and lines series in "large" mode. Labels that
// would overlap are hidden (labelLayout.hideOverlap) and shown on hover. Chains too large to
// draw arrive collapsed (counts only) and are listed in the table. Dates read dd/mm/yyyy.
(function () {
  "use strict";
  var root = document.getElementById("chains");
  if (!root) { return; }
  var FORCE_MAX = 150;
  var colours = ["#b02a37", "#fd7e14", "#ffc107", "#6c757d"];
  var locale = (document.documentElement.lang || "vi").indexOf("vi") === 0 ? "vi-VN" : "en-GB";
  var numberFormat = new Intl.NumberFormat(locale);
  var fmt = function (n) { return numberFormat.format(Number(n)); };
  var label = function (key) { return root.dataset["label" + key] || key; };
  var day = function (iso) {
    if (!iso) { return ""; }
    var p = String(iso).split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso);
  };
  var textLines = function (lines) {
    // A tooltip as elements holding text: data is never parsed as HTML.
    var box = document.createElement("div");
    lines.forEach(function (line) {
      var div = document.createElement("div");
      div.textContent = String(line);
      box.appendChild(div);
    });
    return box;
  };
  var generation = function (n) { return n.g === null ? 3 : Math.min(n.g, 3); };

  /* Grid cells, one per drawn chain; in a cell the cases in the middle, each generation on a
     ring around them (only for graphs too large for the force layout). */
  function ringPositions(data, width, height) {
    var drawn = data.chains.filter(function (c) { return !c.collapsed; });
    var cols = Math.max(1, Math.ceil(Math.sqrt(drawn.length * width / height)));
    var rows = Math.max(1, Math.ceil(drawn.length / cols));
    var cellW = width / cols, cellH = height / rows;
    var byChain = {};
    data.nodes.forEach(function (n) { (byChain[n.chain] = byChain[n.chain] || []).push(n); });
    var pos = {};
    drawn.forEach(function (chain, i) {
      var cx = (i % cols + 0.5) * cellW, cy = (Math.floor(i / cols) + 0.5) * cellH;
      var radius = Math.min(cellW, cellH) / 2 - 8;
      var rings = {};
      (byChain[chain.id] || []).forEach(function (n) {
        var g = generation(n);
        (rings[g] = rings[g] || []).push(n);
      });
      Object.keys(rings).forEach(function (g) {
        var ring = rings[g];
        var r = Number(g) === 0 && ring.length === 1 ? 0 : radius * (Number(g) + 0.5) / 3.5;
        ring.forEach(function (n, k) {
          var a = 2 * Math.PI * k / ring.length;
          pos[n.id] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
        });
      });
    });
    return pos;
  }

  /* Above FORCE_MAX nodes: ECharts' graph series builds an element per node (about a second
     for 1,500 nodes on the test machine); scatter and lines series in "large" mode draw them in
     batches. Cases keep their labels (a plain scatter, few points); contacts are points. */
  function largeOption(data, pos, width, height) {
    var byGen = [[], [], [], []];
    data.nodes.forEach(function (n) {
      var p = pos[n.id];
      byGen[generation(n)].push([p[0], p[1], String(n.label), n.chain]);
    });
    var segments = [];
    data.links.forEach(function (l) {
      var a = pos[l[0]], b = pos[l[1]];
      if (a && b) { segments.push({ coords: [a, b] }); }
    });
    var names = [label("F0"), "F1", "F2", label("Other")];
    return {
      grid: { left: 4, right: 4, top: 36, bottom: 4 },
      xAxis: { type: "value", min: 0, max: width, show: false },
      yAxis: { type: "value", min: 0, max: height, inverse: true, show: false },
      legend: { top: 4, left: 0, data: names },
      series: [{
        type: "lines", coordinateSystem: "cartesian2d", large: true, silent: true,
        data: segments, lineStyle: { color: "#6c757d", opacity: 0.35, width: 1 },
      }].concat(byGen.map(function (points, g) {
        var series = {
          type: "scatter", name: names[g], data: points, symbolSize: 3,
          large: true, largeThreshold: 1, itemStyle: { color: colours[g] },
        };
        if (g === 0) {
          series = {
            type: "scatter", name: names[g], data: points, symbolSize: 9,
            itemStyle: { color: colours[g] },
            label: { show: true, position: "right", fontSize: 10, color: "#212529",
              formatter: function (p) { return p.value[2]; } },
            labelLayout: { hideOverlap: true },
          };
        }
        return series;
      })),
    };
  }

  function draw(data) {
    var el = root.querySelector("[data-role=graph]");
    if (typeof echarts === "undefined" || !el) { return; }
    el.textContent = "";
    var big = data.nodes.length > FORCE_MAX;
    var pos = big ? ringPositions(data, el.clientWidth || 1000, el.clientHeight || 520) : null;
    var categories = [label("F0"), "F1", "F2", label("Other")].map(function (name, i) {
      return { name: name, itemStyle: { color: colours[i] } };
    });
    var nodes = data.nodes.map(function (n) {
      var g = generation(n);
      var node = {
        id: String(n.id), name: String(n.label), category: g, value: n.chain,
        symbolSize: g === 0 ? 14 : (big ? 4 : 8),
        label: { show: g === 0 },
      };
      if (pos) { node.x = pos[n.id][0]; node.y = pos[n.id][1]; }
      return node;
    });
    var fit = Math.max(0.6, Math.min(1, (el.clientWidth || 1000) / 1000));
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var common = {
      animation: false,
      toolbox: {
        right: 8,
        feature: { saveAsImage: { title: label("Save"), name: "chains", pixelRatio: 2, backgroundColor: "#fff" } },
      },
      tooltip: {
        formatter: function (p) {
          var node = p.dataType === "node" ? [p.name, p.value] : p.seriesType === "scatter" ? [p.value[2], p.value[3]] : null;
          return node ? textLines([node[0], label("Chain") + " " + node[1]]) : "";
        },
      },
    };
    if (big) {
      chart.setOption(Object.assign(common, largeOption(data, pos, el.clientWidth || 1000, el.clientHeight || 520)));
      window.addEventListener("resize", function () { chart.resize(); });
      return;
    }
    chart.setOption(Object.assign(common, {
      legend: { top: 4, left: 0, data: categories.map(function (c) { return c.name; }) },
      series: [{
        type: "graph",
        layout: big ? "none" : "force",
        data: nodes,
        links: data.links.map(function (l) { return { source: String(l[0]), target: String(l[1]) }; }),
        categories: categories,
        top: 36, bottom: 8, left: 8, right: 8,
        roam: true,
        draggable: !big,
        // Spread in proportion to the box: a phone's narrow box gets a tighter graph.
        force: {
          repulsion: 180 * fit, edgeLength: [40 * fit, 90 * fit], gravity: 0.1,
          layoutAnimation: false,
        },
        label: { position: "right", fontSize: 11, color: "#212529" },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: "adjacency", label: { show: true } },
        lineStyle: { color: "#6c757d", opacity: 0.45, width: 1 },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 5,
      }],
    }));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function table(data) {
    var body = root.querySelector("[data-role=rows]");
    body.textContent = "";
    data.chains.forEach(function (c) {
      var tr = document.createElement("tr");
      [c.id, fmt(c.size), fmt(c.cases), day(c.start), day(c.end), fmt(c.duration_days),
        (c.cluster ? "✔ " : "") + (c.collapsed ? label("Collapsed") : "")].forEach(function (v, i) {
        var td = document.createElement("td");
        if (i === 1 || i === 2 || i === 5) { td.className = "text-end"; }
        td.textContent = v;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var t = data.totals;
    root.querySelector("[data-role=totals]").textContent =
      fmt(t.chains) + " " + label("Chain").toLowerCase() + " · " + fmt(t.clusters) + " " +
      label("Cluster") + " · " + fmt(t.cases) + " " + label("Cases") + " · " +
      fmt(t.persons) + " " + label("Persons") + " (F1 " + fmt(t.f1) + ", F2 " + fmt(t.f2) + ")";
  }

  function load() {
    fetch(root.dataset.url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var started = performance.now();
        table(data);
        draw(data);
        var status = root.querySelector("[data-role=status]");
        status.textContent = "";
        root.dataset.rendered = String(Math.round(performance.now() - started));
      })
      .catch(function (e) {
        root.querySelector("[data-role=status]").textContent = "⚠ " + e.message;
      });
  }

  // ECharts is a deferred script before this one; wait for the document so both have run.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
}());
