// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("main-nav-list");
  if (toggle && list) {
    toggle.hidden = false;
    list.classList.add("is-collapsible");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      list.classList.toggle("is-open", !open);
    });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Copy a citation line to the clipboard.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied") || "✓";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();

// Forms marked data-once send once: a double click does not submit twice (the server also
// recognises a repeated submission by its key).
(function () {
  "use strict";
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();
