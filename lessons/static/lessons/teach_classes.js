/* Tally, the teacher's classes: copy a join code. The page works without this file
 * (the code is plain text to select); with it, a button copies the code. */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // http:// on a LAN: the old way, through a selected, off-screen textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!target) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent.trim();
        copyText(text).then(function () {
          if (status) { status.textContent = "Copied " + text + "."; }
        }, function () {
          if (status) { status.textContent = "Could not copy: select the code and copy it."; }
        });
      });
    });
  });
})();
