"""The built site in headless Chromium (Debian's, driven by Playwright) from a local server:
search works, no console error, no request leaves the server, no injected payload runs,
and axe-core finds no serious or critical accessibility violation from our templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_support import AXE_THEME_IGNORES, MARK, axe_problems, axe_source, serve

@dataclass
class Recorder:
    """What one browser context did: every URL it asked for (once each), and whatever went wrong."""
    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def local(self, url: str) -> bool:
        return url.startswith(self.base) or url.startswith(("data:", "blob:", "about:"))

    @property
    def outside(self) -> list[str]:
        """Requests for anything not on the local server (each was refused by route)."""
        return [u for u in self.requests if not self.local(u)]

    def route(self, route):
        url = route.request.url
        self.record(url)
        if self.local(url):
            route.continue_()
        else:  # recorded and refused: nothing reaches another host
            route.abort()

    def watch(self, page):
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            f"{page.url}: console.error: {m.text} @ {m.location.get('url')}:{m.location.get('lineNumber')}"))
        page.on("pageerror", lambda e: self.console_errors.append(f"{page.url}: uncaught: {e}"))
        page.on("dialog", lambda d: (self.dialogs.append(f"{page.url}: {d.type}: {d.message}"), d.dismiss()))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        # requests the router does not see (a worker's, say) are recorded all the same
        page.on("request", lambda r: self.record(r.url))

    def record(self, url: str):
        if url not in self.requests:
            self.requests.append(url)


def open_page(browser, base: str):
    """A fresh context that lets only base through: (context, page, recorder)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    recorder = Recorder(base)
    context.route("**/*", recorder.route)
    page = context.new_page()
    recorder.watch(page)
    return context, page, recorder


@pytest.fixture
def browse(chromium_browser):
    """browse(base_url) → (page, recorder), closed after the test."""
    contexts = []

    def open_(base: str):
        context, page, recorder = open_page(chromium_browser, base)
        contexts.append(context)
        return page, recorder

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def real_url(real):
    root, _ = real
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(hostile_browser_site):
    with serve(hostile_browser_site) as url:
        yield url


def _first(site: Path, folder: str) -> str:
    return next(p for p in sorted((site / folder).glob("*.html")) if p.name != "index.html").relative_to(site).as_posix()


# ---------------------------------------------------------------- search

def test_search_for_lavrov_finds_his_page_and_opens_it(browse, real_url):
    page, rec = browse(real_url)
    page.goto(real_url + "index.html", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Lavrov", delay=20)
    page.locator(".md-search-result__item mark", has_text=re.compile("^Lavrov$", re.I)).first.wait_for(
        state="attached", timeout=15_000)  # the list for the whole word, not for "Lavro"
    hit = page.locator(".md-search-result__list a.md-search-result__link[href*='actors/sergey-lavrov.html']").first
    hit.wait_for(state="visible", timeout=15_000)
    assert "Sergey Lavrov" in hit.inner_text()
    hit.click()
    page.wait_for_url("**/actors/sergey-lavrov.html*", timeout=15_000)
    assert page.locator("article h1").inner_text().strip().removesuffix("¶") == "Sergey Lavrov"
    assert page.title().startswith("Sergey Lavrov - ")
    assert rec.console_errors == [] and rec.outside == [] and rec.dialogs == []


# ---------------------------------------------------------------- every kind of page

# every template's page, and the hand-written guide pages (not checked by axe-core, which
# looks at what our templates make: the guide is Markdown someone wrote)
GUIDE_PAGES = ["guide/writing-a-briefing.html", "guide/hosting.html"]


@dataclass
class Visits:
    pages: list[str]
    recorder: Recorder
    axe_version: str
    axe_problems: list[str]
    axe_theme_rules: set


@pytest.fixture(scope="module")
def visits(real, real_url, chromium_browser):
    """Each kind of page of the real site opened once, until the network is idle, and
    axe-core run on each generated one."""
    root, _ = real
    site = root / "site"
    pages = ["index.html", "actors/index.html", "actors/sergey-lavrov.html", "events/index.html",
             _first(site, "events"), "sources/index.html", _first(site, "sources"), "topics/index.html",
             _first(site, "topics"), "timeline.html", "disagreements.html", "health.html", "reference.html",
             *GUIDE_PAGES]
    source = axe_source()
    context, page, recorder = open_page(chromium_browser, real_url)
    problems, used, version = [], set(), ""
    try:
        for path in pages:
            response = page.goto(real_url + path, wait_until="networkidle")
            assert response is not None and response.status == 200, path
            if path not in GUIDE_PAGES:  # axe-core checks what our templates make
                version, found, matched = axe_problems(page, source)
                problems += [f"{path}: {p}" for p in found]
                used |= matched
    finally:
        context.close()
    return Visits(pages, recorder, version, problems, used)


def test_no_console_error_on_any_kind_of_page(visits):
    assert len(visits.pages) == 15
    assert visits.recorder.console_errors == []
    assert visits.recorder.dialogs == []


def test_no_request_leaves_the_local_server(visits, real_url):
    rec = visits.recorder
    assert rec.outside == []
    assert rec.failed == []
    assert all(u.startswith(real_url) for u in rec.requests)
    # what the pages need did load, all from here: theme scripts and styles, the search index
    assert any(u.endswith("search/search_index.json") for u in rec.requests)
    assert any(u.endswith(".min.js") for u in rec.requests) and any(u.endswith(".css") for u in rec.requests)


def test_a_request_to_another_host_is_recorded_and_refused(browse, real_url):
    """The recorder really sees what leaves: a font, a script and an image from another
    origin (localhost:9, which is not the server under test), all refused before they go."""
    page, rec = browse(real_url)
    page.goto(real_url + "index.html", wait_until="load")
    page.evaluate("""() => {
      const img = document.createElement('img'); img.src = 'http://localhost:9/pixel.png'; document.body.append(img);
      const s = document.createElement('script'); s.src = 'http://localhost:9/tracker.js'; document.head.append(s);
      const st = document.createElement('style');
      st.textContent = "@font-face{font-family:X;src:url(http://localhost:9/f.woff2)} body{font-family:X}";
      document.head.append(st);
    }""")
    page.wait_for_load_state("networkidle")
    assert sorted(rec.outside) == ["http://localhost:9/f.woff2", "http://localhost:9/pixel.png",
                                   "http://localhost:9/tracker.js"]


def test_axe_finds_no_serious_or_critical_violation_from_our_pages(visits):
    assert visits.axe_version == "4.12.1"
    assert visits.axe_problems == []


def test_every_ignored_axe_rule_is_still_needed_and_justified(visits):
    for rule in AXE_THEME_IGNORES:
        assert rule.why.strip(), rule
        assert rule in visits.axe_theme_rules, f"ignored axe rule matches nothing any more: {rule.rule}"


# ---------------------------------------------------------------- injection payloads

# After the page has loaded (inline scripts, onerror/onload handlers and autofocus have had
# their chance) and two animation frames: what a payload that ran would have left behind.
INJECTED = """async (mark) => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const found = [];
  if (window[mark] !== undefined) found.push(`window.${mark} = ${window[mark]}`);
  for (const el of document.querySelectorAll(`.${mark}, #${mark}, iframe, object, embed, frame`))
    found.push(`element <${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`handler ${name} on <${el.tagName.toLowerCase()}>`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'].includes(name)
          && (value.startsWith('javascript:') || value.startsWith('data:text/html') || name === 'srcdoc'))
        found.push(`${name}=${attr.value} on <${el.tagName.toLowerCase()}>`);
      if (name === 'autofocus') found.push(`autofocus on <${el.tagName.toLowerCase()}>`);
    }
  }
  for (const s of document.scripts)
    if (s.text.includes(mark) || s.text.includes('alert(')) found.push(`script ${s.text.slice(0, 80)}`);
  for (const s of document.querySelectorAll('style'))
    if (s.textContent.includes('md-content')) found.push(`style ${s.textContent.slice(0, 80)}`);
  return found;
}"""


def _hostile_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith(("guide/", "reference")))


def test_no_injected_payload_runs_or_adds_markup_on_any_generated_page(browse, hostile_url, hostile_browser_site):
    pages = _hostile_pages(hostile_browser_site)
    assert len(pages) > 50
    page, rec = browse(hostile_url)
    found = []
    for path in pages:
        response = page.goto(hostile_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        found += [f"{path}: {item}" for item in page.evaluate(INJECTED, MARK)]
    assert found == []
    assert rec.dialogs == []
    assert rec.console_errors == []
    assert rec.outside == []


def test_search_results_show_payloads_as_text(browse, hostile_url):
    """Material renders search results from the index with innerHTML: the payloads in the
    index must come out as text there too."""
    page, rec = browse(hostile_url)
    page.goto(hostile_url + "index.html", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    for query in ("person", "hostility", "hostile", "comment", "literal"):  # words around payloads
        box.fill("")
        box.click()
        box.press_sequentially(query, delay=10)
        # the results for the whole word (each keystroke renders the list anew), with the
        # folded results of each page already in the DOM, where INJECTED looks too
        # (Pagefind stems: "hostile" finds and marks "Hostility")
        page.locator(".md-search-result__item mark", has_text=re.compile(query[:6], re.I)).first.wait_for(
            state="attached", timeout=15_000)
        page.wait_for_timeout(300)  # the worker's debounce: the answer for the whole word
        assert page.evaluate(INJECTED, MARK) == [], query
    assert rec.dialogs == [] and rec.console_errors == [] and rec.outside == []


def test_the_payloads_would_be_caught_if_they_got_through(browse, hostile_url):
    """The same checks on a page where the payloads are pasted in raw: each leaves its mark."""
    from browser_support import BROWSER_PAYLOADS
    page, rec = browse(hostile_url)
    page.goto(hostile_url + "index.html", wait_until="load")
    breakout = next(p for p in BROWSER_PAYLOADS if p.startswith("' onfocus"))
    page.set_content("<title>x</title><p>" + "</p><p>".join(BROWSER_PAYLOADS + ["<script>alert(1)</script>"])
                     + f"</p><input value='{breakout}'>", wait_until="load")
    found = " ".join(page.evaluate(INJECTED, MARK))
    for mark in ("window.bbpwned", "<img>", "<svg>", "<iframe>", "<object>", "handler onerror", "handler ontoggle",
                 "href=javascript:", "autofocus", "style .md-content"):
        assert mark in found, mark
    assert rec.dialogs and "alert" in rec.dialogs[0]


def test_axe_finds_no_serious_or_critical_violation_with_hostile_data(browse, hostile_url):
    """Names that are markup, empty-looking or punctuation only still make accessible pages."""
    page, _ = browse(hostile_url)
    source = axe_source()
    problems = []
    for path in ("actors/a0.html", "events/e0.html", "sources/hostile-doc.html", "topics/hostility.html",
                 "actors/index.html", "timeline.html", "index.html"):
        page.goto(hostile_url + path, wait_until="load")
        problems += [f"{path}: {p}" for p in axe_problems(page, source)[1]]
    assert problems == []


# ---------------------------------------------------------------- the Pagefind index behind the header box

@pytest.fixture(scope="module")
def pagefind_url(tmp_path_factory):
    from conftest import invoke, write_project
    root = write_project(tmp_path_factory.mktemp("pagefind") / "project",
                         files={"mkdocs.yml": (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(
                             encoding="utf-8").replace("site_name:", "site_name: <b>Hostile</b> &", 1)})
    result = invoke("build", "--project", str(root), "--no-pdf", "--verbose")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"search: \d+ pages in \d+ language indexes", result.stderr)
    with serve(root / "site") as url:
        yield url, root / "site"


def test_every_build_indexes_the_page_content_for_the_header_box(pagefind_url):
    _, site = pagefind_url
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert list((site / "pagefind" / "index").glob("*.pf_index"))
    assert not (site / "pagefind-search.html").exists()  # the header box replaced Pagefind's own page
    html_pages = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(html_pages)  # every content page (all English here), and nothing else


def test_the_header_box_finds_an_actor_and_opens_the_page(browse, pagefind_url):
    url, _ = pagefind_url
    page, rec = browse(url)
    page.goto(url + "index.html", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Vance", delay=20)
    hit = page.locator(".md-search-result__list a.md-search-result__link[href*='actors/ada-vance.html']").first
    hit.wait_for(state="visible", timeout=15_000)
    assert "Ada Vance" in hit.inner_text()
    hit.click()
    page.wait_for_url("**/actors/ada-vance.html*", timeout=15_000)
    assert page.locator("article h1").inner_text().strip().removesuffix("¶") == "Ada Vance"
    assert rec.console_errors == [] and rec.outside == [] and rec.dialogs == []
