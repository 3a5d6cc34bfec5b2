/* Session screens (projector and phones): live updates pushed over a WebSocket, catching up
   after a gap or a reconnect, polling where WebSockets are blocked, step timers, pending
   taps, posts kept while offline, forms that refresh unless someone is typing in them, and
   the projector's keyboard. The message format is described in weekcyclus/push.py. */
(function () {
  "use strict";

  // --- timers -------------------------------------------------------------------------------
  function format(seconds) {
    var sign = seconds < 0 ? "+" : "";
    seconds = Math.abs(seconds);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      if (!el._shownAt) el._shownAt = performance.now();
      var left = parseInt(el.dataset.seconds, 10) - parseInt(el.dataset.elapsed, 10);
      if (el.dataset.running === "1") {
        left -= Math.floor((performance.now() - el._shownAt) / 1000);
      }
      el.textContent = format(left);
      el.classList.toggle("is-over", left < 0);
    });
  }
  setInterval(tick, 250);

  var root = document.querySelector("[data-live-root]");
  if (!root) return;
  var body = document.body;
  var isProjector = root.dataset.kind === "projector";

  function csrf() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return body.dataset.csrf || ""; }
  }

  function liveEl() { return document.getElementById("live"); }
  function versionOf(el) { return el ? parseInt(el.dataset.version, 10) : -1; }
  var shown = versionOf(liveEl());

  // A video or sound of the step keeps playing (and its place) when the screen is updated.
  function keepMedia(el, node) {
    if (!el.querySelectorAll) return;
    el.querySelectorAll("video[data-media], audio[data-media]").forEach(function (old) {
      var fresh = node.querySelector(old.tagName + '[data-media="' + old.dataset.media + '"]');
      if (fresh) fresh.replaceWith(old);
    });
  }

  function fragment(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html.trim();
    return tpl.content.firstElementChild;
  }

  function swapOuter(el, html) {
    var node = fragment(html);
    if (!el || !node) return null;
    keepMedia(el, node);
    el.replaceWith(node);
    if (window.htmx) window.htmx.process(node);
    return node;
  }

  // --- my own part (#mine): votes, energy, whether I facilitate ---------------------------------
  function applyMine() {
    var mine = document.getElementById("mine");
    var live = liveEl();
    if (!mine || !live) return;
    var voted = (mine.dataset.voted || "").split(",").filter(Boolean);
    document.querySelectorAll("[data-vote-idea]").forEach(function (button) {
      var on = voted.indexOf(button.dataset.voteIdea) >= 0;
      button.classList.toggle("is-voted", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll(".energy button[name=energie]").forEach(function (button) {
      var on = button.value !== "" && button.value === mine.dataset.energie;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var me = mine.dataset.user;
    var facilitates = !!me && me === live.dataset.facilitator;
    document.querySelectorAll("[data-takeover-panel]").forEach(function (panel) {
      panel.hidden = !me || facilitates;
    });
    document.querySelectorAll("[data-facilitator-panel]").forEach(function (panel) {
      panel.hidden = !facilitates;
      panel.querySelectorAll("option[data-user]").forEach(function (option) {
        option.hidden = option.dataset.user === me;
        option.disabled = option.dataset.user === me;
      });
    });
  }

  function afterUpdate() {
    var live = liveEl();
    if (live) {
      body.dataset.step = live.dataset.stepKey || "";
      body.dataset.state = live.dataset.state || "";
    }
    applyMine();
    tick();
    document.dispatchEvent(new CustomEvent("live:updated"));
  }

  // --- the phone's forms: refresh unless someone is typing ---------------------------------------
  var pendingInput = null;
  var lastInputHtml = null; // the forms as last put in, serialised: an echo of them is no change

  function isTyping(section) {
    if (!section) return false;
    if (section.dataset.dirty === "1") return true;
    var active = document.activeElement;
    return !!(active && section.contains(active) && /^(TEXTAREA|INPUT|SELECT)$/.test(active.tagName));
  }

  document.addEventListener("input", function (event) {
    var section = event.target.closest && event.target.closest("#phone-input");
    if (section) section.dataset.dirty = "1";
  });

  function typedTexts(section) {
    var texts = [];
    section.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
      if (field.value.trim() && field.value !== field.defaultValue) texts.push(field.value);
    });
    return texts;
  }

  function setInput(op) {
    var current = document.getElementById("phone-input");
    if (!current || op.html === undefined) return;
    if (current.outerHTML === op.html) return;
    var stepChanged = current.dataset.step !== String(op.step);
    if (!op.own && !stepChanged && isTyping(current)) {
      pendingInput = op;
      showChanged(current);
      return;
    }
    var rescued = stepChanged && isTyping(current) ? typedTexts(current) : [];
    var node = swapOuter(current, op.html);
    pendingInput = null;
    if (node) lastInputHtml = node.outerHTML;
    if (node && rescued.length) {
      var box = document.createElement("div");
      box.className = "unsaved";
      var p = document.createElement("p");
      p.textContent = root.dataset.unsaved || "";
      box.appendChild(p);
      rescued.forEach(function (text) {
        var area = document.createElement("textarea");
        area.readOnly = true;
        area.rows = 3;
        area.setAttribute("aria-label", p.textContent); // a labelled field (WCAG 1.3.1)
        area.value = text;
        box.appendChild(area);
      });
      node.insertBefore(box, node.firstChild);
      node.classList.remove("is-empty");
    }
  }

  function showChanged(section) {
    if (section.querySelector(".changed-notice")) return;
    var note = document.createElement("p");
    note.className = "changed-notice";
    note.setAttribute("role", "status");
    note.textContent = (root.dataset.changed || "") + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "linkbutton";
    button.textContent = root.dataset.showNew || "…";
    button.addEventListener("click", function () {
      if (pendingInput) setInput(Object.assign({}, pendingInput, { own: true }));
    });
    note.appendChild(button);
    section.insertBefore(note, section.firstChild);
  }

  // --- applying messages ---------------------------------------------------------------------
  function applyOp(op) {
    var el;
    switch (op.op) {
      case "live":
        swapOuter(liveEl(), op.html);
        break;
      case "mine":
        swapOuter(document.getElementById("mine"), op.html);
        break;
      case "input":
        if (op.fetch) fetchOwnInput();
        else setInput(op);
        break;
      case "upsert":
        el = document.getElementById(op.id);
        if (el) { swapOuter(el, op.html); break; }
        var parent = document.getElementById(op.parent);
        if (!parent) break;
        var empty = parent.querySelector(":scope > .empty");
        if (empty) empty.remove();
        var node = fragment(op.html);
        parent.appendChild(node);
        if (window.htmx) window.htmx.process(node);
        break;
      case "text":
        el = document.getElementById(op.id);
        if (el) el.textContent = op.text;
        break;
    }
  }

  function apply(msg) {
    if (msg.full) {
      if (msg.v < shown) return;
    } else {
      if (msg.v <= shown) return;
      if (msg.from !== shown) { catchUp(); return; }
    }
    msg.ops.forEach(applyOp);
    shown = Math.max(shown, msg.v);
    var live = liveEl();
    if (live) live.dataset.version = String(shown);
    afterUpdate();
  }

  // Cards and counts that come with the answer to my own idea or vote (HX-Trigger).
  document.body.addEventListener("live-ops", function (event) {
    (event.detail.ops || []).forEach(applyOp);
    afterUpdate();
  });

  // An answer to my own action may carry the shared part and the forms (out of band): the
  // shared part never goes back in time, and forms someone is typing in stay as they are.
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var fragment = event.detail.fragment;
    var incoming = fragment && (fragment.firstElementChild || fragment);
    var target = event.detail.target;
    if (!incoming || !target) return;
    if (target.id === "live" && versionOf(incoming) < shown) {
      event.detail.shouldSwap = false;
    } else if (target.id === "phone-input" && incoming.dataset &&
               target.dataset.step === incoming.dataset.step && isTyping(target)) {
      event.detail.shouldSwap = false;
      if (incoming.outerHTML === lastInputHtml) return; // the same forms again: nothing new
      pendingInput = { html: incoming.outerHTML, step: incoming.dataset.step };
      showChanged(target);
    }
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    shown = Math.max(shown, versionOf(liveEl()));
    afterUpdate();
  });

  // --- catching up -----------------------------------------------------------------------------
  var catching = false, again = false;

  function pollUrl(extra) {
    var live = liveEl();
    var step = live ? live.dataset.step : "";
    return root.dataset.poll + "?v=" + shown + "&step=" + step + (extra || "");
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status === 204) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  function catchUp() {
    if (catching) { again = true; return; }
    catching = true;
    get(pollUrl())
      .then(function (msg) { if (msg) apply(msg); setConnection(true); })
      .catch(function () { setConnection(false); })
      .then(function () {
        catching = false;
        if (again) { again = false; catchUp(); }
      });
  }

  function fetchOwnInput() {
    get(pollUrl("&input=1")).then(function (msg) { if (msg) apply(msg); }).catch(function () {});
  }

  // --- connection: WebSocket first, polling where it cannot be had --------------------------------
  var socket = null, attempts = 0, pollTimer = null, reconnectTimer = null;

  function setConnection(ok) {
    var el = root.querySelector("[data-connection]") || document.querySelector("[data-connection]");
    if (!el) return;
    el.hidden = ok;
    if (!ok) el.textContent = root.dataset.offline || body.dataset.offline || "…";
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(catchUp, 2000);
  }

  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    reconnectTimer = null;
    if (!root.dataset.ws || !("WebSocket" in window)) { startPolling(); return; }
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      root.dataset.ws + "?v=" + shown;
    try { socket = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    socket.onopen = function () {
      attempts = 0;
      stopPolling();
      setConnection(true);
      flushQueue();
    };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.resync) catchUp();
      else if (msg.ops) apply(msg);
    };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4404) { startPolling(); return; } // not (or no longer) allowed: the poll says so
      attempts += 1;
      // After a few failed tries the network may block WebSockets: poll meanwhile.
      if (attempts >= 3) startPolling();
      if (attempts >= 2) setConnection(false);
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    var delay = Math.min(30000, 500 * Math.pow(2, Math.min(attempts, 6)));
    reconnectTimer = setTimeout(connect, delay * (0.5 + Math.random() / 2));
  }

  window.addEventListener("online", function () {
    if (!socket) { attempts = 0; clearTimeout(reconnectTimer); reconnectTimer = null; connect(); }
    flushQueue();
    catchUp();
  });
  window.addEventListener("pagehide", function () { if (socket) socket.close(); });

  // --- pending taps and posts kept while offline ----------------------------------------------------
  var QUEUE_KEY = "wpl-unsent:" + location.pathname;

  function readQueue() {
    try { return JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) {
    try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* full */ }
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt.closest ? elt.closest("form") || elt : elt;
    form.classList.add("is-pending");
    form.setAttribute("aria-busy", "true");
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt.closest ? elt.closest("form") || elt : elt;
    form.classList.remove("is-pending");
    form.removeAttribute("aria-busy");
  });

  // A post that could not leave the phone is kept (text stays in the form too) and sent as soon
  // as the connection returns.
  document.body.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (!config || config.verb !== "post") return;
    var elt = event.detail.elt;
    var form = elt.closest ? elt.closest("form") || elt : elt;
    var data = new URLSearchParams();
    var params = config.formData || config.parameters;
    if (params && params.forEach) params.forEach(function (value, key) { data.append(key, value); });
    var queue = readQueue();
    queue.push({ url: config.path, body: data.toString() });
    writeQueue(queue);
    var note = form.querySelector(".queued") || document.createElement("p");
    note.className = "queued";
    note.setAttribute("role", "status");
    note.textContent = root.dataset.queued || "…";
    if (!note.parentNode) form.appendChild(note);
    setConnection(false);
  });

  var flushing = false;
  function flushQueue() {
    var queue = readQueue();
    if (!queue.length || flushing) return;
    flushing = true;
    var item = queue[0];
    fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": csrf(),
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: item.body,
    }).then(function (response) {
      flushing = false;
      if (response.status >= 500 || response.status === 0) return;
      writeQueue(readQueue().slice(1));
      document.querySelectorAll(".queued").forEach(function (n) { n.remove(); });
      var input = document.getElementById("phone-input");
      if (input) delete input.dataset.dirty;
      get(pollUrl("&input=1")).then(function (msg) { if (msg) apply(msg); }).catch(function () {});
      flushQueue();
    }).catch(function () { flushing = false; });
  }

  // --- the projector's keyboard ----------------------------------------------------------------
  var controlUrl = body.dataset.controlUrl;
  var toastTimer, closeArmed = 0;

  function toast(text) {
    var el = document.getElementById("toast");
    if (!el || !text) return;
    el.textContent = text;
    el.classList.add("is-shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove("is-shown"); }, 2500);
  }

  function control(action) {
    if (!controlUrl) return;
    fetch(controlUrl.replace("ACTION", action), {
      method: "POST",
      headers: { "X-CSRFToken": body.dataset.csrf },
      credentials: "same-origin",
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.ok) toast(data.message);
        if (!socket || socket.readyState !== 1) catchUp();
      })
      .catch(function () { toast(body.dataset.offline || "…"); });
  }

  function stepForward() {
    var live = liveEl();
    if (live && live.dataset.state === "bezig" && live.dataset.lastStep === "1") {
      // The last step: a second → within a few seconds closes the session.
      if (Date.now() - closeArmed < 4000) { closeArmed = 0; control("close"); }
      else { closeArmed = Date.now(); toast(body.dataset.confirmClose); }
      return;
    }
    control("next");
  }

  if (isProjector) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.closest && event.target.closest("form")) return;
      var key = event.key;
      var pages = window.projectorPages;
      if (key === "ArrowDown" || key === "PageDown") {
        event.preventDefault();
        if (pages && pages.next()) return;
        if (key === "PageDown") stepForward(); // a presenter's clicker: past the last page, next step
      } else if (key === "ArrowUp" || key === "PageUp") {
        event.preventDefault();
        if (pages && pages.previous()) return;
        if (key === "PageUp") control("prev");
      } else if (key === "ArrowRight") { event.preventDefault(); stepForward(); }
      else if (key === "ArrowLeft") { event.preventDefault(); control("prev"); }
      else if (key === "t" || key === "T") { control("timer"); }
      else if (key === "v" || key === "V") { control("verrassing"); }  // draw a surprise card
      else if (key === "Escape" && document.querySelector("[data-verrassing]")) { control("verrassing-weg"); }
      else if (key === "f" || key === "F") {
        if (document.fullscreenElement) document.exitFullscreen();
        else document.documentElement.requestFullscreen().catch(function () {});
      }
    });
  }

  if (isProjector) {
    // Buttons on the stage that ask for a facilitator action (draw or hide a surprise card).
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-control]");
      if (button) { event.preventDefault(); control(button.dataset.control); }
    });
  }

  afterUpdate();
  connect();
  if (readQueue().length) flushQueue();
})();
