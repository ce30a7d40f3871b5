// Live preview of a component's self score while unit staff type a value (progressive enhancement:
// the server computes the score on save; the rules are dxindex/scoring.py's, rounded half-up to 2
// decimals and capped to [0, max]).
(function () {
    "use strict";
    function round2(x) {
        // Shown as the page shows numbers (Vietnamese: decimal comma).
        var text = (Math.round((x + Number.EPSILON) * 100) / 100).toFixed(2);
        return document.documentElement.lang.indexOf("vi") === 0 ? text.replace(".", ",") : text;
    }
    function score(method, params, max, value) {
        if (value === "" || isNaN(value)) return null;
        var v = Number(value), raw = 0;
        if (method === "yes_no") raw = v >= 1 ? max : 0;
        else if (method === "tiers") {
            (params.tiers || []).forEach(function (tier) {
                if (v >= Number(tier[0])) raw = Number(tier[1]);
            });
        } else if (method === "ratio") raw = (max * v) / Number(params.target);
        else raw = v;
        return round2(Math.min(Math.max(raw, 0), max));
    }
    document.querySelectorAll("tr.dx-entry").forEach(function (row) {
        var input = row.querySelector("input[name^='value-']");
        var cell = row.querySelector(".dx-self-score");
        if (!input || !cell) return;
        var params = {};
        try { params = JSON.parse(row.dataset.params || "{}"); } catch (e) { params = {}; }
        input.addEventListener("input", function () {
            var text = input.value.trim().replace(",", ".");
            var result = score(row.dataset.method, params, Number(row.dataset.max), text === "" ? "" : Number(text));
            cell.textContent = result === null ? "—" : result + " *";
            cell.title = "Điểm xem trước; điểm chính thức được tính khi lưu.";
        });
    });
})();
