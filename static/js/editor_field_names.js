/*
 * Wagtail 8's page editor renders three kinds of inputs with no accessible name (axe "label",
 * critical, and "aria-input-field-name", serious), so a screen-reader user hears "edit text"
 * with nothing to say which field it is:
 *   - Draftail's contenteditable (role="textbox"): its <label for> points at the hidden input
 *     that carries the value, and a rich-text block in a StreamField has no label at all, only
 *     the block's heading ("Rich text");
 *   - the tag widget's typing input (tag-it), whose <label for> points at the hidden input;
 *   - a ListBlock's item inputs, which Wagtail renders without labels;
 *   - the chooser dialogs (role="dialog", axe "aria-dialog-name"), named by their heading.
 * This names each from the words a sighted editor reads beside it. Wagtail offers no setting
 * for it (the widgets are rendered by its own JavaScript), so we do it after them, again
 * whenever the editor adds fields (new blocks, list items, chooser dialogs).
 */
(function () {
  "use strict";

  var made = 0;

  function idFor(element) {
    if (!element.id) {
      made += 1;
      element.id = "portal-name-" + made;
    }
    return element.id;
  }

  function named(element) {
    return (
      element.hasAttribute("aria-label") ||
      element.hasAttribute("aria-labelledby") ||
      (element.labels && element.labels.length > 0)
    );
  }

  // The <label for> of the input that holds the widget's value (Draftail, tag-it).
  function labelOfValueInput(element) {
    var field = element.closest(".w-field");
    if (!field) return null;
    var inputs = field.querySelectorAll("input[id], textarea[id]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i] === element) continue;
      var label = document.querySelector('label[for="' + CSS.escape(inputs[i].id) + '"]');
      if (label && label.textContent.trim()) return label;
    }
    return null;
  }

  // A ListBlock item: "<list label> <position>", e.g. "Facts 2".
  function listItemName(element) {
    var item = element.closest("[data-streamfield-child]");
    var list = item && item.parentElement;
    if (!list || !list.hasAttribute("data-streamfield-list-container")) return null;
    var label = null;
    for (var node = list.parentElement; node && !label; node = node.parentElement) {
      label = node.querySelector(":scope > label, :scope > legend");
      if (node.classList.contains("w-panel__content")) break;
    }
    if (!label || !label.textContent.trim()) return null;
    var items = list.querySelectorAll(":scope > [data-streamfield-child]");
    var position = Array.prototype.indexOf.call(items, item) + 1;
    return label.textContent.trim() + " " + position;
  }

  // A StreamField block's own heading names its only field ("Rich text").
  function blockTypeLabel(element) {
    var section = element.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    var type = heading && heading.querySelector(".c-sf-block__type");
    return type && type.textContent.trim() ? type : null;
  }

  function name(element) {
    if (named(element)) return;
    var label = labelOfValueInput(element);
    if (label) {
      element.setAttribute("aria-labelledby", idFor(label));
      return;
    }
    var itemName = listItemName(element);
    if (itemName) {
      element.setAttribute("aria-label", itemName);
      return;
    }
    var type = blockTypeLabel(element);
    if (type) element.setAttribute("aria-labelledby", idFor(type));
  }

  function nameDialog(dialog) {
    if (dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) return;
    var heading = dialog.querySelector("h1, h2");
    if (heading && heading.textContent.trim()) {
      dialog.setAttribute("aria-labelledby", idFor(heading));
    }
  }

  var SELECTOR = [
    '[contenteditable="true"][role="textbox"]',
    "input.ui-autocomplete-input",
    "[data-streamfield-list-container] > [data-streamfield-child] input:not([type=hidden])",
    "[data-streamfield-list-container] > [data-streamfield-child] textarea",
  ].join(", ");

  function nameAll() {
    document.querySelectorAll(SELECTOR).forEach(name);
    document.querySelectorAll('[role="dialog"]').forEach(nameDialog);
  }

  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameAll();
    });
  }

  function start() {
    nameAll();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
