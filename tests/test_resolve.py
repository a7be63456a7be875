"""Resolving: references and aliases, citations and quotes checked against the source,
back-references both ways, and disagreements between sources' accounts of one event."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.corpus.models import EventAccount
from briefbook.corpus.records import Account
from briefbook.corpus.disagreements import find_disagreements
from conftest import ALPHA_BRIEFING, dedent


def corpus_of(root: Path):
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    return corpus


def problems_of(root: Path) -> list[str]:
    """`path:line:col: code` of every problem, errors and warnings (`...: warning: code`)."""
    corpus, problems = build_corpus(Project(root))
    return [f"{p.path}:{p.line}:{p.column}: {'' if p.is_error else 'warning: '}{p.code}" for p in problems]


def messages_of(root: Path) -> list[str]:
    return [str(p) for p in build_corpus(Project(root))[1]]


def alpha(old: str, new: str) -> dict[str, str]:
    """The base briefing with one edit (line numbers stay those of ALPHA_BRIEFING)."""
    assert old in ALPHA_BRIEFING
    return {"alpha-statement.yaml": ALPHA_BRIEFING.replace(old, new, 1)}


def simple_doc(seed: str, *, published: str | None = None, role: str | None = None,
               account: str = "", extra: str = "") -> str:
    """A minimal briefing of `seed` mentioning Ada Vance (with `role`), plus `account` under events."""
    text = f"seed: {seed}\ntitle: Document {seed}\nkind: report\n"
    if published:
        text += f'published: {{value: "{published}"}}\n'
    text += "language: en\nsummary: A document.\nkey_points:\n  - text: Something.\n    cite: 1\n"
    text += "actors:\n  - actor: ada-vance\n" + (f"    role: {role}\n" if role else "") + "    cite: 1\n"
    if account:
        text += "events:\n" + account
    return text + extra


# ---------------------------------------------------------------- references

def test_the_base_project_is_valid(make_project):
    assert problems_of(make_project()) == []


def test_unknown_actor_is_reported_at_the_reference_with_the_closest_id(make_project):
    root = make_project(briefings=alpha("  - actor: ada-vance\n", "  - actor: ada-vanse\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:11:12: unknown-actor"]
    assert "no actor 'ada-vanse' in the registry; did you mean 'ada-vance'?" in messages_of(root)[0]


def test_unknown_alias_suggests_the_actor_it_almost_names(make_project):
    root = make_project(briefings=alpha("  - speaker: ada-vance\n", "  - speaker: Minister Vanse\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:27:14: unknown-actor"]
    assert "did you mean 'ada-vance'?" in messages_of(root)[0]


def test_unknown_event_is_reported(make_project):
    root = make_project(briefings=alpha("  - event: lakeside-talks-2020\n", "  - event: lakeshore-talks\n"))
    # with its only account unresolved, the registry's event is now unused
    assert problems_of(root) == ["briefings/alpha-statement.yaml:15:12: unknown-event",
                                 "briefings/registry/events.yaml:2:3: warning: unused-event"]
    assert "did you mean 'lakeside-talks-2020'?" in messages_of(root)[0]


def test_unknown_host_in_the_registry_is_reported(make_project):
    root = make_project(registry={"events.yaml": dedent("""
        events:
          lakeside-talks-2020:
            title: Lakeside talks
            kind: negotiations
            host: [norland, nowhere]
            description: Talks at the lake.
        """)})
    assert problems_of(root) == ["briefings/registry/events.yaml:5:21: unknown-actor"]


def test_aliases_and_names_resolve_to_the_canonical_id(make_project):
    briefing = ALPHA_BRIEFING.replace("  - actor: ada-vance\n", "  - actor: minister   VANCE\n") \
        .replace("    host: norland\n", "    host: Republic of Norland\n") \
        .replace("  - speaker: ada-vance\n", "  - speaker: Vance\n") \
        .replace("  - event: lakeside-talks-2020\n", "  - event: Lakeside talks\n")
    corpus = corpus_of(make_project(briefings={"alpha-statement.yaml": briefing}))
    assert [m.role for m in corpus.actors["ada-vance"].mentions] == ["Minister"]
    assert [q.speaker for q in corpus.actors["ada-vance"].quotes] == ["ada-vance"]
    account, = corpus.events["lakeside-talks-2020"].accounts
    assert account.hosts == ("norland",)
    assert set(corpus.actors) == {"norland", "ada-vance"}


@pytest.mark.parametrize("reference, actor_id", [("Norland", "norland"),    # a registered alias
                                                 ("Eastland", "eastland")])  # the actor's name
def test_a_name_or_alias_that_differs_from_the_id_only_in_case_resolves(make_project, reference, actor_id):
    # actors.yaml registers `aliases: [Norland]` for the id `norland`. The real registry does
    # the same for 16 actors (afghanistan: [Afghanistan], taliban: name Taliban, unrcca: UNRCCA...):
    # a registered name must be usable as a reference like any other.
    root = make_project(
        registry={"more.yaml": "actors:\n  eastland:\n    name: Eastland\n    kind: state\n    description: x\n"},
        briefings=alpha("    host: norland\n", f"    host: {reference}\n"))
    errors = [p for p in problems_of(root) if ": warning: " not in p]
    assert errors == []
    assert corpus_of(root).events["lakeside-talks-2020"].accounts[0].hosts == (actor_id,)


def test_an_alias_claimed_by_two_actors_is_ambiguous(make_project):
    root = make_project(registry={"more.yaml": dedent("""
        actors:
          vance-senior:
            name: Bo Vance
            kind: person
            aliases: [Vance]
            description: Another Vance.
        """)})
    # Bo Vance keeps no name that occurs in a source, so he is unused too
    assert problems_of(root) == ["briefings/registry/more.yaml:2:3: warning: unused-actor",
                                 "briefings/registry/more.yaml:5:15: ambiguous-alias"]
    assert "'Vance' already names actor 'ada-vance'" in messages_of(root)[1]


def test_an_alias_may_not_be_another_actors_id(make_project):
    root = make_project(registry={"actors.yaml": dedent("""
        actors:
          norland:
            name: Republic of Norland
            kind: state
            description: A state.
          ada-vance:
            name: Ada Vance
            kind: person
            aliases: [norland, Minister Vance, Vance]
            description: A person.
        """)})
    assert problems_of(root) == ["briefings/registry/actors.yaml:9:15: ambiguous-alias"]


def test_a_duplicate_actor_id_across_registry_files_is_reported_with_the_first(make_project):
    root = make_project(registry={"more.yaml": dedent("""
        actors:
          ada-vance:
            name: Ada Vance
            kind: person
            description: Defined twice.
        """)})
    assert problems_of(root) == ["briefings/registry/more.yaml:2:3: duplicate-actor"]
    assert "already defined in briefings/registry/actors.yaml:7" in messages_of(root)[0]


def test_a_duplicate_event_id_is_reported(make_project):
    root = make_project(registry={"more.yaml": "events:\n  lakeside-talks-2020:\n    title: Again\n"
                                               "    kind: meeting\n    description: Twice.\n"})
    assert problems_of(root) == ["briefings/registry/more.yaml:2:3: duplicate-event"]


@pytest.mark.parametrize("file_name", ["Alpha.yaml", "alpha_statement.yaml", "index.yaml"])
def test_document_ids_come_from_kebab_case_file_names(make_project, file_name):
    root = make_project(briefings={"alpha-statement.yaml": None, file_name: ALPHA_BRIEFING})
    codes = [line.rsplit(": ", 1)[1] for line in problems_of(root)]
    # the briefing is not read, so nothing mentions Ada Vance or gives an account of the talks
    assert codes in (["bad-id", "unused-actor", "unused-event"], ["reserved-id", "unused-actor", "unused-event"])


# ---------------------------------------------------------------- citations, quotes, seeds

def test_citation_beyond_the_last_paragraph_is_reported(make_project):
    root = make_project(briefings=alpha("    cite: 2\n", "    cite: 9\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:9:11: citation-out-of-range"]
    assert "paragraph 9 does not exist; alpha.txt has 5 paragraphs" in messages_of(root)[0]


def test_citation_out_of_range_inside_a_list_points_at_the_number(make_project):
    root = make_project(briefings=alpha("    cite: [2, 4]\n", "    cite: [2, 6]\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:25:15: citation-out-of-range"]


def test_quote_not_in_the_cited_paragraph_is_reported_with_where_it_is(make_project):
    root = make_project(briefings=alpha("    cite: 3\n    event:", "    cite: 2\n    event:"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]
    assert "it is in paragraph 3" in messages_of(root)[0]


def test_quote_not_in_the_source_at_all_is_reported(make_project):
    root = make_project(briefings=alpha("    text: We will keep talking until there is peace.\n",
                                        "    text: We will keep talking until there is war.\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]
    assert "paragraph" in messages_of(root)[0] and "it is in" not in messages_of(root)[0]


def test_quote_must_keep_the_sources_punctuation(make_project):
    root = make_project(briefings=alpha("    text: We will keep talking until there is peace.\n",
                                        "    text: \u201cWe will keep talking until there is peace.\u201d\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]


def test_quote_may_differ_in_whitespace_and_line_breaks(make_project):
    # Paragraph 2 has a line break after "2020,"; the quote spans it and is folded by YAML.
    root = make_project(briefings=alpha(
        "    text: We will keep talking until there is peace.\n    cite: 3\n",
        "    text: >-\n      held in  Geneva on 9 July\n      2020,   hosted by Norland.\n    cite: 2\n"))
    corpus = corpus_of(root)
    assert corpus.actors["ada-vance"].quotes[0].paragraphs == (2,)


def test_quote_may_span_the_paragraphs_it_cites(make_project):
    root = make_project(briefings=alpha(
        "    text: We will keep talking until there is peace.\n    cite: 3\n",
        "    text: 'there is peace.\" Representatives of 12'\n    cite: [3, 4]\n"))
    assert corpus_of(root).actors["ada-vance"].quotes[0].paragraphs == (3, 4)


def test_quote_compared_after_unicode_normalisation(make_project):
    seed = "Title\n\nThe minister met the caf\u0065\u0301 owners.\n"  # decomposed é in the source
    root = make_project(seeds={"decomposed.txt": seed}, briefings={"decomposed-doc.yaml": simple_doc(
        "decomposed.txt", extra="quotes:\n  - speaker: ada-vance\n    text: met the caf\u00e9 owners\n    cite: 2\n")})
    quote, = [q for q in corpus_of(root).actors["ada-vance"].quotes if q.source == "decomposed-doc"]
    assert quote.text == "met the caf\u00e9 owners"


# What the health check adds when the base briefing's seed cannot be read: nothing else
# mentions Ada Vance or gives an account of the Lakeside talks.
UNREAD_BASE_BRIEFING = ["briefings/registry/actors.yaml:7:3: warning: unused-actor",
                        "briefings/registry/events.yaml:2:3: warning: unused-event"]


def test_a_missing_seed_is_reported_with_the_closest_name(make_project):
    root = make_project(briefings=alpha("seed: alpha.txt\n", "seed: alpha.text\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:1:7: missing-seed", *UNREAD_BASE_BRIEFING]
    assert "did you mean 'alpha.txt'?" in messages_of(root)[0]


@pytest.mark.parametrize("seed", ["../alpha.txt", "../../etc/passwd", "sub/alpha.txt", ".alpha.txt",
                                  "..\\alpha.txt", "/etc/passwd"])
def test_a_seed_must_be_a_file_name_inside_seeds(make_project, seed):
    root = make_project(briefings=alpha("seed: alpha.txt\n", f"seed: '{seed}'\n"),
                        files={"alpha.txt": "outside the seeds folder\n"})
    assert problems_of(root) == ["briefings/alpha-statement.yaml:1:7: bad-seed-path", *UNREAD_BASE_BRIEFING]


def test_a_seed_summarised_twice_is_reported(make_project):
    root = make_project(briefings={"zulu-copy.yaml": ALPHA_BRIEFING})
    assert "briefings/zulu-copy.yaml:1:7: duplicate-seed" in problems_of(root)


# ---------------------------------------------------------------- back-references

def test_back_references_from_actors_to_events_and_mentions(make_project):
    corpus = corpus_of(make_project())
    vance, norland = corpus.actors["ada-vance"], corpus.actors["norland"]
    assert vance.events == ("lakeside-talks-2020",)        # a participant
    assert norland.events == ("lakeside-talks-2020",)      # the host
    assert [(m.source, m.paragraphs, m.role) for m in vance.mentions] == [("alpha-statement", (3,), "Minister")]
    # Norland is not listed under actors:, but hosts the event; its names are found in ¶2 and ¶5,
    # and "Republic of Norland" (¶5) is matched whole rather than as "Norland".
    assert [(m.source, m.paragraphs, m.role) for m in norland.mentions] == [("alpha-statement", (2, 5), None)]
    assert vance.affiliation == ("norland",) and norland.affiliates == ("ada-vance",)
    assert [q.text for q in vance.quotes] == ["We will keep talking until there is peace."]
    assert vance.sources == ("alpha-statement",)


def test_mentions_found_by_alias_search_add_to_the_cited_paragraphs(make_project):
    root = make_project(briefings=alpha("    role: Minister\n    cite: 3\n", "    role: Minister\n    cite: 1\n"))
    corpus = corpus_of(root)
    assert corpus.actors["ada-vance"].mentions[0].paragraphs == (1, 3)


def test_names_in_boilerplate_paragraphs_are_not_mentions(make_project):
    root = make_project(briefings=alpha("quotes:\n", "boilerplate: [5]\nquotes:\n"))
    assert corpus_of(root).actors["norland"].mentions[0].paragraphs == (2,)


def test_an_actor_whose_names_never_occur_gets_a_warning(make_project):
    root = make_project(
        registry={"more.yaml": "actors:\n  ghost:\n    name: Ghost\n    kind: person\n    description: Absent.\n"},
        briefings=alpha("actors:\n", "actors:\n  - actor: ghost\n"))
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None
    assert [(p.code, p.severity) for p in problems] == [("mention-not-found", "warning")]


def test_event_back_references_accounts_participants_and_quotes(make_project):
    event = corpus_of(make_project()).events["lakeside-talks-2020"]
    assert [a.source for a in event.accounts] == ["alpha-statement"]
    assert event.hosts == ("norland",) and event.source_hosts == ("norland",)
    # the account's host is a participant whose part is host, cited where the text names it
    assert [(p.actor, p.part, p.role, p.paragraphs) for p in event.participants] == [
        ("norland", "host", None, (2,)), ("ada-vance", "participant", "Minister", (3,))]
    assert [q.speaker for q in event.quotes] == ["ada-vance"]
    assert event.sources == ("alpha-statement",)


EVENTS_WITH_RELATIONS = dedent("""
    events:
      lakeside-talks-2020:
        title: Lakeside talks
        kind: negotiations
        date: {value: "2020-07-09"}
        part_of: lakeside-process
        description: Talks at the lake.
      lakeside-follow-up-2021:
        title: Follow-up talks
        kind: meeting
        date: {value: "2021"}
        related: [lakeside-talks-2020]
        description: One year later.
      lakeside-process:
        title: Lakeside process
        kind: process
        description: The process.
      unrelated-2019:
        title: Something else
        kind: other
        description: Not related.
    """)


def test_related_events_link_both_ways_and_part_of_counts_as_related(make_project):
    corpus = corpus_of(make_project(registry={"events.yaml": EVENTS_WITH_RELATIONS}))
    events = corpus.events
    assert "lakeside-talks-2020" in events["lakeside-follow-up-2021"].related
    assert "lakeside-follow-up-2021" in events["lakeside-talks-2020"].related
    assert "lakeside-process" in events["lakeside-talks-2020"].related
    assert "lakeside-talks-2020" in events["lakeside-process"].related
    assert events["lakeside-talks-2020"].part_of == "lakeside-process"
    assert events["unrelated-2019"].related == ()


def test_an_event_part_of_a_negotiating_format_is_among_that_actors_events(make_project):
    # The event page says "Part of: Lakeside format" and links to the actor; the actor's
    # page must link back, as every other actor–event link does.
    root = make_project(
        registry={"more.yaml": dedent("""
            actors:
              lakeside-format:
                name: Lakeside format
                kind: negotiating-format
                description: A format for talks.
            events:
              lakeside-round-two:
                title: Second Lakeside round
                kind: meeting
                part_of: lakeside-format
                description: Another round.
            """)})
    corpus = corpus_of(root)
    assert corpus.events["lakeside-round-two"].part_of == "lakeside-format"
    assert "lakeside-round-two" in corpus.actors["lakeside-format"].events


def test_self_references_are_refused(make_project):
    root = make_project(registry={"events.yaml": EVENTS_YAML_SELF})
    assert problems_of(root) == ["briefings/registry/events.yaml:5:14: self-reference"]


EVENTS_YAML_SELF = dedent("""
    events:
      lakeside-talks-2020:
        title: Lakeside talks
        kind: negotiations
        part_of: lakeside-talks-2020
        description: Talks at the lake.
    """)


# ---------------------------------------------------------------- all problems at once

def test_every_problem_in_every_file_is_reported_in_one_run(make_project, validate):
    root = make_project(
        registry={"events.yaml": EVENTS_YAML_UNKNOWN_HOST},
        briefings={
            **alpha("  - actor: ada-vance\n", "  - actor: nobody\n"),
            "broken.yaml": "seed: x\ntitle: [unclosed\n",
            "typo-doc.yaml": ALPHA_BRIEFING.replace("seed: alpha.txt", "seed: beta.txt")
                                           .replace("summary:", "sumary:"),
        },
        seeds={"beta.txt": "One.\n\nTwo.\n"})
    result = validate(root)
    assert result.exit_code == 1
    files = {line.split(":")[0] for line in result.problem_lines}
    assert files == {"briefings/alpha-statement.yaml", "briefings/broken.yaml",
                     "briefings/typo-doc.yaml", "briefings/registry/events.yaml"}
    assert "briefings/alpha-statement.yaml:11:12: unknown-actor" in result.problem_lines
    assert "briefings/registry/events.yaml:5:11: unknown-actor" in result.problem_lines
    assert any(line.endswith("yaml-syntax") for line in result.problem_lines)
    assert "briefings/typo-doc.yaml:6:1: unknown-field" in result.problem_lines
    # a schema error does not hide the citation checks of the same file
    assert "briefings/typo-doc.yaml:13:11: citation-out-of-range" in result.problem_lines
    errors = len([line for line in result.problem_lines if ": warning: " not in line])
    assert f"Error: {errors} errors in the briefings; nothing was built" in result.stderr
    assert result.problem_lines == sorted(result.problem_lines, key=_by_place)


def _by_place(line: str):
    path, line_no, col, _ = line.split(":", 3)
    return path, int(line_no), int(col)


EVENTS_YAML_UNKNOWN_HOST = dedent("""
    events:
      lakeside-talks-2020:
        title: Lakeside talks
        kind: negotiations
        host: nowhere
        description: Talks at the lake.
    """)


# ---------------------------------------------------------------- roles over time

def test_roles_are_listed_in_the_order_of_the_sources_dates(make_project):
    # File names in one order, publication dates in another, precisions mixed.
    root = make_project(
        seeds={"s1.txt": "Ada Vance spoke.\n", "s2.txt": "Ada Vance spoke.\n", "s3.txt": "Ada Vance spoke.\n"},
        briefings={
            "alpha-statement.yaml": None,
            "a-latest.yaml": simple_doc("s1.txt", published="2021", role="Former minister"),
            "b-earliest.yaml": simple_doc("s2.txt", published="2019-05", role="Deputy minister"),
            "c-middle.yaml": simple_doc("s3.txt", published="2020-07-10", role="Minister"),
        })
    corpus = corpus_of(root)
    mentions = corpus.actors["ada-vance"].mentions
    assert [(m.source, m.role) for m in mentions] == [
        ("b-earliest", "Deputy minister"), ("c-middle", "Minister"), ("a-latest", "Former minister")]


def test_a_year_sorts_before_the_days_within_it(make_project):
    root = make_project(
        seeds={"s1.txt": "Ada Vance spoke.\n", "s2.txt": "Ada Vance spoke.\n"},
        briefings={"alpha-statement.yaml": None,
                   "a-day.yaml": simple_doc("s1.txt", published="2020-03-05", role="B"),
                   "b-year.yaml": simple_doc("s2.txt", published="2020", role="A")})
    assert [m.role for m in corpus_of(root).actors["ada-vance"].mentions] == ["A", "B"]


# ---------------------------------------------------------------- disagreements

BETA_SEED = dedent("""
    Report on the Lakeside talks

    The talks took place in Lausanne on 12 July 2020, by video link.

    Delegates of 15 countries took part; Ada Vance hosted.
    """)


def beta_account(date='{value: "2020-07-12"}', place="Lausanne", host="ada-vance", count=15,
                 fmt: str | None = None) -> str:
    text = "  - event: lakeside-talks-2020\n    says: Held in Lausanne.\n"
    if date:
        text += f"    date: {date}\n"
    if place:
        text += f"    place: {place}\n"
    if fmt:
        text += f"    format: {fmt}\n"
    if host:
        text += f"    host: {host}\n"
    if count is not None:
        text += f"    counts:\n      - {{value: {count}, of: Countries, cite: 3}}\n"
    return text + "    cite: [2, 3]\n"


def two_sources(make_project, *, alpha_edit=("", ""), beta_seed=BETA_SEED, **beta):
    briefings = {"beta-report.yaml": simple_doc("beta.txt", published="2020-07-13", account=beta_account(**beta))}
    if alpha_edit[0]:
        briefings.update(alpha(*alpha_edit))
    return corpus_of(make_project(seeds={"beta.txt": beta_seed}, briefings=briefings))


def test_conflicting_dates_places_hosts_and_counts_are_each_found(make_project):
    corpus = two_sources(make_project)
    found = {d.field: d for d in corpus.disagreements}
    assert set(found) == {"date", "place", "host", "number of countries"}
    assert all(d.event == "lakeside-talks-2020" for d in corpus.disagreements)
    assert corpus.events["lakeside-talks-2020"].disagreements == corpus.disagreements
    date_claims = {(c.source, c.value, c.paragraphs) for c in found["date"].claims}
    assert date_claims == {("alpha-statement", "9 July 2020", (2, 4)), ("beta-report", "12 July 2020", (2, 3))}
    assert {c.value for c in found["place"].claims} == {"Geneva", "Lausanne"}
    assert {c.value for c in found["host"].claims} == {"Republic of Norland", "Ada Vance"}  # names, not ids
    assert {c.value for c in found["number of countries"].claims} == {"12 countries", "15 Countries"}


def test_accounts_that_can_both_be_right_do_not_disagree(make_project):
    # (each count is given by its own source: the beta report says 12 here too)
    corpus = two_sources(make_project, date='{value: "2020-07"}', place="' geneva'", host="Republic of Norland",
                         count=12, beta_seed=BETA_SEED.replace("15 countries", "12 countries"))
    assert corpus.disagreements == ()


@pytest.mark.parametrize("date, disagree", [
    ('{value: "2020-07-12", qualifier: about}', False),   # within a week of 9 July
    ('{value: "2020-07-20", qualifier: about}', True),
    ('{value: "2020-07-09", qualifier: before}', False),  # bounds are inclusive
    ('{value: "2020-07-08", qualifier: before}', True),
    ('{value: "2020-07-10", qualifier: after}', True),
    ('{value: "2020"}', False),
    ('{value: "2020-07-08", end: "2020-07-10"}', False),
    ('{value: "2020-06"}', True),
])
def test_dates_disagree_only_when_no_day_fits_both(make_project, date, disagree):
    corpus = two_sources(make_project, date=date, place=None, host=None, count=None)
    assert [d.field for d in corpus.disagreements] == (["date"] if disagree else [])


def test_conflicting_formats_are_found(make_project):
    corpus = two_sources(make_project, date=None, place=None, host=None, count=None, fmt="video",
                         alpha_edit=("    place: Geneva\n", "    place: Geneva\n    format: in-person\n"))
    assert [d.field for d in corpus.disagreements] == ["format"]


def test_find_disagreements_on_accounts_directly():
    def account(source, **data):
        return Account(source, "e", EventAccount(event="e", says="x", cite=[1], **data), (), ())
    accounts = (account("a", date={"value": "2020-07-09"}, counts=[{"value": 27, "of": "countries", "cite": 1}]),
                account("b", date={"value": "2020-07-10"}, counts=[{"value": 27, "of": "countries", "cite": 1}]))
    found = list(find_disagreements("e", accounts))
    assert [d.field for d in found] == ["date"]
    assert [c.value for c in found[0].claims] == ["9 July 2020", "10 July 2020"]
