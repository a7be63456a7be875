"""The built site through the Nu HTML checker and a link checker: valid HTML from our
templates, no broken internal link and no paragraph anchor that points at nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import NU_THEME_IGNORES, broken_links, nu_check, theme_rule


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ours(messages: list[dict]) -> list[str]:
    """The messages no theme rule explains, one line each."""
    return [f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine')}: {m['message']} "
            f"[{m.get('extract', '').strip()[:160]!r}]"
            for m in messages if theme_rule(m) is None]


# ---------------------------------------------------------------- Nu HTML checker

@pytest.fixture(scope="module")
def real_nu(real):
    """The Nu checker's messages for every page of the real site (one JVM run)."""
    root, _ = real
    pages = _html_pages(root / "site")
    assert len(pages) > 50
    return nu_check(pages)


def test_nu_checker_finds_no_error_from_our_templates_on_the_real_site(real_nu):
    assert _ours(real_nu) == []


def test_nu_checker_finds_no_error_from_our_templates_on_the_hostile_site(hostile_browser_site):
    pages = _html_pages(hostile_browser_site)
    assert len(pages) > 50
    assert _ours(nu_check(pages)) == []


def test_every_ignored_nu_rule_is_still_needed_and_justified(real_nu):
    """An ignore that no longer matches anything is removed, not kept 'just in case'."""
    used = {theme_rule(m) for m in real_nu}
    for rule in NU_THEME_IGNORES:
        assert rule.why.strip(), rule
        assert rule in used, f"ignored Nu rule matches nothing any more: {rule.message}"


def test_nu_checker_catches_an_error(tmp_path):
    """The checker really runs: a page with a duplicate id is reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p id="a"></p><p id="a"></p></html>',
                    encoding="utf-8")
    messages = nu_check([page])
    assert any("Duplicate ID" in m["message"] for m in messages), messages


# ---------------------------------------------------------------- links and anchors

def test_no_broken_internal_link_or_anchor_on_the_real_site(real):
    root, _ = real
    problems, pages, checked = broken_links(root / "site")
    assert pages > 50 and checked > 1000
    assert problems == []


def test_no_broken_internal_link_or_anchor_on_the_hostile_site(hostile_browser_site):
    problems, pages, checked = broken_links(hostile_browser_site)
    assert pages > 50 and checked > 1000
    assert problems == []


def test_paragraph_citations_are_checked_and_point_at_paragraphs(real):
    """Citations link to #pN on a source page; the checker follows those fragments."""
    from browser_support import _parse
    root, _ = real
    site = root / "site"
    cited = [(page, href) for page in (site / "actors").glob("*.html")
             for attr, href, _line in _parse(page).refs if "sources/" in href and "#p" in href]
    assert len(cited) > 20
    page, href = cited[0]
    path, fragment = href.split("#")
    assert fragment in _parse((page.parent / path).resolve()).ids


def test_link_checker_reports_missing_files_and_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "sources" / "doc.html").write_text('<p id="p1">one</p>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="sources/doc.html#p1">ok</a> <a href="sources/doc.html#p9">gone</a>'
        '<a href="sources/nope.html">missing</a> <a href="#top">self</a> <img src="../outside.png">'
        '<a href="https://example.org/">external, not ours</a> <a href="/abs.html">absolute</a>',
        encoding="utf-8")
    problems, pages, checked = broken_links(site)
    assert (pages, checked) == (2, 6)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "sources/doc.html#p9: no id 'p9' in sources/doc.html",
        "sources/nope.html: no such file",
        "#top: no id 'top' in index.html",
        "../outside.png: leaves the site folder",
        "/abs.html: absolute path breaks under a sub-path and from file://",
    ]
