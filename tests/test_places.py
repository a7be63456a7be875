"""Issue 14: places are things with identities. A `places:` registry gives each place its names in every
script; accounts and datelines refer to them; disagreements compare places by identity; a place the
registry does not know is a clear problem with a suggestion."""

from __future__ import annotations

from briefbook import Project, build_corpus
from conftest import ALPHA_BRIEFING, EVENTS_YAML, dedent

BETA_SEED = "بيان\n\nعقدت محادثات البحيرة في جنيف.\n"


def _beta(place: str, dateline: str | None = None) -> str:
    return dedent(f"""
        seed: beta.txt
        title: بيان
        kind: statement
        language: ar
        summary: A statement.
        key_points:
          - text: The talks were held.
            cite: 2
        events:
          - event: lakeside-talks-2020
            says: The talks were held.
            place: {place}
            cite: 2
        """) + (f"dateline: {dateline}\n" if dateline else "")


PLACES = dedent("""
    places:
      doha:
        name: Doha
        aliases: [الدوحة, Доха]
      geneva:
        name: Geneva
        aliases: [جنيف, Женева]
      kabul:
        name: Kabul
""")


def _project(make_project, place: str, places: str | None = PLACES, dateline: str | None = None,
             name: str = "project"):
    """The base project (its account: `place: Geneva`) and an Arabic statement on the same talks."""
    assert "    place: Geneva\n" in ALPHA_BRIEFING
    registry = {"places.yaml": places} if places else {}
    return make_project(name=name, seeds={"beta.txt": BETA_SEED}, registry=registry,
                        briefings={"beta.yaml": _beta(place, dateline)})


def test_the_same_place_in_two_scripts_is_no_disagreement(make_project):
    corpus, problems = build_corpus(Project(_project(make_project, "جنيف")))
    assert corpus is not None, [str(p) for p in problems]
    event = corpus.events["lakeside-talks-2020"]
    assert {a.source: a.place for a in event.accounts} == {"alpha-statement": "geneva", "beta": "geneva"}
    assert not [d for d in event.disagreements if d.field == "place"]


def test_without_a_places_registry_the_names_are_compared_as_written(make_project):
    corpus, _ = build_corpus(Project(_project(make_project, "جنيف", places=None)))
    assert [d.field for d in corpus.events["lakeside-talks-2020"].disagreements] == ["place"]


def test_two_different_places_still_disagree_whatever_the_script(make_project):
    corpus, problems = build_corpus(Project(_project(make_project, "الدوحة")))
    assert corpus is not None, [str(p) for p in problems]
    (found,) = [d for d in corpus.events["lakeside-talks-2020"].disagreements if d.field == "place"]
    assert {c.value for c in found.claims} == {"Geneva", "الدوحة"}  # shown as each source writes it


def test_a_place_in_the_case_the_source_gives_it_is_the_registered_place(make_project):
    corpus, problems = build_corpus(Project(_project(make_project, "Женеве", dateline="بالدوحة")))
    assert corpus is not None, [str(p) for p in problems]
    assert {a.place for a in corpus.events["lakeside-talks-2020"].accounts} == {"geneva"}
    assert corpus.sources["beta"].dateline == "doha"


def test_an_unknown_place_is_an_error_at_its_line_with_a_suggestion(make_project, validate):
    result = validate(_project(make_project, "Genevaa"))
    assert result.exit_code != 0
    assert "briefings/beta.yaml:12:12: unknown-place" in result.problem_lines
    assert "no place 'Genevaa' in the registry; did you mean 'geneva'?" in result.stderr
    result = validate(_project(make_project, "Herat", name="other"))
    assert "add it to a registry file's places" in result.stderr and "'Herat'" in result.stderr


def test_a_registry_event_place_and_a_dateline_are_checked_too(make_project, validate):
    events = EVENTS_YAML.replace("place: Geneva", "place: Lausanne")
    root = make_project(registry={"places.yaml": PLACES, "events.yaml": events},
                        briefings={"alpha-statement.yaml": ALPHA_BRIEFING + "dateline: Atlantis\n"})
    result = validate(root)
    assert any(line.startswith("briefings/registry/events.yaml:") and line.endswith("unknown-place")
               for line in result.problem_lines), result.problem_lines
    assert any(line.startswith("briefings/alpha-statement.yaml:") and line.endswith("unknown-place")
               for line in result.problem_lines), result.problem_lines


def test_the_bundled_corpus_names_every_place_by_identity(real):
    _, corpus = real
    assert corpus.places  # the bundled registry has places
    for event in corpus.events.values():
        assert event.entry.place is None or event.place in corpus.places
        for account in event.accounts:
            assert account.data.place is None or account.place in corpus.places
    for source in corpus.sources.values():
        assert source.briefing.dateline is None or source.dateline in corpus.places
