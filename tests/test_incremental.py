"""The preview's incremental render: an edit re-renders what it touches, and the result is what a full render gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefbook import Project, build_corpus
from briefbook.publish.render import make_environment, render_pages

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "project"


def project(tmp_path: Path) -> Project:
    root = tmp_path / "p"
    shutil.copytree(GOLDEN, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return Project(root)


def render(p: Project, cache: dict, previous=None):
    corpus, problems = build_corpus(p, cache=cache)
    assert corpus is not None, problems
    return corpus, render_pages(corpus, make_environment(p.templates), previous=previous)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rerenders_exactly_what_a_full_render_would(tmp_path):
    p = project(tmp_path)
    cache: dict = {}
    corpus0, pages0 = render(p, cache)
    edit(p.registry / "actors.yaml", "Foreign minister of Norland.", "Foreign minister of Norland (edited).")
    corpus1, incremental = render(p, cache, previous=(corpus0, pages0))
    full = render_pages(corpus1, make_environment(p.templates))
    assert incremental == full
    assert r"Foreign minister of Norland \(edited\)" in incremental["actors/ada-vance.md"]  # Markdown-escaped
    # a page that shows nothing of the edited actor is taken over, not rendered again
    untouched = [path for path in pages0 if path.startswith(("actors/", "events/", "sources/"))
                 and incremental[path] is pages0[path]]
    assert untouched, "nothing was reused"
    assert "actors/ada-vance.md" not in untouched


def test_a_briefing_edit_reaches_every_page_that_shows_it(tmp_path):
    p = project(tmp_path)
    cache: dict = {}
    corpus0, pages0 = render(p, cache)
    briefing = next(p.briefings.glob("*.yaml"))
    text = briefing.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    edit(briefing, title_line, "title: A renamed source")
    corpus1, incremental = render(p, cache, previous=(corpus0, pages0))
    assert incremental == render_pages(corpus1, make_environment(p.templates))
    # the new title is on the source page and on every actor and event page citing it
    assert sum("A renamed source" in page for page in incremental.values()) > 3


def test_a_stance_edit_rerenders_its_issue_page_and_a_seed_edit_its_paragraphs(tmp_path):
    p = project(tmp_path)
    cache: dict = {}
    corpus0, pages0 = render(p, cache)
    edit(p.briefings / "valmont-report.yaml", "Supports a ceasefire before spring.", "Supports a ceasefire by summer.")
    corpus1, pages1 = render(p, cache, previous=(corpus0, pages0))
    assert pages1 == render_pages(corpus1, make_environment(p.templates))
    assert "Supports a ceasefire by summer" in pages1["topics/ceasefire.md"]
    # a seed edited on disk is split again (the preview caches paragraphs by mtime and size)
    seed = next(p.seeds.glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    from briefbook.authoring.pins import pin
    pin(p, accept=True)  # the seed drifted from its pin: the analyst reads the change and accepts it
    corpus2, pages2 = render(p, cache, previous=(corpus1, pages1))
    assert pages2 == render_pages(corpus2, make_environment(p.templates))
    assert any("A new closing paragraph." in page for page in pages2.values())


def test_an_unchanged_issue_page_is_taken_over(tmp_path):
    p = project(tmp_path)
    cache: dict = {}
    corpus0, pages0 = render(p, cache)
    edit(p.registry / "events.yaml", "Talks held before the Harbour Conference.", "Talks held before it (edited).")
    corpus1, pages1 = render(p, cache, previous=(corpus0, pages0))
    assert pages1 == render_pages(corpus1, make_environment(p.templates))
    assert pages1["topics/ceasefire.md"] is pages0["topics/ceasefire.md"]
