"""The reader's briefing on the web: where sources disagree (with the analyst's assessment),
pages that answer a reader's questions in order with no empty section, and pictures that read.

Most tests read a small project of two sources that disagree (`dispute`, below), rendered to
Markdown without MkDocs; the built-site checks are in tests/test_browser.py.
"""

from __future__ import annotations

import json

import pytest

from briefbook import Project, build_corpus
from briefbook.publish.export import corpus_dict
from briefbook.publish.render import make_environment, render_pages
from conftest import ALPHA_BRIEFING, EVENTS_YAML, REPO, dedent

# ---------------------------------------------------------------- the dispute project

BETA_SEED = dedent("""
    Report on the Lakeside talks

    The talks at the lake were held in August 2020, the report says, with 14 countries present.

    Minister Vance led the delegation of Norland.
    """)

BETA_BRIEFING = dedent("""
    seed: beta.txt
    title: Report on the Lakeside talks
    kind: news-report
    published: {value: "2020-09-01"}
    language: en
    summary: A later report of the talks.
    key_points:
      - text: The talks were held in August.
        cite: 2
    actors:
      - actor: ada-vance
        role: Minister
        cite: 3
    events:
      - event: lakeside-talks-2020
        says: Held in August with 14 countries.
        date: {value: "2020-08"}
        counts:
          - {value: 14, of: countries, cite: 2}
        cite: 2
    """)

ASSESSMENT = dedent("""
    assessments:
      - field: date
        goes_by: 9 July 2020
        reason: The joint statement was issued the next day and says "held in Geneva on 9 July 2020".
        cite: [{source: alpha-statement, cite: 2}]
    """)


def _events(extra: str = ASSESSMENT) -> str:
    return EVENTS_YAML + "".join("    " + line + "\n" if line else "\n" for line in extra.splitlines())


def dispute_project(make_project, events: str | None = None):
    return make_project(seeds={"beta.txt": BETA_SEED}, briefings={"beta-report.yaml": BETA_BRIEFING},
                        registry={"events.yaml": _events() if events is None else events})


@pytest.fixture
def dispute(make_project):
    root = dispute_project(make_project)
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    return corpus, pages, problems


# ---------------------------------------------------------------- the analyst's assessment

def test_an_assessment_joins_the_disagreement_it_assesses(dispute):
    corpus, _, problems = dispute
    by_field = {d.field: d for d in corpus.disagreements}
    assert set(by_field) == {"date", "number of countries"}
    date = by_field["date"].assessment
    assert date is not None and date.goes_by == "9 July 2020"
    assert date.cited == (("alpha-statement", (2,)),)
    assert by_field["number of countries"].assessment is None  # not assessed: shown without one
    assert not [p for p in problems if "assessment" in p.code or p.code == "quotation-not-in-source"]


def test_the_assessment_is_exported_with_its_disagreement(dispute):
    corpus, _, _ = dispute
    exported = {d["field"]: d for d in json.loads(json.dumps(corpus_dict(corpus)))["disagreements"]}
    assert exported["date"]["assessment"] == {
        "goes_by": "9 July 2020", "reason": 'The joint statement was issued the next day and says '
                                            '"held in Geneva on 9 July 2020".',
        "cite": [{"source": "alpha-statement", "paragraphs": [2]}]}
    assert exported["number of countries"]["assessment"] is None


@pytest.mark.parametrize("old, new, code", [
    ("field: date", "field: place", "assessment-without-disagreement"),
    ("source: alpha-statement", "source: nowhere", "unknown-source"),
    ("cite: 2}]", "cite: 40}]", "citation-out-of-range"),
    ('says "held in Geneva', 'says "convened in Geneva', "quotation-not-in-source"),
], ids=["no-such-disagreement", "unknown-source", "out-of-range", "quotation"])
def test_a_bad_assessment_is_reported_where_it_is_written(make_project, old, new, code):
    assessment = ASSESSMENT.replace(old, new)
    assert assessment != ASSESSMENT
    root = dispute_project(make_project, _events(assessment))
    _, problems = build_corpus(Project(root))
    found = [p for p in problems if p.code == code]
    assert len(found) == 1 and found[0].path == "briefings/registry/events.yaml"
    assert found[0].line > EVENTS_YAML.count("\n")  # at the assessment, not at the top of the file


def test_two_assessments_of_one_disagreement_are_an_error(make_project):
    twice = ASSESSMENT + ASSESSMENT.split("\n", 1)[1].replace("9 July 2020\n", "August 2020\n", 1)
    root = dispute_project(make_project, _events(twice))
    corpus, problems = build_corpus(Project(root))
    assert corpus is None and [p.code for p in problems if p.is_error] == ["duplicate-assessment"]


def test_an_assessment_without_a_citation_is_refused(make_project):
    bare = "\n".join(line for line in ASSESSMENT.splitlines() if "cite:" not in line) + "\n"
    root = dispute_project(make_project, _events(bare))
    corpus, problems = build_corpus(Project(root))
    assert corpus is None
    assert any(p.is_error and "cite" in p.message.lower() for p in problems), [str(p) for p in problems]
