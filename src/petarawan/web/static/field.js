// Field app: report an incident, fill a TPS checklist, log a meeting — with or without signal.
// Every report gets an idempotency key when it is made and waits in IndexedDB until the server
// has answered; a retry with the same key never stores it twice. No inline script, no innerHTML.
(function () {
  "use strict";
  var root = document.getElementById("field");
  if (!root) { return; }
  var S = document.getElementById("text-strings").dataset;
  var lang = root.dataset.lang || "id";
  var tz = root.dataset.tz || "Asia/Makassar";
  var tzAbbr = root.dataset.tzAbbr || "WITA";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var MONTHS = {
    id: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
  };
  var MAX_PHOTOS = 3, MAX_BYTES = 5 * 1024 * 1024, MAX_SIDE = 1600;
  var area = null;
  var sending = false;

  // -- formatting: "14 Feb 2024 13.30 WITA" in the workspace's zone ---------------------------
  function fmtTime(ms) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz, year: "numeric", month: "numeric", day: "numeric",
      hour: "2-digit", minute: "2-digit", hour12: false
    }).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    var m = (MONTHS[lang] || MONTHS.id)[parseInt(parts.month, 10) - 1];
    var hour = parts.hour === "24" ? "00" : parts.hour;
    return parseInt(parts.day, 10) + " " + m + " " + parts.year + " " + hour + (lang === "en" ? ":" : ".") + parts.minute + " " + tzAbbr;
  }
  function localInputValue(d) {
    function p(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" + p(d.getMinutes());
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  // -- IndexedDB: the queue and the cached area ----------------------------------------------
  var dbp = new Promise(function (resolve, reject) {
    var req = indexedDB.open("petarawan-field", 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore("queue", { keyPath: "key" });
      db.createObjectStore("meta", { keyPath: "name" });
    };
    req.onsuccess = function () { resolve(req.result); };
    req.onerror = function () { reject(req.error); };
  });
  function tx(store, mode, fn) {
    return dbp.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var out = fn(t.objectStore(store));
        t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function put(store, value) { return tx(store, "readwrite", function (s) { return s.put(value); }); }
  function getMeta(name) { return tx("meta", "readonly", function (s) { return s.get(name); }); }
  function items() {
    return tx("queue", "readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.created - b.created; });
    });
  }

  // -- the area of the officer: desa, TPS, stakeholders, checklist ---------------------------
  function loadArea() {
    return fetch("/api/field/area", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) { return put("meta", { name: "area", data: data }).then(function () { return data; }); })
      .catch(function () { return getMeta("area").then(function (row) { return row ? row.data : null; }); });
  }
  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; select.appendChild(o); return o;
  }
  function fillForms(data) {
    area = data;
    var desa = document.getElementById("r-desa");
    desa.textContent = "";
    var groups = {};
    data.desa.forEach(function (d) {
      var g = groups[d.kecamatan];
      if (!g) { g = document.createElement("optgroup"); g.label = d.kecamatan || "–"; groups[d.kecamatan] = g; desa.appendChild(g); }
      option(g, d.code, d.name);
    });
    fillTps();
    var ctps = document.getElementById("c-tps");
    ctps.textContent = "";
    var names = {};
    data.desa.forEach(function (d) { names[d.code] = d.name; });
    data.tps.forEach(function (t) { option(ctps, t.id, "TPS " + t.number + " — " + (names[t.desa] || t.desa)); });
    var box = document.getElementById("c-items");
    Array.prototype.slice.call(box.querySelectorAll("label")).forEach(function (l) { box.removeChild(l); });
    data.checklist.forEach(function (c) {
      var l = document.createElement("label"); l.className = "check";
      var i = document.createElement("input"); i.type = "checkbox"; i.name = c.id; i.id = "c-" + c.id;
      l.appendChild(i); l.appendChild(document.createTextNode(" " + c.name)); box.appendChild(l);
    });
    var sh = document.getElementById("m-stakeholder");
    sh.textContent = "";
    data.stakeholders.forEach(function (p) { option(sh, p.code, p.name + " (" + p.role + ")"); });
  }
  function fillTps() {
    var code = document.getElementById("r-desa").value;
    var sel = document.getElementById("r-tps");
    sel.textContent = "";
    option(sel, "", "–");
    (area ? area.tps : []).forEach(function (t) { if (t.desa === code) { option(sel, t.id, "TPS " + t.number); } });
  }
  function nearestDesa(lon, lat) {
    var best = null, bestD = Infinity;
    area.desa.forEach(function (d) {
      if (d.lon === null) { return; }
      var dx = (d.lon - lon) * Math.cos(lat * Math.PI / 180), dy = d.lat - lat, dist = dx * dx + dy * dy;
      if (dist < bestD) { bestD = dist; best = d; }
    });
    return best;
  }

  // -- photos: resized on the phone to JPEG, at most 5 MB each --------------------------------
  function resize(file) {
    return createImageBitmap(file).then(function (bmp) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      var c = document.createElement("canvas");
      c.width = Math.round(bmp.width * scale); c.height = Math.round(bmp.height * scale);
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      function encode(q) {
        return new Promise(function (res) { c.toBlob(res, "image/jpeg", q); }).then(function (blob) {
          return blob.size > MAX_BYTES && q > 0.3 ? encode(q - 0.2) : blob;
        });
      }
      return encode(0.8);
    });
  }

  // -- queue ---------------------------------------------------------------------------------
  function enqueue(item) {
    item.key = newKey();
    item.created = Date.now();
    item.state = "waiting";
    return put("queue", item).then(render).then(flush);
  }
  function send(item) {
    var headers = { "Idempotency-Key": item.key, "X-CSRF-Token": csrf };
    var body;
    if (item.kind === "incident") {
      body = new FormData();
      body.append("payload", JSON.stringify(item.body));
      (item.photos || []).forEach(function (blob, i) { body.append("photos", blob, "foto-" + (i + 1) + ".jpg"); });
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(item.body);
    }
    return fetch(item.url, { method: "POST", headers: headers, body: body, credentials: "same-origin" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j }; }); });
  }
  function settle(item, res) {
    if (res.status === 200 || res.status === 201) { item.state = "received"; }
    else if (res.status === 409) { item.state = "conflict"; }
    else if (res.status === 401) { return Promise.resolve(false); }
    else { item.state = "error"; }
    item.answer = res.body;
    item.sent = Date.now();
    return put("queue", item).then(function () { return true; });
  }
  function flush() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return items().then(function (rows) {
      var waiting = rows.filter(function (r) { return r.state === "waiting"; });
      return waiting.reduce(function (p, item) {
        return p.then(function () {
          return send(item).then(function (res) { return settle(item, res); }, function () { return false; });
        });
      }, Promise.resolve());
    }).then(function () { sending = false; return render(); }, function () { sending = false; });
  }

  // -- what the officer sees: waiting, received, conflicts -----------------------------------
  function render() {
    return items().then(function (rows) {
      var list = document.getElementById("queue-list");
      list.textContent = "";
      var n = { waiting: 0, received: 0, conflict: 0 };
      rows.slice().reverse().forEach(function (item) {
        n[item.state] = (n[item.state] || 0) + 1;
        var li = document.createElement("li");
        li.className = "q-item q-" + item.state;
        li.dataset.key = item.key;
        var what = { incident: S.incident, checklist: S.checklist, meeting: S.meeting, amend: S.amend }[item.kind] || item.kind;
        var state = { waiting: S.waiting, received: S.received, conflict: S.conflict, error: S.error }[item.state] || item.state;
        var strong = document.createElement("strong"); strong.textContent = state;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(" · " + what + " · " + item.summary + " · " + fmtTime(item.created)));
        if (item.answer && item.answer.entity_id && item.kind === "incident") {
          li.appendChild(document.createTextNode(" · No " + item.answer.entity_id));
        }
        if (item.answer && (item.state === "conflict" || item.state === "error")) {
          var p = document.createElement("p"); p.className = "q-note";
          p.textContent = item.answer.message || item.answer.detail || "";
          li.appendChild(p);
        }
        if (item.kind === "incident" && item.state === "received" && item.answer && item.answer.entity_id) {
          addAmend(li, item);
        }
        list.appendChild(li);
      });
      document.getElementById("count-waiting").textContent = String(n.waiting || 0);
      document.getElementById("count-received").textContent = String(n.received || 0);
      document.getElementById("count-conflict").textContent = String(n.conflict || 0);
      return rows;
    });
  }
  function addAmend(li, item) {
    var d = document.createElement("details");
    var s = document.createElement("summary"); s.textContent = S.edit; d.appendChild(s);
    var lab = document.createElement("label"); lab.textContent = S.edit;
    var ta = document.createElement("textarea"); ta.rows = 2; ta.value = item.body.description || "";
    ta.className = "amend-text"; lab.appendChild(ta); d.appendChild(lab);
    var b = document.createElement("button"); b.type = "button"; b.textContent = S.save; b.className = "amend-send";
    b.addEventListener("click", function () {
      enqueue({
        kind: "amend",
        url: "/api/field/incidents/" + item.answer.entity_id + "/amend",
        body: { base_version: item.answer.version || 1, description: ta.value },
        summary: "No " + item.answer.entity_id
      });
    });
    d.appendChild(b); li.appendChild(d);
  }
  function say(text) { document.getElementById("field-message").textContent = text; }
  function net() {
    var el = document.getElementById("net-status");
    el.textContent = navigator.onLine ? el.dataset.online : el.dataset.offline;
    el.className = "net " + (navigator.onLine ? "on" : "off");
  }

  // -- forms -----------------------------------------------------------------------------------
  document.getElementById("r-desa").addEventListener("change", fillTps);
  document.getElementById("r-locate").addEventListener("click", function () {
    if (!navigator.geolocation || !area) { say(S.noPosition); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var d = nearestDesa(pos.coords.longitude, pos.coords.latitude);
      if (d) { document.getElementById("r-desa").value = d.code; fillTps(); say(d.name); }
      root.dataset.lon = String(pos.coords.longitude); root.dataset.lat = String(pos.coords.latitude);
    }, function () { say(S.noPosition); }, { timeout: 10000, maximumAge: 60000 });
  });
  document.getElementById("report-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    if (!f.reportValidity()) { return; }
    var files = Array.prototype.slice.call(document.getElementById("r-photos").files || [], 0, MAX_PHOTOS);
    var when = document.getElementById("r-time").value;
    var body = {
      occurred_at: (when ? new Date(when) : new Date()).toISOString(),
      phase: f.phase.value, type: f.type.value, severity: parseInt(f.severity.value, 10),
      desa_code: f.desa_code.value || null, tps_id: f.tps_id.value || null,
      description: f.description.value || null
    };
    if (root.dataset.lon) { body.lon = parseFloat(root.dataset.lon); body.lat = parseFloat(root.dataset.lat); }
    var desaName = f.desa_code.selectedOptions.length ? f.desa_code.selectedOptions[0].textContent : "";
    Promise.all(files.map(resize)).then(function (photos) {
      return enqueue({
        kind: "incident", url: "/api/field/incidents", body: body, photos: photos,
        summary: f.type.selectedOptions[0].textContent + " — " + desaName
      });
    }).then(function () {
      f.description.value = ""; document.getElementById("r-photos").value = "";
      say(S.saved);
      document.getElementById("r-phase").focus();
    });
  });
  document.getElementById("checklist-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    if (!f.reportValidity()) { return; }
    var flags = {};
    area.checklist.forEach(function (c) { flags[c.id] = document.getElementById("c-" + c.id).checked; });
    enqueue({
      kind: "checklist", url: "/api/field/checklist",
      body: { tps_id: f.tps_id.value, flags: flags },
      summary: f.tps_id.selectedOptions[0].textContent
    }).then(function () { say(S.saved); });
  });
  document.getElementById("meeting-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    if (!f.reportValidity()) { return; }
    var due = f.follow_up_due.value;
    enqueue({
      kind: "meeting", url: "/api/field/meetings",
      body: {
        stakeholder_code: f.stakeholder_code.value,
        date: new Date(f.date.value).toISOString(),
        topic: f.topic.value,
        follow_up: f.follow_up.value || null,
        follow_up_due: due ? new Date(due + "T23:59").toISOString() : null
      },
      summary: f.stakeholder_code.selectedOptions[0].textContent
    }).then(function () { f.topic.value = ""; f.follow_up.value = ""; say(S.saved); });
  });
  document.getElementById("q-send").addEventListener("click", flush);

  window.addEventListener("online", function () { net(); flush(); });
  window.addEventListener("offline", net);
  setInterval(flush, 5000);

  var now = localInputValue(new Date());
  document.getElementById("r-time").value = now;
  document.getElementById("m-date").value = now;
  net();
  window.petarawanField = { ready: false, items: items, send: send, flush: flush, render: render };
  // keep this page (with its session's CSRF token) in the service worker's cache for offline use
  var cached = ("caches" in window && navigator.onLine)
    ? caches.open("petarawan-field-v1").then(function (c) { return c.add("/field/"); }).catch(function () {})
    : Promise.resolve();
  loadArea().then(function (data) {
    if (data) { fillForms(data); }
    return Promise.all([render(), cached]);
  }).then(function () {
    window.petarawanField.ready = true;
    root.dataset.ready = "1";
    return flush();
  });
})();
