/* Page charts drawn by Apache ECharts (vendor/echarts-6.0.0). No inline script (the CSP forbids
   it): each chart is an element with data-chart="<kind>" and data-chart-data="<id>", the id of a
   <script type="application/json"> written by Django's json_script. Numbers in that JSON are
   plain JSON numbers; they are formatted for people here, with the page's language
   (Intl.NumberFormat "vi-VN": 5.700,5). Dates arrive as ISO yyyy-mm-dd and are shown dd/mm/yyyy.
   Tooltips are elements holding text lines: data is never parsed as HTML, and no style
   attribute is put into the page (the CSP forbids inline styles). The fallback inside the element (a table or an SVG) is replaced when ECharts draws. */
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "vi").toLowerCase();
  var locale = lang.indexOf("vi") === 0 ? "vi-VN" : "en-GB";
  var formats = {};

  function number(value, decimals) {
    if (value === null || value === undefined || value === "-") { return "–"; }
    var d = decimals === undefined ? 2 : decimals;
    if (!formats[d]) {
      formats[d] = new Intl.NumberFormat(locale, { maximumFractionDigits: d });
    }
    return formats[d].format(value);
  }

  function dayLabel(iso, withYear) {
    var p = String(iso).split("-");
    if (p.length !== 3) { return String(iso); }
    return p[2] + "/" + p[1] + (withYear ? "/" + p[0] : "");
  }

  function textLines(lines) {
    // A tooltip as elements holding text: data is never parsed as HTML.
    var box = document.createElement("div");
    lines.forEach(function (line) {
      var div = document.createElement("div");
      div.textContent = String(line);
      box.appendChild(div);
    });
    return box;
  }

  function toolbox(data, name) {
    return {
      right: 8,
      feature: {
        saveAsImage: {
          title: data.labels.save, name: name, pixelRatio: 2, backgroundColor: "#fff",
        },
      },
    };
  }

  /* The epidemic curve: bars of cases per day and the 7-day average, by onset date or by
     confirmation date (the radio buttons of the element switch between them). */
  function epicurve(el, chart, data) {
    var colours = { onset: "#f0ad4e", confirmed: "#b02a37" };
    var by = "confirmed";

    function option() {
      var bars = by === "onset" ? data.onset : data.confirmed;
      var avg = by === "onset" ? data.onset_avg : data.confirmed_avg;
      var barName = by === "onset" ? data.labels.onset : data.labels.confirmed;
      return {
        animation: false,
        grid: { left: 40, right: 16, top: 40, bottom: 56 },
        legend: { top: 4, left: 0, data: [barName, data.labels.average] },
        toolbox: toolbox(data, data.labels.file),
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter: function (items) {
            var lines = [dayLabel(data.days[items[0].dataIndex], true)];
            items.forEach(function (it) {
              var d = it.seriesType === "line" ? 2 : 0;
              lines.push(it.seriesName + ": " + number(it.value, d));
            });
            return textLines(lines);
          },
        },
        xAxis: {
          type: "category",
          data: data.days,
          axisLabel: { formatter: function (v) { return dayLabel(v, false); }, hideOverlap: true },
          axisTick: { alignWithLabel: true },
        },
        yAxis: {
          type: "value", minInterval: 1,
          axisLabel: { formatter: function (v) { return number(v, 0); } },
        },
        dataZoom: data.days.length > 60 ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 4 }] : [],
        series: [
          { name: barName, type: "bar", data: bars, itemStyle: { color: colours[by] }, barMaxWidth: 18 },
          {
            name: data.labels.average, type: "line", data: avg, smooth: false, symbol: "none",
            lineStyle: { width: 2, color: "#212529" }, itemStyle: { color: "#212529" },
            connectNulls: false,
          },
        ],
      };
    }

    chart.setOption(option(), true);
    el.closest("[data-chart-box]").querySelectorAll("input[data-chart-by]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.checked) {
          by = input.value;
          chart.setOption(option(), true);
        }
      });
    });
  }

  /* An indicator's trend over periods: the figures of a unit, including the periods before it
     was formed (the 2025 merger), which come from the units it was formed from and are drawn
     dashed and marked. */
  function trend(el, chart, data) {
    var decimals = data.decimals;
    var split = data.formed_index; // index of the first period of the unit itself, or null
    var own = data.values.map(function (v, i) { return split === null || i >= split ? v : null; });
    var before = data.values.map(function (v, i) {
      return split !== null && i <= split ? v : null;
    });
    var series = [{
      name: data.labels.series, type: "line", data: own, symbolSize: 6,
      lineStyle: { color: "#a50e0e", width: 2 }, itemStyle: { color: "#a50e0e" },
      connectNulls: true,
    }];
    if (split !== null && split > 0) {
      series.push({
        name: data.labels.before, type: "line", data: before, symbolSize: 5,
        lineStyle: { color: "#a50e0e", width: 2, type: "dashed" }, itemStyle: { color: "#e7a3a3" },
        connectNulls: true,
        markLine: {
          symbol: "none", silent: true, label: { show: false }, // too small a chart for words
          lineStyle: { color: "#6c757d", type: "dotted" },
          data: [{ xAxis: split }],
        },
      });
    }
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 4, containLabel: false },
      tooltip: {
        trigger: "axis",
        confine: true,
        textStyle: { fontSize: 11 },
        formatter: function (items) {
          var i = items[0].dataIndex;
          var known = data.values[i] !== null;
          var value = number(data.values[i], decimals) +
            (known && data.unit_of_measure ? " " + data.unit_of_measure : "");
          // Short lines: the tooltip stays inside the small chart (confine) on a phone.
          var lines = [data.periods[i], value];
          if (split !== null && i < split) { lines.push(data.labels.before); }
          return textLines(lines);
        },
      },
      xAxis: { type: "category", data: data.periods, show: false, boundaryGap: false },
      yAxis: { type: "value", show: false, scale: true },
      series: series,
    }, true);
  }

  var kinds = { epicurve: epicurve, trend: trend };

  function draw(el) {
    if (typeof echarts === "undefined" || el.dataset.chartReady) { return; }
    var source = document.getElementById(el.dataset.chartData);
    var kind = kinds[el.dataset.chart];
    if (!source || !kind) { return; }
    var data = JSON.parse(source.textContent);
    el.textContent = "";
    el.classList.add("chart-drawn");
    var chart = echarts.init(el, null, { renderer: "canvas" });
    kind(el, chart, data);
    var box = el.closest("[data-chart-box]");
    if (box) {
      box.querySelectorAll("[data-chart-js]").forEach(function (c) { c.hidden = false; });
    }
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.chartReady = "1";
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
  window.dieuhanhCharts = { number: number, dayLabel: dayLabel, drawAll: drawAll };
}());
