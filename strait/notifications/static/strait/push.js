// News for the open page as it happens (strait/notifications/push.py): an EventSource on the
// node's stream; each event refreshes the #live fragment (toasts, alert banner, counts) at once.
// While the stream is open the fragment's timed poll stands aside; when there is no stream (the
// server's cap answered 204, the session ended, the network failed) the poll goes on as before.
(function () {
  "use strict";

  var RETRY_WITHOUT_STREAM_MS = 60000;
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

  function connect() {
    var source = new EventSource(meta.content);
    // On every (re)connection: what came while there was no stream.
    source.addEventListener("ready", function () {
      streaming = true;
      document.documentElement.dataset.push = "open";
      refresh();
    });
    source.addEventListener("notification", refresh);
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
