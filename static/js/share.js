/* Share buttons on article pages: copy the story's address, or hand it to the device's own share
   sheet (Web Share) where the browser has one. Without this script, or without those APIs, the
   buttons stay hidden and the plain links beside them still work. Nothing is loaded from elsewhere. */
(function () {
  "use strict";

  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.dataset.shareUrl;
    var title = box.dataset.shareTitle;
    var status = box.querySelector("[data-share-status]");
    var copy = box.querySelector("[data-share-copy]");
    var native = box.querySelector("[data-share-native]");
    var timer;

    function say(text) {
      status.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = ""; }, 4000);
    }

    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.closest("li").hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { say("Link copied."); },
          function () { say("Couldn't copy: select the address bar and copy it from there."); }
        );
      });
    }

    if (native && navigator.share) {
      native.closest("li").hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {
          /* The reader closed the share sheet: nothing to say. */
        });
      });
    }
  });
})();
