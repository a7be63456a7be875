"""What a reader sees, measured in Chromium at a desktop's width (1280 px) and a phone's (390 px):
picture labels readable (at least 11 CSS px), none cut off by its canvas, every node a link to a
page that exists; the reasoning of an inferred date one link away; right-to-left text laid out
right to left without moving the date after it; no console error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser_support import serve

WIDTHS = (1280, 390)
MIN_LABEL_PX = 11

# Every visible picture's labels: text, rendered font size in CSS px, and whether the label's box
# lies inside the picture's canvas (a label past the edge is cut off).
MEASURE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('article svg')) {
    if (!svg.getClientRects().length) continue;  // the copy drawn for the other width
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      const scale = svg.getScreenCTM().a;
      out.push({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5
                        && r.bottom <= box.bottom + 0.5,
                wider: svg.getBoundingClientRect().width > document.documentElement.clientWidth});
    }
  }
  return out;
}"""

LINKS = """() => [...document.querySelectorAll('article svg')].filter(s => s.getClientRects().length)
  .flatMap(s => [...s.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.textContent.trim()]))"""


def _pictured(site: Path) -> list[str]:
    """Every page of the site that shows a picture."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "bb-picture" in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_site(real):
    root, _ = real
    site = root / "site"
    with serve(site) as url:
        yield site, url


@pytest.mark.parametrize("width", WIDTHS)
def test_picture_labels_are_readable_whole_and_linked_at_both_widths(chromium_browser, real_site, width):
    site, url = real_site
    pages = _pictured(site)
    assert {"actors/index.html", "timeline.html"} <= set(pages) and any(p.startswith("actors/a") for p in pages)
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for rel in pages:
            page.goto(url + rel, wait_until="load")
            labels = page.evaluate(MEASURE)
            assert labels, f"{rel}: no picture shown at {width} px"
            small = [(l["text"], round(l["px"], 1)) for l in labels if l["px"] < MIN_LABEL_PX]
            assert not small, f"{rel} at {width} px: labels under {MIN_LABEL_PX} px: {small[:5]}"
            cut = [l["text"] for l in labels if not l["inside"]]
            assert not cut, f"{rel} at {width} px: labels cut off by the canvas: {cut[:5]}"
            assert not any(l["wider"] for l in labels), f"{rel} at {width} px: the picture is wider than the page"
            links = page.evaluate(LINKS)
            assert links, f"{rel}: the picture's nodes are not links"
            for href, text in links:
                target = urlsplit(urljoin(url + rel, href)).path.lstrip("/")
                assert (site / target).is_file(), f"{rel}: {text!r} links to {href}, which is not a page"
    finally:
        context.close()
    assert errors == []


def test_a_node_opens_its_page(chromium_browser, real_site):
    site, url = real_site
    context = chromium_browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "timeline.html", wait_until="load")
        link = page.locator("article .bb-narrow svg a").first
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state("load")
        assert page.url == urljoin(url + "timeline.html", href)
        assert page.locator("article h1").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reasoning_for_an_inferred_date_opens_by_keyboard(chromium_browser, real_site, width):
    site, url = real_site
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "actors/sergey-lavrov.html", wait_until="load")
        mark = page.locator("article sup.bb-fnref a").first
        mark.focus()
        page.keyboard.press("Enter")
        target = mark.get_attribute("href")
        assert page.url.endswith(target)
        note = page.locator(f"article li{target}")
        assert note.is_visible() and note.inner_text().startswith("Inferred: ")
        box = note.bounding_box()
        assert box is not None and 0 <= box["y"] < 900  # scrolled to, on screen
    finally:
        context.close()


@pytest.fixture(scope="module")
def dispute_url(dispute_site):
    site, _ = dispute_site
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_right_to_left_text_is_laid_out_right_to_left_and_the_citation_keeps_its_order(
        chromium_browser, dispute_url, width):
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(dispute_url + "sources/gamma-speech.html", wait_until="load")
        para = page.locator("article .bb-fulltext p").nth(1)
        assert para.evaluate("p => getComputedStyle(p).direction") == "rtl"
        page.goto(dispute_url + "events/lakeside-talks-2020.html", wait_until="load")
        # In an English sentence the Arabic title reads right to left, and the date after it stays after it.
        order = page.evaluate("""() => {
          const bdi = [...document.querySelectorAll('article a[href$="gamma-speech.html"] bdi')][0];
          const link = bdi.parentElement;
          const after = link.nextSibling;  // ", 11 July 2020, ¶ "
          const range = document.createRange();
          range.setStart(after, 2); range.setEnd(after, 6);
          return {dir: getComputedStyle(bdi).direction, title: bdi.getBoundingClientRect().right,
                  date: range.getBoundingClientRect().left, sameLine: Math.abs(
                  range.getBoundingClientRect().top - bdi.getBoundingClientRect().top) < 4};
        }""")
        assert order["dir"] == "rtl"
        if order["sameLine"]:
            assert order["date"] >= order["title"] - 1, order
    finally:
        context.close()


@pytest.fixture(scope="module")
def dispute_site(tmp_path_factory):
    from test_briefing_pages import build_dispute_site
    return build_dispute_site(tmp_path_factory.mktemp("dispute-browser") / "project")


# ---------------------------------------------------------------- the README's picture of a page

README_SHOT = Path(__file__).resolve().parents[1] / "screenshots" / "actor-page.png"
SHOT_PAGE, SHOT_WIDTH, SHOT_HEIGHT = "actors/ashraf-ghani.html", 1280, 1400


def shoot(browser, url: str, path: Path, width: int = SHOT_WIDTH, height: int = SHOT_HEIGHT) -> None:
    """A page as a reader first sees it (Chromium, `width` px wide), cut at `height`: a PNG."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height})
    finally:
        context.close()


def test_the_readme_shows_an_actor_page_made_by_this_helper(chromium_browser, real_site, tmp_path):
    """UPDATE_SCREENSHOTS=1 writes screenshots/actor-page.png anew from the bundled corpus."""
    import os
    site, url = real_site
    target = README_SHOT if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / "actor-page.png"
    shoot(chromium_browser, url + SHOT_PAGE, target)
    readme = (README_SHOT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](screenshots/actor-page.png)" in readme
    data = README_SHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == SHOT_WIDTH and int.from_bytes(data[20:24], "big") == SHOT_HEIGHT
