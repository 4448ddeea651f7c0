/* The directory's compare picks: say which tools are ticked and whether the comparison can run.
   Without JavaScript the bar keeps its plain instruction and the form works the same. */
(function () {
  "use strict";

  var form = document.getElementById("compare-form");
  var status = form && form.querySelector("[data-compare-status]");
  if (!status) return;
  var MIN = 2, MAX = 4;
  var boxes = document.querySelectorAll('input[form="compare-form"][name="tools"]');

  function names(list) {
    if (list.length < 2) return list.join("");
    return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }

  function update() {
    var picked = [];
    boxes.forEach(function (box) { if (box.checked) picked.push(box.getAttribute("data-compare-name")); });
    var text;
    if (!picked.length) text = "Tick “Compare” on 2–4 tools, then";
    else if (picked.length < MIN) text = names(picked) + " picked: tick one more tool, then";
    else if (picked.length > MAX) text = picked.length + " tools picked: untick " + (picked.length - MAX) + " (at most " + MAX + "), then";
    else text = names(picked) + " picked.";
    status.textContent = text;
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update(); // the browser may have restored ticks on a back navigation
})();
