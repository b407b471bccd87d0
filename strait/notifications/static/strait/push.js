// News for the open page as it happens (strait/notifications/push.py): an EventSource on the
// node's stream. An event carrying an alert's banner draws it at once (as text, never HTML);
// every event then refreshes the #live fragment (toasts, the banners with their buttons,
// counts): at once for other news, within a couple of seconds for an alert, so that the 200
// pages an alert reaches do not all fetch their fragment in the same instant.
// While the stream is open the fragment's timed poll stands aside; when there is no stream (the
// server's cap answered 204, the session ended, the network failed) the poll goes on as before.
(function () {
  "use strict";

  var RETRY_WITHOUT_STREAM_MS = 60000;
  var SPREAD_FETCH_MS = 2000;
  var meta = document.querySelector('meta[name="strait-stream"]');
  if (!meta || !window.EventSource) {
    return;
  }
  var streaming = false;

  function refresh() {
    var live = document.getElementById("live");
    if (live && window.htmx) {
      window.htmx.trigger(live, "strait:push");
    }
  }

  // The event's alert banners in the banner slot, newest first; the fragment that follows
  // replaces them with its own (the same text, with open and dismiss buttons).
  function draw(data) {
    var news;
    try {
      news = JSON.parse(data);
    } catch (error) {
      return 0;
    }
    var slot = document.getElementById("alert-banner");
    var banners = (news && news.banners) || [];
    if (!slot || !banners.length) {
      return 0;
    }
    banners.forEach(function (banner) {
      if (slot.querySelector('[data-push-id="' + Number(banner.id) + '"]')) {
        return;
      }
      var row = document.createElement("div");
      row.className = "alert-banner";
      row.dataset.pushId = String(Number(banner.id));
      var text = document.createElement(banner.url ? "a" : "span");
      if (banner.url) {
        text.href = banner.url;
      }
      text.textContent = String(banner.text || "");
      row.appendChild(text);
      slot.insertBefore(row, slot.firstChild);
    });
    // Which banners came with their event (the browser test reads it: the fragment that
    // follows replaces the drawn rows within a couple of seconds).
    var root = document.documentElement;
    root.dataset.pushBanners = ((root.dataset.pushBanners || "") + " " + banners
      .map(function (banner) { return String(banner.text || ""); }).join(" ")).trim();
    return banners.length;
  }

  function connect() {
    var source = new EventSource(meta.content);
    // On every (re)connection: what came while there was no stream.
    source.addEventListener("ready", function () {
      streaming = true;
      document.documentElement.dataset.push = "open";
      refresh();
    });
    source.addEventListener("notification", function (event) {
      var drawn = draw(event.data);
      if (drawn) {
        window.setTimeout(refresh, Math.random() * SPREAD_FETCH_MS);
      } else {
        refresh();
      }
    });
    source.addEventListener("error", function () {
      streaming = false;
      document.documentElement.dataset.push = "closed";
      if (source.readyState === EventSource.CLOSED) {
        // Not retried by the browser (204, a login page, a server error): poll, try later.
        window.setTimeout(connect, RETRY_WITHOUT_STREAM_MS);
      }
    });
  }

  // The fragment's own timer ("every Ns") is not needed while events come.
  document.addEventListener("htmx:confirm", function (event) {
    var detail = event.detail;
    var elt = detail && detail.elt;
    if (!streaming || !elt || elt.id !== "live" || detail.triggeringEvent) {
      return;
    }
    if (/^every /.test(elt.getAttribute("hx-trigger") || "")) {
      event.preventDefault();
    }
  });

  connect();
})();
