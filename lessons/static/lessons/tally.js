/* Tally: small progressive enhancements. Every page works without this file.
 *
 * - figure tooltips: Escape dismisses them (WCAG 1.4.13); kept inside the viewport
 * - error summaries: take the focus when the page opens
 * - quiz timer: a live countdown; the server enforces the limit
 * - autosave: answers are posted as the student changes them
 * - numeric: show only the one-number or the range inputs
 * - evidence: select words in the article (mouse or keyboard) and add them
 * - ordering: drag and drop, or Up/Down buttons; keeps the position selects in step
 * - chain: add sources from the pool, reorder and remove; keeps the selects in step
 *
 * Offsets: JavaScript strings count UTF-16 code units, the server counts code
 * points; codePoints() converts before anything is sent.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* Times in the reader's time zone: the server reads this cookie
   * (lessons/middleware.py); the next page shows local times. */
  (function rememberTimeZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || !/^[A-Za-z][A-Za-z0-9_+\-\/]{0,63}$/.test(zone)) { return; }
    var current = document.cookie.match(/(?:^|; )tally_tz=([^;]*)/);
    if (current && current[1] === zone) { return; }
    // IANA names are cookie-safe as they are (letters, digits, _ + - /).
    document.cookie = "tally_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }());

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function reveal(root) { $$(".js-only[hidden], [hidden].js-only", root).forEach(function (el) { el.hidden = false; }); }
  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /* UTF-16 index into text -> code-point offset. */
  function codePoints(text, index) {
    var count = 0;
    for (var i = 0; i < index; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) { i++; }
      count++;
    }
    return count;
  }
  function codePointLength(text) { return codePoints(text, text.length); }

  /* A textarea that can be selected in but not changed. Chrome moves no caret
   * in a readonly textarea, so keyboard selection needs an editable one:
   * refuse every edit instead, and keep the on-screen keyboard away
   * (inputmode none). */
  function selectable(area) {
    var original = area.value;
    area.readOnly = false;
    area.setAttribute("aria-readonly", "true");
    area.setAttribute("inputmode", "none");
    area.addEventListener("beforeinput", function (event) { event.preventDefault(); });
    area.addEventListener("input", function () {
      if (area.value !== original) {
        var at = Math.min(area.selectionStart, original.length);
        area.value = original;
        area.setSelectionRange(at, at);
      }
    });
    area.addEventListener("drop", function (event) { event.preventDefault(); });
  }

  /* The area's selection without surrounding white space ("  words " selects
   * "words"): {at, words, start, end} (start/end in code points), or null. */
  function selected(area) {
    var a = area.selectionStart, b = area.selectionEnd;
    var text = area.value.slice(a, b);
    a += text.length - text.replace(/^\s+/, "").length;
    b -= text.length - text.replace(/\s+$/, "").length;
    if (b <= a) { return null; }
    return {
      at: a,
      words: area.value.slice(a, b),
      start: codePoints(area.value, a),
      end: codePoints(area.value, b)
    };
  }

  // Shared with teach.js (the teacher's span pickers), so both count alike.
  window.Tally = {
    codePointLength: codePointLength,
    selectable: selectable,
    selected: selected
  };

  /* --- figure tooltips --- */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    $$("mark.figure").forEach(function (mark) { mark.classList.add("tip-dismissed"); });
  });
  document.addEventListener("focusin", function (event) {
    var mark = event.target.closest && event.target.closest("mark.figure");
    if (mark) { mark.classList.remove("tip-dismissed"); }
  });
  document.addEventListener("mouseover", function (event) {
    var mark = event.target.closest && event.target.closest("mark.figure");
    if (mark) { mark.classList.remove("tip-dismissed"); placeTip(mark); }
  });
  document.addEventListener("focusin", function (event) {
    var mark = event.target.closest && event.target.closest("mark.figure");
    if (mark) { placeTip(mark); }
  });
  /* A tooltip starts at its mark's left edge; near the right edge of the
   * viewport it is shifted left just enough to fit (never past the left edge). */
  function placeTip(mark) {
    var tip = $(".figure__tip", mark);
    if (!tip) { return; }
    tip.style.left = "";
    var box = tip.getBoundingClientRect();
    if (!box.width) { return; }  // not shown
    var margin = 8;
    var room = document.documentElement.clientWidth - margin;
    var shift = 0;
    if (box.right > room) { shift = room - box.right; }
    if (box.left + shift < margin) { shift = margin - box.left; }
    if (shift) { tip.style.left = Math.round(shift) + "px"; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = $("[data-error-summary]");
    if (summary) { summary.focus(); }
    setUpTimer();
    var form = $("form[data-autosave]");
    if (!form) { return; }
    var save = setUpAutosave(form);
    setUpNumeric(form, save);
    $$("[data-evidence]", form).forEach(function (root) { setUpEvidence(root, save); });
    $$("[data-ordering]", form).forEach(function (root) { setUpOrdering(root, save); });
    $$("[data-chain]", form).forEach(function (root) { setUpChain(root, save); });
  });

  /* --- timer --- */
  function setUpTimer() {
    var timer = $("[data-timer]");
    if (!timer) { return; }
    var clock = $("[data-timer-clock]", timer);
    var announcer = $("[data-timer-announce]");
    var ends = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
    var warned = {};
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      clock.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      clock.setAttribute("aria-label", (h ? h + " hours " : "") + m + " minutes " + s + " seconds");
      [300, 60].forEach(function (mark) {
        if (left <= mark && left > 0 && !warned[mark]) {
          warned[mark] = true;
          timer.classList.add("timer--low");
          announce(announcer, (mark / 60) + (mark === 60 ? " minute" : " minutes") + " left.");
        }
      });
      if (left === 0) {
        announce(announcer, "Time is up.");
        window.location.href = timer.getAttribute("data-expired-url");
        return;
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  /* --- autosave --- */
  function setUpAutosave(form) {
    var status = $("#save-status");
    var pending = null;
    var inFlight = false;
    var again = false;
    function send() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      // URL-encoded, as the form itself posts: the answer has no files, and
      // a multipart body costs the server several times more to read.
      var data = new URLSearchParams(new FormData(form));
      data.set("nav", "autosave");
      status.classList.remove("is-error");
      status.textContent = "Saving…";
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok) {
          status.textContent = result.body.saved ? "Answer saved." : (result.body.cleared ? "Answer cleared." : "");
          if (result.body.saved) { markAnswered(true); }
          if (result.body.cleared) { markAnswered(false); }
        } else {
          status.classList.add("is-error");
          status.textContent = "Not saved: " + (result.body.error || "please try again.");
        }
      }).catch(function () {
        status.classList.add("is-error");
        status.textContent = "Not saved: check your connection. Your answer is saved when you go on.";
      }).then(function () {
        inFlight = false;
        if (again) { again = false; send(); }
      });
    }
    // The question list and the progress bar follow a save (answered) or a
    // blank answer that cleared the saved one (not answered).
    function markAnswered(answered) {
      var current = $(".question-nav__item[aria-current='step']");
      if (!current || current.classList.contains("is-answered") === answered) { return; }
      current.classList.toggle("is-answered", answered);
      var note = $("[data-nav-label]", current);
      if (note) {
        note.textContent = answered
          ? note.textContent.replace(", not answered", ", answered")
          : note.textContent.replace(", answered", ", not answered");
      }
      var bar = $("#quiz-progress");
      var label = $("label[for='quiz-progress']");
      if (bar) {
        bar.value = Number(bar.value) + (answered ? 1 : -1);
        if (label) { label.textContent = bar.value + " of " + bar.max + " answered"; }
      }
    }
    function schedule(delay) {
      window.clearTimeout(pending);
      pending = window.setTimeout(send, delay || 0);
    }
    form.addEventListener("change", function (event) {
      if (event.target.closest("[data-no-autosave]")) { return; }
      schedule(150);
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA" && !event.target.readOnly) { schedule(1200); }
    });
    return schedule;
  }

  /* --- numeric: one number or a range --- */
  function setUpNumeric(form, save) {
    var root = $("[data-numeric]", form);
    if (!root) { return; }
    function sync() {
      var checked = $("input[name=mode]:checked", root);
      var mode = checked ? checked.value : "value";
      $$("[data-mode]", root).forEach(function (row) {
        var active = row.getAttribute("data-mode") === mode;
        row.classList.toggle("is-inactive", !active);
        $$("input", row).forEach(function (input) { input.disabled = !active; });
      });
    }
    $$("input[name=mode]", root).forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  }

  /* --- evidence: select words in the article --- */
  function setUpEvidence(root, save) {
    var areas = $$("textarea[data-article]", root);
    var list = $("[data-evidence-list]", root);
    var empty = $("[data-evidence-empty]", root);
    var announcer = $("[data-evidence-announce]", root);
    var addButton = $("[data-evidence-add]", root);
    var picker = $("[data-sentence-picker]", root);
    var usable = areas.filter(function (area) {
      // The text must be exactly the server's, or offsets would drift.
      return codePointLength(area.value) === parseInt(area.getAttribute("data-length"), 10);
    });
    if (!usable.length) { return; }  // keep the sentence picker only
    reveal(root);
    if (picker) { picker.open = false; }
    var lastArea = usable[0];
    usable.forEach(function (area) {
      selectable(area);
      area.addEventListener("focus", function () { lastArea = area; });
      area.addEventListener("select", function () { lastArea = area; });
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); addSelection(); }
      });
      fit(area);
    });
    function fit(area) {
      area.style.height = "auto";
      area.style.height = Math.min(area.scrollHeight + 4, window.innerHeight * 0.7) + "px";
    }
    function refreshEmpty() { empty.hidden = $$("li", list).length > 0; }
    /* With the script on, the list and its Remove buttons are the interface:
     * each item's checkbox is hidden, out of the tab order and always ticked,
     * so what is listed is exactly what is sent. */
    function bindRemove(item) {
      var button = $("[data-remove]", item);
      var checkbox = $("input[name=span]", item);
      button.hidden = false;
      checkbox.checked = true;
      checkbox.setAttribute("tabindex", "-1");
      checkbox.addEventListener("change", function (event) {
        // Reached anyway (a click on its label, say): keep it ticked.
        event.stopPropagation();
        checkbox.checked = true;
      });
      button.addEventListener("click", function () {
        var next = item.nextElementSibling || item.previousElementSibling;
        var words = $("label", item).textContent;
        item.remove();
        refreshEmpty();
        announce(announcer, "Removed " + words + ".");
        var focusTarget = next ? $("[data-remove]", next) : lastArea;
        if (focusTarget) { focusTarget.focus(); }
        save(0);
      });
    }
    $$("li", list).forEach(bindRemove);
    function addSelection() {
      var area = lastArea;
      var picked = selected(area);
      if (!picked) {
        announce(announcer, "Nothing is selected: select some words in the article first.");
        area.focus();
        return;
      }
      var value = area.getAttribute("data-article") + ":" + picked.start + ":" + picked.end;
      var words = picked.words;
      if ($$("input[name=span]", list).some(function (input) { return input.value === value; })) {
        announce(announcer, "You have already selected those words.");
        return;
      }
      var id = "span-new-" + Date.now();
      var item = document.createElement("li");
      item.className = "evidence__item";
      var input = document.createElement("input");
      input.type = "checkbox"; input.name = "span"; input.value = value; input.id = id; input.checked = true;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = "“" + words + "”";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--small";
      remove.setAttribute("data-remove", "");
      remove.appendChild(document.createTextNode("Remove"));
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ": “" + words + "”";
      remove.appendChild(hidden);
      item.appendChild(input); item.appendChild(label); item.appendChild(remove);
      list.appendChild(item);
      bindRemove(item);
      refreshEmpty();
      announce(announcer, "Added “" + words + "”.");
      save(0);
    }
    addButton.addEventListener("click", addSelection);
  }

  /* --- ordering: drag and drop, or Up and Down --- */
  function setUpOrdering(root, save) {
    var list = $("[data-ordering-list]", root);
    var announcer = $("[data-ordering-announce]", root);
    reveal(root);
    function items() { return $$(".ordering__item", list); }
    function text(item) { return $(".ordering__text", item).textContent.trim(); }
    function commit(message) {
      items().forEach(function (item, index) {
        $("select", item).value = String(index + 1);
      });
      if (message) { announce(announcer, message); }
      save(0);
    }
    function move(item, step, focusButton) {
      var all = items();
      var index = all.indexOf(item);
      var target = index + step;
      if (target < 0 || target >= all.length) {
        announce(announcer, text(item) + " is already " + (step < 0 ? "first." : "last."));
        return;
      }
      if (step < 0) { list.insertBefore(item, all[target]); }
      else { list.insertBefore(item, all[target].nextSibling); }
      if (focusButton) { focusButton.focus(); }
      commit(text(item) + " moved to position " + (target + 1) + " of " + all.length + ".");
    }
    items().forEach(function (item) {
      item.setAttribute("draggable", "true");
      $$("[data-move]", item).forEach(function (button) {
        button.addEventListener("click", function () {
          move(item, parseInt(button.getAttribute("data-move"), 10), button);
        });
      });
    });
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest(".ordering__item");
      if (!dragged) { return; }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-key"));
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest(".ordering__item");
      if (!dragged || !over || over === dragged) { return; }
      event.preventDefault();
      items().forEach(function (i) { i.classList.toggle("is-over", i === over); });
    });
    list.addEventListener("drop", function (event) {
      var over = event.target.closest(".ordering__item");
      if (!dragged || !over) { return; }
      event.preventDefault();
      var all = items();
      if (all.indexOf(over) > all.indexOf(dragged)) { list.insertBefore(dragged, over.nextSibling); }
      else { list.insertBefore(dragged, over); }
      commit(text(dragged) + " moved to position " + (items().indexOf(dragged) + 1) + ".");
    });
    list.addEventListener("dragend", function () {
      items().forEach(function (i) { i.classList.remove("is-over", "is-dragging"); });
      dragged = null;
    });
    var keep = $("[data-ordering-keep]", root);
    if (keep) { keep.addEventListener("click", function () { commit("Order saved as shown."); }); }
  }

  /* --- chain: pick sources in order --- */
  function setUpChain(root, save) {
    var selects = $$("[data-chain-slots] select", root);
    var list = $("[data-chain-list]", root);
    var empty = $("[data-chain-empty]", root);
    var announcer = $("[data-chain-announce]", root);
    var texts = {};
    $$("[data-add]", root).forEach(function (button) {
      texts[button.getAttribute("data-add")] = button.getAttribute("data-text");
    });
    reveal(root);
    var chain = selects.map(function (s) { return s.value; }).filter(Boolean);

    function write() {
      selects.forEach(function (select, index) { select.value = chain[index] || ""; });
      save(0);
    }
    function button(label, hiddenText, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--small";
      b.appendChild(document.createTextNode(label));
      var span = document.createElement("span");
      span.className = "visually-hidden";
      span.textContent = hiddenText;
      b.appendChild(span);
      b.addEventListener("click", onClick);
      return b;
    }
    function render(focus) {
      list.innerHTML = "";
      chain.forEach(function (key, index) {
        var li = document.createElement("li");
        var row = document.createElement("div");
        row.className = "chain__link";
        var name = document.createElement("span");
        name.textContent = texts[key] || key;
        row.appendChild(name);
        var t = ": " + (texts[key] || key);
        var up = button("↑ Up", t, function () { shift(index, -1); });
        var down = button("↓ Down", t, function () { shift(index, 1); });
        up.disabled = index === 0;
        down.disabled = index === chain.length - 1;
        up.setAttribute("data-move", "-1");
        down.setAttribute("data-move", "1");
        row.appendChild(up);
        row.appendChild(down);
        row.appendChild(button("Remove", t, function () { removeAt(index); }));
        row.setAttribute("data-index", index);
        li.appendChild(row);
        list.appendChild(li);
      });
      empty.hidden = chain.length > 0;
      $$("[data-add]", root).forEach(function (b) {
        b.disabled = chain.indexOf(b.getAttribute("data-add")) !== -1 || chain.length >= selects.length;
      });
      if (focus) { focus(); }
    }
    function shift(index, step) {
      var target = index + step;
      if (target < 0 || target >= chain.length) { return; }
      var key = chain[index];
      chain.splice(index, 1);
      chain.splice(target, 0, key);
      write();
      render(function () {
        // The same button again, or the other one once it is first or last.
        var buttons = $$("[data-index='" + target + "'] button:not([disabled])", list);
        var same = $("[data-index='" + target + "'] [data-move='" + step + "']:not([disabled])", list);
        (same || buttons[0]).focus();
      });
      announce(announcer, (texts[key] || key) + " is now link " + (target + 1) + " of " + chain.length + ".");
    }
    function removeAt(index) {
      var key = chain[index];
      chain.splice(index, 1);
      write();
      render(function () {
        var next = $("[data-index='" + Math.min(index, chain.length - 1) + "'] button:not([disabled])", list);
        (next || $("[data-add='" + key + "']", root)).focus();
      });
      announce(announcer, "Removed " + (texts[key] || key) + " from the chain.");
    }
    $$("[data-add]", root).forEach(function (b) {
      b.addEventListener("click", function () {
        var key = b.getAttribute("data-add");
        if (chain.indexOf(key) !== -1 || chain.length >= selects.length) { return; }
        chain.push(key);
        write();
        render();
        announce(announcer, "Added " + (texts[key] || key) + " as link " + chain.length + ".");
        var nextAdd = $$("[data-add]:not([disabled])", root)[0];
        if (nextAdd) { nextAdd.focus(); } else { $("button:not([disabled])", list).focus(); }
      });
    });
    render();
  }
})();
