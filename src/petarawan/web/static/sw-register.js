// Register the service worker (field app offline; the other pages keep working online only).
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* offline-only feature */ });
  }
})();
