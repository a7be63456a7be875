/* bbsearch worker: answers Material's search worker protocol from a Pagefind index.
 *
 * Material (bundle.js) talks to its search worker with four messages: SETUP (0, with the
 * search_index.json it fetched: here a stub), READY (1), QUERY (2, the raw query text) and
 * RESULT (3, {items: [[article, ...sections]]}). This worker keeps that protocol, so the
 * header search box keeps Material's look, keyboard handling and result rendering, and
 * searches the Pagefind bundle in ../../../pagefind/ instead of lunr.
 *
 * Pagefind writes one index per page language, and one WebAssembly module per language
 * (its stemmer). pagefind.js keeps its WebAssembly in a module-level variable, so one copy
 * of pagefind.js can search one language properly; the post-build step wraps pagefind.js
 * into a factory (pagefind/bbsearch-factory.js) and each language gets its own copy. A
 * query goes to every language whose indexed text has a letter of the query's script
 * (pagefind/bbsearch.json, written by the post-build step), so an Arabic query from an
 * English page finds the Arabic page, stemmed as Arabic, and a Latin query downloads no
 * Arabic index.
 *
 * It runs as a real Web Worker over http(s), and inside Material's iframe-worker shim when
 * the site is opened from the file system (file://): there fetch() cannot read files, so
 * every file of the bundle is read from its copy pagefind/file/<path>.js, a script that
 * hands its bytes (base64) to __bbsearchFile().
 */
"use strict";

var IFRAME = typeof window !== "undefined" && typeof document !== "undefined";
var SCRIPT = IFRAME ? document.currentScript.src : self.location.href;
var FALLBACK = new URL(SCRIPT).searchParams.get("fallback");
var BASE = new URL("../../../pagefind/", SCRIPT).href;
var FILE = SCRIPT.indexOf("file:") === 0;
var SHOWN = 10;        // pages with their text in one answer (each costs one fragment)
var FRAGMENT_BUDGET = 40000; // bytes of large fragments one answer may load
var SECTIONS = 3;      // paragraphs or sections shown under a page
var DEBOUNCE_MS = 120; // a query typed on within this time replaces the one before
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

var mode = null;       // "pagefind" | "material" | "broken"
var manifest = null;
var instances = {};
var latest = 0;

/* ---------------------------------------------------------------- file:// support */

var files = {};
var waiting = {};
self.__bbsearchFile = function (path, b64) {
  var w = waiting[path];
  if (w) { delete waiting[path]; w(b64); }
};

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = function () { reject(new Error("cannot read " + src)); };
    document.head.appendChild(s);
  });
}

function fileFetch(input) {
  var url = new URL(String(input && input.url || input), BASE);
  url.search = "";
  var path = url.href.slice(BASE.length);
  if (url.href.indexOf(BASE) !== 0) return Promise.reject(new TypeError("bbsearch: " + url.href + " is outside the index"));
  if (!files[path]) {
    files[path] = new Promise(function (resolve, reject) {
      waiting[path] = resolve;
      loadScript(BASE + "file/" + path + ".js").catch(function (err) { delete waiting[path]; reject(err); });
    }).then(function (b64) {
      var bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return bytes;
    });
  }
  return files[path].then(function (bytes) { return new Response(bytes); });
}

if (FILE && IFRAME) self.fetch = fileFetch;

/* ---------------------------------------------------------------- scripts of a text */

var SCRIPTS = [
  ["Latn", /\p{sc=Latin}/u], ["Cyrl", /\p{sc=Cyrillic}/u], ["Arab", /\p{sc=Arabic}/u],
  ["Hebr", /\p{sc=Hebrew}/u], ["Grek", /\p{sc=Greek}/u], ["Deva", /\p{sc=Devanagari}/u],
  ["Thai", /\p{sc=Thai}/u], ["Hang", /\p{sc=Hangul}/u], ["Hani", /\p{sc=Han}/u],
  ["Kana", /[\p{sc=Hiragana}\p{sc=Katakana}]/u]
];

function scriptsOf(text) {
  var found = {};
  for (var ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    var name = "Other";
    for (var i = 0; i < SCRIPTS.length; i++) if (SCRIPTS[i][1].test(ch)) { name = SCRIPTS[i][0]; break; }
    found[name] = true;
  }
  return Object.keys(found);
}

function languagesFor(query) {
  var langs = Object.keys(manifest.languages);
  var scripts = scriptsOf(query);
  if (!scripts.length || scripts.indexOf("Other") >= 0) return langs; // digits only, or a script we do not sort
  return langs.filter(function (lang) {
    var have = manifest.languages[lang].scripts;
    return scripts.some(function (s) { return have.indexOf(s) >= 0; });
  });
}

/* Arabic-script letters that keyboards type differently (Arabic ي ك ه, Persian/Urdu ی ک ہ):
   the query is written the way the index's language writes them. Pashto is left alone
   (it has both ye letters). The Arabic stemmer also folds alef forms and removes harakat. */
var FOLD = {
  ar: { "\u06CC": "\u064A", "\u06A9": "\u0643", "\u06C1": "\u0647" },
  fa: { "\u064A": "\u06CC", "\u0649": "\u06CC", "\u0643": "\u06A9" },
  ur: { "\u064A": "\u06CC", "\u0649": "\u06CC", "\u0643": "\u06A9", "\u0647": "\u06C1" }
};
function fold(lang, query) {
  var map = FOLD[lang.split("-")[0]];
  return map ? query.replace(/[\u0643\u0647\u0649\u064A\u06A9\u06C1\u06CC]/g, function (c) { return map[c] || c; }) : query;
}

/* Arabic clitic prefixes (و ف ب ك ل, ال and their combinations), taken off query words
   for the Arabic index: the post-build step indexed every Arabic word also without them
   (a hidden last paragraph, id "bbv"), since Pagefind's stemmer leaves most of them on.
   Same list and rule as AR_PREFIXES / ar_strip in the post-build step. */
var AR_PREFIXES = ["وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
                   "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];
function arStrip(word) {
  var w = word.replace(/[\u0640\u064B-\u065F\u0670]/g, "").replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627");
  for (var i = 0; i < AR_PREFIXES.length; i++) {
    var p = AR_PREFIXES[i];
    if (w.indexOf(p) === 0 && w.length - p.length >= 3) return w.slice(p.length);
  }
  return w;
}
function queryFor(lang, query) {
  query = fold(lang, query);
  if (lang.split("-")[0] === "ar")
    query = query.replace(/[\u0621-\u063A\u0640-\u065F\u0670\u0671]+/g, arStrip);
  return query;
}

/* ---------------------------------------------------------------- Pagefind */

var factory = null;
function loadFactory() {
  /* pagefind.js as a classic script (46 KB), fetched with the first query, not at page load */
  if (!factory) factory = Promise.resolve(importScripts(BASE + "bbsearch-factory.js"));
  return factory;
}

function instance(lang) {
  if (!instances[lang]) {
    instances[lang] = loadFactory().then(function () {
      var pagefind = self.__bbPagefind(); // a fresh copy of pagefind.js: its own WebAssembly
      /* pageLength low: a page's text in another script is indexed as its own short record (a name in
         Arabic on an English page), which Pagefind's default length weighting ranked above the source
         that is written in that script */
      var pf = pagefind.createInstance({ basePath: BASE, baseUrl: "/", language: lang, noWorker: true, excerptLength: 24,
                                         ranking: { pageLength: 0.1 } });
      return pf.init().then(function () { return pf; });
    });
  }
  return instances[lang];
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Pagefind's excerpts are text with < > escaped and <mark> around matches; Material puts
   them in with innerHTML, so everything but our own <mark> is escaped again, fully. */
function excerpt(words, start, length, marks, joiner) {
  var out = [];
  for (var i = start; i < Math.min(words.length, start + length); i++) {
    var w = escapeHTML(words[i].replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    out.push(marks[i] ? "<mark>" + w + "</mark>" : w);
  }
  /* dir="auto": an Arabic, Dari, Pashto or Urdu excerpt reads right to left in an English page */
  return '<span dir="auto">' + (start > 0 ? "… " : "") + out.join(joiner).trim() +
    (start + length < words.length ? " …" : "") + "</span>";
}

/* Page, then its best paragraphs or sections. Pagefind's own sub-results split at headings
   only; a briefbook source page cites numbered paragraphs (<p id="p4">), so any element
   with an id that is a heading, paragraph or list item starts a section here. */
function toGroup(frag, score, terms) {
  var zws = frag.raw_content.indexOf("\u200B") >= 0;
  var words = zws ? frag.raw_content.split("\u200B") : frag.raw_content.split(/[\r\n\s]+/g);
  var joiner = zws ? "" : " ";
  /* the hidden Arabic variants paragraph: hits there count for the word they came from */
  var hidden = (frag.anchors || []).filter(function (a) { return a.id === "bbv"; })[0];
  var shown = hidden ? hidden.location : words.length;
  var locations = [];
  frag.weighted_locations.forEach(function (l) {
    var at = l.location;
    if (at >= shown) {
      var v = (words[at] || "").replace(/[^\p{L}\p{M}]/gu, "");
      at = -1;
      for (var j = 0; j < shown; j++)
        if (arStrip(words[j].replace(/[^\p{L}\p{M}]/gu, "")) === v) { at = j; break; }
      if (at < 0) return;
    }
    locations.push({ location: at, balanced_score: l.balanced_score });
  });
  words = words.slice(0, shown);
  var marks = {};
  var weight = {};
  locations.forEach(function (l) {
    marks[l.location] = true;
    weight[l.location] = (weight[l.location] || 0) + l.balanced_score;
  });
  var hitList = Object.keys(marks).map(Number);
  var page = pageOf(frag);
  var title = frag.meta && frag.meta.title || page;
  var anchors = (frag.anchors || []).filter(function (a) {
    return a.id && a.id !== "bbv" && /^(h[1-6]|p|li|dt|dd)$/i.test(a.element);
  }).sort(function (a, b) { return a.location - b.location; });
  var heading = null, sections = [];
  anchors.forEach(function (a, i) {
    if (/^h/i.test(a.element)) heading = a.text;
    var end = i + 1 < anchors.length ? anchors[i + 1].location : words.length;
    var hits = hitList.filter(function (l) { return l >= a.location && l < end; });
    if (!hits.length) return;
    var num = /^p(\d+)$/.exec(a.id);
    var name = /^h/i.test(a.element) ? a.text : (heading ? heading + " " : "") + (num ? "¶" + num[1] : "");
    var best = hits.reduce(function (x, y) { return weight[y] > weight[x] ? y : x; });
    var start = Math.max(a.location, Math.min(best - 8, end - 24));
    sections.push({
      location: page + "#" + encodeURIComponent(a.id),
      title: escapeHTML(name || title),
      text: excerpt(words, start, Math.min(24, end - start), marks, joiner),
      score: hits.reduce(function (s, l) { return s + weight[l]; }, 0),
      terms: terms
    });
  });
  sections.sort(function (a, b) { return b.score - a.score; });
  sections = sections.slice(0, SECTIONS);
  var firstHit = hitList.length ? Math.min.apply(null, hitList) : 0;
  var article = {
    /* dir="auto": a title in Arabic script reads (and aligns) right to left */
    location: page, title: '<span dir="auto">' + escapeHTML(title) + "</span>", score: score, terms: terms,
    text: excerpt(words, Math.max(0, firstHit - 8), 24, marks, joiner)
  };
  /* Material shows the sections scoring as high as the page and folds the others away */
  sections.forEach(function (s, i) { s.score = i === 0 ? score : score / 2; });
  return { group: [article].concat(sections), words: hitList.map(function (l) { return words[l]; }) };
}

/* the page a fragment belongs to, relative to the site root (Material resolves it against
   its own base, so the site works under any path and from file://) */
function pageOf(frag) {
  return (frag.meta && frag.meta.url || frag.url).replace(/^\//, "").split("#")[0];
}

function answer(data) { postMessage({ type: RESULT, data: data }); }

async function search(query, id) {
  var langs = languagesFor(query);
  var lists = await Promise.all(langs.map(async function (lang) {
    var pf = await instance(lang);
    var res = await pf.search(queryFor(lang, query));
    return res ? res.results : [];
  }));
  if (id !== latest) return;
  /* one page can be in several language indexes (its English text, its Arabic full text) */
  var pages = {};
  lists.forEach(function (list) {
    list.forEach(function (r) {
      var key = r.id;
      if (!pages[key] || pages[key].score < r.score) pages[key] = r;
    });
  });
  var ranked = Object.values(pages).sort(function (a, b) { return b.score - a.score; });
  /* excerpts need each page's fragment; the few large ones (the most-cited actors, the
     list pages: up to 80 KB each at 10,000 documents) are loaded only within the budget,
     otherwise the page is listed with its title alone */
  var budget = FRAGMENT_BUDGET, large = manifest.large || {};
  var frags = await Promise.all(ranked.slice(0, SHOWN).map(function (r) {
    var big = large[r.id];
    if (big) {
      if (big[0] > budget) return Promise.resolve({ url: big[1], meta: { url: big[1], title: big[2] }, raw_content: "",
                                                    weighted_locations: [], locations: [], anchors: [], excerpt: "", bare: true });
      budget -= big[0];
    }
    return r.data();
  }));
  if (id !== latest) return;
  var byPage = {}, order = [], weak = 0;
  var shortest = Math.min.apply(null, query.split(/\s+/).map(function (w) { return w.length; }));
  frags.forEach(function (frag, i) {
    var page = pageOf(frag);
    if (byPage[page]) return; // same page from another language index: keep the better one
    var terms = {};
    var built = toGroup(frag, ranked[i].score, terms);
    var matched = built.words.map(function (w) { return w.replace(/[^\p{L}\p{M}\p{N}]/gu, "").toLowerCase(); });
    /* Pagefind, when no indexed word starts with a query word, falls back to the longest
       indexed word the query word starts with ("د" for "داعش"): drop pages found only so */
    if (!frag.bare && (!matched.length || matched.every(function (w) { return w.length * 2 < shortest; }))) { weak++; return; }
    matched.forEach(function (w) { terms[w] = true; }); // Material's ?h= highlights these on the page
    byPage[page] = built.group;
    order.push(page);
  });
  var total = Object.keys(pages).length - weak;
  answer({ items: order.map(function (p) { return byPage[p]; }), bb: { total: total, shown: order.length } });
}

/* ---------------------------------------------------------------- protocol */

function fail(message) {
  mode = "broken";
  postMessage({ type: READY });
  answer({ items: [], bb: { message: message } });
}

async function setup(ev) {
  try {
    var res = await fetch(BASE + "bbsearch.json");
    if (!res.ok) throw new Error(res.status + " " + res.statusText);
    manifest = await res.json();
    if (manifest.missing) throw new Error(manifest.missing);
    mode = "pagefind";
    postMessage({ type: READY });
  } catch (err) {
    var docs = ev.data.data && ev.data.data.docs || [];
    if (FALLBACK && docs.length) {
      /* a site built without the Pagefind step (plain mkdocs build): Material's own worker
         answers from the search_index.json (or, from a file, the offline plugin's .js) */
      mode = "material";
      await importScripts(FALLBACK);
      self.dispatchEvent(new MessageEvent("message", { data: ev.data }));
    } else {
      fail("This copy of the site has no search index (pagefind/). Build it with `briefbook build`, " +
           "then reload the page.");
    }
  }
}

var timer = null;
addEventListener("message", function (ev) {
  var msg = ev.data;
  if (mode === "material") return; // Material's worker has its own listener now
  if (msg.type === SETUP) {
    if (mode === null) { mode = "loading"; setup(ev); }
    return;
  }
  if (msg.type !== QUERY || mode !== "pagefind") return;
  var query = String(msg.data || "").trim();
  var id = ++latest;
  clearTimeout(timer);
  if (!query) { answer({ items: [] }); return; }
  timer = setTimeout(function () {
    search(query, id).catch(function (err) {
      console.warn("bbsearch: query failed", err);
      if (id === latest) answer({ items: [], bb: { message: "Search failed: " + err } });
    });
  }, DEBOUNCE_MS);
});
