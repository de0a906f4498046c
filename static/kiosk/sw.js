/* 泾彩服务 lobby kiosk service worker: the last good content stays on screen when the server or the
 * network drops, and fresh content returns by itself when they come back.
 *
 * Served by the view at /kiosk/sw.js (scope /kiosk/), which prepends `self.KIOSK_SW = {...}`: the
 * version (changes with this file, kiosk.js or kiosk.css), the scope, the pages and assets to keep
 * from the start, the page to show for a page never seen before, and the static prefix.
 *   pages (under the scope): network first, the cached copy when the network fails or answers 5xx;
 *   static files: cache first (their names carry a content hash in production).
 * Both caches are capped, so they cannot grow over weeks of use.
 */
"use strict";

var CONFIG = self.KIOSK_SW || {
  version: "dev", scope: "/kiosk/", pages: ["/kiosk/", "/kiosk/home/"], fallback: "/kiosk/home/",
  assets: [], staticPrefix: "/static/",
};
var PAGES = "kiosk-pages-" + CONFIG.version;
var ASSETS = "kiosk-assets-" + CONFIG.version;
var MAX_PAGES = 150;
var MAX_ASSETS = 40;
var NETWORK_TIMEOUT = 10000; // ms before a hanging server counts as down
var MATCH = { ignoreVary: true };

function keepAll(cacheName, urls) {
  return caches.open(cacheName).then(function (cache) {
    // One at a time and best effort: a page that fails now is cached on its next visit.
    return Promise.all(urls.map(function (url) {
      return cache.add(new Request(url, { cache: "no-store" })).catch(function () {});
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    Promise.all([keepAll(ASSETS, CONFIG.assets), keepAll(PAGES, CONFIG.pages)]).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kiosk-") === 0 && name !== PAGES && name !== ASSETS;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.indexOf(CONFIG.scope) === 0 && url.pathname !== new URL(self.location.href).pathname) {
    event.respondWith(networkFirst(request));
  }
});

function fetchWithTimeout(request) {
  var controller = new AbortController();
  var timer = setTimeout(function () { controller.abort(); }, NETWORK_TIMEOUT);
  return fetch(request, { signal: controller.signal }).finally(function () { clearTimeout(timer); });
}

function cacheable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

function networkFirst(request) {
  return caches.open(PAGES).then(function (cache) {
    function fromCache(failure) {
      return cache.match(request, MATCH).then(function (hit) {
        if (hit) return hit;
        // A page this screen never showed: the kiosk home rather than a browser error page.
        return cache.match(CONFIG.fallback, MATCH).then(function (home) {
          if (home && request.mode === "navigate") return home;
          if (failure instanceof Response) return failure;
          throw failure;
        });
      });
    }
    return fetchWithTimeout(request).then(function (response) {
      if (response.status >= 500) return fromCache(response);
      if (cacheable(response)) {
        var copy = response.clone();
        cache.put(request.url, copy).then(function () { return trim(cache, MAX_PAGES); });
      }
      return response;
    }, fromCache);
  });
}

function cacheFirst(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request, MATCH).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (cacheable(response)) {
          cache.put(request.url, response.clone()).then(function () { return trim(cache, MAX_ASSETS); });
        }
        return response;
      });
    });
  });
}

/* Oldest entries go first: put() moves a refreshed page to the end. */
function trim(cache, limit) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - limit)).map(function (key) {
      return cache.delete(key);
    }));
  });
}
