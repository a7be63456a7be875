"""The built site in headless Chromium (Debian's, driven by Playwright) from a local server:
search works, no console error, no request leaves the server, no injected payload runs,
and axe-core finds no serious or critical accessibility violation from our templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_support import MARK, serve

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@dataclass
class Recorder:
    """What one browser context did: every request, and whatever went wrong."""
    base: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:  # recorded and refused: nothing reaches another host
            self.outside.append(url)
            route.abort()

    def watch(self, page):
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            f"{page.url}: console.error: {m.text} @ {m.location.get('url')}:{m.location.get('lineNumber')}"))
        page.on("pageerror", lambda e: self.console_errors.append(f"{page.url}: uncaught: {e}"))
        page.on("dialog", lambda d: (self.dialogs.append(f"{page.url}: {d.type}: {d.message}"), d.dismiss()))
        # requests the router cannot see (service workers, some worker fetches) still show here
        page.on("request", lambda r: r.url not in self.requests and self.requests.append(r.url))


@pytest.fixture
def browse(chromium_browser):
    """browse(base_url) → (page, recorder): a fresh context that lets only base_url through."""
    contexts = []

    def open_(base: str):
        context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        contexts.append(context)
        recorder = Recorder(base)
        context.route("**/*", recorder.route)
        page = context.new_page()
        recorder.watch(page)
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
    hit = page.locator(".md-search-result__list a.md-search-result__link[href*='actors/sergey-lavrov.html']").first
    hit.wait_for(state="visible", timeout=15_000)
    assert "Sergey Lavrov" in hit.inner_text()
    hit.click()
    page.wait_for_url("**/actors/sergey-lavrov.html*", timeout=15_000)
    assert page.locator("article h1").inner_text().strip().removesuffix("¶") == "Sergey Lavrov"
    assert page.title().startswith("Sergey Lavrov - ")
    assert rec.console_errors == [] and rec.outside == [] and rec.dialogs == []


# ---------------------------------------------------------------- every kind of page

@pytest.fixture(scope="module")
def real_pages(real):
    root, _ = real
    site = root / "site"
    return ["index.html", "actors/index.html", "actors/sergey-lavrov.html", "events/index.html",
            _first(site, "events"), "sources/index.html", _first(site, "sources"), "topics/index.html",
            _first(site, "topics"), "timeline.html", "disagreements.html", "health.html", "reference.html",
            "guide/writing-a-briefing.html", "guide/hosting.html"]


def test_no_console_error_and_no_request_leaves_the_local_server(browse, real_url, real_pages):
    page, rec = browse(real_url)
    for path in real_pages:
        response = page.goto(real_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
    assert rec.console_errors == []
    assert rec.outside == []
    assert rec.dialogs == []
    # the search index and the theme's scripts and styles were fetched, all from here
    assert any(u.endswith("search/search_index.json") for u in rec.requests)
    assert any(u.endswith(".min.js") for u in rec.requests) and any(u.endswith(".css") for u in rec.requests)
    assert all(u.startswith(real_url) for u in rec.requests)
