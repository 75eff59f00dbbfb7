// The share button: the device's own share sheet where there is one (Web Share API),
// otherwise the link copied to the clipboard. No third party is involved.
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var status = box.querySelector("[data-share-status]");
  var canonical = document.querySelector('link[rel="canonical"]');
  var url = canonical ? canonical.href : location.href;

  function say(text) {
    status.textContent = text;
  }

  box.querySelector("button").addEventListener("click", function () {
    if (navigator.share) {
      navigator.share({ title: document.title, url: url }).catch(function () {});
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(
        function () { say("Link copied: " + url); },
        function () { say("Copy this link: " + url); }
      );
    } else {
      say("Copy this link: " + url);
    }
  });
  box.hidden = false;
})();
