"""The data model: strict types, unknown fields refused with a hint, dates checked on the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from briefbook.corpus.models import Briefing, Count, DateSpec, EventAccount, PlaceSpec, Quote, Registry
from conftest import ALPHA_BRIEFING


# ---------------------------------------------------------------- through `validate`: codes and hints

def test_unknown_field_is_reported_at_its_key_with_a_suggestion(make_project, validate):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        "language: en\n", "language: en\ndate_line: Geneva\n")})
    result = validate(root)
    assert result.exit_code == 1
    assert result.problem_lines == ["briefings/alpha-statement.yaml:6:1: unknown-field"]
    assert "unknown field 'date_line'; did you mean 'dateline'?" in result.stderr


def test_unknown_field_in_a_nested_model_suggests_from_that_model(make_project, validate):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        "    role: Minister\n    cite: 3\n", "    role: Minister\n    cites: 3\n")})
    result = validate(root)
    assert result.problem_lines == ["briefings/alpha-statement.yaml:13:5: unknown-field"]
    assert "did you mean 'cite'?" in result.stderr


def test_a_misspelt_required_field_is_unknown_and_the_field_is_missing(make_project, validate):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        "summary:", "summmary:")})
    result = validate(root)
    assert sorted(result.codes()) == ["missing-field", "unknown-field"]
    assert "did you mean 'summary'?" in result.stderr


@pytest.mark.parametrize("old, new, where", [
    ("title: Joint statement on the Lakeside talks\n", "title: 2020\n", "2:8"),
    ("    cite: 2\n", "    cite: two\n", "9:11"),
    ("key_points:\n  - text: Talks were held in Geneva.\n    cite: 2\n", "key_points: Talks.\n\n\n", "7:13"),
    ("    role: Minister\n    cite: 3\n", "    role: [Minister]\n    cite: 3\n", "12:11"),
])
def test_a_value_of_the_wrong_type_is_reported_where_it_is(make_project, validate, old, new, where):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(old, new)})
    result = validate(root)
    assert result.problem_lines == [f"briefings/alpha-statement.yaml:{where}: wrong-type"]


def test_a_value_not_in_the_list_suggests_the_closest_allowed_one(make_project, validate):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        "kind: statement\n", "kind: statment\n")})
    result = validate(root)
    assert result.problem_lines == ["briefings/alpha-statement.yaml:3:7: bad-value"]
    assert "'statment' is not allowed; did you mean 'statement'?" in result.stderr


def test_an_impossible_date_is_reported_at_the_date(make_project, validate):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        'published: {value: "2020-07-10"}', 'published: {value: "2021-02-30"}')})
    result = validate(root)
    assert result.problem_lines == ["briefings/alpha-statement.yaml:4:20: bad-date"]
    assert "February 2021 has 28 days, not 30" in result.stderr


# ---------------------------------------------------------------- the models themselves

@pytest.mark.parametrize("value", ["2021-02-29", "2020-02-30", "2020-13", "2020-00", "2020-04-31",
                                   "2020-7-9", "20", "2020/07/09", "9 July 2020", "2020-07-09T10:00"])
def test_impossible_or_malformed_dates_are_refused(value):
    with pytest.raises(ValidationError):
        DateSpec(value=value)


@pytest.mark.parametrize("value", ["2020-02-29", "2000-02-29", "2020-12-31", "2020-01", "0001"])
def test_real_dates_are_accepted(value):
    assert DateSpec(value=value).value == value


@pytest.mark.parametrize("value, precision", [("2020", "year"), ("2020-07", "month"), ("2020-07-09", "day")])
def test_precision_is_how_much_of_the_date_is_written(value, precision):
    assert DateSpec(value=value).precision == precision


@pytest.mark.parametrize("value, end", [
    ("2020-11-24", "2020-11-23"),  # before
    ("2020-11-24", "2020-11-24"),  # not after
    ("2020-11", "2020-11-30"),     # not the same precision
    ("2020", "2019"),
])
def test_a_range_must_end_after_it_starts_at_the_same_precision(value, end):
    with pytest.raises(ValidationError):
        DateSpec(value=value, end=end)


def test_an_impossible_end_date_is_refused():
    with pytest.raises(ValidationError, match="30"):
        DateSpec(value="2021-02-01", end="2021-02-30")


@pytest.mark.parametrize("model, data", [
    (DateSpec, {"value": "2020", "inferred": True}),
    (PlaceSpec, {"name": "Kabul", "inferred": True}),
])
def test_an_inferred_value_needs_a_basis(model, data):
    with pytest.raises(ValidationError, match="basis"):
        model(**data)
    assert model(**data, basis="the dateline says so").inferred is True


@pytest.mark.parametrize("value, end, lo, hi", [
    ("2020", None, date(2020, 1, 1), date(2020, 12, 31)),
    ("2020-02", None, date(2020, 2, 1), date(2020, 2, 29)),
    ("2021-02", None, date(2021, 2, 1), date(2021, 2, 28)),
    ("2020-07-09", None, date(2020, 7, 9), date(2020, 7, 9)),
    ("2020-11-23", "2020-11-24", date(2020, 11, 23), date(2020, 11, 24)),
    ("2020-07", "2020-09", date(2020, 7, 1), date(2020, 9, 30)),
    ("2017", "2019", date(2017, 1, 1), date(2019, 12, 31)),
])
def test_bounds_are_the_first_and_last_day_the_date_can_mean(value, end, lo, hi):
    assert DateSpec(value=value, end=end).bounds() == (lo, hi)


def test_interval_widens_with_the_qualifier():
    assert DateSpec(value="2017-06-06", qualifier="before").interval() == (date.min, date(2017, 6, 6))
    assert DateSpec(value="2017-06", qualifier="after").interval() == (date(2017, 6, 1), date.max)
    assert DateSpec(value="2017-06-06", qualifier="about").interval() == (date(2017, 5, 30), date(2017, 6, 13))
    assert DateSpec(value="2017-06-06").interval() == (date(2017, 6, 6), date(2017, 6, 6))


def test_models_are_strict_no_coercion():
    with pytest.raises(ValidationError):
        DateSpec(value="2020", inferred="yes", basis="x")
    with pytest.raises(ValidationError):
        Count(value="12", of="countries", cite=[1])
    with pytest.raises(ValidationError):
        Count(value=True, of="countries", cite=[1])  # a boolean is not a number
    with pytest.raises(ValidationError):
        DateSpec(value=2020)


def test_one_citation_or_a_list():
    assert Count(value=3, of="x", cite=4).cite == [4]
    assert Count(value=3, of="x", cite=[4, 5]).cite == [4, 5]
    with pytest.raises(ValidationError):
        Count(value=3, of="x", cite=0)  # paragraphs are numbered from 1
    with pytest.raises(ValidationError):
        Count(value=-1, of="x", cite=1)


def test_required_citations_cannot_be_empty():
    with pytest.raises(ValidationError):
        Quote(speaker="a", text="words", cite=[])
    with pytest.raises(ValidationError):
        EventAccount(event="e", says="x", cite=[])


def test_place_may_be_written_as_a_bare_name():
    account = EventAccount(event="e", says="x", cite=1, place="Kabul")
    assert account.place == PlaceSpec(name="Kabul")


def test_unknown_fields_are_refused_everywhere():
    with pytest.raises(ValidationError):
        DateSpec(value="2020", precision="year")
    with pytest.raises(ValidationError):
        Registry(actors={}, people={})


@pytest.mark.parametrize("language, ok", [("en", True), ("fa", True), ("en-GB", True), ("eng", True),
                                          ("NO", False), ("English", False), ("e", False), ("", False)])
def test_language_is_a_lowercase_code(language, ok):
    data = {"seed": "a.txt", "title": "t", "kind": "report", "language": language, "summary": "s",
            "key_points": [{"text": "k", "cite": 1}]}
    if ok:
        assert Briefing.model_validate(data).language == language
    else:
        with pytest.raises(ValidationError):
            Briefing.model_validate(data)


@pytest.mark.parametrize("entry_id", ["Kabul", "kabul_process", "-kabul", "kabul--process", "kabul process", "x" * 81])
def test_registry_ids_are_lowercase_kebab_case(entry_id):
    entry = {"name": "n", "kind": "state", "description": "d"}
    with pytest.raises(ValidationError):
        Registry.model_validate({"actors": {entry_id: entry}})


def test_briefing_needs_at_least_one_key_point():
    data = {"seed": "a.txt", "title": "t", "kind": "report", "language": "en", "summary": "s", "key_points": []}
    with pytest.raises(ValidationError):
        Briefing.model_validate(data)
