"""The site's search index: every built page split by language and indexed with Pagefind, for the header box.

Run by `briefbook build` on the staging folder after MkDocs (every build). The browser side
is the theme's `assets/javascripts/bbsearch/` (Material's search box, answered from this index):

1. each page's content (the theme's `data-pagefind-body`) is given to Pagefind split by
   language: an element whose `lang` differs from the page's (a source's Arabic full text, a
   name in Cyrillic) goes into that language's index, stemmed as that language, under the same
   URL; the rest of the page stays in the page's language;
2. page furniture is left out (`EXCLUDE`: Material's `data-search-exclude` and briefbook's classes);
3. Arabic records also carry each word without its clitic prefixes (Snowball leaves many on);
4. `pagefind/bbsearch.json` says which scripts each language index holds, so the browser asks
   only the indexes a query can match; `bbsearch-factory.js` is pagefind.js as a classic script
   that makes one copy per language (its stemmer is module state); `pagefind/file/*.js` hold the
   index for pages opened from the file system; Material's own index is replaced by a stub.

Pagefind runs as its CLI over a shadow folder beside the site (its Python API polls every 0.1 s).
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from ..problems import BriefbookError
from .output import write_file

EXCLUDE = [".bb-pdf", ".bb-pnum", ".bb-note", ".bb-inferred", ".bb-meta", ".headerlink", "[data-search-exclude]"]
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"", re.I)
BODY_ATTR = "data-pagefind-body"
LANG_ATTR = re.compile(r"\slang=\"([^\"]*)\"")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Fragments above this size (bytes) are listed in the manifest: the browser may show such a page by
# title and URL rather than load its excerpt (the most-cited actors and the list pages, up to 77 KB each
# at 10,000 documents), so that one query stays within about 500 KB.
LARGE = 8192
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
RUNTIME_JS = ("pagefind.js", "bbsearch-factory.js")
# Material's search index, replaced by an empty one: Material fetches it at every page load
STUB = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}, "docs": []}

# ---------------------------------------------------------------- scripts (as worker.js names them)

RANGES = {
    "Cyrl": [(0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "Arab": [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "Hebr": [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    "Grek": [(0x0370, 0x03FF), (0x1F00, 0x1FFF)],
    "Deva": [(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    "Thai": [(0x0E00, 0x0E7F)],
    "Hang": [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)],
    "Hani": [(0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF),
             (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)],
    "Kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)],
    "Latn": [(0x00C0, 0x024F), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xFF21, 0xFF5A)],
}


def script_of(char: str) -> str | None:
    """The script of a letter as the worker names it (ISO 15924, 'Other' for the rest); None for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return None
    point = ord(char)
    for name, ranges in RANGES.items():
        if any(lo <= point <= hi for lo, hi in ranges):
            return name
    return "Other"


def scripts_in(fragment_html: str) -> set[str]:
    text = html.unescape(TAGS.sub(" ", fragment_html))
    found = {"Latn"} if re.search(r"[A-Za-z]", text) else set()
    found.update(s for s in map(script_of, set(NON_ASCII.findall(text))) if s)
    return found


def norm_lang(lang: str) -> str:
    return lang.strip().lower() or "unknown"


# ---------------------------------------------------------------- Arabic clitics

# Pagefind's Arabic (Snowball) stemmer leaves many attached prefixes on: measured with Pagefind 1.5.2,
# "داعش" finds بداعش وداعش الداعش بالداعش للداعش but not لداعش كداعش والداعش ولداعش. So every Arabic
# record also carries, in a last paragraph (id "bbv") that the worker never shows, each word with its
# clitic prefix taken off; the worker takes the same prefixes off the query words (same list in worker.js).
AR_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
               "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
AR_WORD = re.compile(r"[\u0621-\u063A\u0640-\u064A\u064B-\u065F\u0670\u0671]+")
AR_MARKS = re.compile(r"[\u0640\u064B-\u065F\u0670]")


def ar_normalize(word: str) -> str:
    """Harakat and tatweel removed, أ إ آ ٱ read as ا."""
    return AR_MARKS.sub("", word).translate({0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627, 0x0671: 0x0627})


def ar_strip(word: str) -> str:
    """An Arabic word without its clitic prefix (و ب ل ك ف ال and their combinations), 3 letters kept at least."""
    plain = ar_normalize(word)
    for prefix in AR_PREFIXES:
        if plain.startswith(prefix) and len(plain) - len(prefix) >= 3:
            return plain[len(prefix):]
    return plain


def variants_block(lang: str, fragment_html: str) -> str:
    if lang.split("-")[0] != "ar":
        return ""
    text = html.unescape(TAGS.sub(" ", fragment_html))
    present = set(text.split())
    words = [v for v in dict.fromkeys(map(ar_strip, dict.fromkeys(AR_WORD.findall(text)))) if v not in present]
    return f'\n<p id="bbv">{html.escape(" ".join(words))}</p>' if words else ""


# ---------------------------------------------------------------- splitting a page by language

# Text in another language inside a sentence (a source's title in a citation, a name, a quoted word) stays
# in the page's own record: split off, each became a record of a few words, and Pagefind ranked those
# above the source written in that language (an Arabic title cited on ten English pages buried the
# Arabic source itself). Blocks (a full text, a paragraph) go to their language's index.
INLINE = frozenset("a abbr b bdi bdo cite code em i mark q s small span strong sub sup u".split())


class _Blocks(HTMLParser):
    """Offsets of the outermost elements inside the page body whose `lang` differs from the page's."""

    def __init__(self, text: str, page_lang: str):
        super().__init__(convert_charrefs=False)
        self.text, self.page_lang = text, page_lang
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[list] = []  # [tag, start, lang or None, is_body]
        self.blocks: list[tuple[int, int, str]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        found = dict(attrs)
        in_body = any(e[3] for e in self.stack)
        in_block = any(e[2] for e in self.stack)
        lang = None
        if in_body and not in_block and tag not in INLINE and found.get("lang") \
                and norm_lang(found["lang"]) != self.page_lang:
            lang = norm_lang(found["lang"])
        self.stack.append([tag, self._pos(), lang, BODY_ATTR in found])

    def handle_endtag(self, tag):
        end = self.text.find(">", self._pos()) + 1
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                self.blocks.extend((e[1], end, e[2]) for e in self.stack[i:] if e[2])
                del self.stack[i:]
                return


H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
HEADERLINK = re.compile(r"<a\b[^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)


def page_title(text: str) -> str:
    found = H1.search(text) or re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    return html.unescape(TAGS.sub("", HEADERLINK.sub("", found.group(1)))).strip() if found else ""


def _with_variants(text: str, lang: str, at: int) -> str:
    extra = variants_block(lang, text[at:])
    if not extra:
        return text
    i = text.rfind("</body>")
    return text[:i] + f"<div {BODY_ATTR}>{extra}</div>" + text[i:]


def _foreign_blocks(text: str, page_lang: str, at: int) -> list[tuple[int, int, str]]:
    if not ({norm_lang(v) for v in LANG_ATTR.findall(text, at)} - {page_lang}):
        return []  # only a page with another language in it is parsed
    parser = _Blocks(text, page_lang)
    parser.feed(text)
    parser.close()
    return sorted(parser.blocks)


def records(text: str, site_lang: str, url: str) -> list[tuple[str, str, set[str]]]:
    """(language, HTML for Pagefind, scripts) for one built page: the page in its own language
    (the text itself when unchanged), then one record per other language, linked to the same URL."""
    found = HTML_LANG.search(text)
    page_lang = norm_lang(found.group(1)) if found else site_lang
    at = text.find(BODY_ATTR)
    if at < 0:
        return []
    blocks = _foreign_blocks(text, page_lang, at)
    if not blocks:
        return [(page_lang, _with_variants(text, page_lang, at), scripts_in(text[at:]))]
    main = text
    for start, _end, _lang in reversed(blocks):  # the block is ignored in the page's own record
        name_end = start + len(re.match(r"<[a-zA-Z0-9-]+", text[start:]).group(0))
        main = main[:name_end] + " data-pagefind-ignore" + main[name_end:]
    rest, last = [], 0
    for start, end, _lang in blocks:
        rest.append(text[last:start])
        last = end
    rest.append(text[last:])
    out = [(page_lang, _with_variants(main, page_lang, at), scripts_in("".join(rest)[at:]))]
    title = html.escape(page_title(text))
    by_lang: dict[str, list[str]] = {}
    for start, end, lang in blocks:
        by_lang.setdefault(lang, []).append(text[start:end])
    for lang, parts in by_lang.items():
        body = "\n".join(parts)
        doc = (f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
               f"<title>{title}</title></head><body>"
               f'<div {BODY_ATTR} data-pagefind-meta="url:{html.escape(url)}">'
               f'<div data-pagefind-meta="title:{title}">{body}{variants_block(lang, body)}</div></div>'
               "</body></html>")
        out.append((lang, doc, scripts_in(body)))
    return out


# ---------------------------------------------------------------- pagefind.js as a factory

_FACTORY_PATCHES = (
    ("import.meta.url", "undefined", None),
    ("basePath:deriveBasePath(instanceOptions?.basePath),language:detectLanguage()",
     "basePath:deriveBasePath(instanceOptions?.basePath),language:instanceOptions?.language||detectLanguage()", 1),
)
_LEFT_OVER = re.compile(r"\bimport\s*\(|\bimport\.meta|\bexport\s*\{"
                        r"|\bexport\s+(default|const|let|var|function|class|async)\b|(^|[;}])\s*import\s+[\w{*\"']")


def factory_source(pagefind_js: str) -> str:
    """pagefind.js (an ES module) as a classic script: `self.__bbPagefind()` returns a fresh copy of the
    module (its own WebAssembly instance), whose createInstance takes a `language`."""
    src = pagefind_js
    for old, new, count in _FACTORY_PATCHES:
        n = src.count(old)
        if n == 0 or (count is not None and n != count):
            raise BriefbookError(f"search: pagefind.js is not the version briefbook patches ({old!r} found "
                                 f"{n} times); pin the pagefind in requirements.lock")
        src = src.replace(old, new)
    found = re.search(r"export\s*\{([^}]*)\}\s*;?\s*$", src)
    if not found:
        raise BriefbookError("search: pagefind.js is not the version briefbook patches (no trailing export)")
    names = [n.split() for n in found.group(1).split(",") if n.strip()]  # `a` or `a as b`
    if any(len(n) not in (1, 3) or (len(n) == 3 and n[1] != "as") for n in names):
        raise BriefbookError("search: pagefind.js is not the version briefbook patches (its exports)")
    src = src[:found.start()] + "return{" + ",".join(n[0] if len(n) == 1 else f"{n[2]}:{n[0]}" for n in names) + "};"
    if _LEFT_OVER.search(src):
        raise BriefbookError("search: pagefind.js is not the version briefbook patches (imports left)")
    return ("/* pagefind.js (Pagefind, MIT licence, https://pagefind.app) wrapped by briefbook: each call of\n"
            "   self.__bbPagefind() evaluates a fresh copy of the module. */\n"
            "self.__bbPagefind = function () {\n" + src + "\n};\n")


# ---------------------------------------------------------------- the step

def _shadow_pages(site: Path, shadow: Path, site_lang: str) -> dict:
    """Every built page's records written into the shadow folder (hard links where unchanged)."""
    scripts: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    pages = 0
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink() or rel.startswith(("pagefind/", "search/")) or rel == "404.html":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        recs = records(text, site_lang, "/" + rel)
        pages += bool(recs)
        for i, (lang, doc, found) in enumerate(recs):
            target = shadow / rel if i == 0 else shadow / "_bblang" / lang / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if doc is text:
                try:
                    os.link(path, target)
                except OSError:
                    shutil.copyfile(path, target)
            else:
                target.write_text(doc, encoding="utf-8")
            scripts.setdefault(lang, set()).update(found)
            counts[lang] = counts.get(lang, 0) + 1
    return {"pages": pages, "scripts": scripts, "records": counts}


def _run_pagefind(shadow: Path, out: Path) -> None:
    (shadow / "pagefind.json").write_text(json.dumps({
        "site": ".", "output_path": str(out), "exclude_selectors": EXCLUDE, "keep_index_url": True}),
        encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind"], cwd=shadow, capture_output=True, text=True,
                                check=False)
    except OSError as err:  # pragma: no cover - the interpreter itself is missing
        raise BriefbookError(f"search: pagefind could not start: {err}") from None
    if result.returncode != 0:
        if "No module named pagefind" in (result.stderr or ""):
            raise BriefbookError("search: Pagefind is not installed (pagefind and pagefind_bin_extended in "
                                 "requirements.lock): run `make` or pip install -r requirements.lock")
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BriefbookError(f"search: pagefind failed: {detail[0][:200]}")


def read_fragment(path: Path) -> dict:
    """One of Pagefind's fragments (a page's record: url, content, meta.title), decoded."""
    data = gzip.decompress(path.read_bytes())
    return json.loads(data[12:] if data[:12] == b"pagefind_dcd" else data)


def fragments(site: Path) -> list[dict]:
    """Every record of a built site's search index: what a search can find, page by page."""
    return [read_fragment(p) for p in sorted((Path(site) / "pagefind" / "fragment").glob("*.pf_fragment"))]


def _large_fragments(out: Path) -> dict:
    """{fragment id: [bytes, url, title]} for the few big fragments."""
    big = {}
    for path in (out / "fragment").glob("*.pf_fragment"):
        size = path.stat().st_size
        if size > LARGE:
            fragment = read_fragment(path)
            meta = fragment.get("meta", {})
            big[path.stem] = [size, meta.get("url") or fragment.get("url"), meta.get("title", "")]
    return big


def _manifest(out: Path, info: dict) -> dict:
    try:
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
        known, version = entry["languages"], entry["version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BriefbookError("search: pagefind wrote no usable pagefind-entry.json; "
                             "pin the pagefind in requirements.lock") from None
    languages: dict[str, dict] = {}
    for lang, found in info["scripts"].items():
        key = lang if lang in known else next((k for k in known if k.split("-")[0] == lang.split("-")[0]), None)
        if key is None:
            continue
        slot = languages.setdefault(key, {"scripts": set(), "records": 0})
        slot["scripts"] |= found
        slot["records"] += info["records"][lang]
    return {"pagefind": version,
            "languages": {k: {"scripts": sorted(v["scripts"]), "records": v["records"],
                              "wasm": known[k].get("wasm") or "unknown"} for k, v in sorted(languages.items())},
            "large": _large_fragments(out)}


def _file_copies(out: Path) -> int:
    """Every data file of the index as pagefind/file/<path>.js, for pages opened from the file system."""
    count = 0
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith("file/") or rel in RUNTIME_JS:
            continue
        target = out / "file" / (rel + ".js")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"__bbsearchFile({json.dumps(rel)},\"{base64.b64encode(path.read_bytes()).decode()}\");\n",
                          encoding="ascii")
        count += 1
    return count


def index_site(site: Path, site_lang: str = "en") -> dict:
    """The search index of a built site (site/pagefind/, written by briefbook only) and its sizes."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise BriefbookError(f"{site}: not a built site (no index.html)")
    started = time.perf_counter()
    out = site / "pagefind"
    if out.exists():  # the theme's stand-ins, copied by MkDocs into the staging folder
        shutil.rmtree(out)
    shadow = Path(tempfile.mkdtemp(prefix=".bbsearch-", dir=site.parent))
    try:
        info = _shadow_pages(site, shadow, norm_lang(site_lang))
        _run_pagefind(shadow, out)
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
    manifest = _manifest(out, info)
    write_file(out / "bbsearch.json", json.dumps(manifest, ensure_ascii=False))
    try:
        pagefind_js = (out / "pagefind.js").read_text(encoding="utf-8")
    except OSError:
        raise BriefbookError("search: pagefind wrote no pagefind.js; pin the pagefind in requirements.lock") from None
    write_file(out / "bbsearch-factory.js", factory_source(pagefind_js))
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    copies = _file_copies(out)
    stub = json.dumps(STUB)
    write_file(site / "search" / "search_index.json", stub)
    write_file(site / "search" / "search_index.js", f"var __index = {stub};\n")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    copied = sum(p.stat().st_size for p in (out / "file").rglob("*") if p.is_file())
    return {"seconds": time.perf_counter() - started, "pages": info["pages"], "records": info["records"],
            "languages": manifest["languages"], "bundle_bytes": total - copied, "file_copy_bytes": copied,
            "file_copies": copies}
