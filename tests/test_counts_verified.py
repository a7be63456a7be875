"""Class 1 of issue 12 (counts): the number a count gives appears in its cited paragraphs, as digits or words."""

from __future__ import annotations

import pytest

from conftest import ALPHA_SEED
from test_resolve import alpha, corpus_of, messages_of, problems_of

COUNT = "      - {value: 12, of: countries, cite: 4}\n"


def test_a_count_the_cited_paragraph_does_not_give_is_an_error_at_the_count(make_project):
    # the seed says 12; "27 countries" changed to "72" is the same mistake the other way round
    root = make_project(briefings=alpha(COUNT, "      - {value: 21, of: countries, cite: 4}\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:24:17: count-not-in-source"]
    assert "the number 21 ('countries') is not given in alpha.txt paragraph 4" in messages_of(root)[0]


def test_a_count_citing_the_wrong_paragraph_is_an_error(make_project):
    root = make_project(briefings=alpha(COUNT, "      - {value: 12, of: countries, cite: 2}\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:24:17: count-not-in-source"]


def test_a_seed_edited_under_its_count_is_caught(make_project):
    root = make_project(seeds={"alpha.txt": ALPHA_SEED.replace("12 countries", "72 countries")})
    assert "count-not-in-source" in " ".join(problems_of(root))


@pytest.mark.parametrize("phrase, value", [
    ("twenty countries", 20), ("more than four thousand countries", 4000), ("5,000 countries", 5000),
    ("twenty-seven countries", 27), ("a dozen countries", 12), ("Three countries", 3),
    ("one hundred and five countries", 105),
])
def test_a_count_given_in_words_or_grouped_digits_is_verified(make_project, phrase, value):
    root = make_project(seeds={"alpha.txt": ALPHA_SEED.replace("12 countries", phrase)},
                        briefings=alpha(COUNT, f"      - {{value: {value}, of: countries, cite: 4}}\n"))
    corpus = corpus_of(root)
    assert corpus.events["lakeside-talks-2020"].accounts[0].data.counts[0].value == value


def test_a_language_whose_number_words_are_not_read_gets_a_warning_not_an_error(make_project):
    root = make_project(seeds={"alpha.txt": ALPHA_SEED.replace("12 countries", "dwanaście countries")},
                        briefings=alpha("language: en\n", "language: pl\n"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:24:17: warning: count-not-checked"]


def test_a_count_in_a_briefing_whose_language_failed_validation_is_checked_on_digits(make_project):
    """Found by the fuzz test: a damaged `language` left the salvaged briefing without one, and
    reading its counts crashed instead of reporting the bad language."""
    from conftest import invoke
    root = make_project()
    path = next((root / "briefings").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("language: en", "language: n", 1), encoding="utf-8")
    result = invoke("validate", "--project", str(root))
    assert result.exit_code == 1
    assert "language" in result.stderr and "Traceback" not in result.stderr
