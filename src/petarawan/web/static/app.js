// Dashboard and report-form map: desa classes, TPS, units, incidents; click to pick a place.
(function () {
  "use strict";
  var printButton = document.getElementById("print-button");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { preferCanvas: true });
  window.petarawanMap = map;
  var colours = { kurang_rawan: "#2a9d8f", rawan: "#f4a261", sangat_rawan: "#d62828" };
  var layers = (el.dataset.layers || "").split(",");
  // Names and codes come from imported files and forms: they are put on the map as text
  // nodes, never as HTML (Leaflet reads a string given to bindTooltip as HTML).
  function text(s) {
    var span = document.createElement("span");
    span.textContent = String(s);
    return span;
  }
  // labels of the vocabularies in the page's language (ids never reach a tooltip)
  var vocab = {};
  var labelsReady = fetch("/api/labels?lang=" + (document.documentElement.lang || "id"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); }).then(function (j) { vocab = j; }).catch(function () {});
  function lab(kind, id) {
    if (id === null || id === undefined || id === "") { return "–"; }
    return (vocab[kind] && vocab[kind][id]) || String(id);
  }
  function get(layer) {
    return labelsReady.then(function () {
      return fetch("/api/map/" + layer, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    });
  }
  if (layers.indexOf("desa") >= 0) {
    get("desa").then(function (gj) {
      var g = L.geoJSON(gj, {
        style: function (f) {
          var c = colours[f.properties["class"]] || "#bbbbbb";
          return { color: "#555", weight: 0.6, fillColor: c, fillOpacity: 0.55 };
        },
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(text(f.properties.name + " (" + f.properties.code + "): " + lab("category", f.properties["class"])));
          lyr.on("click", function (e) { L.DomEvent.stopPropagation(e); pick(e.latlng, f.properties); });
        }
      }).addTo(map);
      window.petarawanDesa = gj;
      if (g.getLayers().length) { map.fitBounds(g.getBounds()); } else { map.setView([-2.5, 118], 5); }
    });
  }
  if (layers.indexOf("tps") >= 0) {
    get("tps").then(function (gj) {
      L.geoJSON(gj, { pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 2, color: "#1d3557", weight: 1 }); } }).addTo(map);
    });
  }
  if (layers.indexOf("units") >= 0) {
    get("units").then(function (gj) {
      L.geoJSON(gj, { pointToLayer: function (f, ll) {
        return L.circleMarker(ll, { radius: 6, color: "#000", fillColor: "#ffd60a", fillOpacity: 1, weight: 1 })
          .bindTooltip(text(f.properties.name + " — Polri " + f.properties.polri)); } }).addTo(map);
    });
  }
  if (layers.indexOf("incidents") >= 0) {
    get("incidents").then(function (gj) {
      L.geoJSON(gj, { pointToLayer: function (f, ll) {
        return L.circleMarker(ll, { radius: 4 + f.properties.severity, color: "#e63946", weight: 2, fillOpacity: 0.3 })
          .bindTooltip(text(f.properties.id + " " + lab("incident_type", f.properties.type) + " (" + lab("status", f.properties.status) + ")")); } }).addTo(map);
    });
  }
  var marker = null;
  function pick(latlng, props) {
    if (!el.dataset.pick) { return; }
    document.getElementById("lon").value = latlng.lng.toFixed(6);
    document.getElementById("lat").value = latlng.lat.toFixed(6);
    if (props && props.code) { document.getElementById("desa_code").value = props.code; }
    document.getElementById("picked").textContent = (props ? props.name + " — " : "") + latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }
  map.on("click", function (e) { pick(e.latlng, null); });
})();
