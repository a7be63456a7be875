"""What briefbook puts together from several sources: disagreements, roles over time, dates at
their true precision, positions by issue, pictures, abbreviations and corpus health.

Most tests read one small project (`synthesis`, below) built once through the real
pipeline; the health classes each get a small case run through `python -m briefbook check`;
the last section reads the real corpus (built once per session by conftest's `real`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.publish.present import short_title
from briefbook.publish.render import make_environment, render_pages
from briefbook.publish import pictures
from conftest import ALPHA_BRIEFING, ALPHA_SEED, EVENTS_YAML, REPO, Html, article, dedent, fold, invoke, run_cli, \
    write_project

# ---------------------------------------------------------------- the synthesis project
# Four sources about Ada Vance and the Harbour Conference, published in 2017, Nov 2020 (twice)
# and 2023. File names sort differently from publication dates on purpose.

COMMUNIQUE = dedent("""
    Communiqué of the Harbour Conference

    The Harbour Conference was held in Valmont on 23 and 24 November 2020, hosted by Norland.

    Delegations of 27 countries attended, among them the ABC. Ada Vance opened the conference.

    Minister Vance said: "A ceasefire is the first step, not the last."

    Earlier that year came the Lakeside talks, a spring meeting in March and a meeting on 15 March.

    The Alliance of Border Countries (ABC) said it supports a ceasefire before spring.
    """)  # ¶1 title, ¶2 when/where, ¶3 count, ¶4 quote, ¶5 earlier events, ¶6 position

REPORT = dedent("""
    Eastport talks end with call for ceasefire

    Delegates from 25 countries met in Eastport for two days, ending on 26 November.

    Ada Vance, the foreign minister, told reporters a ceasefire is "a first step".
    """)

ARCHIVE = "Visit to Eastport\n\nAda Vance, deputy minister, visited Eastport.\n"
MEMOIR = "A memoir\n\nAda Vance, once foreign minister, published a memoir.\n"

HOSTILE_NAME = '<b>&"x"'
XSS_NAME = 'Cross <script>alert("x")</script> "Site" & Co'
INFERRED_BASIS = 'The communiqué says "on 15 March" & <no year>; it is the year of the conference.'

SYNTH_ACTORS = dedent(f"""
    actors:
      norland:
        name: Republic of Norland
        kind: state
        aliases: [Norland]
        description: The host.
      ada-vance:
        name: Ada Vance
        kind: person
        aliases: [Minister Vance, Vance]
        affiliation: norland
        description: A minister, then a memoirist.
      border-alliance:
        name: Alliance of Border Countries
        kind: organisation
        abbreviation: ABC
        description: A regional organisation.
      hostile-name:
        name: '{HOSTILE_NAME}'
        kind: group
        description: A name full of markup.
      xss-org:
        name: '{XSS_NAME}'
        kind: organisation
        abbreviation: XSS
        description: An expansion full of markup.
    """)

SYNTH_EVENTS = dedent(f"""
    events:
      harbour-conference-2020:
        title: Harbour Conference
        kind: conference
        date: {{value: "2020-11-23", end: "2020-11-24"}}
        place: Valmont
        host: norland
        description: A two-day conference.
      lakeside-talks:
        title: Lakeside talks
        kind: negotiations
        date: {{value: "2020"}}
        description: Known to the year only.
      spring-meeting:
        title: Spring meeting
        kind: meeting
        date: {{value: "2020-03"}}
        description: Known to the month only.
      ides-meeting:
        title: Meeting of 15 March
        kind: meeting
        date: {{value: "2020-03-15", inferred: true, basis: '{INFERRED_BASIS}'}}
        description: Known to the day, the year inferred.
    """)


def _doc(seed: str, title: str, published: str, body: str) -> str:
    return (f"seed: {seed}\ntitle: {title}\nkind: report\npublished: {{value: \"{published}\"}}\nlanguage: en\n"
            "summary: A document.\nkey_points:\n  - text: Something happened.\n    cite: 2\n" + dedent(body))


SYNTH_BRIEFINGS = {
    "harbour-communique.yaml": _doc("communique.txt", "Communiqué of the Harbour Conference", "2020-11-24", """
        actors:
          - actor: ada-vance
          - actor: border-alliance
            cite: [3, 6]
          - actor: hostile-name
            cite: 3
        events:
          - event: harbour-conference-2020
            says: Held in Valmont; the ABC attended.
            date: {value: "2020-11-23", end: "2020-11-24"}
            place: Valmont
            host: norland
            participants:
              - actor: ada-vance
              - actor: hostile-name
            counts:
              - {value: 27, of: countries, cite: 3}
            cite: [2, 3]
          - event: lakeside-talks
            says: Held earlier that year.
            cite: 5
          - event: spring-meeting
            says: Held in March.
            cite: 5
          - event: ides-meeting
            says: Held on 15 March.
            cite: 5
        quotes:
          - speaker: Minister Vance
            text: A ceasefire is the first step, not the last.
            cite: 4
            event: harbour-conference-2020
        positions:
          - actor: border-alliance
            issue: ceasefire
            stance: Supports a ceasefire before spring.
            cite: 6
        """),
    "daily-report.yaml": _doc("report.txt", "Eastport talks end with call for ceasefire", "2020-11-28", """
        actors:
          - actor: ada-vance
            role: Foreign Minister
        events:
          - event: harbour-conference-2020
            says: Two days of talks in Eastport.
            date: {value: "2020-11-25", end: "2020-11-26"}
            place: Eastport
            counts:
              - {value: 25, of: Countries, cite: 2}
            cite: 2
        positions:
          - actor: ada-vance
            issue: ceasefire
            stance: A ceasefire is a first step.
            cite: 3
        """),
    "archive-note.yaml": _doc("archive.txt", "Visit to Eastport", "2017-05", """
        actors:
          - actor: ada-vance
            role: Deputy Minister
          - actor: xss-org
            cite: 2
        """),
    "memoir.yaml": _doc("memoir.txt", "A memoir", "2023", """
        actors:
          - actor: ada-vance
            role: Former Foreign Minister
        """),
}

SYNTH = dict(base=False,
             seeds={"communique.txt": COMMUNIQUE, "report.txt": REPORT, "archive.txt": ARCHIVE,
                    "memoir.txt": MEMOIR},
             registry={"actors.yaml": SYNTH_ACTORS, "events.yaml": SYNTH_EVENTS},
             briefings=SYNTH_BRIEFINGS)

COMMUNIQUE_TITLE = "Communiqué of the Harbour Conference"
REPORT_TITLE = "Eastport talks end with call for ceasefire"


@pytest.fixture(scope="module")
def synthesis(tmp_path_factory):
    """(root, corpus) of the synthesis project, built into root/site (no PDFs: test_pdf.py)."""
    root = write_project(tmp_path_factory.mktemp("synthesis") / "project", **SYNTH)
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    # healthy: no problem but the site's own configuration (the test project sets no site_url)
    problems = [line for line in result.stderr.splitlines() if ": warning: no-site-url: " not in line]
    assert problems == [], "the synthesis project must be healthy: " + result.stderr
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None and problems == [], [str(p) for p in problems]
    return root, corpus


def page(root: Path, rel: str) -> str:
    return article(root / "site" / rel)


class Rows(HTMLParser):
    """Every table row of a fragment: [(cell text, [hrefs in the cell])]."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, list[str]]]] = []
        self._cell: list[str] | None = None
        self._hrefs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._hrefs = [], []
        elif tag == "a" and self._cell is not None:
            self._hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((fold("".join(self._cell)), self._hrefs))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def admonition(fragment: str, kind: str = "warning") -> str:
    match = re.search(rf'<div class="admonition {kind}">(.*?)</div>', fragment, re.S)
    assert match, f"no {kind} admonition"
    return match.group(1)


# ---------------------------------------------------------------- disagreements

def test_different_dates_places_and_counts_are_each_found(synthesis):
    _, corpus = synthesis
    found = {d.field: {(c.source, c.value, c.paragraphs) for c in d.claims} for d in corpus.disagreements}
    assert found == {
        "date": {("harbour-communique", "23–24 November 2020", (2, 3)), ("daily-report", "25–26 November 2020", (2,))},
        "place": {("harbour-communique", "Valmont", (2, 3)), ("daily-report", "Eastport", (2,))},
        "number of countries": {("harbour-communique", "27 countries", (2, 3)), ("daily-report", "25 Countries", (2,))},
    }
    assert corpus.events["harbour-conference-2020"].disagreements == corpus.disagreements


def _title(title: str) -> str:
    """A source's title as a citation gives it: in full the first time on a page, short after."""
    return f"(?:{re.escape(title)}|{re.escape(short_title(title))})"


def disputed_section(text: str) -> str:
    """The built page's "Where sources disagree" section, up to the next h2."""
    match = re.search(r'<h2 id="where-sources-disagree">(.*?)(?=<h2 |\Z)', text, re.S)
    assert match, "no section on where sources disagree"
    return match.group(1)


def test_the_event_page_says_sources_disagree_naming_both_with_paragraph_links(synthesis):
    root, _ = synthesis
    text = page(root, "events/harbour-conference-2020.html")
    box = disputed_section(text)
    parsed = Html(box)
    for field, ours, theirs in (("Date", "23–24 November 2020", "25–26 November 2020"),
                                ("Place", "Valmont", "Eastport"),
                                ("Number of countries", "27 countries", "25 Countries")):
        assert re.search(rf"<h3 id=\"disputed-[a-z-]+\">{field}", box), field
        # each value, then the sources that give it (grouped), each with its paragraphs
        assert re.search(rf"{re.escape(ours)}, in 1 source: {_title(COMMUNIQUE_TITLE)}, 24 November 2020, ¶ 2, 3",
                         parsed.text)
        assert re.search(rf"{re.escape(theirs)}, in 1 source: {_title(REPORT_TITLE)}, 28 November 2020, ¶ 2",
                         parsed.text)
    assert parsed.text.count("Not assessed yet") == 3  # the project assesses none of them
    hrefs = {h for h in parsed.hrefs() if not h.startswith("#")}
    assert hrefs == {"../sources/harbour-communique.html", "../sources/harbour-communique.html#p2",
                     "../sources/harbour-communique.html#p3", "../sources/daily-report.html",
                     "../sources/daily-report.html#p2"}
    facts = Html(text).facts[0]  # the facts list flags each disputed value, linked to its disagreement
    for term in ("When", "Where"):
        assert facts[term].endswith("sources disagree"), facts


def test_an_event_the_sources_agree_on_has_no_disagreement_callout(synthesis):
    root, _ = synthesis
    assert "Where sources disagree" not in page(root, "events/lakeside-talks.html")
    assert "sources disagree" not in page(root, "events/lakeside-talks.html")


def test_the_disagreements_page_lists_each_one_with_its_citations(synthesis):
    root, _ = synthesis
    text = page(root, "disagreements.html")
    parsed = Html(text)
    headings = [fold(Html(h).text) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", text, re.S)]
    assert headings == ["Harbour Conference: date¶", "Harbour Conference: place¶",
                        "Harbour Conference: number of countries¶"]
    assert re.search(f"25–26 November 2020, in 1 source: {_title(REPORT_TITLE)}, 28 November 2020, ¶ 2", parsed.text)
    assert re.search(f"27 countries, in 1 source: {_title(COMMUNIQUE_TITLE)}, 24 November 2020, ¶ 2, 3", parsed.text)
    assert {"sources/daily-report.html#p2", "sources/harbour-communique.html#p2",
            "sources/harbour-communique.html#p3", "events/harbour-conference-2020.html"} <= set(parsed.hrefs())


def _two_accounts(make_project, date: str):
    """The base project plus a second source whose account of the talks gives `date`."""
    beta = ("seed: beta.txt\ntitle: Beta\nkind: report\npublished: {value: \"2020-08\"}\nlanguage: en\n"
            "summary: S.\nkey_points:\n  - text: K.\n    cite: 1\nevents:\n  - event: lakeside-talks-2020\n"
            f"    says: The talks.\n    date: {date}\n    cite: 2\n")
    root = make_project(seeds={"beta.txt": "Beta\n\nThe Lakeside talks took place.\n"},
                        briefings={"beta-report.yaml": beta})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    return corpus


@pytest.mark.parametrize("date, disagree", [
    ('{value: "2020-07-09", qualifier: before}', False),  # before 9 July includes 9 July (alpha's date)
    ('{value: "2020-08", qualifier: before}', False),
    ('{value: "2020-07", qualifier: before}', False),     # some day of July 2020, up to its end
    ('{value: "2020-07-08", qualifier: before}', True),
    ('{value: "2020-06", qualifier: before}', True),
    ('{value: "2020-07-09", qualifier: after}', False),
    ('{value: "2020-07-10", qualifier: after}', True),
])
def test_qualified_dates_disagree_only_when_incompatible(make_project, date, disagree):
    corpus = _two_accounts(make_project, date)
    assert [d.field for d in corpus.disagreements] == (["date"] if disagree else [])
    event = corpus.events["lakeside-talks-2020"]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    assert ("## Where sources disagree" in pages["events/lakeside-talks-2020.md"]) is disagree
    if disagree:
        claims = {c.source: c.value for c in event.disagreements[0].claims}
        assert claims["alpha-statement"] == "9 July 2020"
        assert claims["beta-report"].startswith(("before ", "after "))


# ---------------------------------------------------------------- dates at their true precision

def test_the_timeline_sorts_year_month_and_day_by_their_earliest_possible_day(synthesis):
    root, corpus = synthesis
    assert [e.id for e in corpus.events_in_time_order()] == [
        "lakeside-talks", "spring-meeting", "ides-meeting", "harbour-conference-2020"]
    items = [fold(Html(li).text) for li in re.findall(r"<li>(.*?)</li>", page(root, "timeline.html"), re.S)]
    assert items == [
        "2020: Lakeside talks (Negotiations)",
        "March 2020: Spring meeting (Meeting)",
        "15 March 2020 (inferred1): Meeting of 15 March (Meeting)",  # 1: the note that says why
        "23–24 November 2020: Harbour Conference (Conference, Valmont)",
    ]
    events_index = Rows(page(root, "events/index.html")).rows
    assert [row[0][0] for row in events_index[1:]] == ["2020", "March 2020", "15 March 2020 (inferred1)",
                                                       "23–24 November 2020"]


def test_an_inferred_date_on_the_timeline_carries_its_basis_in_a_note(synthesis):
    root, _ = synthesis
    text = page(root, "timeline.html")
    notes = [fold(Html(li).text) for li in re.findall(r'<li id="bb-note-\d+">(.*?)</li>', text, re.S)]
    assert notes == [f"Inferred: {INFERRED_BASIS} ↩"]


def test_the_event_page_gives_a_range_at_day_precision(synthesis):
    root, _ = synthesis
    facts = Html(page(root, "events/harbour-conference-2020.html")).facts[0]
    assert facts["When"].startswith("23–24 November 2020")


# ---------------------------------------------------------------- roles at the event's date

def test_a_participant_without_a_role_gets_the_one_from_the_source_nearest_the_event(synthesis):
    _, corpus = synthesis
    vance, = [p for p in corpus.events["harbour-conference-2020"].participants if p.actor == "ada-vance"]
    # 2017 "Deputy Minister", 28 Nov 2020 "Foreign Minister", 2023 "Former Foreign Minister"
    assert (vance.role, vance.source, vance.role_source, vance.role_paragraphs) == (
        "Foreign Minister", "harbour-communique", "daily-report", (3,))


def test_the_event_page_cites_the_source_of_the_role_and_labels_it_carried_over(synthesis):
    root, _ = synthesis
    rows = Rows(page(root, "events/harbour-conference-2020.html")).rows
    vance = next(row for row in rows if row and row[0][0] == "Ada Vance")
    (actor, actor_links), (part, _), (role, role_links), (source, source_links) = vance
    assert part == "Participant"
    # the communiqué gives her no role: the report's title is carried over, and says so
    assert role == ("Not given for this event; carried over by date from "
                    f"{short_title(REPORT_TITLE)}, 28 November 2020, ¶ 3: Foreign Minister")
    assert role_links == ["../sources/daily-report.html", "../sources/daily-report.html#p3"]
    # the paragraph of the communiqué that names her, not the whole account's citation
    assert source == f"{COMMUNIQUE_TITLE}, 24 November 2020, ¶ 3"
    assert actor_links == ["../actors/ada-vance.html"]


@pytest.mark.parametrize("event_date, role, role_source", [
    ('{value: "2017-06"}', "Deputy Minister", "archive-note"),
    ('{value: "2022", qualifier: after}', "Former Foreign Minister", "memoir"),
    ('{value: "2020-11-23", end: "2020-11-24"}', "Foreign Minister", "daily-report"),
])
def test_the_role_follows_the_events_date(tmp_path, event_date, role, role_source):
    events = SYNTH_EVENTS.replace('date: {value: "2020-11-23", end: "2020-11-24"}\n    place: Valmont',
                                  f"date: {event_date}\n    place: Valmont")
    communique = SYNTH_BRIEFINGS["harbour-communique.yaml"].replace(
        '    date: {value: "2020-11-23", end: "2020-11-24"}\n', "")
    daily = SYNTH_BRIEFINGS["daily-report.yaml"].replace('    date: {value: "2020-11-25", end: "2020-11-26"}\n', "")
    assert f"date: {event_date}\n    place: Valmont" in events
    assert communique != SYNTH_BRIEFINGS["harbour-communique.yaml"] and daily != SYNTH_BRIEFINGS["daily-report.yaml"]
    root = write_project(tmp_path / "p", **{**SYNTH, "registry": {**SYNTH["registry"], "events.yaml": events},
                                            "briefings": {**SYNTH_BRIEFINGS, "harbour-communique.yaml": communique,
                                                          "daily-report.yaml": daily}})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    vance, = [p for p in corpus.events["harbour-conference-2020"].participants if p.actor == "ada-vance"]
    assert (vance.role, vance.role_source) == (role, role_source)


def test_a_role_given_by_the_account_itself_wins(tmp_path):
    communique = SYNTH_BRIEFINGS["harbour-communique.yaml"].replace(
        "      - actor: ada-vance\n", "      - actor: ada-vance\n        role: Opener\n")
    assert communique != SYNTH_BRIEFINGS["harbour-communique.yaml"]
    root = write_project(tmp_path / "p", **{**SYNTH, "briefings": {**SYNTH_BRIEFINGS,
                                                                    "harbour-communique.yaml": communique}})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    vance, = [p for p in corpus.events["harbour-conference-2020"].participants if p.actor == "ada-vance"]
    assert (vance.role, vance.role_source) == ("Opener", None)


# ---------------------------------------------------------------- positions by issue (topics)

def test_a_topic_page_lists_positions_in_source_date_order_with_links(synthesis):
    root, corpus = synthesis
    assert [(p.actor, p.source) for p in corpus.topics["ceasefire"]] == [
        ("border-alliance", "harbour-communique"), ("ada-vance", "daily-report")]
    rows = Rows(page(root, "topics/ceasefire.html")).rows
    # two positions: the page has the positions picture, and the table numbers its rows as the marks
    assert [cell for cell, _ in rows[0]] == ["No.", "Source dated", "Actor", "Stance", "Source"]
    assert [[cell for cell, _ in row] for row in rows[1:]] == [
        ["1", "24 November 2020", "Alliance of Border Countries", "Supports a ceasefire before spring.",
         f"{COMMUNIQUE_TITLE}, 24 November 2020, ¶ 6"],
        ["2", "28 November 2020", "Ada Vance", "A ceasefire is a first step.",
         f"{REPORT_TITLE}, 28 November 2020, ¶ 3"],
    ]
    assert rows[1][2][1] == ["../actors/border-alliance.html"]
    assert rows[1][4][1] == ["../sources/harbour-communique.html", "../sources/harbour-communique.html#p6"]
    assert rows[2][2][1] == ["../actors/ada-vance.html"]
    assert rows[2][4][1] == ["../sources/daily-report.html", "../sources/daily-report.html#p3"]


def test_the_topics_index_counts_positions_and_actors(synthesis):
    root, _ = synthesis
    rows = Rows(page(root, "topics/index.html")).rows
    assert [[cell for cell, _ in row] for row in rows] == [["Issue", "Positions", "Actors"], ["Ceasefire", "2", "2"]]
    assert rows[1][0][1] == ["ceasefire.html"]


@pytest.mark.parametrize("actor_id", ["ada-vance", "border-alliance"])
def test_the_actors_positions_link_to_the_topic_page(synthesis, actor_id):
    root, _ = synthesis
    text = page(root, f"actors/{actor_id}.html")
    section = text[text.index('id="positions-by-issue"'):]
    assert re.search(r'<h3 id="ceasefire">Ceasefire', section)
    assert "../topics/ceasefire.html" in Html(section).hrefs()


# ---------------------------------------------------------------- pictures

def _pictures(root: Path, corpus) -> list[Path]:
    site = root / "site" / "pictures"
    return [site / "network.svg", site / "timeline.svg",
            *(site / "actors" / f"{actor_id}.svg" for actor_id in corpus.actors)]


SVG = "{http://www.w3.org/2000/svg}"


def test_every_picture_exists_and_is_well_formed_inert_svg(synthesis):
    root, corpus = synthesis
    for path in _pictures(root, corpus):
        assert path.is_file(), path
        raw = path.read_text(encoding="utf-8")
        tree = ET.fromstring(raw)  # well-formed XML, or this raises
        assert tree.tag == f"{SVG}svg", path
        assert (tree.findtext(f"{SVG}title") or "").strip(), f"{path.name} has no <title>"
        assert (tree.findtext(f"{SVG}desc") or "").strip(), f"{path.name} has no <desc>"
        for element in tree.iter():
            assert element.tag.removeprefix(SVG) not in ("script", "foreignObject", "iframe", "image", "a", "use"), \
                (path.name, element.tag)
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1].lower()
                assert not local.startswith("on"), (path.name, name)
                assert local != "href", (path.name, name, value)
                assert "url(http" not in value.replace(" ", "").lower(), (path.name, name, value)
        assert "<script" not in raw.lower() and "javascript:" not in raw.lower(), path.name


def test_picture_labels_are_escaped_text(synthesis):
    root, _ = synthesis
    own = ET.parse(root / "site/pictures/actors/hostile-name.svg").getroot()
    assert own.findtext(f"{SVG}title") == f"Network of {HOSTILE_NAME}"
    for path in ("pictures/actors/hostile-name.svg", "pictures/network.svg", "pictures/actors/ada-vance.svg"):
        tree = ET.parse(root / "site" / path).getroot()
        labels = [t.text for t in tree.iter(f"{SVG}text")]
        assert HOSTILE_NAME in labels, (path, labels)
        assert tree.find(f".//{SVG}b") is None, path


def test_the_timeline_picture_has_a_row_per_dated_event_and_marks_inferred_dates(synthesis):
    root, _ = synthesis
    tree = ET.parse(root / "site/pictures/timeline.svg").getroot()
    labels = [t.text for t in tree.iter(f"{SVG}text")]
    assert "15 March 2020 (inferred): Meeting of 15 March" in labels
    assert "23–24 November 2020: Harbour Conference" in labels
    assert "2020: Lakeside talks" in labels


def test_actor_pages_show_their_network_picture_where_it_says_more_than_a_sentence(synthesis):
    root, corpus = synthesis
    drawn = 0
    for actor in corpus.actors.values():
        parsed = Html(page(root, f"actors/{actor.id}.html"))
        svgs = parsed.tags("svg")
        assert not parsed.tags("img"), actor.id
        if len(actor.events) < 2 or not pictures.co_actors(corpus, actor.id):
            assert svgs == [], actor.id  # one event, or no one else there: the list says it
            continue
        drawn += 1
        assert len(svgs) == 2, actor.id  # drawn for a desktop's column and for a phone's
        assert {s["data-title"] for s in svgs} == {f"Network of {actor.name}"}


def test_the_actors_index_and_the_timeline_show_their_pictures(synthesis):
    root, _ = synthesis
    index = Html(page(root, "actors/index.html")).tags("svg")
    assert [s["data-title"] for s in index] == ["Actors and events"] * 2
    timeline = Html(page(root, "timeline.html")).tags("svg")
    assert [s["data-title"] for s in timeline] == ["Timeline of events"] * 2


# ---------------------------------------------------------------- abbreviations

ABC = '<abbr title="Alliance of Border Countries">ABC</abbr>'
WORD_ABC = re.compile(r"(?<!\w)ABC(?!\w)")


def test_each_page_using_an_abbreviation_defines_it_and_no_other_page_does(synthesis):
    root, _ = synthesis
    docs = root / "docs"
    pages = sorted(p for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] != "guide")
    using = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        body, _, definitions = text.partition("\n*[")
        defined = "*[ABC]: Alliance of Border Countries" in text
        assert defined == bool(WORD_ABC.search(body)), path.relative_to(docs)
        if defined:
            using.append(path.relative_to(docs).as_posix())
    # the disagreements page quotes the communiqué's own words, which use the acronym
    assert using == ["actors/border-alliance.md", "disagreements.md", "events/harbour-conference-2020.md",
                     "sources/harbour-communique.md"]


@pytest.mark.parametrize("rel", ["actors/border-alliance.html", "events/harbour-conference-2020.html"])
def test_an_abbreviation_expands_on_hover_where_it_is_used(synthesis, rel):
    root, _ = synthesis
    text = page(root, rel)
    assert ABC in text
    assert not WORD_ABC.search(text.replace(ABC, "")), f"an ABC outside <abbr> on {rel}"


def test_pages_not_using_an_abbreviation_have_no_abbr(synthesis):
    root, _ = synthesis
    for rel in ("actors/ada-vance.html", "timeline.html", "topics/ceasefire.html", "sources/daily-report.html"):
        assert "<abbr" not in page(root, rel), rel


def test_an_abbreviation_in_a_source_paragraph_expands_too(synthesis):
    # The communiqué uses ABC only in its full text (¶ 3 and ¶ 6); its page carries the
    # definition, so the acronym there should expand on hover like everywhere else.
    root, _ = synthesis
    text = page(root, "sources/harbour-communique.html")
    paragraph = re.search(r'<p id="p3"[^>]*>(.*?)</p>', text, re.S).group(1)
    assert ABC in paragraph, f"ABC in the source's ¶ 3 does not expand: {paragraph!r}"


def test_an_expansion_with_markup_is_escaped_in_the_title_attribute(synthesis):
    # no source uses the name, so the expansion on hover also says it is the analyst's
    root, _ = synthesis
    text = page(root, "actors/xss-org.html")
    abbrs = [attrs for tag, attrs in Html(text).elements if tag == "abbr"]
    assert abbrs and all(a == {"title": XSS_NAME + " (the analyst's expansion, not in the sources)"} for a in abbrs)
    assert "<script>" not in text and "<b>" not in page(root, "actors/hostile-name.html")
    assert 'title="Cross &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;Site&quot; &amp; Co (the' in text


# ---------------------------------------------------------------- names in any case

NAMES = dedent("""
    actors:
      government:
        name: Government of Afghanistan
        kind: government-body
        aliases: [Afghan Government]
        description: The government.
      united-states:
        name: United States
        kind: state
        aliases: [US]
        description: A state.
    """)


def _mentions(tmp_path, seed: str, names: str = NAMES) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    doc = ("seed: names.txt\ntitle: Names\nkind: report\nlanguage: en\nsummary: S.\nkey_points:\n"
           "  - text: K.\n    cite: 1\nactors:\n  - actor: government\n  - actor: united-states\n")
    root = write_project(tmp_path / "p", base=False, seeds={"names.txt": seed},
                         registry={"actors.yaml": names}, briefings={"names-doc.yaml": doc})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    return ({a.id: a.mentions[0].paragraphs for a in corpus.actors.values()},
            [f"{p.code}: {p.message}" for p in problems])


@pytest.mark.parametrize("written", ["afghan government", "AFGHAN GOVERNMENT", "Afghan government",
                                     "Afghan\ngovernment"])
def test_a_multi_word_name_is_found_in_any_case(tmp_path, written):
    mentions, _ = _mentions(tmp_path, f"Title\n\nThe {written} met the US envoy.\n")
    assert mentions == {"government": (2,), "united-states": (2,)}


@pytest.mark.parametrize("written", ["us", "Us", "u.s."])
def test_a_single_word_acronym_is_found_only_as_written(tmp_path, written):
    mentions, problems = _mentions(tmp_path, f"Title\n\nThe Afghan Government told {written} to wait.\n")
    assert mentions == {"government": (2,), "united-states": ()}
    assert any(p.startswith("mention-not-found: actor 'united-states'") for p in problems)


@pytest.mark.parametrize("name", ["İstanbul Process", "Große Koalition"])
def test_a_multi_word_name_is_found_as_written_whatever_its_letters(tmp_path, name):
    # Full case folding changes these letters (İ → i̇, ß → ss): the name must still be
    # found where the source writes it exactly as registered.
    names = NAMES.replace("aliases: [Afghan Government]", f"aliases: [Afghan Government, {name}]")
    mentions, problems = _mentions(tmp_path, f"Title\n\nThe {name} met the US envoy.\n", names)
    assert mentions == {"government": (2,), "united-states": (2,)}, problems
    assert problems == []


# ---------------------------------------------------------------- corpus health, class by class

COUNT_LINE = re.compile(r"^ {0,5}(\d+)  ([a-z0-9-]+)(?:: .*)?$")
PROBLEM = re.compile(r"^\S+:\d+:\d+: (?:warning: )?([a-z0-9-]+): ")


def check(root: Path):
    result = run_cli("check", "--project", str(root))
    counts = {}
    for line in result.stdout.splitlines():
        match = COUNT_LINE.match(line)
        if match:
            counts[match.group(2)] = int(match.group(1))
    return result, counts


GHOST = "actors:\n  ghost:\n    name: Ghost Person\n    kind: person\n    description: Never mentioned.\n"
QUIET = "events:\n  quiet-talks:\n    title: Quiet talks\n    kind: meeting\n    date: {value: \"2020\"}\n" \
        "    description: Never reported.\n"
UNDATED_EVENTS = EVENTS_YAML.replace('    date: {value: "2020-07-09"}\n', "")
UNDATED_ALPHA = ALPHA_BRIEFING.replace('    date: {value: "2020-07-09"}\n', "")
HEWAD_SEED = ALPHA_SEED + "\nGran Hewad attended for the palace.\n"
VANCE_SENIOR = "actors:\n  vance-senior:\n    name: Bo Vance\n    kind: person\n    aliases: [Vance]\n" \
               "    description: Another Vance.\n"

HEALTH_CASES = {
    "unused-actor": (dict(registry={"more.yaml": GHOST}),
                     ["briefings/registry/more.yaml:2:3: warning: unused-actor: no document mentions actor 'ghost'"],
                     "actors that no document mentions"),
    "unused-event": (dict(registry={"more.yaml": QUIET}),
                     ["briefings/registry/more.yaml:2:3: warning: unused-event: "
                      "no document gives an account of event 'quiet-talks'"],
                     "events that no document gives an account of"),
    "undated-event": (dict(registry={"events.yaml": UNDATED_EVENTS},
                           briefings={"alpha-statement.yaml": UNDATED_ALPHA}),
                      ["briefings/registry/events.yaml:2:3: warning: undated-event: "
                       "event 'lakeside-talks-2020' has no date"],
                      "events without a date"),
    "uncited-claim": (dict(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
                               "{value: 12, of: countries, cite: 4}", "{value: 12, of: countries, cite: []}")}),
                      ["briefings/alpha-statement.yaml:24:9: warning: uncited-claim: "
                       "the number 12 'countries' cites no paragraph"],
                      "claims without a citation"),
    "unregistered-name": (dict(seeds={"alpha.txt": HEWAD_SEED}),
                          ["briefings/alpha-statement.yaml:1:7: warning: unregistered-name: "
                           "'Gran Hewad' (¶ 6 of alpha.txt) is no registered actor name or alias"],
                          "names in a source that resolve to no actor"),
    "ambiguous-alias": (dict(registry={"more.yaml": VANCE_SENIOR}),
                        ["briefings/registry/more.yaml:5:15: ambiguous-alias: "
                         "'Vance' already names actor 'ada-vance'",
                         "briefings/registry/more.yaml:2:3: warning: unused-actor: "
                         "no document mentions actor 'vance-senior'"],
                        "aliases claimed by two actors"),
    "quote-not-in-source": (dict(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
                                     "until there is peace.", "until there is war.")}),
                            ["briefings/alpha-statement.yaml:28:11: quote-not-in-source: "
                             "quote not found in alpha.txt paragraph 3"],
                            "quotes not found in their source"),
}
ERRORS = {"ambiguous-alias", "quote-not-in-source"}


@pytest.mark.parametrize("code", HEALTH_CASES)
def test_check_reports_each_class_with_its_line_and_count(make_project, code):
    files, lines, description = HEALTH_CASES[code]
    result, counts = check(make_project(**files))
    printed = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    assert len(printed) == len(lines), result.stderr
    for want in lines:
        assert any(line.startswith(want) for line in printed), f"expected {want!r}; printed:\n{result.stderr}"
    assert f"     1  {code}: {description}" in result.stdout.splitlines()
    # every class is counted, and only the expected ones are not zero
    expected = dict.fromkeys(counts, 0) | {re.match(PROBLEM, line).group(1): 1 for line in lines}
    assert counts == expected and code in counts
    assert "Traceback" not in result.stderr
    if code in ERRORS:
        assert result.exit_code == 1
        assert result.stderr.rstrip().splitlines()[-1] == "Error: 1 error in the briefings"
        assert "OK:" not in result.stdout
    else:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.rstrip().splitlines()[-1].endswith(f"checked; {len(lines)} warnings")


def test_check_on_a_healthy_project_counts_zero_everywhere(synthesis):
    root, _ = synthesis
    result, counts = check(root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert set(counts) >= {"ambiguous-alias", "quote-not-in-source", "unused-actor", "unused-event",
                           "undated-event", "uncited-claim", "unregistered-name"}
    assert set(counts.values()) == {0}
    assert result.stdout.rstrip().splitlines()[-1] == (
        "OK: 4 sources, 5 actors, 4 events, 1 quotes and 13 citations checked; 0 warnings")


def test_not_actors_silences_an_unregistered_name(make_project):
    root = make_project(seeds={"alpha.txt": HEWAD_SEED},
                        registry={"not-actors.yaml": "not_actors:\n  - gran hewad\n"})
    result, counts = check(root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert counts["unregistered-name"] == 0


@pytest.fixture(scope="module")
def unhealthy_site(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("unhealthy") / "project",
                         seeds={"alpha.txt": HEWAD_SEED}, registry={"more.yaml": GHOST})
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    return root


def _health_sections(root: Path) -> dict[str, list[str]]:
    text = page(root, "health.html")
    sections = {}
    for heading, body in re.findall(r"<h2[^>]*>(.*?)</h2>(.*?)(?=<h2|</article>)", text, re.S):
        sections[fold(Html(heading).text).rstrip("¶")] = [fold(Html(li).text) for li in
                                                          re.findall(r"<li>(.*?)</li>", body, re.S)]
    return sections


def test_the_health_page_lists_the_warnings_by_class(unhealthy_site):
    sections = _health_sections(unhealthy_site)
    assert [s for s, items in sections.items() if items and s != "Fidelity to the sources"] == [
        "Actors that no document mentions", "Names in a source that resolve to no actor"]
    assert [line.split(":")[0] for line in sections["Fidelity to the sources"]] == [
        "Seeds pinned", "Quotes verified", "Counts verified", "Roles with their sources",
        "Statements of the analyst marked"]
    ghost, = sections["Actors that no document mentions"]
    assert ghost.endswith(": no document mentions actor 'ghost'")
    hewad, = sections["Names in a source that resolve to no actor"]
    assert "'Gran Hewad' (¶ 6 of alpha.txt) is no registered actor name or alias" in hewad
    rows = dict(row for row in Html(page(unhealthy_site, "health.html")).tables[0][1:])
    assert rows["Warnings"] == "2"


def test_the_health_page_shows_where_each_warning_is(unhealthy_site):
    sections = _health_sections(unhealthy_site)
    ghost, = sections["Actors that no document mentions"]
    hewad, = sections["Names in a source that resolve to no actor"]
    assert ghost.startswith("briefings/registry/more.yaml:2: "), ghost
    assert hewad.startswith("briefings/alpha-statement.yaml:1: "), hewad


# ---------------------------------------------------------------- the real corpus

def _rows_of(rows, text: str):
    found = [row for row in rows if any(cell == text for cell, _ in row)]
    assert found, f"{text!r} in no row"
    return found


def test_real_us_taliban_agreement_page_shows_where_sources_disagree(real):
    # properties, not lists: another document on the agreement may join either side
    root, corpus = real
    text = page(root, "events/us-taliban-agreement-2020.html")
    parsed = Html(disputed_section(text))
    date, = [d for d in corpus.events["us-taliban-agreement-2020"].disagreements if d.field == "date"]
    claims = {c.source: c for c in date.claims}
    ghani = claims["ghani-video-conferences-2020"]  # 003: "the end of September"
    others = [claims[s] for s in ("rok-video-conference-2020-07", "lavrov-geneva-video-message-2020") if s in claims]
    assert others and all(c.value != ghani.value for c in others), date.claims
    for claim in date.claims:
        assert re.search(_title(corpus.sources[claim.source].briefing.title), parsed.text)
        assert f"../sources/{claim.source}.html" in parsed.hrefs()
        for n in claim.paragraphs:
            assert f"../sources/{claim.source}.html#p{n}" in parsed.hrefs()
        assert f"{claim.value}, in " in parsed.text
    # each source's own words, and the analyst's assessment with its sources
    assert "concluded at the end of September" in parsed.text
    assert date.assessment is not None and f"The book goes by {date.assessment.goes_by}." in parsed.text
    assert Html(text).facts[0]["When"].endswith("sources disagree")


@pytest.mark.parametrize("actor_id, earlier, later", [
    ("abdullah-abdullah", "Chief Executive", "Chairman of the High Council for National Reconciliation"),
    ("mohammad-haneef-atmar", "Acting Minister-Designate of Foreign Affairs", "Foreign Minister of Afghanistan"),
])
def test_real_roles_are_listed_in_time_order_each_cited(real, actor_id, earlier, later):
    root, _ = real
    text = page(root, f"actors/{actor_id}.html")
    roles = Rows(text[text.index('id="titles-in-the-sources"'):text.index('id="events-latest-first"')]).rows
    assert [cell for cell, _ in roles[0]] == ["Source dated", "Title or role", "Source"]
    listed = [row[1][0] for row in roles[1:]]  # the latest first
    assert listed.index(later) < max(i for i, role in enumerate(listed) if role == earlier), listed
    for role in (earlier, later):
        for row in _rows_of(roles, role):
            assert any(re.fullmatch(r"\.\./sources/[a-z0-9-]+\.html#p\d+", href) for href in row[2][1]), row


def test_real_corpus_check_exits_0_without_errors(real):
    root, _ = real
    result, counts = check(root)
    assert result.exit_code == 0, result.stderr
    errors = [line for line in result.stderr.splitlines()
              if re.match(r"^\S+:\d+:\d+: (?!warning: )", line) or line.startswith("Error")]
    assert errors == []
    assert all(counts[code] == 0 for code in ("ambiguous-alias", "quote-not-in-source",
                                              "citation-out-of-range", "unknown-actor"))
    assert result.stdout.rstrip().splitlines()[-1].startswith("OK: ")


def test_real_corpus_has_a_page_per_topic_and_every_picture(real):
    root, corpus = real
    assert corpus.topics
    for issue in corpus.topics:
        assert (root / "site" / "topics" / f"{issue}.html").is_file(), issue
    for path in _pictures(root, corpus):
        ET.parse(path)
