// Suggestions for the header's search box: titles as one types, through a <datalist>.
// Progressive enhancement only: without this file the box is a plain GET form.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  function fill(suggestions) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    suggestions.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.title;
      option.label = item.type_label;
      list.appendChild(option);
    });
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    window.clearTimeout(timer);
    if (q.length < 2 || q === last) { return; }
    timer = window.setTimeout(function () {
      last = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (data.q === input.value.trim()) { fill(data.suggestions || []); } })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
})();
