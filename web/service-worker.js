/* global self, caches */
// The service worker of the installable web app (issue #13, part 3): written into web/dist/sw.js by the build
// (web/vite.config.ts fills in the list of built files and a version). It keeps the app shell — every built
// file — on the device, so the app starts with no connection at all; the village data themselves live in
// IndexedDB (web/src/field/storage.ts), never in this cache. API calls always go to the network.
const VERSION = '__VERSION__';
const PRECACHE = ['__PRECACHE__']; // the build writes the list here
const CACHE = `giamngheo-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Without cookies: built files need no session, and the server then does no session work for them
      // while the user is signing in.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { credentials: 'omit' }))))
      .then(() => self.skipWaiting()),
  );
});

// A new release takes over at once and drops the files of the previous one.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('giamngheo-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/'))
    return;
  // Pages: the network first (a new release shows at once), the cached shell when there is none.
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE })));
    return;
  }
  // Built files never change under their name: the cache first.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
