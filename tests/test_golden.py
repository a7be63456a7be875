"""Golden files: the Markdown briefbook renders for a small fixed project, page by page.

The project is tests/golden/project/ (seeds/, briefings/, briefings/registry/); the pages
it renders with the real templates/ are compared with tests/golden/default/<page>.md,
and the SVG pictures it draws with tests/golden/default/pictures/**/*.svg. Only what
briefbook generates is kept as golden output, never Material's HTML.

After an intended change to templates/ or src/briefbook/publish/render.py, regenerate and review
the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.publish.render import make_environment, render_pages

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROJECT = HERE / "golden" / "project"
EXPECTED = HERE / "golden" / "default"
SITE_NAME = "Golden briefing book"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    corpus, problems = build_corpus(Project(PROJECT))
    assert corpus is not None, [str(p) for p in problems]
    # The process is deliberately left undated and without an account, so that the
    # golden health page lists warnings; nothing else may warn.
    assert [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.code}" for p in problems] == [
        "briefings/registry/events.yaml:19:3: warning: undated-event",
        "briefings/registry/events.yaml:19:3: warning: unused-event",
    ], [str(p) for p in problems]
    pages = render_pages(corpus, make_environment(REPO / "templates"), site_name=SITE_NAME)
    if UPDATE:
        for old in _golden_files():
            old.unlink()
        for rel, text in pages.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return pages


def _golden_files() -> list[Path]:
    return [p for p in EXPECTED.rglob("*") if p.suffix in (".md", ".svg") and p.is_file()]


def _expected_pages() -> list[str]:
    return sorted(p.relative_to(EXPECTED).as_posix() for p in _golden_files())


def test_the_set_of_pages_is_the_golden_set(rendered):
    assert sorted(rendered) == _expected_pages()


@pytest.mark.parametrize("page", _expected_pages() or ["<no golden files: run with UPDATE_GOLDEN=1>"])
def test_page_matches_its_golden_file(rendered, page):
    expected = (EXPECTED / page).read_text(encoding="utf-8")
    assert rendered.get(page) == expected, f"{page} differs; see the module docstring to regenerate"


def test_rendering_is_deterministic(rendered):
    corpus, _ = build_corpus(Project(PROJECT))
    again = render_pages(corpus, make_environment(REPO / "templates"), site_name=SITE_NAME)
    assert again == rendered


def test_golden_project_exercises_what_it_should(rendered):
    # Guards the fixture itself: if an edit drops one of these, the golden files stop covering it.
    corpus, _ = build_corpus(Project(PROJECT))
    assert {d.field for d in corpus.disagreements} == {"date", "number of countries and organizations"}
    assert "(inferred<sup" in rendered["sources/valmont-report.md"]
    assert "23–24 November 2020" in rendered["events/harbour-conference-2020.md"]
    assert "before November 2020" in rendered["timeline.md"]
    assert "bb-boilerplate" in rendered["sources/harbour-communique.md"]
