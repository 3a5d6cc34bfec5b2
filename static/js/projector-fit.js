/* The projector never cuts anything off. After every update it tries the stage at full size,
   then at smaller type (fit-1..fit-3, never below 24px), and if the step still does not fit it
   splits the step's lists into pages that ↓ ↑ (or a clicker's PageDown/PageUp) turn, with
   "page 2 of 3 · 7 more" in the footer. New cards keep the page that is shown. */
(function () {
  "use strict";
  var LEVELS = ["fit-1", "fit-2", "fit-3"];
  var pages = [], page = 0, lastStep = null;

  function stageBody() { return document.querySelector("#live .stage-body"); }
  function overflowing(el) { return el.scrollHeight > el.clientHeight + 1; }
  function items(body) {
    return Array.prototype.slice.call(body.querySelectorAll("[data-pageable] > *"));
  }

  function indicator() {
    var el = document.querySelector("[data-page-indicator]");
    if (!el) return;
    if (pages.length < 2) { el.hidden = true; return; }
    var after = 0;
    for (var i = page + 1; i < pages.length; i++) after += pages[i].length;
    var body = document.body;
    var text = (body.dataset.pageLabel || "%(page)s/%(pages)s")
      .replace("%(page)s", page + 1).replace("%(pages)s", pages.length);
    if (after) text += " · " + (body.dataset.more || "+%(n)s").replace("%(n)s", after);
    el.textContent = text;
    el.hidden = false;
  }

  function show(index) {
    page = Math.max(0, Math.min(index, pages.length - 1));
    pages.forEach(function (group, i) {
      group.forEach(function (item) { item.classList.toggle("off-page", i !== page); });
    });
    indicator();
  }

  function layout() {
    var live = document.getElementById("live");
    var body = stageBody();
    pages = [];
    if (!live || !body) { indicator(); return; }
    var step = live.dataset.stepKey + ":" + live.dataset.state;
    var keep = step === lastStep ? page : 0;
    lastStep = step;
    var all = items(body);
    all.forEach(function (item) { item.classList.remove("off-page"); });
    LEVELS.forEach(function (level) { live.classList.remove(level); });
    var level = 0;
    while (overflowing(body) && level < LEVELS.length) live.classList.add(LEVELS[level++]);
    if (!overflowing(body) || !all.length) { pages = [all]; show(0); return; }
    // Still too much at the smallest type: fill pages one item at a time, taking turns
    // between the step's lists so that lists side by side fill their columns together.
    var lists = Array.prototype.slice.call(body.querySelectorAll("[data-pageable]"))
      .map(function (list) { return Array.prototype.slice.call(list.children); })
      .filter(function (list) { return list.length; });
    var next = lists.map(function () { return 0; });
    all.forEach(function (item) { item.classList.add("off-page"); });
    while (next.some(function (n, k) { return n < lists[k].length; })) {
      var current = [], full = lists.map(function () { return false; }), progress = true;
      while (progress) {
        progress = false;
        lists.forEach(function (list, k) {
          if (full[k] || next[k] >= list.length) return;
          var item = list[next[k]];
          item.classList.remove("off-page");
          if (current.length && overflowing(body)) {
            item.classList.add("off-page");
            full[k] = true;
          } else {
            current.push(item);
            next[k] += 1;
            progress = true;
          }
        });
      }
      current.forEach(function (item) { item.classList.add("off-page"); });
      pages.push(current);
    }
    show(keep);
  }

  var queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; layout(); });
  }

  window.projectorPages = {
    next: function () { if (page < pages.length - 1) { show(page + 1); return true; } return false; },
    previous: function () { if (page > 0) { show(page - 1); return true; } return false; },
    get count() { return pages.length; },
  };
  document.addEventListener("live:updated", schedule);
  window.addEventListener("resize", schedule);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
  schedule();
})();
