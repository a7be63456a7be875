"""End to end on the real corpus: copied into tmp_path, validated and built strictly, then read back.

The `real` fixture (conftest.py) builds it once per session; the PDFs are tested in test_pdf.py."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, Html, article, run_cli

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def _page_links(site: Path, page: Path) -> list[tuple[str, str]]:
    """(site-relative target page, fragment) of every relative link in the page's own content."""
    here = posixpath.dirname(page.relative_to(site).as_posix())
    links = []
    for href in Html(article(page)).hrefs():
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        links.append((posixpath.normpath(posixpath.join(here, parts.path)), parts.fragment))
    return links


def _entity_links(site: Path, kind: str, entity_id: str, other: str) -> set[str]:
    """Ids of the `other` section's pages linked from an entity page."""
    page = site / kind / f"{entity_id}.html"
    return {Path(target).stem for target, _ in _page_links(site, page)
            if target.startswith(other + "/") and not target.endswith("/index.html")}


def test_the_real_corpus_validates_without_errors(real):
    root, _ = real
    result = run_cli("validate", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_every_seed_is_summarised_by_a_briefing(real):
    root, corpus = real
    seeds = {p.name for p in (root / "seeds").iterdir() if p.is_file()}
    assert {s.briefing.seed for s in corpus.sources.values()} == seeds


def test_every_actor_event_and_source_has_a_page(real):
    root, corpus = real
    site = root / "site"
    for section, ids in (("actors", corpus.actors), ("events", corpus.events), ("sources", corpus.sources)):
        built = {p.stem for p in (site / section).glob("*.html")} - {"index"}
        assert built == set(ids), section
        index = Html(article(site / section / "index.html"))
        linked = {Path(h).stem for h in index.hrefs() if not h.startswith("#")}
        assert set(ids) <= linked, f"{section}/index.html does not list {set(ids) - linked}"


def test_actor_pages_link_their_events(real):
    root, corpus = real
    for actor in corpus.actors.values():
        linked = _entity_links(root / "site", "actors", actor.id, "events")
        assert set(actor.events) <= linked, actor.id


def test_actor_and_event_pages_link_each_other_both_ways(real):
    root, corpus = real
    site = root / "site"
    actor_to_event = {(a, e) for a in corpus.actors for e in _entity_links(site, "actors", a, "events")}
    event_to_actor = {(a, e) for e in corpus.events for a in _entity_links(site, "events", e, "actors")}
    assert actor_to_event, "no actor page links to an event"
    assert not event_to_actor - actor_to_event, (
        "event pages link these actors, whose pages do not link back: "
        f"{sorted(event_to_actor - actor_to_event)}")
    assert not actor_to_event - event_to_actor, (
        "actor pages link these events, whose pages do not link back: "
        f"{sorted(actor_to_event - event_to_actor)}")


def test_every_paragraph_link_lands_on_an_existing_anchor(real):
    root, corpus = real
    site = root / "site"
    anchors: dict[str, set[str]] = {}
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for target, fragment in _page_links(site, page):
            if not re.fullmatch(r"p\d+", fragment or ""):
                continue
            if target not in anchors:
                anchors[target] = {attrs.get("id") for _, attrs in Html((site / target).read_text("utf-8")).elements}
            assert fragment in anchors[target], f"{page.relative_to(site)} links to {target}#{fragment}"
            checked += 1
    assert checked > 50
    assert set(anchors) >= {f"sources/{s}.html" for s in corpus.sources}


def test_every_source_paragraph_has_its_anchor(real):
    root, corpus = real
    for source in corpus.sources.values():
        ids = {attrs.get("id") for _, attrs in Html((root / "site/sources" / f"{source.id}.html")
                                                    .read_text("utf-8")).elements}
        assert {f"p{p.number}" for p in source.paragraphs} <= ids, source.id


def test_every_internal_link_resolves(real):
    root, _ = real
    site = root / "site"
    for page in sorted(site.rglob("*.html")):
        for target, _ in _page_links(site, page):
            assert (site / target).exists(), f"{page.relative_to(site)} links to missing {target}"


@pytest.mark.parametrize("term", ["Lavrov", "Kaliyev", "Hizb-e-Islami", "Kabul Process"])
def test_search_index_finds_the_term_on_its_page(real, term):
    from briefbook.publish.search import fragments
    root, corpus = real
    # the site's search index: Pagefind's records (url, title, content), one per page and language
    index = [{"location": f["url"].lstrip("/"), "title": f["meta"].get("title", ""), "text": f["content"]}
             for f in fragments(root / "site")]
    hits = [doc for doc in index if term in doc["title"] or term in doc["text"]]
    assert hits, f"{term!r} is not in the search index"
    pages = [f"actors/{a.id}.html" for a in corpus.actors.values()
             if term in a.name or term in a.entry.aliases] + \
            [f"events/{e.id}.html" for e in corpus.events.values() if term in e.title]
    assert pages, f"no actor or event is named {term!r}"
    for location in pages:
        assert (root / "site" / location).is_file()
        entries = [doc for doc in index if doc["location"] == location]
        assert entries, f"{location} is not in the search index"
        assert any(term in doc["title"] or term in doc["text"] for doc in entries), location


def test_seeds_are_the_collected_documents_byte_for_byte():
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent")
    ours = {p.name: p.read_bytes() for p in (REPO / "seeds").iterdir() if p.is_file()}
    collected = {p.name: p.read_bytes() for p in SHARED_SEEDS.iterdir() if p.is_file()}
    assert ours.keys() == collected.keys()
    changed = [name for name in ours if ours[name] != collected[name]]
    assert not changed, f"seeds edited: {changed}"


def test_no_page_requests_a_third_party_host(real):
    root, _ = real
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in raw and "fonts.gstatic" not in raw, page
        assert '<script src="http' not in raw, page
        for tag, attrs in Html(raw).elements:
            for key in ("src", "srcset", "data") + (("href",) if tag == "link" else ()):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("http:", "https:", "//")), f"{page.relative_to(site)}: <{tag} {key}={value}>"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", text), css
