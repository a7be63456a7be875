"""Nothing silently wrong: every page says only what its sources support, and says whose word it is.

Roles appear only where a source gives them (a role carried over by date is labelled so);
an actor's part in an event and an event's status are the source's; only verbatim words
stand in quotation marks; an uncertain speaker is said to be uncertain wherever the claim
appears; and what the analyst adds (names, descriptions, links, hosts) is told apart from
what the sources say, on the pages and in print.

Most tests read one small project (`fidelity`, below), rendered to Markdown and to print
HTML without MkDocs; a few build it through the real command line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.publish.printing import print_documents
from briefbook.publish.render import make_environment, render_pages
from conftest import ALPHA_BRIEFING, EVENTS_YAML, REPO, dedent, run_cli, write_project

# ---------------------------------------------------------------- the fidelity project

TALKS = dedent("""
    Statement on the Lakeside talks

    The Lakeside talks were initiated by the Harbour Institute in partnership with Norland, on 9 July 2020.

    Ada Vance and Ben Cole attended the talks.

    Ben Cole said that the parties will have to return to the table.

    Ada Vance said “we are meeting at a decisive time. She noted that peace is near.

    Peace remains the goal of the region.

    The participants urged an end to violence.

    A second round will be held on Monday. The EAS welcomed it.
    """)  # ¶1 title, ¶2 initiator and partner, ¶3 who attended, ¶4 reported speech, ¶5 an unclosed
#           quotation, ¶6 words of no stated speaker, ¶7 a collective call, ¶8 an announced event

LATER = dedent("""
    Later report

    Ada Vance, the Foreign Minister, spoke in March 2021.

    She recalled the Far meeting of 2019.
    """)

ACTORS = dedent("""
    not_actors: [Foreign Minister]
    actors:
      norland:
        name: Republic of Norland
        kind: state
        aliases: [Norland]
        description: A state on the lake.
      harbour-institute:
        name: Harbour Institute
        kind: organisation
        description: Institute that initiated the Lakeside talks.
        description_cite: [{source: talks, cite: 2}]
      ada-vance:
        name: Ada Vance
        kind: person
        aliases: [Vance, Minister Ghost]
        affiliation: norland
        description: A minister of Norland.
      ben-cole:
        name: Ben Cole
        kind: person
        description: A delegate.
      eas:
        name: Eastern Alliance of States
        kind: organisation
        abbreviation: EAS
        description: A regional alliance.
    """)

EVENTS = dedent("""
    events:
      lakeside-talks-2020:
        title: Lakeside talks
        kind: negotiations
        date: {value: "2020-07-09"}
        host: norland
        related: [far-meeting-2019]
        description: Talks at the lake.
      second-round-2020:
        title: Second round of the Lakeside talks
        kind: negotiations
        date: {value: "2020-07-13", inferred: true, basis: The Monday after the statement of 10 July 2020.}
        related: [lakeside-talks-2020]
        description: The next round.
      far-meeting-2019:
        title: Far meeting
        kind: meeting
        date: {value: "2019"}
        description: An earlier meeting.
    """)

TALKS_BRIEFING = dedent("""
    seed: talks.txt
    title: Statement on the Lakeside talks
    kind: statement
    published: {value: "2020-07-10"}
    language: en
    summary: The Lakeside talks met.
    key_points:
      - text: The talks were initiated by the Harbour Institute.
        cite: 2
    actors:
      - actor: eas
    events:
      - event: lakeside-talks-2020
        says: Initiated by the Harbour Institute in partnership with Norland.
        date: {value: "2020-07-09"}
        participants:
          - {actor: harbour-institute, part: initiator}
          - {actor: norland, part: partner}
          - {actor: ada-vance}
          - {actor: ben-cole}
        cite: [2, 3, 4, 5, 6, 7]
      - event: second-round-2020
        says: A second round will be held on Monday.
        status: announced
        cite: 8
    quotes:
      - speaker: ben-cole
        text: the parties will have to return to the table.
        speech: reported
        cite: 4
        event: lakeside-talks-2020
      - speaker: ada-vance
        text: we are meeting at a decisive time.
        unclosed: true
        cite: 5
        event: lakeside-talks-2020
      - speaker: ada-vance
        text: Peace remains the goal of the region.
        attribution: uncertain
        attribution_basis: The statement does not say whose words these are.
        cite: 6
        event: lakeside-talks-2020
    positions:
      - actor: ben-cole
        issue: peace
        stance: Peace remains the goal.
        attribution: uncertain
        attribution_basis: The statement does not say whose words these are.
        cite: 6
      - actor: norland
        issue: violence
        stance: Urged an end to violence.
        attribution: collective
        attribution_basis: The statement gives the call to the participants.
        cite: 7
        event: lakeside-talks-2020
      - actor: ada-vance
        on_behalf_of: norland
        issue: dialogue
        stance: Meeting at a decisive time.
        cite: 5
    """)

LATER_BRIEFING = dedent("""
    seed: later.txt
    title: Later report
    kind: report
    published: {value: "2021-03"}
    language: en
    summary: A later report.
    key_points:
      - text: Ada Vance spoke.
        cite: 2
    actors:
      - actor: ada-vance
        role: Foreign Minister
    events:
      - event: far-meeting-2019
        says: Recalled.
        cite: 3
    """)

FIDELITY = dict(base=False, seeds={"talks.txt": TALKS, "later.txt": LATER},
                registry={"actors.yaml": ACTORS, "events.yaml": EVENTS},
                briefings={"talks.yaml": TALKS_BRIEFING, "later.yaml": LATER_BRIEFING})


def _corpus(root: Path):
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    return corpus, problems


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory):
    """(corpus, Markdown pages, print HTML) of the fidelity project."""
    root = write_project(tmp_path_factory.mktemp("fidelity") / "project", **FIDELITY)
    corpus, problems = _corpus(root)
    assert problems == [], [str(p) for p in problems]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    prints = print_documents(corpus, REPO / "templates")
    return corpus, pages, prints


def section(page: str, heading: str) -> str:
    """The Markdown under `## heading`, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", page, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match.group(1)


def row(table: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row whose first cell contains first_cell."""
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("|") and first_cell in cells[0]:
            return cells
    raise AssertionError(f"no row for {first_cell!r} in:\n{table}")


def fact(page: str, term: str) -> str:
    """The value of a term in a page's key facts (a definition list)."""
    match = re.search(rf"<dt>{re.escape(term)}</dt>\n<dd[^>]*>(.*?)</dd>", page, re.S)
    assert match, f"no fact {term!r} in:\n{page[:2000]}"
    return match.group(1)


def text_of(markdown: str) -> str:
    """Markdown as a reader sees it: links by their text, tags and emphasis dropped, escapes undone,
    character references read, spaces folded."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(?<!\\)\*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def plain_html(document: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", document)))


# ---------------------------------------------------------------- 4. roles come with their source

def test_a_role_from_another_source_is_labelled_carried_over_with_its_source_and_date(fidelity):
    corpus, pages, prints = fidelity
    vance, = [p for p in corpus.events["lakeside-talks-2020"].participants if p.actor == "ada-vance"]
    assert (vance.role, vance.role_from, vance.role_source) == ("Foreign Minister", "date", "later")
    cells = row(section(pages["events/lakeside-talks-2020.md"], "Participants"), "Ada Vance")
    role = text_of(cells[2])
    assert role.startswith("Not given for this event; carried over by date from Later report, March 2021, ¶ 2:")
    assert role.endswith("Foreign Minister")
    printed = plain_html(prints["pdf/events/lakeside-talks-2020.pdf"])
    assert "carried over by date from Later report" in printed


def test_a_carried_over_role_is_not_shown_as_the_role_at_the_event_on_the_actor_page(fidelity):
    _, pages, prints = fidelity
    events = section(pages["actors/ada-vance.md"], "Events, latest first")
    assert "Lakeside talks" in events and "Foreign Minister" not in events
    assert "as Foreign Minister" not in plain_html(prints["pdf/actors/ada-vance.pdf"])


def test_a_title_the_same_source_gives_is_shown_with_that_source(make_project):
    # the base project: Ada Vance is "Minister" in the document; the account gives no role
    briefing = ALPHA_BRIEFING.replace("      - actor: ada-vance\n        role: Minister\n", "      - actor: ada-vance\n")
    assert briefing != ALPHA_BRIEFING
    corpus, _ = _corpus(make_project(briefings={"alpha-statement.yaml": briefing}))
    vance, = [p for p in corpus.events["lakeside-talks-2020"].participants if p.actor == "ada-vance"]
    assert (vance.role, vance.role_from, vance.role_source, vance.role_paragraphs) == (
        "Minister", "source", "alpha-statement", (3,))


def test_no_role_column_when_no_source_gives_a_role(make_project):
    briefing = ALPHA_BRIEFING.replace("      - actor: ada-vance\n        role: Minister\n", "      - actor: ada-vance\n")
    briefing = briefing.replace("  - actor: ada-vance\n    role: Minister\n", "  - actor: ada-vance\n")
    corpus, _ = _corpus(make_project(briefings={"alpha-statement.yaml": briefing}))
    assert not [p for p in corpus.events["lakeside-talks-2020"].participants if p.role]
    page = render_pages(corpus, make_environment(REPO / "templates"))["events/lakeside-talks-2020.md"]
    participants = section(page, "Participants")
    assert "| Actor | Part | Source |" in participants and "Role at the time" not in participants
    assert row(participants, "Ada Vance")[1:] == ["Participant", row(participants, "Ada Vance")[2]]


def test_a_participant_row_cites_the_paragraphs_that_name_that_participant(fidelity):
    corpus, pages, _ = fidelity
    parts = {p.actor: p.paragraphs for p in corpus.events["lakeside-talks-2020"].participants}
    # the account cites ¶ 2-7; each participant is named in only some of them
    assert parts == {"harbour-institute": (2,), "norland": (2,), "ada-vance": (3, 5), "ben-cole": (3, 4)}
    cells = row(section(pages["events/lakeside-talks-2020.md"], "Participants"), "Ben Cole")
    assert text_of(cells[3]) == "Statement on the Lakeside talks, 10 July 2020, ¶ 3, 4"


def test_a_participant_named_in_none_of_the_documents_paragraphs_is_reported(make_project):
    ghost = "  ghost:\n    name: Ghost Person\n    kind: person\n    description: Never named.\n"
    briefing = ALPHA_BRIEFING.replace("        role: Minister\n    counts:",
                                      "        role: Minister\n      - actor: ghost\n        cite: 2\n    counts:")
    assert briefing != ALPHA_BRIEFING
    root = make_project(registry={"more.yaml": "actors:\n" + ghost},
                        briefings={"alpha-statement.yaml": briefing})
    corpus, problems = _corpus(root)
    ghost_part, = [p for p in corpus.events["lakeside-talks-2020"].participants if p.actor == "ghost"]
    assert ghost_part.paragraphs == (2,)  # its own cite
    unnamed = briefing.replace("      - actor: ghost\n        cite: 2\n", "      - actor: ghost\n")
    _, problems = _corpus(make_project(name="unnamed", registry={"more.yaml": "actors:\n" + ghost},
                                       briefings={"alpha-statement.yaml": unnamed}))
    assert "participant-not-named" in {p.code for p in problems}


# ---------------------------------------------------------------- 6. what the sources say, as they say it

def test_an_initiator_and_a_partner_are_shown_as_such_not_as_hosts(fidelity):
    _, pages, prints = fidelity
    page = pages["events/lakeside-talks-2020.md"]
    participants = section(page, "Participants")
    assert row(participants, "Harbour Institute")[1] == "Initiator"
    assert row(participants, "Republic of Norland")[1] == "Partner"
    printed = plain_html(prints["pdf/events/lakeside-talks-2020.pdf"])
    assert "Initiator" in printed and "Partner" in printed


def test_a_host_only_the_registry_gives_is_marked_as_the_analysts(fidelity):
    _, pages, _ = fidelity
    host = fact(pages["events/lakeside-talks-2020.md"], "Host")
    assert "Republic of Norland" in host and "the analyst's" in text_of(host)
    assert "no source names them as host" in text_of(host)


def test_an_announced_event_is_not_shown_as_held(fidelity):
    corpus, pages, prints = fidelity
    assert corpus.events["second-round-2020"].status == "announced"
    assert corpus.events["lakeside-talks-2020"].status == "held"
    lead = pages["events/second-round-2020.md"].split("<dl", 1)[0].split("\n# ", 1)[-1]
    assert "Announced, not reported as held (Statement on the Lakeside talks" in text_of(lead)  # said first
    timeline = text_of(pages["timeline.md"])
    assert re.search(r"Second round of the Lakeside talks \([^)]*announced, not reported as held\)", timeline)
    assert "announced, not reported as held" not in re.search(r"Lakeside talks \([^)]*\)", timeline).group(0)
    assert "Second round of the Lakeside talks (announced" in text_of(pages["events/index.md"])
    svg = pages["pictures/timeline.svg"]
    assert re.search(r"<text[^>]*>[^<]*\(announced\)[^<]*Second round", svg)
    assert 'data-status="announced"' in svg and "announced or planned" in svg
    assert "Announced, not reported as held" in plain_html(prints["pdf/events/second-round-2020.pdf"])


def test_reported_speech_is_never_shown_in_quotation_marks(fidelity):
    _, pages, prints = fidelity
    words = "the parties will have to return to the table."
    for page in (pages["actors/ben-cole.md"], pages["events/lakeside-talks-2020.md"]):
        shown = text_of(page)
        assert words in shown and f"“{words}" not in shown and f"{words}”" not in shown
        assert "Reported speech" in shown
    for doc in (prints["pdf/actors/ben-cole.pdf"], prints["pdf/events/lakeside-talks-2020.pdf"]):
        shown = plain_html(doc)
        assert words in shown and f"“{words}" not in shown and "Reported speech" in shown
    verbatim = text_of(pages["actors/ada-vance.md"])
    assert "“Peace remains the goal of the region.”" in verbatim  # a verbatim quote keeps its marks


def test_an_unclosed_quotation_is_shown_without_a_closing_mark(fidelity):
    _, pages, prints = fidelity
    for shown in (text_of(pages["actors/ada-vance.md"]), text_of(pages["events/lakeside-talks-2020.md"]),
                  plain_html(prints["pdf/actors/ada-vance.pdf"])):
        assert "“we are meeting at a decisive time." in shown
        assert "“we are meeting at a decisive time.”" not in shown
        assert "the source does not close the quotation" in shown


def test_an_uncertain_speaker_is_said_wherever_the_claim_appears(fidelity):
    _, pages, prints = fidelity
    basis = "The statement does not say whose words these are."
    for shown in (text_of(section(pages["actors/ben-cole.md"], "Positions by issue")),
                  text_of(pages["topics/peace.md"]),
                  text_of(section(pages["actors/ada-vance.md"], "What they said")),
                  text_of(section(pages["events/lakeside-talks-2020.md"], "What was said")),
                  plain_html(prints["pdf/actors/ben-cole.pdf"]),
                  plain_html(prints["pdf/briefing-book.pdf"])):
        assert f"Speaker uncertain: {basis}" in shown


def test_a_collective_statement_is_said_to_be_collective(fidelity):
    _, pages, prints = fidelity
    basis = "The statement gives the call to the participants."
    for shown in (text_of(section(pages["actors/norland.md"], "Positions by issue")),
                  text_of(pages["topics/violence.md"]), plain_html(prints["pdf/actors/norland.pdf"])):
        assert f"Said collectively: {basis}" in shown


def test_an_uncertain_or_collective_attribution_needs_its_basis(make_project):
    briefing = ALPHA_BRIEFING + "    attribution: uncertain\n"
    _, problems = build_corpus(Project(make_project(briefings={"alpha-statement.yaml": briefing})))
    assert [p.code for p in problems if p.is_error] == ["missing-basis"]


def test_a_stance_stated_for_another_actor_is_on_both_pages(fidelity):
    corpus, pages, _ = fidelity
    assert [p.stance for p in corpus.actors["norland"].positions if p.issue == "dialogue"] == [
        "Meeting at a decisive time."]
    on_norland = text_of(section(pages["actors/norland.md"], "Positions by issue"))
    assert "Meeting at a decisive time. (stated by Ada Vance)" in on_norland
    on_vance = text_of(section(pages["actors/ada-vance.md"], "Positions by issue"))
    assert "Meeting at a decisive time. (for Republic of Norland)" in on_vance
    assert "Ada Vance for Republic of Norland" in text_of(pages["topics/dialogue.md"])


def test_a_date_without_a_year_is_shown_as_given_and_still_disagrees(make_project):
    other = dedent("""
        seed: other.txt
        title: Other account
        kind: report
        language: en
        summary: Gives the month only.
        key_points:
          - text: The talks were in September.
            cite: 1
        events:
          - event: lakeside-talks-2020
            says: Held at the end of September.
            date: {value: "--09"}
            cite: 1
        """)
    root = make_project(seeds={"other.txt": "The Lakeside talks were held at the end of September.\n"},
                        briefings={"other.yaml": other})
    corpus, _ = _corpus(root)
    dates, = [d for d in corpus.events["lakeside-talks-2020"].disagreements if d.field == "date"]
    assert sorted(c.value for c in dates.claims) == ["9 July 2020", "September (no year given)"]
    page = render_pages(corpus, make_environment(REPO / "templates"))["events/lakeside-talks-2020.md"]
    assert "Date given: September (no year given)" in text_of(page)
    same_month = other.replace('"--09"', '"--07"')
    corpus, _ = _corpus(make_project(name="same", seeds={"other.txt": "At the end of July.\n"},
                                     briefings={"other.yaml": same_month}))
    assert not [d for d in corpus.events["lakeside-talks-2020"].disagreements if d.field == "date"]


def test_a_date_without_a_year_takes_no_range_or_qualifier(make_project):
    for bad in ('{value: "--09", end: "--10"}', '{value: "--09", qualifier: before}', '{value: "--13"}',
                '{value: "--02-30"}'):
        briefing = ALPHA_BRIEFING.replace('    date: {value: "2020-07-09"}\n    place: Geneva',
                                          f"    date: {bad}\n    place: Geneva")
        _, problems = build_corpus(Project(make_project(name=f"p{abs(hash(bad))}",
                                                        briefings={"alpha-statement.yaml": briefing})))
        assert [p.code for p in problems if p.is_error] == ["bad-date"], bad


def test_held_and_cancelled_accounts_of_one_event_disagree(make_project):
    other = dedent("""
        seed: other.txt
        title: Other account
        kind: report
        language: en
        summary: Says the talks were called off.
        key_points:
          - text: The talks were called off.
            cite: 1
        events:
          - event: lakeside-talks-2020
            says: Called off.
            status: cancelled
            cite: 1
        """)
    corpus, _ = _corpus(make_project(seeds={"other.txt": "The Lakeside talks were called off.\n"},
                                     briefings={"other.yaml": other}))
    status, = [d for d in corpus.events["lakeside-talks-2020"].disagreements if d.field == "status"]
    assert sorted(c.value for c in status.claims) == ["cancelled", "held"]


def test_words_in_quotation_marks_in_the_analysts_prose_must_be_the_sources(make_project):
    briefing = ALPHA_BRIEFING.replace(
        "summary: The Lakeside talks were held in Geneva.",
        'summary: Vance said she would keep "talking until there is peace" and "talk until there is peace".')
    assert briefing != ALPHA_BRIEFING
    _, problems = _corpus(make_project(briefings={"alpha-statement.yaml": briefing}))
    found = [str(p) for p in problems if p.code == "quotation-not-in-source"]
    assert len(found) == 1 and "'talk until there is peace'" in found[0], found


# ---------------------------------------------------------------- 7. the analyst's additions, marked

def test_names_no_source_uses_are_told_apart_from_names_found_in_the_text(fidelity):
    corpus, pages, prints = fidelity
    vance = corpus.actors["ada-vance"]
    assert [name for name, _ in vance.names_found] == ["Ada Vance"]
    assert vance.names_added == ("Vance", "Minister Ghost")
    shown = pages["actors/ada-vance.md"]
    assert text_of(fact(shown, "Named in the sources")) == "Ada Vance"
    assert text_of(fact(shown, "Names added by the analyst")) == "Vance; Minister Ghost (no source uses them)"
    eas = pages["actors/eas.md"]
    assert text_of(fact(eas, "Named in the sources")) == "EAS"
    assert text_of(fact(eas, "Names added by the analyst")) == "Eastern Alliance of States (no source uses them)"
    printed = plain_html(prints["pdf/actors/ada-vance.pdf"])
    assert "Names added by the analyst (no source uses them): Vance; Minister Ghost" in printed


def test_a_name_of_several_words_inside_a_longer_name_is_used_a_single_word_is_not(make_project):
    actors = dedent("""
        actors:
          office:
            name: Office of the President of the Republic of Norland
            kind: government-body
            description: An office.
          norland:
            name: Republic of Norland
            kind: state
            aliases: [Norland, Norland Republic]
            description: A state.
          talks-format:
            name: Lakeside Process for Peace
            kind: negotiating-format
            aliases: [Lakeside Process, Lakeside]
            description: A format.
        """)
    seed = ("The Office of the President of the Republic of Norland wrote.\n\n"
            "The Lakeside Process for Peace met.\n")
    doc = ("seed: s.txt\ntitle: S\nkind: report\nlanguage: en\nsummary: S.\nkey_points:\n"
           "  - text: K.\n    cite: 1\nactors:\n  - actor: office\n  - actor: norland\n    cite: 1\n"
           "  - actor: talks-format\n")
    root = make_project(name="nested", base=False, seeds={"s.txt": seed}, registry={"actors.yaml": actors},
                        briefings={"s.yaml": doc})
    corpus, _ = _corpus(root)
    assert corpus.actors["norland"].names_added == ("Norland", "Norland Republic")
    assert [n for n, _ in corpus.actors["norland"].names_found] == ["Republic of Norland"]
    assert [n for n, _ in corpus.actors["talks-format"].names_found] == ["Lakeside Process for Peace",
                                                                         "Lakeside Process"]
    assert corpus.actors["talks-format"].names_added == ("Lakeside",)


def test_an_abbreviation_expanded_into_a_name_no_source_uses_says_so_on_hover(fidelity):
    _, pages, _ = fidelity
    expansion = "Eastern Alliance of States (the analyst's expansion, not in the sources)"
    source = pages["sources/talks.md"]
    assert f"*[EAS]: {expansion}" in source
    assert f'<abbr title="{html.escape(expansion)}">EAS</abbr>' in source  # in the source's own text too
    assert "*[EAS]: Eastern Alliance of States\n" not in source


def test_a_description_cites_its_source_or_is_marked_as_the_analysts(fidelity):
    _, pages, prints = fidelity
    cited = text_of(pages["actors/harbour-institute.md"])
    assert "Institute that initiated the Lakeside talks. (Statement on the Lakeside talks, 10 July 2020, ¶ 2)" in cited
    assert "the analyst's description" not in cited
    assert "A state on the lake. (the analyst's description)" in text_of(pages["actors/norland.md"])
    assert "Talks at the lake. (the analyst's description)" in text_of(pages["events/lakeside-talks-2020.md"])
    assert "A state on the lake. (the analyst's description)" in text_of(pages["actors/index.md"])
    assert "A state on the lake. (the analyst's description)" in plain_html(prints["pdf/actors/norland.pdf"])


@pytest.mark.parametrize("cite, code", [("{source: nowhere, cite: 2}", "unknown-source"),
                                         ("{source: talks, cite: 99}", "citation-out-of-range")])
def test_a_descriptions_citation_is_checked(make_project, cite, code):
    actors = ACTORS.replace("[{source: talks, cite: 2}]", f"[{cite}]")
    root = make_project(**{**FIDELITY, "registry": {**FIDELITY["registry"], "actors.yaml": actors}})
    _, problems = build_corpus(Project(root))
    assert [p.code for p in problems if p.is_error] == [code]


def test_words_a_cited_description_quotes_must_be_in_the_sources_it_cites(make_project):
    actors = ACTORS.replace("description: Institute that initiated the Lakeside talks.",
                            'description: The institute that "convened the Lakeside talks".')
    root = make_project(**{**FIDELITY, "registry": {**FIDELITY["registry"], "actors.yaml": actors}})
    _, problems = build_corpus(Project(root))
    found = [p for p in problems if p.code == "quotation-not-in-source"]
    assert [(p.path, p.severity) for p in found] == [("briefings/registry/actors.yaml", "warning")]
    assert "'convened the Lakeside talks'" in found[0].message


def test_a_related_link_no_source_connects_is_marked_as_the_analysts(fidelity):
    corpus, pages, prints = fidelity
    event = corpus.events["lakeside-talks-2020"]
    assert dict(event.related_sources) == {"far-meeting-2019": (), "second-round-2020": ("talks",)}
    related = text_of(section(pages["events/lakeside-talks-2020.md"], "Related events"))
    assert "Far meeting (linked by the analyst; no source reports both)" in related
    assert "Second round of the Lakeside talks (both in Statement on the Lakeside talks)" in related
    assert "linked by the analyst" in plain_html(prints["pdf/events/lakeside-talks-2020.pdf"])


def test_a_source_page_shows_what_that_source_says_of_each_event(fidelity):
    _, pages, _ = fidelity
    events = text_of(section(pages["sources/talks.md"], "Events"))
    assert "Second round of the Lakeside talks: no date given; announced, not reported as held (¶ 8)" in events
    assert "13 July 2020" not in events and "inferred" not in events
    assert "Lakeside talks: 9 July 2020 (¶ 2, 3, 4, 5, 6, 7)" in events


# ---------------------------------------------------------------- the fidelity block of `briefbook check`

def test_check_reports_roles_with_their_sources_and_the_analysts_statements(tmp_path):
    root = write_project(tmp_path / "project", **FIDELITY)
    result = run_cli("check", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    roles, = [line.strip() for line in lines if line.strip().startswith("roles with their sources:")]
    assert roles == ("roles with their sources: 1 role shown at events: 0 given by the account of the event, "
                     "0 a title given by a source reporting the event, 1 carried over by date and labelled "
                     "with its source and date")
    marked, = [line.strip() for line in lines if line.strip().startswith("statements of the analyst marked:")]
    assert marked == ("statements of the analyst marked: 8 descriptions (1 cites its source, 7 marked as "
                      "the analyst's); 4 registry names no source uses, marked; 1 related link no source "
                      "connects, marked; 1 host only the registry gives, marked; 3 claims of uncertain or "
                      "collective speaker, marked; 1 reported statement, shown without quotation marks")
    assert lines[-1].startswith("OK: ")


# ---------------------------------------------------------------- the bundled corpus: properties, not counts

def test_real_every_role_shown_at_an_event_comes_with_the_source_that_gives_it(real):
    root, corpus = real
    for event in corpus.events.values():
        page = text_of(html.unescape(re.sub(r"<[^>]+>", " ", (root / "site" / "events" / f"{event.id}.html")
                                            .read_text(encoding="utf-8"))))
        for p in event.participants:
            if not p.role:
                continue
            if p.role_from == "event":
                account, = [a for a in event.accounts if a.source == p.source]
                assert p.role in [q.role for q in account.data.participants], (event.id, p)
            else:
                mention = dict(corpus.sources[p.role_source].mentions)[p.actor]
                assert mention.role == p.role, (event.id, p)
            if p.role_from == "date":
                assert "carried over by date from" in page, event.id


def test_real_names_shown_as_found_occur_in_their_sources(real):
    _, corpus = real
    for actor in corpus.actors.values():
        for name, sources in actor.names_found:
            for source_id in sources:
                text = " ".join(p.text for p in corpus.sources[source_id].paragraphs
                                if p.number not in corpus.sources[source_id].boilerplate)
                assert re.search(re.escape(name), " ".join(text.split()),
                                 0 if " " not in name else re.IGNORECASE), (actor.id, name, source_id)


def test_real_check_reports_the_fidelity_block(real):
    root, _ = real
    result = run_cli("check", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "Fidelity to the sources:" in lines
    assert any(re.fullmatch(r"roles with their sources: \d+ roles? shown at events: .*", line) for line in lines)
    assert any(line.startswith("statements of the analyst marked: ") for line in lines)


def test_an_actor_placed_at_an_event_by_several_sources_has_one_row_citing_each(real):
    """Every event page of the bundled corpus: one Participants row per actor, whose cells cite every
    source that places the actor there (not one row per source, as a data dump would)."""
    _, corpus = real
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    merged = 0
    for event_id, event in corpus.events.items():
        if not event.participants:
            continue
        table = section(pages[f"events/{event_id}.md"], "Participants")
        lines = [line for line in table.splitlines() if line.startswith("| [")]
        actors = [re.search(r"\(\.\./actors/([\w-]+)\.md\)", line).group(1) for line in lines]
        assert len(actors) == len(set(actors)), event_id
        for participant in event.participants:
            cells = row(table, f"(../actors/{participant.actor}.md)")
            assert f"../sources/{participant.source}.md" in cells[-1], (event_id, participant.actor)
        merged += any(len({p.source for p in event.participants if p.actor == a}) > 1 for a in actors)
    assert merged, "no actor is placed at one event by two sources: the test checks nothing"
