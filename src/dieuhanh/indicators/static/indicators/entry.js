// The data-entry form: mirrors the server's plausibility rule (indicators/pure/quality.py) so a
// flagged value is marked and its comment box opened as the officer types. The server decides
// (the HTMX check explains the flag, the save refuses an unconfirmed one); this only shows.
(function () {
  "use strict";

  // "1.234,5" → 1234.5 (Vietnamese: dot for thousands, comma for decimals); NaN otherwise.
  function parseVn(text) {
    var t = text.trim().replace(/\s/g, "");
    if (!/^-?[0-9.]*(,[0-9]*)?$/.test(t) || t === "" || t === "-") return NaN;
    return Number(t.replace(/\./g, "").replace(",", "."));
  }

  function num(input, name) {
    var v = input.dataset[name];
    return v === undefined || v === "" ? null : Number(v);
  }

  function negative(input) {
    var value = parseVn(input.value);
    return !isNaN(value) && value < 0 && input.dataset.negative !== "1";
  }

  // Flagged: a comment can confirm it (a forbidden negative cannot: refused, no comment box).
  function flagged(input) {
    var value = parseVn(input.value);
    if (isNaN(value) || negative(input)) return false;
    var stored = num(input, "stored");
    if (stored !== null && stored === value) return false; // unchanged: confirmed when saved
    var min = num(input, "min"), max = num(input, "max");
    var low = num(input, "low"), high = num(input, "high"), ly = num(input, "lastYear");
    if (min !== null && value < min) return true;
    if (max !== null && value > max) return true;
    if (low !== null && high !== null && (value < low || value > high)) return true;
    if (ly !== null && ly > 0 && value > 0 && (value > ly * 3 || value * 3 < ly)) return true;
    return false;
  }

  function reveal(name, on) {
    var box = document.getElementById("c-" + name);
    if (!box) return;
    if (on) box.open = true; // a <details>: the comment that confirms a flagged value
  }

  function update(input) {
    var on = flagged(input);
    input.classList.toggle("is-flagged", on);
    input.classList.toggle("is-negative", negative(input)); // not is-invalid: the server's mark
    reveal(input.name, on);
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.hasAttribute("data-quality")) update(input);
  });

  // The server's answer as you type: a flag it found opens the comment box too.
  function revealFlagged() {
    document.querySelectorAll('[id^="msg-"][data-flagged="1"]').forEach(function (el) {
      reveal(el.id.slice(4), true);
    });
  }
  document.addEventListener("htmx:afterSettle", revealFlagged);

  document.querySelectorAll("input[data-quality]").forEach(update);
  revealFlagged();
})();
