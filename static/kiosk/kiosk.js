/* 泾彩服务 lobby kiosk: attract loop, idle reset, periodic refresh, service worker, touch hardening,
 * and ▲/▼ buttons that page a long page a screen at a time.
 *
 * Loaded (without defer) from the head of every kiosk page so that <html class="js"> is set before
 * the first paint; everything else waits for DOMContentLoaded. All configuration comes from data-*
 * attributes on <body>. Built to run for weeks: exactly one timer of each kind, always cleared before
 * it is re-armed; listeners are added once; nothing accumulates.
 *
 * The paging rules (KioskPaging) are pure functions, also loaded by Node in tests/kiosk/test_screen_paging.py.
 */
(function () {
  "use strict";

  /* ---- Screen paging rules: where ▼ and ▲ take the frame (pure, no DOM) ---- */

  var KioskPaging = (function () {
    var OVERLAP = 96; // px of the last screen shown again after ▼ / ▲, so the reader keeps their place
    var MARGIN = 16; // px left above a block that ▼ brings to the top
    var SLACK = 2; // px of rounding that still counts as "at the end"

    function maxTop(frame, content) {
      return Math.max(0, Math.round(content - frame));
    }

    /* What the strip says: does the page continue below the frame, is it at the top, at the end? */
    function state(top, frame, content) {
      var max = maxTop(frame, content);
      return { overflows: max > SLACK, atTop: top <= SLACK, atEnd: top >= max - SLACK };
    }

    /* The scroll position after one tap. Down: the block cut by the frame's bottom edge (the innermost,
       if it starts in the lower two thirds) moves to the top, else a screen less OVERLAP; never past the
       end. Up: a screen less OVERLAP, never above the top. ``blocks`` are [start, end] offsets. */
    function next(top, frame, content, blocks, direction) {
      var max = maxTop(frame, content);
      var target;
      if (direction < 0) {
        target = top - (frame - OVERLAP);
      } else {
        var bottom = top + frame;
        var cut = -1;
        for (var i = 0; i < (blocks || []).length; i++) {
          var start = blocks[i][0];
          var end = blocks[i][1];
          if (start > top + frame / 3 && start < bottom && end > bottom && start > cut) cut = start;
        }
        target = cut >= 0 ? cut - MARGIN : top + frame - OVERLAP;
      }
      return Math.max(0, Math.min(max, Math.round(target)));
    }

    return { state: state, next: next, OVERLAP: OVERLAP };
  })();

  if (typeof module === "object" && module.exports) module.exports = KioskPaging;
  if (typeof document === "undefined") return;

  document.documentElement.classList.add("js");

  var SECOND = 1000;
  var REFRESH_TIMEOUT = 20 * SECOND; // give up on one refresh attempt after this long

  var config = null;
  var clockTimer = 0; // the one interval: the clock
  var idleTimer = 0; // the one idle timer: waiting for idleness, then counting down
  var rotateTimer = 0; // attract loop: next panel
  var refreshTimer = 0; // attract loop: next content refresh
  var panelIndex = 0;
  var countdownLeft = 0;

  function number(value, fallback) {
    var parsed = parseInt(value, 10);
    return isFinite(parsed) && parsed > 0 ? parsed : fallback;
  }

  function readConfig(body) {
    var data = body.dataset;
    return {
      page: data.page || "",
      idle: number(data.idle, 90),
      countdown: number(data.countdown, 20),
      rotate: number(data.rotate, 12),
      refresh: number(data.refresh, 300),
      loopUrl: data.loopUrl || "/kiosk/",
      homeUrl: data.homeUrl || "/kiosk/home/",
      swUrl: data.swUrl || "",
      swScope: data.swScope || "/kiosk/",
      timeZone: data.timeZone || "Asia/Shanghai",
    };
  }

  /* ---- Touch hardening: no long-press menu, no drag ghosts, no browser zoom ---- */

  function suppressGestures() {
    document.addEventListener("contextmenu", prevent);
    document.addEventListener("dragstart", prevent);
    document.addEventListener("selectstart", prevent);
    document.addEventListener("gesturestart", prevent);
    document.addEventListener(
      "wheel",
      function (event) {
        if (event.ctrlKey) event.preventDefault(); // trackpad pinch
      },
      { passive: false }
    );
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && ["+", "-", "=", "0"].indexOf(event.key) !== -1) {
        event.preventDefault();
      }
    });
  }

  function prevent(event) {
    event.preventDefault();
  }

  /* ---- Clock and date (Asia/Shanghai, whatever the machine's own zone) ---- */

  function startClock() {
    var clocks = document.querySelectorAll("[data-clock]");
    var dates = document.querySelectorAll("[data-date]");
    var updated = document.querySelector("[data-updated]");
    var updatedDay = document.querySelector("[data-updated-day]");
    var lang = document.documentElement.lang || "zh-Hans";
    var timeFormat = new Intl.DateTimeFormat(lang, {
      timeZone: config.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    // Month and day, then the weekday: "3月5日 星期三", as the server renders it.
    var dayFormat = new Intl.DateTimeFormat(lang, { timeZone: config.timeZone, month: "long", day: "numeric" });
    var weekdayFormat = new Intl.DateTimeFormat(lang, { timeZone: config.timeZone, weekday: "long" });
    var dayKey = new Intl.DateTimeFormat("en-CA", {
      timeZone: config.timeZone, year: "numeric", month: "2-digit", day: "2-digit",
    });
    var last = "";

    function tick() {
      var now = new Date();
      var time = timeFormat.format(now);
      if (time === last) return;
      last = time;
      var date = dayFormat.format(now) + " " + weekdayFormat.format(now);
      setText(clocks, time);
      setText(dates, date);
      // "信息更新于 HH:MM" gains its date when the content shown was rendered on another day.
      if (updated && updatedDay) {
        updatedDay.hidden = (updated.getAttribute("datetime") || "").slice(0, 10) === dayKey.format(now);
      }
    }

    clearInterval(clockTimer);
    tick();
    clockTimer = setInterval(tick, SECOND);
  }

  function setText(nodes, text) {
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].textContent !== text) nodes[i].textContent = text;
    }
  }

  /* ---- Attract loop: rotate panels, refresh content, one tap opens the tiles ---- */

  function panelList() {
    var container = document.getElementById("panels");
    return container ? container.querySelectorAll("[data-panel]") : [];
  }

  function showPanel(index) {
    var container = document.getElementById("panels");
    var panels = panelList();
    if (!container || !panels.length) return;
    panelIndex = ((index % panels.length) + panels.length) % panels.length;
    for (var i = 0; i < panels.length; i++) {
      var active = i === panelIndex;
      panels[i].classList.toggle("is-active", active);
      panels[i].setAttribute("aria-hidden", active ? "false" : "true");
    }
    container.setAttribute("data-running", "");
    var dots = container.querySelector("[data-dots]");
    if (dots) {
      if (dots.children.length !== panels.length) {
        dots.textContent = "";
        for (var d = 0; d < panels.length; d++) dots.appendChild(document.createElement("li"));
      }
      for (var j = 0; j < dots.children.length; j++) {
        dots.children[j].classList.toggle("is-active", j === panelIndex);
      }
    }
  }

  function scheduleRotation() {
    clearTimeout(rotateTimer);
    rotateTimer = setTimeout(function () {
      showPanel(panelIndex + 1);
      scheduleRotation();
    }, config.rotate * SECOND);
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshLoop, config.refresh * SECOND);
  }

  function assetSignature(doc) {
    var parts = [];
    var nodes = doc.querySelectorAll("link[rel=stylesheet], script[src]");
    for (var i = 0; i < nodes.length; i++) parts.push(nodes[i].getAttribute("href") || nodes[i].getAttribute("src"));
    return parts.join(" ");
  }

  /* Fetch the loop again (through the service worker: fresh when the server answers, the last good
     copy when it does not) and swap in its panels. New scripts or styles mean a full reload. */
  function refreshLoop() {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var abortTimer = controller ? setTimeout(function () { controller.abort(); }, REFRESH_TIMEOUT) : 0;
    var url = location.pathname + location.search;
    fetch(url, { credentials: "same-origin", cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("panels");
        var current = document.getElementById("panels");
        if (!fresh || !current) return;
        if (assetSignature(doc) !== assetSignature(document)) {
          location.replace(url);
          return;
        }
        var panels = fresh.querySelectorAll("[data-panel]");
        var index = Math.min(panelIndex, Math.max(panels.length - 1, 0));
        if (panels[index]) panels[index].classList.add("is-active"); // lands already shown: no fade, no flash
        fresh.setAttribute("data-running", "");
        current.replaceWith(document.adoptNode(fresh));
        showPanel(index);
        var stamp = doc.querySelector("[data-updated]");
        var mine = document.querySelector("[data-updated]");
        if (stamp && mine) {
          mine.setAttribute("datetime", stamp.getAttribute("datetime") || "");
          mine.textContent = stamp.textContent;
        }
        var day = doc.querySelector("[data-updated-day]");
        var myDay = document.querySelector("[data-updated-day]");
        if (day && myDay) myDay.textContent = day.textContent;
        // Other parts that follow the content (the after-hours line under the clock).
        var live = doc.querySelectorAll("[data-live][id]");
        for (var i = 0; i < live.length; i++) {
          var old = document.getElementById(live[i].id);
          if (old) old.replaceWith(document.adoptNode(live[i]));
        }
        startClock(); // re-evaluates the "updated" date; clears its own interval first
      })
      .catch(function () {
        /* Server and cache both failed: keep what is on screen and try again next time. */
      })
      .then(function () {
        clearTimeout(abortTimer);
        scheduleRefresh();
      });
  }

  function startLoop() {
    showPanel(0);
    scheduleRotation();
    scheduleRefresh();
    // One tap anywhere leaves the loop for the tiles (links inside the panels are for no-JS use).
    document.addEventListener("click", function (event) {
      event.preventDefault();
      location.assign(config.homeUrl);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") location.assign(config.homeUrl);
    });
  }

  /* ---- ▲ 上一屏 / ▼ 下一屏: a long page is read a screen at a time, by buttons alone ---- */

  // What ▼ may bring to the top of the frame: headings, paragraphs, list items, table rows, tiles.
  var BLOCKS = "h1, h2, h3, p, li, tr, dt, dd, .facts > div, .tile, .row, .handoff";

  function startPager() {
    var main = document.getElementById("main");
    var pager = document.querySelector("[data-pager]");
    if (!main || !pager) return;
    var up = pager.querySelector('[data-screen="up"]');
    var down = pager.querySelector('[data-screen="down"]');
    var cues = {
      more: pager.querySelector('[data-cue="more"]'),
      next: pager.querySelector('[data-cue="next"]'),
      end: pager.querySelector('[data-cue="end"]'),
    };
    var pageLinks = pager.hasAttribute("data-page-links");
    var hasNextPage = Boolean(pager.querySelector('a[rel="next"]'));
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var pending = 0;

    function show(node, visible) {
      if (node && node.hidden === visible) node.hidden = !visible;
    }

    function update() {
      pending = 0;
      for (var pass = 0; pass < 2; pass++) {
        // Showing or hiding the strip changes the frame's height: look again once.
        var now = KioskPaging.state(main.scrollTop, main.clientHeight, main.scrollHeight);
        var wanted = now.overflows || pageLinks;
        if (pager.hidden !== wanted) break;
        pager.hidden = !wanted;
      }
      var st = KioskPaging.state(main.scrollTop, main.clientHeight, main.scrollHeight);
      show(up, st.overflows);
      show(down, st.overflows);
      if (up) up.disabled = st.atTop;
      if (down) down.disabled = st.atEnd;
      show(cues.more, st.overflows && !st.atEnd);
      show(cues.next, hasNextPage && (!st.overflows || st.atEnd));
      show(cues.end, st.overflows && st.atEnd && !hasNextPage);
      main.classList.toggle("has-more", st.overflows && !st.atEnd);
      // Page links and screen buttons together (a long list, landscape): the words go on a row of their own.
      pager.classList.toggle("is-crowded", pageLinks && st.overflows);
    }

    function schedule() {
      if (!pending) pending = requestAnimationFrame(update);
    }

    function blocks() {
      var base = main.getBoundingClientRect().top - main.scrollTop;
      var found = [];
      var nodes = main.querySelectorAll(BLOCKS);
      for (var i = 0; i < nodes.length; i++) {
        var box = nodes[i].getBoundingClientRect();
        if (box.height > 0) found.push([box.top - base, box.bottom - base]);
      }
      return found;
    }

    function page(direction) {
      var top = KioskPaging.next(main.scrollTop, main.clientHeight, main.scrollHeight, blocks(), direction);
      main.scrollTo({ top: top, behavior: reduceMotion ? "auto" : "smooth" });
    }

    if (up) up.addEventListener("click", function () { page(-1); });
    if (down) down.addEventListener("click", function () { page(1); });
    main.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("load", schedule);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
    update();
  }

  /* ---- Idle reset: "还在使用吗？", a countdown, then back to the loop with no trace ---- */

  function overlay() {
    return document.querySelector("[data-idle-overlay]");
  }

  function armIdle() {
    clearTimeout(idleTimer);
    var box = overlay();
    if (box) box.hidden = true;
    idleTimer = setTimeout(askStillThere, config.idle * SECOND);
  }

  function askStillThere() {
    var box = overlay();
    if (!box) {
      resetKiosk();
      return;
    }
    countdownLeft = config.countdown;
    renderCountdown();
    box.hidden = false;
    var button = box.querySelector("[data-idle-continue]");
    if (button) button.focus({ preventScroll: true });
    clearTimeout(idleTimer);
    idleTimer = setTimeout(countDown, SECOND);
  }

  function countDown() {
    countdownLeft -= 1;
    if (countdownLeft <= 0) {
      resetKiosk();
      return;
    }
    renderCountdown();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(countDown, SECOND);
  }

  function renderCountdown() {
    var box = overlay();
    var seconds = box && box.querySelector("[data-idle-seconds]");
    if (seconds) seconds.textContent = String(countdownLeft);
  }

  function resetKiosk() {
    clearTimeout(idleTimer);
    // replace(): the visitor's page leaves no history entry to go back to.
    location.replace(config.loopUrl);
  }

  function overlayShown() {
    var box = overlay();
    return Boolean(box && !box.hidden);
  }

  function onActivity() {
    if (!overlayShown()) armIdle();
  }

  function startIdle() {
    var options = { capture: true, passive: true };
    ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (type) {
      document.addEventListener(type, onActivity, options);
    });
    var box = overlay();
    if (box) {
      // Any tap on the overlay (the big "继续" button or around it) means someone is there.
      box.addEventListener("click", function (event) {
        event.preventDefault();
        armIdle();
      });
      document.addEventListener("keydown", function () {
        if (overlayShown()) armIdle();
      });
    }
    // Coming back from the back/forward cache: start the wait afresh.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) armIdle();
    });
    armIdle();
  }

  /* ---- Service worker: keeps the last good pages for when the server or network drops ---- */

  function registerServiceWorker() {
    if (!config.swUrl || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(config.swUrl, { scope: config.swScope }).catch(function () {
      /* Not a secure context (plain http on a non-local host) or the server is down: pages still work. */
    });
  }

  function init() {
    config = readConfig(document.body);
    suppressGestures();
    startClock();
    registerServiceWorker();
    if (config.page === "loop") {
      startLoop();
    } else {
      startPager();
      startIdle();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
