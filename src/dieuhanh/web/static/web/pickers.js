// Unit and period pickers (web/_unit_picker.html, web/_period_picker.html). No library: the
// unit box asks /units/pick/ for names (accents not needed, the server folds them) and fills
// the hidden code; the period kind select shows only the periods of that kind.
(function () {
  "use strict";
  if (window.dieuhanhPickers) { return; }
  window.dieuhanhPickers = true;

  function unitPicker(root) {
    var code = root.querySelector("[data-unit-code]");
    var box = root.querySelector("[data-unit-name]");
    var list = root.querySelector("ul");
    var timer = null;
    var chosen = box.value;
    function close() { list.hidden = true; box.setAttribute("aria-expanded", "false"); }
    function choose(unit) {
      code.value = unit.code; box.value = unit.name; chosen = unit.name; close();
    }
    function show(units) {
      list.textContent = "";
      units.forEach(function (unit, i) {
        var item = document.createElement("li");
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.id = box.id + "-opt-" + i;
        item.dataset.code = unit.code;
        item.textContent = unit.name + (unit.parent ? " — " + unit.parent : "");
        item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(unit); });
        list.appendChild(item);
      });
      list.hidden = units.length === 0;
      box.setAttribute("aria-expanded", units.length ? "true" : "false");
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        var url = root.dataset.url + "?q=" + encodeURIComponent(q) + "&on=" + root.dataset.on;
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { units: [] }; })
          .then(function (data) { show(data.units); });
      }, 200);
    });
    box.addEventListener("keydown", function (e) {
      var items = list.querySelectorAll("li");
      if (e.key === "Enter" && !list.hidden && items.length) {
        e.preventDefault();
        items[0].dispatchEvent(new MouseEvent("mousedown"));
      } else if (e.key === "Escape") { close(); }
    });
    box.addEventListener("blur", function () {
      if (box.value !== chosen) { box.value = chosen; }
      close();
    });
  }

  function periodPicker(root) {
    var kind = root.querySelector("[data-period-kind]");
    var select = root.querySelector("[data-period-select]");
    function apply(keep) {
      var first = null;
      select.querySelectorAll("optgroup").forEach(function (group) {
        var on = group.dataset.kind === kind.value;
        group.hidden = !on; group.disabled = !on;
        if (on && !first) { first = group.querySelector("option"); }
      });
      var current = select.selectedOptions[0];
      if (!keep || !current || current.parentElement.dataset.kind !== kind.value) {
        if (first) { select.value = first.value; }
      }
    }
    // A unit picker of the same form searches the units that exist at the chosen period's end
    // (Xã Ia Blang in 2021, Xã Chư Sê after the 2025 reform).
    function follow() {
      var chosen = select.selectedOptions[0];
      var form = root.closest("form");
      if (!chosen || !form || !chosen.dataset.end) { return; }
      form.querySelectorAll("[data-unit-picker]").forEach(function (picker) {
        picker.dataset.on = chosen.dataset.end;
      });
    }
    kind.addEventListener("change", function () { apply(false); follow(); });
    select.addEventListener("change", follow);
    apply(true);
  }

  function start() {
    document.querySelectorAll("[data-unit-picker]").forEach(unitPicker);
    document.querySelectorAll("[data-period-picker]").forEach(periodPicker);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
