"""Other builders on the same pages: ProperDocs (the maintained fork of MkDocs 1.6) builds the pages
briefbook wrote into docs/ into the same pages; the index pages are cut into sections no search
engine's per-section limit is near (Zensical 0.0.73 refused the 10,000-document actors index)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.publish import sections
from briefbook.publish.render import make_environment, render_pages
from briefbook.publish.sections import Section, split

from conftest import Html, _copy_hand_written_docs, article, invoke

REPO = Path(__file__).resolve().parent.parent
INDEXES = ("actors/index.md", "events/index.md", "sources/index.md", "timeline.md", "health.md")


def _check_sections(found: list[Section], rows: list, limit: int) -> None:
    assert [r for s in found for r in s.rows] == rows  # every row once, in page order
    assert all(len(s.rows) <= limit for s in found)
    anchors = [s.anchor for s in found]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in anchors)


@pytest.mark.parametrize("count", [0, 1, 5, 6, 40])
def test_split_keeps_every_row_once_and_no_section_over_the_limit(count):
    names = sorted(f"{'ABÖب1'[i % 5]}name {i:03d}" for i in range(count))
    levels = [(sections.initial, sections.letter_heading)]
    found = split(names, levels, anchor="person", limit=5)
    _check_sections(found, names, 5)
    if count <= 5:  # a short list stays one table under the heading the page already has
        assert [s.heading for s in found] == [None]
    else:
        assert {s.heading for s in found} >= {"A", "B", "O", "ب", "Other"}
    if count == 40:  # 8 a letter: too many for one section, so each letter is cut into parts
        assert "Part 2 of 2" in {s.heading for s in found}


def test_index_pages_are_split_by_letter_and_year_when_long(monkeypatch):
    corpus, _ = build_corpus(Project(REPO))  # the bundled corpus: a kind with several actors
    env = make_environment(REPO / "templates")
    whole = render_pages(corpus, env, site_name="t")
    assert "{ #person" not in whole["actors/index.md"]  # a small corpus: one table per kind, as before
    monkeypatch.setattr(sections, "SECTION_ROWS", 1)
    cut = render_pages(corpus, make_environment(REPO / "templates"), site_name="t")
    # an issue's page and an actor's page list every position, title and mention: as long at scale
    long_pages = [page for page in whole if page.startswith(("topics/", "actors/")) and page.endswith(".md")
                  and page not in ("topics/index.md", "actors/index.md")]
    for page in INDEXES + tuple(long_pages):
        lines = cut[page].splitlines()
        # the same links as the uncut page, each once (an event known only to its year is listed
        # with its year's other such events, not between two months)
        links = lambda text: sorted(re.findall(r"\]\(([^)]+\.md)\)", text))  # noqa: E731
        assert links(cut[page]) == links(whole[page]), page
        heads = [re.search(r"\{ #([a-z0-9-]+) \}$", ln) for ln in lines if ln.startswith("##")]
        ids = [h.group(1) for h in heads if h]
        assert len(ids) == len(set(ids)), page
        # under any heading, at most one row (a table row or a timeline item)
        run = 0
        for line in lines:
            if line.startswith("#"):
                run = 0
            elif line.startswith(("- ", "| ")) and ("](" in line or re.match(r"- \S+:\d+: ", line)):
                run += 1
                assert run <= 1, (page, line)
    assert re.search(r"^### [A-Z] \{ #person-[a-z] \}$", cut["actors/index.md"], re.M)
    assert any(re.search(r"^### Part 2 of \d+ \{ #mentions-2 \}$", cut[page], re.M) for page in long_pages)
    assert re.search(r"^## 20\d\d \{ #events-20\d\d \}$", cut["events/index.md"], re.M)


def _properdocs() -> str:
    exe = Path(sys.executable).parent / "properdocs"
    if not exe.exists():
        pytest.fail("properdocs is not installed: it is pinned in requirements.lock (make test installs it)")
    return str(exe)


def test_properdocs_builds_the_same_pages(tmp_path, monkeypatch):
    # sections of one row, so that the split index pages (headings with their own ids) are built too
    monkeypatch.setattr(sections, "SECTION_ROWS", 1)
    root = tmp_path / "project"  # the bundled corpus: several actors of a kind, events in several years
    for name in ("seeds", "briefings", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    _copy_hand_written_docs(root / "docs")
    result = invoke("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    ours = root / "site"
    theirs = tmp_path / "properdocs-site"
    env = dict(os.environ, DISABLE_MKDOCS_2_WARNING="true")
    proc = subprocess.run([_properdocs(), "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(theirs)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # briefbook leaves out 404.html when site_url is not set (pipeline.site_url_problems); ProperDocs does not
    pages = lambda site: {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}  # noqa: E731
    assert pages(ours) == pages(theirs)
    differ = [page for page in sorted(pages(ours)) if article(ours / page) != article(theirs / page)]
    assert not differ, differ
    for page, level, prefix in [("events/index.html", "h2", "events-"), ("actors/index.html", "h3", "person-")]:
        index = Html(article(ours / page))
        assert any(tag == level and (attrs.get("id") or "").startswith(prefix) for tag, attrs in index.elements)


def test_a_build_without_materials_search_index_writes_the_same_pages(make_project, tmp_path):
    """`briefbook build` has MkDocs make no search index (Pagefind's replaces it): every page is
    byte for byte what MkDocs writes with its index, and the index it leaves is the empty stub."""
    from briefbook.publish.search import STUB
    from briefbook.publish.site import mkdocs_build
    root = make_project()
    assert invoke("build", "--project", str(root), "--no-pdf", "--quiet").exit_code == 0
    project = Project(root)
    mkdocs_build(project, tmp_path / "with", strict=True)
    mkdocs_build(project, tmp_path / "without", strict=True, search_index=False)
    files = lambda site: {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")  # noqa: E731
                          if p.is_file() and p.parent.name != "search"}
    assert files(tmp_path / "with") == files(tmp_path / "without")
    full = json.loads((tmp_path / "with" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert full["docs"]  # the test would pass vacuously if MkDocs made no index either way
    assert json.loads((tmp_path / "without" / "search" / "search_index.json").read_text(encoding="utf-8")) == STUB
