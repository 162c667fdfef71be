/* Care pages: "select all" checkboxes and the zone map (Leaflet, vectors on an offline base
   layer of grid lines and commune names unless a tile URL is configured). No inline script: data comes from data-*
   attributes. */
(function () {
  "use strict";

  function selectAll() {
    document.querySelectorAll("[data-care-select-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        var name = box.getAttribute("data-care-select-all");
        document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (b) {
          b.checked = box.checked;
        });
      });
    });
  }

  /* A tooltip's content as an element holding text: Leaflet inserts a string as HTML, and the
     names come from the data (a zone named "<img src=x>" must show those characters). */
  function asText(value) {
    var span = document.createElement("span");
    span.textContent = String(value);
    return span;
  }

  var ZONE_COLOURS = { lockdown: "#b91c1c", zoning: "#d97706" };
  var RISK_COLOURS = { 1: "#15803d", 2: "#ca8a04", 3: "#ea580c", 4: "#b91c1c" };

  function drawZone(map, z) {
    var colour = ZONE_COLOURS[z.kind] || "#1d4ed8";
    var opts = { color: colour, weight: 2, fillOpacity: z.kind === "lockdown" ? 0.25 : 0.1 };
    var layer = null;
    if (z.shape === "circle" && z.center) {
      layer = L.circle(z.center, Object.assign({ radius: z.radius }, opts));
    } else if (z.polygon && z.polygon.length >= 3) {
      layer = L.polygon(z.polygon, opts);
    }
    if (layer) {
      layer.bindTooltip(asText(z.name));
      layer.addTo(map);
    }
    return layer;
  }

  /* The base layer when no tile server is configured (the default: the map works offline):
     a grid of latitude/longitude lines every 0.01° (about 1.1 km), a scale bar, and the name of
     each commune at its centre (the health profile's coordinates, else the unit dataset's
     centroid; the dataset has no outlines). Nothing is fetched. */
  function offlineBase(map, data, view) {
    // Its own pane under the zones (the overlay pane is 400).
    map.createPane("base").style.zIndex = 350;
    var centre = view ? view.getCenter() : map.getCenter();
    var wide = view && Math.max(view.getNorth() - view.getSouth(), view.getEast() - view.getWest());
    var step = wide && wide > 0.06 ? 0.05 : 0.01;
    var lat0 = Math.round(centre.lat / step) * step, lon0 = Math.round(centre.lng / step) * step;
    var span = step * 40;
    var grid = { color: "#cbd5e1", weight: 1, interactive: false, pane: "base" };
    for (var k = -40; k <= 40; k += 1) {
      L.polyline([[lat0 + k * step, lon0 - span], [lat0 + k * step, lon0 + span]], grid).addTo(map);
      L.polyline([[lat0 - span, lon0 + k * step], [lat0 + span, lon0 + k * step]], grid).addTo(map);
    }
    (data.risk || []).forEach(function (r) {
      if (r.lat === null || r.lon === null) { return; }
      L.tooltip({
        permanent: true, direction: "bottom", offset: [0, 6], className: "care-map-label",
        interactive: false,
      }).setLatLng([r.lat, r.lon]).setContent(asText(r.name)).addTo(map);
    });
  }

  function zoneMap(el) {
    if (typeof L === "undefined") { return; }
    var data = JSON.parse(el.getAttribute("data-map"));
    var map = L.map(el, { attributionControl: !!data.tiles });
    // A view first: circles need the map's projection to know their bounds.
    map.setView(data.center || [13.70, 108.08], 15);
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19 }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    var bounds = [];
    (data.zones || []).forEach(function (z) {
      var layer = drawZone(map, z);
      if (layer) { bounds.push(layer.getBounds()); }
    });
    (data.risk || []).forEach(function (r) {
      if (r.lat === null || r.lon === null) { return; }
      L.circle([r.lat, r.lon], {
        radius: r.radius || 600, color: RISK_COLOURS[r.level], weight: 2, dashArray: "6 4", fillOpacity: 0.05,
      }).bindTooltip(asText(r.name + " · " + r.label)).addTo(map);
      bounds.push(L.latLng(r.lat, r.lon).toBounds(Math.max(1500, 2 * (r.radius || 0)))); // every commune with a centre in view
    });
    (data.points || []).forEach(function (p) {
      var isCase = p.role === "case";
      L.circleMarker([p.lat, p.lon], {
        radius: isCase ? 7 : 5, color: isCase ? "#7f1d1d" : "#1e3a8a",
        fillColor: isCase ? "#dc2626" : "#3b82f6", fillOpacity: 0.9, weight: 1,
      }).bindTooltip(asText(isCase ? "F0" : "F" + (p.generation || 1))).addTo(map);
    });
    var all = null;
    if (bounds.length) {
      all = L.latLngBounds(bounds[0].getSouthWest(), bounds[0].getNorthEast());
      bounds.slice(1).forEach(function (b) { all.extend(b); });
      map.fitBounds(all.pad(0.2), { animate: false });
    }
    if (!data.tiles) { offlineBase(map, data, all || null); }
    el.dataset.ready = "1";
    drawing(map);
  }

  /* The zone form: a click sets the circle's centre, or adds a polygon point. */
  function drawing(map) {
    var form = document.querySelector("[data-zone-form]");
    if (!form) { return; }
    var shape = form.querySelector("[name=shape]");
    var lat = form.querySelector("[name=center_lat]");
    var lon = form.querySelector("[name=center_lon]");
    var radius = form.querySelector("[name=radius_m]");
    var polygon = form.querySelector("[name=polygon]");
    var preview = null;
    function redraw() {
      if (preview) { map.removeLayer(preview); preview = null; }
      if (shape.value === "circle" && lat.value && lon.value && radius.value) {
        preview = L.circle([parseFloat(lat.value), parseFloat(lon.value)], {
          radius: parseFloat(radius.value), color: "#1d4ed8", dashArray: "4",
        }).addTo(map);
      } else if (shape.value === "polygon") {
        var pts = polygon.value.split(";").filter(function (s) { return s.trim(); }).map(function (s) {
          return s.split(",").map(parseFloat);
        });
        if (pts.length >= 2) { preview = L.polygon(pts, { color: "#1d4ed8", dashArray: "4" }).addTo(map); }
      }
    }
    map.on("click", function (e) {
      var la = e.latlng.lat.toFixed(6), lo = e.latlng.lng.toFixed(6);
      if (shape.value === "circle") {
        lat.value = la; lon.value = lo;
      } else {
        polygon.value = (polygon.value.trim() ? polygon.value.trim() + "; " : "") + la + "," + lo;
      }
      redraw();
    });
    [shape, lat, lon, radius, polygon].forEach(function (i) { i.addEventListener("input", redraw); });
    var clear = form.querySelector("[data-zone-clear]");
    if (clear) {
      clear.addEventListener("click", function () { polygon.value = ""; redraw(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    selectAll();
    document.querySelectorAll("[data-care-map]").forEach(zoneMap);
  });
})();
