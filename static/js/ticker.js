/* The header ticker: fills itself from /api/wire/, scrolls with a CSS animation, refreshes with
   If-None-Match, pauses on hover, focus, a hidden tab or the pause button, and stays still for
   readers who prefer reduced motion. No dependencies; loaded with `defer`. */
(function () {
  "use strict";

  var root = document.getElementById("ticker");
  if (!root || !window.fetch || root.hasAttribute("data-ticker-ready")) return;
  root.setAttribute("data-ticker-ready", "");

  var viewport = root.querySelector("[data-ticker-viewport]");
  var toggle = root.querySelector("[data-ticker-toggle]");
  var announcer = root.querySelector("[data-ticker-announcer]");
  var url = root.getAttribute("data-wire-url") || "/api/wire/";
  var refreshMs = Math.max(0.5, parseFloat(root.getAttribute("data-refresh")) || 60) * 1000;
  var SPEED = 45; // pixels per second: readable, like a trading-floor crawl
  var MAX_BACKOFF = 10 * 60 * 1000;
  var STORAGE_KEY = "flux:ticker-paused";
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  var etag = null;
  var lastData = null;
  var seenIds = null; // ids already on the wire; null until the first load (which is not announced)
  var timer = null;
  var failures = 0;
  var lastWidth = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function showStatus(text) {
    root.classList.remove("is-moving");
    toggle.hidden = true;
    viewport.replaceChildren(el("p", "ticker__status", text));
  }

  function quoteNode(q) {
    var li = el("li", "ticker__item ticker__item--quote");
    var sym = el("abbr", "ticker__sym", q.symbol);
    sym.title = q.label;
    li.append(sym, " ", el("span", "ticker__val", q.value_display));
    if (q.change_display) {
      var change = el("span", "ticker__chg ticker__chg--" + q.direction);
      var arrow = el("span", "ticker__arrow", q.change_display.charAt(0));
      arrow.setAttribute("aria-hidden", "true");
      var words = { up: "up ", down: "down ", flat: "unchanged " }[q.direction] || "";
      change.append(arrow, el("span", "visually-hidden", words), q.change_display.slice(1).trim());
      li.append(" ", change);
    }
    return li;
  }

  function itemNode(item) {
    var li = el("li", "ticker__item ticker__item--news" + (item.pinned ? " ticker__item--pinned" : ""));
    var headline;
    if (item.url && /^(https?:\/\/|\/(?!\/))/.test(item.url)) {
      headline = el("a", "ticker__link", item.headline);
      headline.href = item.url;
      // Out of the tab order: keyboard readers reach the page's content without tabbing through
      // the wire; the bar's label leads to /wire/, where every headline is a link.
      headline.tabIndex = -1;
    } else {
      headline = el("span", "ticker__text", item.headline);
    }
    li.append(headline);
    if (item.source) li.append(" ", el("span", "ticker__src", item.source));
    return li;
  }

  function currentTime(track) {
    var animations = track && track.getAnimations ? track.getAnimations() : [];
    return animations.length ? animations[0].currentTime || 0 : 0;
  }

  function render(data) {
    var quotes = (data.quotes || []).filter(function (q) { return !q.stale; });
    var items = data.items || [];
    if (!quotes.length && !items.length) {
      showStatus("— No dispatches right now");
      return;
    }
    var previous = viewport.querySelector(".ticker__track");
    var elapsed = currentTime(previous);
    var list = el("ul", "ticker__list");
    quotes.forEach(function (q) { list.append(quoteNode(q)); });
    items.forEach(function (item) { list.append(itemNode(item)); });
    var track = el("div", "ticker__track");
    track.append(list);
    viewport.replaceChildren(track);
    lastWidth = viewport.clientWidth;

    var moving = !reducedMotion.matches && list.scrollWidth > viewport.clientWidth;
    root.classList.toggle("is-moving", moving);
    toggle.hidden = !moving;
    if (!moving) return;
    // A second, hidden copy makes the loop seamless: the track slides by exactly one list width.
    var copy = list.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    copy.inert = true;
    copy.querySelectorAll("a").forEach(function (a) { a.tabIndex = -1; });
    track.append(copy);
    var seconds = Math.max(12, list.scrollWidth / SPEED);
    track.style.setProperty("--ticker-duration", seconds.toFixed(1) + "s");
    var animations = track.getAnimations ? track.getAnimations() : [];
    if (elapsed && animations.length) animations[0].currentTime = elapsed % (seconds * 1000);
  }

  function announce(data) {
    var items = data.items || [];
    var ids = items.map(function (item) { return item.id; });
    if (seenIds) {
      var fresh = items.filter(function (item) { return seenIds.indexOf(item.id) === -1; });
      if (fresh.length) {
        announcer.textContent = "New on the wire: " + fresh.map(function (item) { return item.headline; }).join("; ");
      }
    }
    seenIds = ids;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  }

  function refresh() {
    if (document.hidden) return; // visibilitychange resumes polling
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (data) {
          lastData = data;
          render(data);
          announce(data);
        }
        schedule(refreshMs);
      })
      .catch(function () {
        failures += 1;
        // Keep showing what we have; only an empty ticker says the wire is down.
        if (!lastData) showStatus("— Wire unavailable");
        schedule(Math.min(refreshMs * Math.pow(2, failures), MAX_BACKOFF));
      });
  }

  function setPaused(paused) {
    root.classList.toggle("is-paused", paused);
    toggle.setAttribute("aria-pressed", paused ? "true" : "false");
    try {
      if (paused) window.localStorage.setItem(STORAGE_KEY, "1");
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch (e) { /* storage may be disabled; the button still works for this page */ }
  }

  toggle.addEventListener("click", function () {
    setPaused(toggle.getAttribute("aria-pressed") !== "true");
  });

  // Keyboard focus pauses the crawl (CSS); also bring the focused headline into view, where the
  // paused animation may have left it outside the clipped bar.
  viewport.addEventListener("focusin", function (event) {
    var track = viewport.querySelector(".ticker__track");
    var list = track && track.firstElementChild;
    var animation = track && track.getAnimations ? track.getAnimations()[0] : null;
    if (!animation || !list.contains(event.target)) return;
    var item = event.target.closest("li") || event.target;
    // After the browser's own focus scrolling, which would fight the animation's offset.
    window.requestAnimationFrame(function () {
      viewport.scrollLeft = 0;
      var duration = animation.effect.getComputedTiming().duration;
      var x = item.getBoundingClientRect().left - list.getBoundingClientRect().left; // both share the transform
      animation.currentTime = (Math.max(0, x - 32) / list.scrollWidth) * duration;
    });
  });

  document.addEventListener("visibilitychange", function () {
    root.classList.toggle("is-hidden", document.hidden);
    if (!document.hidden) refresh();
    else clearTimeout(timer);
  });

  function rerender() {
    if (lastData) render(lastData);
  }
  if (reducedMotion.addEventListener) reducedMotion.addEventListener("change", rerender);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (viewport.clientWidth !== lastWidth) rerender();
    }, 200);
  });

  var stored = null;
  try { stored = window.localStorage.getItem(STORAGE_KEY); } catch (e) { /* see setPaused */ }
  setPaused(stored === "1");
  refresh();
})();
