// Service worker of petarawan: keeps the field app (page, scripts, styles) on the phone so it
// opens without signal. Reports themselves wait in IndexedDB (see field.js), not here.
"use strict";
var CACHE = "petarawan-field-v1";
// assets that need no login (the page itself is cached by field.js once the officer opened it)
var SHELL = [
  "/static/field.js",
  "/static/app.css",
  "/static/sw-register.js",
  "/static/leaflet/leaflet.js",
  "/static/leaflet/leaflet.css",
  "/static/icon.svg",
  "/manifest.webmanifest"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  if (url.pathname === "/field/" || url.pathname === "/field") {
    // the page: fresh from the network when there is one (new CSRF token), else the copy
    event.respondWith(
      fetch(req).then(function (resp) {
        if (resp.ok && !resp.redirected) {
          var copy = resp.clone();
          caches.open(CACHE).then(function (c) { c.put("/field/", copy); });
        }
        return resp;
      }).catch(function () {
        return caches.match("/field/").then(function (hit) { return hit || Response.error(); });
      })
    );
    return;
  }
  if (SHELL.indexOf(url.pathname) >= 0 || url.pathname === "/static/app.js") {
    // scripts and styles: the network first as well, so an update reaches the phone
    event.respondWith(
      fetch(req).then(function (resp) {
        if (resp.ok) {
          var copy = resp.clone();
          caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); });
        }
        return resp;
      }).catch(function () {
        return caches.match(url.pathname).then(function (hit) { return hit || Response.error(); });
      })
    );
  }
});
