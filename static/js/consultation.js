/* Consultations: a live countdown, quoting a selected passage of the draft into the comment form,
   "comment on this article" links that pick the article in the form, and the print button.
   Everything works without it: the countdown is written by the server, the quote can be typed
   or pasted, the links carry ?gop_y= and the browser's own print command prints the report. */
(function () {
    "use strict";

    function countdown(node) {
        var end = Date.parse(node.getAttribute("data-countdown"));
        if (isNaN(end)) return;
        function tick() {
            var left = Math.max(0, end - Date.now());
            var days = Math.floor(left / 86400000);
            var hours = Math.floor((left % 86400000) / 3600000);
            var minutes = Math.floor((left % 3600000) / 60000);
            if (left === 0) {
                node.textContent = node.getAttribute("data-ended");
                return;
            }
            // The sentence comes translated from the page: "Còn {days} ngày {hours} giờ {minutes} phút…".
            node.textContent = node.getAttribute("data-text")
                .replace("{days}", days).replace("{hours}", hours).replace("{minutes}", minutes);
            window.setTimeout(tick, 30000);
        }
        tick();
    }

    function selectSection(pk) {
        var select = document.getElementById("id_section");
        if (select && pk && select.querySelector('option[value="' + pk + '"]')) select.value = pk;
    }

    function quoting() {
        var button = document.getElementById("quote-selection");
        var quote = document.getElementById("id_quote");
        if (!button || !quote) return;
        var chosen = null;
        document.addEventListener("selectionchange", function () {
            var selection = window.getSelection();
            var text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
            if (!text || !selection.rangeCount) {
                return;
            }
            var start = selection.getRangeAt(0).commonAncestorContainer;
            var element = start.nodeType === 1 ? start : start.parentElement;
            var section = element && element.closest("[data-section]");
            var inDraft = element && element.closest(".draft-text");
            if (!inDraft) return;
            chosen = { text: text, section: section ? section.getAttribute("data-section") : "" };
            button.hidden = false;
        });
        button.addEventListener("click", function () {
            if (!chosen) return;
            quote.value = chosen.text.slice(0, 2000);
            selectSection(chosen.section);
            button.hidden = true;
            document.getElementById("id_body").focus();
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-countdown]").forEach(countdown);
        quoting();
        document.querySelectorAll("[data-comment-on]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                var form = document.getElementById("viet-gop-y");
                if (!document.getElementById("id_section") || !form) return;
                event.preventDefault();
                selectSection(link.getAttribute("data-comment-on"));
                form.scrollIntoView();
                document.getElementById("id_body").focus();
            });
        });
        document.querySelectorAll("[data-print]").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () { window.print(); });
        });
    });
})();
