// Progressive enhancement only: marks the contents entry of the section being read
// (aria-current="location"); without this file the contents are plain links.
(function () {
  "use strict";
  var toc = document.querySelector("[data-toc]");
  if (!toc || !("IntersectionObserver" in window)) { return; }
  var entries = [];
  toc.querySelectorAll("a[href^='#']").forEach(function (link) {
    var heading = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (heading) { entries.push({ link: link, section: heading.closest("section") || heading, seen: false }); }
  });
  function mark() {
    var current = null;
    entries.forEach(function (entry) { if (!current && entry.seen) { current = entry; } });
    if (!current) { return; }
    entries.forEach(function (entry) {
      if (entry === current) { entry.link.setAttribute("aria-current", "location"); }
      else { entry.link.removeAttribute("aria-current"); }
    });
  }
  // A section counts as being read while it crosses the upper third of the window.
  var observer = new IntersectionObserver(function (changes) {
    changes.forEach(function (change) {
      entries.forEach(function (entry) { if (entry.section === change.target) { entry.seen = change.isIntersecting; } });
    });
    mark();
  }, { rootMargin: "-20% 0px -65% 0px" });
  entries.forEach(function (entry) { observer.observe(entry.section); });
})();
