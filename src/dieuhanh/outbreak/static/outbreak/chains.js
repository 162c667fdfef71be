// Chains of transmission: a small canvas renderer (no library). Each chain gets a cell of a
// grid; inside, cases sit in the middle and each generation on a ring around them. Chains too
// large to draw arrive collapsed (counts only) and are listed in the table.
(function () {
  "use strict";
  var root = document.getElementById("chains");
  if (!root) { return; }
  var colours = ["#b02a37", "#fd7e14", "#ffc107", "#6c757d"];
  var fmt = function (n) { return Number(n).toLocaleString("vi-VN"); };
  var label = function (key) { return root.dataset["label" + key] || key; };

  function draw(data) {
    var canvas = root.querySelector("[data-role=canvas]");
    var ctx = canvas.getContext("2d");
    var drawn = data.chains.filter(function (c) { return !c.collapsed; });
    var cols = Math.max(1, Math.ceil(Math.sqrt(drawn.length * 2)));
    var rows = Math.max(1, Math.ceil(drawn.length / cols));
    var cellW = canvas.width / cols;
    var cellH = Math.max(160, canvas.height / rows);
    canvas.height = Math.min(8000, cellH * rows);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    var byChain = {};
    data.nodes.forEach(function (n) { (byChain[n.chain] = byChain[n.chain] || []).push(n); });
    var pos = {};
    drawn.forEach(function (chain, i) {
      var cx = (i % cols + 0.5) * cellW;
      var cy = (Math.floor(i / cols) + 0.5) * cellH;
      var rings = {};
      (byChain[chain.id] || []).forEach(function (n) {
        var g = n.g === null ? 3 : n.g;
        (rings[g] = rings[g] || []).push(n);
      });
      var radius = Math.min(cellW, cellH) / 2 - 18;
      Object.keys(rings).forEach(function (g) {
        var ring = rings[g];
        var r = Number(g) === 0 && ring.length === 1 ? 0 : radius * (Number(g) + 0.35) / 3.35;
        ring.forEach(function (n, k) {
          var a = 2 * Math.PI * k / ring.length;
          pos[n.id] = { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), n: n };
        });
      });
      ctx.fillStyle = "#212529";
      ctx.font = "11px sans-serif";
      ctx.fillText(label("Chain") + " " + chain.id + (chain.cluster ? " · " + label("Cluster") : ""),
        cx - cellW / 2 + 4, cy - cellH / 2 + 12);
    });
    ctx.strokeStyle = "rgba(73,80,87,0.45)";
    ctx.beginPath();
    data.links.forEach(function (l) {
      var a = pos[l[0]], b = pos[l[1]];
      if (a && b) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
    });
    ctx.stroke();
    var small = data.nodes.length > 1500;
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      var g = p.n.g === null ? 3 : Math.min(p.n.g, 3);
      ctx.fillStyle = colours[g];
      ctx.beginPath();
      ctx.arc(p.x, p.y, g === 0 ? 6 : (small ? 2 : 4), 0, 2 * Math.PI);
      ctx.fill();
      if (!small && g === 0) {
        ctx.fillStyle = "#212529";
        ctx.fillText(p.n.label, p.x + 7, p.y + 4);
      }
    });
  }

  function table(data) {
    var body = root.querySelector("[data-role=rows]");
    body.textContent = "";
    data.chains.forEach(function (c) {
      var tr = document.createElement("tr");
      [c.id, fmt(c.size), fmt(c.cases), c.start || "", c.end || "", fmt(c.duration_days),
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
}());
