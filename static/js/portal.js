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
