"""Class 3 of issue 12: a mention is a whole name. A registered name inside a longer run of name words
("Ghani" in "Mullah Abdul Ghani Baradar") is no mention; the longer run is reported as unregistered.

Precision first: a wrong mention is worse than a missed one. The passages are written for the test, each
paragraph one near-collision, so that the paragraphs found for each actor say exactly what matched.
"""

from __future__ import annotations

import pytest

from briefbook import Project, build_corpus
from conftest import dedent

SEED = dedent("""
    Talks on the peace process

    President Ashraf Ghani opened the talks.

    Mullah Abdul Ghani Baradar led the Taliban delegation.

    Critics of the Ghani government spoke.

    Ghani's envoy arrived late.

    Ghani, Abdullah and Baradar met at noon.

    Abdul Ghani Baradar left the next day.

    Acting Minister-Designate of Foreign Affairs Atmar answered.

    Ambassador-at-Large Ghani was not there.

    Special Envoy Atmar Rahimi spoke for the Taliban.
""")
# ¶:  1 title  2 title+full name  3 Baradar  4 "the Ghani government"  5 possessive  6 list
#     7 Baradar again (sentence start)  8 a title chain  9 a hyphenated title listed in not_actors
#     10 a longer unregistered name holding "Atmar"

REGISTRY = {"people.yaml": dedent("""
    not_actors:
      - Ambassador-at-Large
    actors:
      ashraf-ghani:
        name: Ashraf Ghani
        kind: person
        aliases: [Ghani]
        description: A president.
      abdullah:
        name: Abdullah Abdullah
        kind: person
        aliases: [Abdullah]
        description: A chairman.
      atmar:
        name: Mohammad Haneef Atmar
        kind: person
        aliases: [Atmar]
        description: A minister.
      taliban:
        name: Taliban
        kind: armed-group
        description: An armed group.
""")}

BRIEFING = dedent("""
    seed: talks.txt
    title: Talks on the peace process
    kind: report
    language: en
    summary: Talks.
    key_points:
      - text: Talks were held.
        cite: 1
    actors:
      - actor: ashraf-ghani
      - actor: abdullah
      - actor: atmar
      - actor: taliban
""")


@pytest.fixture
def talks(make_project):
    root = make_project(seeds={"talks.txt": SEED}, registry=REGISTRY, briefings={"talks.yaml": BRIEFING})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    found = dict(corpus.sources["talks"].mentions)
    return {actor: set(m.paragraphs) for actor, m in found.items()}, [str(p) for p in problems]


def test_a_name_inside_a_longer_name_is_no_mention(talks):
    found, _ = talks
    assert 3 not in found["ashraf-ghani"] and 7 not in found["ashraf-ghani"]


def test_titles_possessives_lists_and_lowercase_neighbours_still_name_the_actor(talks):
    found, _ = talks
    assert found["ashraf-ghani"] == {2, 4, 5, 6, 9}
    assert found["abdullah"] == {6}
    assert found["atmar"] == {8}
    assert found["taliban"] == {3, 10}


def test_the_longer_name_is_reported_as_unregistered_saying_what_it_holds(talks):
    _, problems = talks
    unregistered = [p for p in problems if "unregistered-name" in p]
    assert any("'Abdul Ghani Baradar' (¶ 3, 7 of talks.txt)" in p and "holds a name of 'ashraf-ghani'" in p
               for p in unregistered), unregistered
    assert any("'Atmar Rahimi' (¶ 10 of talks.txt)" in p and "holds a name of 'atmar'" in p
               for p in unregistered), unregistered
    # the registered names themselves are never reported as unregistered
    assert not any(f"'{name}' (" in p for p in unregistered for name in ("Ghani", "Atmar", "Taliban", "Abdullah"))


def test_registering_the_longer_name_makes_it_the_mention(make_project):
    registry = {"people.yaml": REGISTRY["people.yaml"] + (
        "  abdul-ghani-baradar:\n    name: Abdul Ghani Baradar\n    kind: person\n"
        "    aliases: [Baradar]\n    description: A Taliban leader.\n")}
    root = make_project(seeds={"talks.txt": SEED}, registry=registry,
                        briefings={"talks.yaml": BRIEFING + "  - actor: abdul-ghani-baradar\n"})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    found = {a: set(m.paragraphs) for a, m in corpus.sources["talks"].mentions}
    assert found["abdul-ghani-baradar"] == {3, 6, 7}
    assert 3 not in found["ashraf-ghani"] and 7 not in found["ashraf-ghani"]
    assert not any("Abdul Ghani Baradar" in str(p) for p in problems)
