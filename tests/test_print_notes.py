"""Print footnotes, without a PDF: how notes are numbered, titled, shortened and collapsed."""

from __future__ import annotations

from types import SimpleNamespace

from markupsafe import Markup

from briefbook.corpus.models import DateSpec
from briefbook.publish.footnotes import Notes, paragraph_runs, short_titles


def corpus_of(**titles: str):
    sources = {sid: SimpleNamespace(briefing=SimpleNamespace(title=t, language="en"), date=DateSpec(value="2020-07-09"))
               for sid, t in titles.items()}
    return SimpleNamespace(sources=sources, date_of=lambda sid: sources[sid].date)


def notes_for(corpus) -> Notes:
    return Notes(corpus, lambda s, n: f"{s}-p{n}", lambda code, text=None: Markup(f' lang="{code}"'),
                 short_titles(corpus))


def test_three_or_more_paragraphs_in_a_row_read_as_a_range():
    assert paragraph_runs([9, 2, 3, 4, 5]) == [(2, 5), (9, 9)]
    assert paragraph_runs([3, 4]) == [(3, 3), (4, 4)]
    assert paragraph_runs([7, 7]) == [(7, 7)]


def test_a_short_title_ends_on_a_word_that_carries_meaning_and_is_unique():
    corpus = corpus_of(a="Virtual conferences of understanding on peace negotiations in Afghanistan",
                       b="Joint statement of the ministers on the talks of July",
                       c="Joint statement of the ministers on the talks of August",
                       d="Short title only")
    short = short_titles(corpus)
    assert short["a"] == "Virtual conferences of understanding…"
    assert short["b"] == corpus.sources["b"].briefing.title  # b and c would read the same: full titles
    assert short["c"] == corpus.sources["c"].briefing.title
    assert short["d"] == "Short title only"


def test_the_first_note_of_a_source_has_its_full_title_and_date_the_next_its_short_title():
    notes = notes_for(corpus_of(a="Virtual conferences of understanding on peace negotiations in Afghanistan"))
    first, second = notes.cite("a", [3]), notes.cite("a", [4, 5, 6])
    assert "Virtual conferences of understanding on peace negotiations in Afghanistan</bdi>, 9 July 2020, " in first
    assert 'data-n="1"' in first and 'data-n="2"' in second
    assert "Virtual conferences of understanding…</bdi>, " in second and "2020" not in second
    assert '¶\u00a0<a href="#a-p4">4</a>–<a href="#a-p6">6</a>' in second


def test_the_same_citation_twice_in_a_row_is_one_note_called_twice():
    notes = notes_for(corpus_of(a="A source"))
    notes.cite("a", [3])
    again = notes.cite("a", (3,))
    assert 'class="fnref"' in again and 'href="#fn-1"' in again and 'class="fn"' not in again
    notes.cite("a", [4])
    assert 'data-n="3"' in notes.cite("a", [3])  # not in a row any more: a note of its own
    assert notes.count == 3


def test_the_same_reasoning_later_points_back_to_its_note():
    notes = notes_for(corpus_of(a="A source"))
    first = notes.inferred("The release reports the conference as past.")
    notes.cite("a", [1])
    later = notes.inferred("The release  reports the conference as past.")
    assert 'class="fn"' in first and "Inferred: The release reports the conference as past." in first
    assert "see <a href=\"#fn-1\">note\u00a01</a>" in later and 'class="fn"' not in later


def test_a_title_is_escaped_and_isolated_in_its_language():
    corpus = corpus_of(a="<b>كلمة</b> لافروف")
    corpus.sources["a"].briefing.language = "ar"
    note = notes_for(corpus).cite("a", [1])
    assert '<bdi lang="ar">&lt;b&gt;كلمة&lt;/b&gt; لافروف</bdi>' in note


def test_where_the_reasoning_belongs_it_is_given_again_in_full():
    notes = notes_for(corpus_of(a="A source"))
    notes.inferred("No date is printed.")
    notes.cite("a", [1])
    again = notes.inferred("No date is printed.", fresh=True)  # the source's own date, in its section
    assert 'class="fn"' in again and "Inferred: No date is printed." in again and 'data-n="3"' in again
    notes.cite("a", [2])
    later = notes.inferred("No date is printed.")
    assert "see" in later and "note\u00a03" in later  # later ones point to the latest full note
