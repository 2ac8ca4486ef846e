// Live preview and length check per channel, counted by the server the way each
// platform counts (X: links 23, Bluesky: graphemes, ...).
(function () {
  "use strict";
  var form = document.querySelector("[data-syndication-compose]");
  if (!form) return;
  var url = form.getAttribute("data-preview-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};

  function update(area) {
    var id = area.getAttribute("data-channel");
    var platform = area.getAttribute("data-syndication-text");
    var link = area.getAttribute("data-link") || "";
    var preview = document.getElementById("preview-" + id);
    var counter = document.getElementById("count-" + id);
    var cardOnly = platform === "linkedin" || platform === "facebook";
    preview.textContent = cardOnly ? area.value.trim() + "\n[link card: " + link + "]"
                                   : area.value.trim() + "\n\n" + link;
    fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({platform: platform, text: area.value, link: link}),
      credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (data) {
      counter.textContent = data.used + " / " + data.limit + " " + data.unit;
      counter.classList.toggle("syndication-over", !data.ok);
      counter.setAttribute("data-ok", data.ok ? "true" : "false");
    });
  }

  form.querySelectorAll("textarea[data-syndication-text]").forEach(function (area) {
    area.addEventListener("input", function () {
      clearTimeout(timers[area.id]);
      timers[area.id] = setTimeout(function () { update(area); }, 250);
    });
    update(area);
  });
})();
