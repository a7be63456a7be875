"""Languages (issue 14): lang/dir attributes for each piece of text, a quote's language and translation, dates
as the source writes them (read in ru/ar/fa/ps/en, Solar Hijri converted) and checked against their value."""

from __future__ import annotations

import json
import re

import pytest

from conftest import dedent, invoke

from briefbook.corpus.dates_written import parse_written_date
from briefbook.publish.languages import direction, lang_attrs, text_direction

# ---------------------------------------------------------------- lang and dir


@pytest.mark.parametrize("code, expected", [
    ("ar", "rtl"), ("fa", "rtl"), ("fa-AF", "rtl"), ("ps", "rtl"), ("ur", "rtl"), ("he", "rtl"),
    ("en", "ltr"), ("ru", "ltr"), ("ko", "ltr"), ("zh", "ltr"), ("az-Arab", "rtl"), ("uz-Latn", "ltr"),
    ("xx", "auto"), ("", "auto"), (None, "auto"), ('en" onload="x', "auto")])
def test_direction_comes_from_the_locale_data_and_the_script_subtag(code, expected):
    assert direction(code) == expected


def test_lang_attrs_give_both_attributes_and_never_an_unsafe_value():
    assert lang_attrs("fa-AF") == ' lang="fa-AF" dir="rtl"'
    assert lang_attrs("ru") == ' lang="ru" dir="ltr"'
    assert lang_attrs('ar"><script>') == ""  # not a language tag: no attribute at all
    assert lang_attrs(None, "عبدالله عبدالله") == ' dir="rtl"'  # the text's script decides, no lang
    assert lang_attrs(None, "12 345") == ""
    assert lang_attrs("xx", "لافروف") == ' lang="xx" dir="rtl"'  # unknown language: the text decides


@pytest.mark.parametrize("text, expected", [("Лавров", "ltr"), ("لافروف", "rtl"), ("۱۳۹۹ قوس", "rtl"),
                                            ("«الدوحة»", "rtl"), ("2020", "auto"), ("", "auto")])
def test_text_direction_is_the_first_strong_character(text, expected):
    assert text_direction(text) == expected


def test_the_arabic_full_text_of_a_source_page_is_marked_right_to_left(tmp_path):
    from multilingual import multilingual_project
    root = multilingual_project(tmp_path / "project")
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    page = (root / "site" / "sources" / "ml-ar-lavrov-2020.html").read_text(encoding="utf-8")
    assert '<div class="bb-fulltext" dir="rtl" lang="ar">' in page or \
        '<div class="bb-fulltext" lang="ar" dir="rtl">' in page
    english = (root / "site" / "sources" / "lavrov-geneva-video-message-2020.html").read_text(encoding="utf-8")
    # the page's own language is the html element's (lang="en"): its full text carries no other
    assert '<html lang="en"' in english and re.search(r'<div class="bb-fulltext">', english)
    # the export carries each quote's language and the analyst's translation
    data = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    quotes = [q for q in data["actors"]["sergey-lavrov"]["quotes"] if q["source"] == "ml-ar-lavrov-2020"]
    assert quotes and quotes[0]["language"] == "ar" and quotes[0]["translation"].startswith("We welcomed")
    published = data["sources"]["ml-fa-peace-talks-2020"]["published"]
    assert published["as_written"] == "۱۳۹۹/۰۹/۰۴" and published["value"] == "2020-11-24"


# ---------------------------------------------------------------- dates as written

@pytest.mark.parametrize("text, language, iso, calendar", [
    ("24 ноября 2020 года", "ru", "2020-11-24", "gregorian"),
    ("24 ноября 2020 г.", "ru", "2020-11-24", "gregorian"),
    ("٢٤ نوفمبر ٢٠٢٠", "ar", "2020-11-24", "gregorian"),
    ("24 تشرين الثاني 2020", "ar", "2020-11-24", "gregorian"),
    ("۱۳۹۹/۰۹/۰۴", "fa-AF", "2020-11-24", "solar-hijri"),
    ("۴ قوس ۱۳۹۹", "fa", "2020-11-24", "solar-hijri"),
    ("۴ آذر ۱۳۹۹", "fa", "2020-11-24", "solar-hijri"),
    ("۱۳۹۹/۰۹/۰۴ ه.ش", None, "2020-11-24", "solar-hijri"),
    ("۱ حمل ۱۴۰۰", "ps", "2021-03-21", "solar-hijri"),
    ("قوس ۱۳۹۹", "fa", "2020", "solar-hijri"),  # a Solar month that spans November and December
    ("حمل ۱۴۰۰", "fa", "2021", "solar-hijri"),
    ("24 November 2020", "en", "2020-11-24", "gregorian"),
    ("November 2020", "en", "2020-11", "gregorian"),
    ("24.11.2020", None, "2020-11-24", "gregorian"),
    ("2020年11月24日", "zh", "2020-11-24", "gregorian"),
    ("2020년 11월 24일", "ko", "2020-11-24", "gregorian"),
])
def test_a_date_as_the_source_writes_it_is_read_with_its_calendar(text, language, iso, calendar):
    found = parse_written_date(text, language)
    assert found is not None and (found.iso, found.calendar) == (iso, calendar)


def test_a_hijri_year_is_not_guessed_without_the_calendar_and_an_impossible_date_is_refused():
    assert parse_written_date("۱۳۹۹/۰۹/۰۴") is None  # Solar or Lunar? the language or a mark must say
    assert parse_written_date("1442/04/09", "ar") is None  # Lunar Hijri: not read
    assert parse_written_date("next Tuesday", "en") is None
    assert parse_written_date("جدی ۱۳۹۹", "fa") is None  # December 2020 to January 2021: no one Gregorian year
    with pytest.raises(ValueError, match="29 days"):
        parse_written_date("30 февраля 2020", "ru")
    with pytest.raises(ValueError):
        parse_written_date("۳۲/۱۳/۱۳۹۹", "fa")


DARI_SEED = "گزارش\n\nکابل، ۱۳۹۹/۰۹/۰۴\n\nمذاکرات صلح ادامه دارد.\n"


def _dari(as_written: str) -> dict:
    return {"dari.yaml": dedent(f"""
        seed: dari.txt
        title: گزارش
        kind: report
        published: {{value: "2020-11-24", as_written: "{as_written}"}}
        language: fa-AF
        summary: A report.
        key_points:
          - text: The talks go on.
            cite: 3
        """)}


def test_a_date_as_written_that_agrees_is_accepted(make_project, validate):
    root = make_project(seeds={"dari.txt": DARI_SEED}, briefings=_dari("۱۳۹۹/۰۹/۰۴"))
    result = validate(root)
    assert result.exit_code == 0, result.stderr
    assert "date-as-written" not in result.stderr


def test_a_date_as_written_that_reads_as_another_day_is_an_error_at_its_line(make_project, validate):
    root = make_project(seeds={"dari.txt": DARI_SEED}, briefings=_dari("۱۳۹۹/۰۹/۰۵"))
    result = validate(root)
    assert result.exit_code != 0
    assert "briefings/dari.yaml:4:46: date-as-written-mismatch" in result.problem_lines  # at the as_written
    line = next(line for line in result.stderr.splitlines() if "date-as-written-mismatch" in line)
    assert "2020-11-25" in line and "solar-hijri 1399/9/5" in line and "2020-11-24" in line


def test_a_date_as_written_in_a_form_not_read_is_a_warning_to_check_by_eye(make_project, validate):
    root = make_project(seeds={"dari.txt": DARI_SEED}, briefings=_dari("سه شنبه گذشته"))
    result = validate(root)
    assert result.exit_code == 0, result.stderr
    assert "warning: date-as-written-unchecked" in result.stderr


# ---------------------------------------------------------------- ids and anchors

@pytest.mark.parametrize("name, expected", [
    ("عبدالله عبدالله", "abdullah-abdullah"), ("محمد حنیف اتمر", "mohammad-haneef-atmar"),
    ("ذبیح‌الله مجاهد", "zabihullah-mujahid"), ("عبدالرحمن", "abdul-rahman"), ("سيرغي لافروف", "sergey-lavrov"),
    ("Сергей Лавров", "sergey-lavrov"), ("김영채", "gimyeongchae"), ("Kim Young-chae", "kim-young-chae")])
def test_ids_from_any_script_read_as_the_name_is_said(name, expected):
    from briefbook.authoring.ids import readable_id, slugify
    assert slugify(name) == expected and readable_id(name)


def test_add_actor_asks_for_an_id_rather_than_guess_one_without_vowels(make_project):
    from briefbook.authoring.ids import readable_id
    assert not readable_id("موقف الخفجي")
    root = make_project()
    result = invoke("add-actor", "--project", str(root), "موقف الخفجي", "--kind", "person",
                    "--description", "A person.")
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert "'mwqf-lkhfjy'" in result.stderr and "--id" in result.stderr
    # a Latin-script alias gives the id; or the analyst gives one
    result = invoke("add-actor", "--project", str(root), "موقف الخفجي", "--kind", "person",
                    "--description", "A person.", "--alias", "Mawqif al-Khafaji")
    assert result.exit_code == 0, result.stderr
    assert "mawqif-al-khafaji" in (root / "briefings" / "registry" / "actors.yaml").read_text(encoding="utf-8")
    result = invoke("add-actor", "--project", str(root), "عبدالله عبدالله", "--kind", "person",
                    "--description", "A chairman.")
    assert result.exit_code == 0 and "'abdullah-abdullah'" in result.stdout, result.stderr


def test_headings_in_any_script_get_their_words_as_anchors(tmp_path):
    """mkdocs.yml's toc slugify is pymdownx.slugs (Unicode-aware): an Arabic title's anchor is its words."""
    from multilingual import multilingual_project
    root = multilingual_project(tmp_path / "project")
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    arabic = (root / "site" / "sources" / "ml-ar-lavrov-2020.html").read_text(encoding="utf-8")
    assert '<h1 id="كلمة-لافروف-أمام-مؤتمر-جنيف-الدولي-بشأن-أفغانستان"' in arabic
    russian = (root / "site" / "sources" / "ml-ru-lavrov-2020.html").read_text(encoding="utf-8")
    assert '<h1 id="видеообращение-сергея-лаврова' in russian
    assert 'id="_1"' not in arabic


def test_a_registry_date_as_written_is_checked_without_a_language(make_project, validate):
    from conftest import EVENTS_YAML
    events = EVENTS_YAML.replace('date: {value: "2020-07-09"}', 'date: {value: "2020-07-09", as_written: "9 июля 2020"}')
    assert "as_written" in events
    assert validate(make_project(registry={"events.yaml": events})).exit_code == 0
    wrong = events.replace("9 июля 2020", "10 июля 2020")
    result = validate(make_project(name="wrong", registry={"events.yaml": wrong}))
    assert result.exit_code != 0 and any(line.startswith("briefings/registry/events.yaml:")
                                         and line.endswith("date-as-written-mismatch") for line in result.problem_lines)
