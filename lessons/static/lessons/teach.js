/* Tally, the teacher's workspace: select words in an article to mark a span.
 * Every page works without this file: a teacher can type the exact words and
 * which occurrence of them is meant instead.
 *
 * - span pickers: the article's text in a textarea that refuses edits, so the
 *   mouse and the keyboard (Shift+arrows) can select in it
 * - "Use the selection": fills the form's start/end (code points), quote and
 *   occurrence; typing a quote by hand clears the offsets again
 * - evidence keys: "Add the selection" lists the passage as an accepted span
 *
 * Offsets: JavaScript counts UTF-16 code units, the server counts code points;
 * tally.js's selected() (window.Tally) converts, as for the students' widget,
 * and its selectable() makes the article's textarea refuse edits.
 */
(function () {
  "use strict";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }
  function occurrences(text, words, before) {
    var count = 0, at = text.indexOf(words);
    while (at !== -1 && at < before) { count++; at = text.indexOf(words, at + 1); }
    return count;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Tally) { return; }
    $$("form[data-span-form]").forEach(setUpForm);
  });

  function setUpForm(form) {
    var areas = $$("[data-span-picker] textarea[data-article]", form).filter(function (area) {
      // The text must be exactly the server's, or offsets would drift.
      return window.Tally.codePointLength(area.value) === parseInt(area.getAttribute("data-length"), 10);
    });
    if (!areas.length) { return; }
    var lastArea = areas[0];
    areas.forEach(function (area) {
      window.Tally.selectable(area);
      area.addEventListener("focus", function () { lastArea = area; });
      area.addEventListener("select", function () { lastArea = area; });
      area.addEventListener("keydown", function (event) {
        var buttons = $$("[data-span-use]", form);
        if (event.key === "Enter" && !event.shiftKey && buttons.length === 1) {
          event.preventDefault();
          buttons[0].click();
        }
      });
      var picker = area.closest("[data-span-picker]");
      $$(".js-only", picker).forEach(function (el) { el.hidden = false; });
    });

    function selection() {
      var area = lastArea;
      var picked = window.Tally.selected(area);
      if (!picked) { return null; }
      picked.article = area.getAttribute("data-article");
      picked.occurrence = occurrences(area.value, picked.words, picked.at) + 1;
      return picked;
    }

    $$("[data-span-target]", form).forEach(function (target) {
      $$(".js-only", target).forEach(function (el) { el.hidden = false; });
      var start = $("[data-start]", target), end = $("[data-end]", target);
      var quote = $("[data-quote]", target), occurrence = $("[data-occurrence]", target);
      var status = $("[data-span-status]", target);
      var button = $("[data-span-use]", target);
      var accepted = target.closest("[data-accepted-add]");
      function clearOffsets() { start.value = ""; end.value = ""; }
      if (quote) { quote.addEventListener("input", clearOffsets); }
      if (occurrence) { occurrence.addEventListener("input", clearOffsets); }
      button.addEventListener("click", function () {
        var picked = selection();
        if (!picked) {
          announce(status, "Nothing is selected: select some words in the text first.");
          lastArea.focus();
          return;
        }
        if (accepted) {
          addAccepted(form, picked);
          return;
        }
        start.value = picked.start;
        end.value = picked.end;
        quote.value = picked.words;
        if (occurrence) { occurrence.value = picked.occurrence; }
        announce(status, "Selected “" + picked.words + "”.");
      });
    });
  }

  /* Evidence keys: the passage joins the list of accepted spans (ticked). */
  function addAccepted(form, picked) {
    var list = $("[data-accepted-list]", form);
    var announcer = $("[data-accepted-announce]", form);
    var value = picked.article + ":" + picked.start + ":" + picked.end;
    if ($$("input[name=accepted]", list).some(function (input) { return input.value === value && input.checked; })) {
      announce(announcer, "That passage is accepted already.");
      return;
    }
    var id = "accepted-new-" + Date.now();
    var item = document.createElement("li");
    item.className = "evidence__item";
    var input = document.createElement("input");
    input.type = "checkbox"; input.name = "accepted"; input.value = value; input.id = id; input.checked = true;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "“" + picked.words + "”";
    item.appendChild(input); item.appendChild(label);
    list.appendChild(item);
    var empty = $("[data-accepted-empty]", form);
    if (empty) { empty.hidden = true; }
    announce(announcer, "Added “" + picked.words + "” to the accepted passages; save to keep it.");
  }
})();
