/* bbsearch, main thread (classic script, loaded before Material's bundle.js).
 *
 * 1. Points Material's search at bbsearch/worker.js (Material's own worker URL is passed
 *    along as the fallback for a site built without the Pagefind step).
 * 2. Material runs a query only on `keyup`; text that arrives without a key event
 *    (paste from the context menu, IME commit by mouse, dictation, autofill, scripted
 *    input) never ran a search. Every `input` event on the search box now does.
 * 3. The worker returns the best results only: the count line says "20 of 3,214" and the
 *    worker's messages (no index, file:// problems) are shown in it.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var el = document.getElementById("__config");
  /* Material's search form only (Zensical renders the same theme override with a search
     of its own, another protocol: left alone) */
  if (!me || !el || !document.querySelector("form[name=search] [data-md-component=search-query]")) return;
  var config = JSON.parse(el.textContent);
  var worker = me.getAttribute("data-bbsearch-worker");
  if (!config.search || !worker) return;
  config.search = worker + "?fallback=" + encodeURIComponent(new URL(config.search, location.href).href);
  el.textContent = JSON.stringify(config);

  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (t instanceof HTMLInputElement && t.matches("[data-md-component=search-query]"))
      t.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }, true);

  var state = null;
  function show() {
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta || !state) return;
    if (state.message) {
      meta.textContent = state.message;
    } else if (state.total > state.shown) {
      var text = (config.translations && config.translations["search.result.other"]) || "# matching documents";
      meta.textContent = text.replace("#", state.shown + " of " + state.total.toLocaleString("en"));
    }
  }
  var Native = window.Worker; // on file:// this is already the iframe-worker shim
  if (typeof Native !== "function") return;
  var Wrapped = function (url, options) {
    var w = new Native(url, options);
    w.addEventListener("message", function (ev) {
      var data = ev.data;
      if (data && data.type === 3 && data.data) {
        state = data.data.bb || null;
        setTimeout(show, 0); // after Material has written its own count
      }
    });
    return w;
  };
  Wrapped.prototype = Native.prototype;
  window.Worker = Wrapped;
})();
