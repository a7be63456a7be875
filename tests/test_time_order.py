"""Class 5 of issue 12: events ordered by what their dates allow (qualifiers included), then by declared
relations (`follows`, part of); no page prints a relation the dates contradict; spans read as plain English."""

from __future__ import annotations

from briefbook import Project
from briefbook.pipeline import generate
from conftest import dedent

EVENTS = {"events.yaml": dedent("""
    events:
      lakeside-talks-2020:
        title: Lakeside talks
        kind: negotiations
        date: {value: "2020-07-09"}
        host: norland
        description: Talks at the lake.
      meeting-2017:
        title: A meeting
        kind: meeting
        date: {value: "2017-06-06"}
        related: [deal]
        description: The meeting.
      deal:
        title: Zz deal called recent by the meeting
        kind: agreement
        date: {value: "2017-06-06", qualifier: before}
        description: A deal before the meeting.
      agreement:
        title: The agreement
        kind: agreement
        date: {value: "2020-02"}
        description: Signed in February.
      release:
        title: A release of prisoners
        kind: prisoner-release
        date: {value: "2020"}
        follows: [agreement]
        description: Carried out under the agreement; only the year is known.
      talk-a:
        title: Aa talk the same year
        kind: meeting
        date: {value: "2020"}
        related: [agreement]
        description: Some time in 2020.
""")}

LATER_DOC = dedent("""
    seed: later.txt
    title: A later note
    kind: report
    published: {value: "2017-06-06", qualifier: after}
    language: en
    summary: A note.
    key_points:
      - text: A note.
        cite: 1
""")


def _pages(make_project):
    root = make_project(registry=EVENTS, seeds={"later.txt": "A later note.\n"},
                        briefings={"later.yaml": LATER_DOC})
    generated = generate(Project(root))
    return generated.corpus, generated.pages


def test_a_bounded_date_sorts_before_the_day_it_is_bounded_by_whatever_its_title(make_project):
    corpus, pages = _pages(make_project)
    order = [e.id for e in corpus.events_in_time_order()]
    assert order.index("deal") < order.index("meeting-2017")  # "before 6 June" though its title sorts last
    timeline = pages["timeline.md"]
    assert timeline.index("Zz deal") < timeline.index("A meeting")


def test_a_declared_relation_orders_events_the_dates_leave_open(make_project):
    corpus, pages = _pages(make_project)
    order = [e.id for e in corpus.events_in_time_order()]
    assert order.index("agreement") < order.index("release")  # 2020 could be January, but it follows February
    assert corpus.events["release"].earlier == ("agreement",)
    assert "Earlier: February 2020" in pages["events/release.md"]
    assert "Later: 2020" in pages["events/agreement.md"]


def test_no_page_prints_a_relation_the_dates_do_not_establish(make_project):
    corpus, pages = _pages(make_project)
    meeting = pages["events/meeting-2017.md"]
    assert "Earlier: before 6 June 2017" in meeting and "Later: before" not in meeting
    assert "Later:" not in pages["events/deal.md"] or "Later: 6 June 2017" in pages["events/deal.md"]
    # "2020" and "February 2020" overlap, and nothing is declared: neither earlier nor later
    talk = pages["events/talk-a.md"]
    assert "Earlier:" not in talk and "Later:" not in talk
    assert "Related (the dates leave the order open): February 2020" in talk


def test_the_home_page_gives_the_sources_span_in_plain_english(make_project):
    _, pages = _pages(make_project)
    assert "published between June 2017 and July 2020." in pages["index.md"]
    assert "(inferred)" not in pages["index.md"].split("published", 1)[1].split("\n", 1)[0]
