/* Session screens: step timers that tick between server updates, and the projector's
   keyboard (→ next, ← previous, T timer, F fullscreen). No framework; htmx does the rest. */
(function () {
  "use strict";

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
  document.addEventListener("htmx:afterSwap", tick);

  var body = document.body;
  var controlUrl = body.dataset.controlUrl;
  if (!controlUrl) return;

  var toastTimer;
  function toast(text) {
    var el = document.getElementById("toast");
    if (!el || !text) return;
    el.textContent = text;
    el.classList.add("is-shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove("is-shown"); }, 2500);
  }

  function control(action) {
    fetch(controlUrl.replace("ACTION", action), {
      method: "POST",
      headers: { "X-CSRFToken": body.dataset.csrf },
      credentials: "same-origin",
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.ok) toast(data.message);
        var live = document.getElementById("live");
        if (live && window.htmx) window.htmx.trigger(live, "refresh");
      })
      .catch(function () { toast(body.dataset.offline || "…"); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown") { event.preventDefault(); control("next"); }
    else if (key === "ArrowLeft" || key === "PageUp") { event.preventDefault(); control("prev"); }
    else if (key === "t" || key === "T") { control("timer"); }
    else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () {});
    }
  });
})();
