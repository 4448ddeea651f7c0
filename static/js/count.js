/* Count this page view: the path, and the other site's name if the reader came from one. No cookie,
   no identifier, nothing about the reader (docs/privacy.md). Readers without JavaScript, and most
   bots, aren't counted. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) { return; }
  var data = new URLSearchParams();
  data.set("p", location.pathname);
  try {
    var from = document.referrer ? new URL(document.referrer).hostname : "";
    if (from && from !== location.hostname) { data.set("r", from); }
  } catch (error) { /* an unparseable referrer counts as none */ }
  navigator.sendBeacon(script.dataset.url, data);
})();
