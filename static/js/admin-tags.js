// Article admin: suggest existing tags for the last name typed in the comma-separated tag field.
// Suggestions fill a <datalist> with the whole value completed, so the browser's own list
// (keyboard and screen-reader friendly) does the rest.
(function () {
  "use strict";

  function quote(name) {
    return /[,\s]/.test(name) ? '"' + name.replace(/"/g, "") + '"' : name;
  }

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-tag-suggest");
    var timer = null;
    var asked = "";
    if (!list || !url) return;

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var value = input.value;
        var cut = value.lastIndexOf(",");
        var prefix = cut === -1 ? "" : value.slice(0, cut + 1) + " ";
        var term = value.slice(cut + 1).trim();
        var have = value.slice(0, Math.max(cut, 0)).split(",").map(function (t) { return t.trim().toLowerCase(); });
        if (!term || term === asked) return;
        asked = term;
        fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (data) {
            var options = data.tags
              .filter(function (name) { return have.indexOf(name.toLowerCase()) === -1; })
              .map(function (name) {
                var option = document.createElement("option");
                option.value = prefix + quote(name);
                return option;
              });
            list.replaceChildren.apply(list, options);
          })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, 150);
    });
  }

  function init() {
    document.querySelectorAll("input[data-tag-suggest]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
