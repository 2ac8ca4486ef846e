// Accessible autocomplete (ARIA 1.2 combobox with a listbox popup) for the search box.
// Down/Up move through suggestions, Enter opens the highlighted one, Escape closes the list.
// A query with crisis language gets the crisis line as its first option (a tel: link).
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var status = document.getElementById("search-suggestions-status");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    list.innerHTML = "";
    items = suggestions.map(function (suggestion, i) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", suggestion.url);
      // The crisis line comes first (the server puts it there) and stands out.
      if (suggestion.crisis) { option.className = "suggestion-crisis"; }
      option.textContent = suggestion.text;
      var kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = " · " + suggestion.kind;
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(suggestion.url);
      });
      list.appendChild(option);
      return option;
    });
    active = -1;
    var open = items.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    var help = suggestions.length && suggestions[0].crisis ? suggestions[0].text + " " : "";
    status.textContent = open
      ? help + items.length + " suggestion" + (items.length === 1 ? "" : "s") + ", use the arrow keys to choose"
      : "";
  }

  function fetchSuggestions() {
    var value = input.value.trim();
    if (value.length < 2) { close(); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (ticket === latest) { render(data.suggestions || []); } })
      .catch(close);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (!items.length) { fetchSuggestions(); return; }
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].getAttribute("data-url"));
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); }
      close();
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 100); });
})();
