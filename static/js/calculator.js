/* The running-cost calculator works without this script (it submits to /workflows/<slug>/calculator/);
   with it, the result updates as the reader types. */
(function () {
  "use strict";
  var form = document.querySelector("form.calculator");
  if (!form) { return; }
  var currency = form.dataset.currency;
  var result = form.querySelector(".calculator__result");

  function value(name) {
    var input = form.querySelector('[name="' + name + '"]');
    var number = parseFloat(input && input.value);
    return isFinite(number) && number >= 0 ? number : null;
  }

  function money(amount) {
    return amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " " + currency;
  }

  function update() {
    var earnings = value("earnings");
    var tools = value("tool_costs");
    if (earnings === null || tools === null) { return; }
    var left = earnings - tools - (value("other_costs") || 0);
    var hours = value("hours");
    result.textContent = "Left each month: " + money(left) +
      (hours ? " · per hour worked: " + money(left / (hours * 52 / 12)) : "");
  }

  form.addEventListener("input", update);
  update();
})();
