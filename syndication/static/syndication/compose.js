// Live check and platform previews while composing. Every verdict comes from the server
// (the same gates as submit); this file only sends the texts, debounced, and swaps in the
// HTML the server rendered. Without it the form works the same and is checked on save.
(function () {
  "use strict";
  var form = document.querySelector("[data-syndication-compose]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-live-check-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var errorBox = form.querySelector("[data-live-error]");
  var DELAY_MS = 300;
  var timer = null;
  var inFlight = null;

  function payload() {
    var channels = {};
    form.querySelectorAll("textarea[data-syndication-text]").forEach(function (area) {
      channels[area.getAttribute("data-channel")] = area.value;
    });
    var alt = form.querySelector("[name=image_alt]");
    var image = form.querySelector("input[name=image]");
    var body = {
      channels: channels,
      image_alt: alt ? alt.value : "",
      image: image && /^\d+$/.test(image.value) ? Number(image.value) : null
    };
    if (form.hasAttribute("data-post")) body.post = Number(form.getAttribute("data-post"));
    else body.page = Number(form.getAttribute("data-page"));
    return body;
  }

  function swap(row, part, html) {
    var target = row.querySelector("[data-live-part=" + part + "]");
    if (!target) return;
    if (target.hasAttribute("aria-live")) {
      // Only touch a live region when its words change, so screen readers are not
      // told the same thing on every keystroke.
      var probe = document.createElement("div");
      probe.innerHTML = html;
      if (target.textContent.trim() === probe.textContent.trim()) return;
    }
    target.innerHTML = html;
  }

  function show(data) {
    errorBox.hidden = true;
    data.channels.forEach(function (verdict) {
      var row = form.querySelector("[data-channel-row='" + verdict.channel + "']");
      if (!row) return;
      ["count", "checks", "preview"].forEach(function (part) {
        swap(row, part, verdict.html[part]);
      });
      row.setAttribute("data-ok", verdict.ok ? "true" : "false");
    });
  }

  function check() {
    if (inFlight) inFlight.abort();
    inFlight = window.AbortController ? new AbortController() : null;
    fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(payload()),
      credentials: "same-origin",
      signal: inFlight ? inFlight.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(show).catch(function (error) {
      if (error && error.name === "AbortError") return;
      errorBox.textContent = "The live check is unavailable just now; every check still runs when you save.";
      errorBox.hidden = false;
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
