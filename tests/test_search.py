"""The site's own search box (Material's, answered from the Pagefind index `briefbook build` writes) finds
words in every script from an English page, over http and from the file system, with no console error;
and the search step's parts (language split, Arabic clitics, factory patches, failures) on their own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefbook import Project, build_corpus

from browser_support import serve
from conftest import invoke
from multilingual import multilingual_project
from test_browser import open_page

from briefbook.problems import BriefbookError
from briefbook.publish import search

# query → the pages (site-relative) that must be among the results; typed into the header box of
# the English home page. Inflected and prefixed forms are not in the registry or the page as typed.
QUERIES = [
    ("Latin", "Lavrov", ["actors/sergey-lavrov.html"]),
    ("Latin, stemmed", "negotiated", ["events/intra-afghan-negotiations-2020.html"]),
    ("Cyrillic", "Лавров", ["sources/ml-ru-lavrov-2020.html"]),
    ("Cyrillic, genitive", "Лаврова", ["sources/ml-ru-lavrov-2020.html"]),
    ("Cyrillic, instrumental", "Лавровым", ["sources/ml-ru-lavrov-2020.html"]),
    ("Cyrillic", "ИГИЛ", ["sources/ml-ru-lavrov-2020.html"]),
    ("Cyrillic, inflected", "переговоры", ["sources/ml-ru-lavrov-2020.html"]),
    ("Arabic", "لافروف", ["sources/ml-ar-lavrov-2020.html"]),
    ("Arabic, with a prefix", "ولافروف", ["sources/ml-ar-lavrov-2020.html"]),
    ("Arabic", "داعش", ["sources/ml-ar-lavrov-2020.html"]),
    ("Arabic, with the article", "المفاوضات", ["sources/ml-ar-lavrov-2020.html"]),
    ("Dari", "مذاکرات", ["sources/ml-fa-peace-talks-2020.html"]),
    ("Dari", "خشونت", ["sources/ml-fa-peace-talks-2020.html"]),
    ("Hangul", "본문", ["sources/rok-video-conference-2020-07.html"]),
    ("Han", "塔利班", ["sources/ml-zh-statement-2020.html"]),
    ("Han, a word inside a sentence", "和平谈判", ["sources/ml-zh-statement-2020.html"]),
]


@pytest.fixture(scope="module")
def ml_site(tmp_path_factory):
    """The bundled corpus plus the Russian, Arabic, Dari and Chinese test documents, built (no PDFs)."""
    root = multilingual_project(tmp_path_factory.mktemp("search") / "project")
    result = invoke("build", "--project", str(root), "--no-pdf", "--verbose")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"search: \d+ pages in \d+ language indexes", result.stderr)
    return root / "site"


@pytest.fixture(scope="module")
def ml_url(ml_site):
    with serve(ml_site) as url:
        yield url


def _search(page, query: str) -> list[str]:
    """Type the query into Material's header box; the result links once results settle."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for(state="attached", timeout=20_000)
    page.wait_for_timeout(400)  # the worker's debounce: the answer for the whole query, not a prefix
    return results.evaluate_all("els => els.map(e => e.href)")


def _found(hrefs: list[str], base: str, wanted: list[str]) -> list[str]:
    paths = {re.sub(r"[?#].*$", "", h)[len(base):] for h in hrefs if h.startswith(base)}
    return [w for w in wanted if w not in paths]


@pytest.mark.parametrize("how", ["http", "file"])
def test_the_header_box_finds_words_in_every_script_from_an_english_page(chromium_browser, ml_site, ml_url, how):
    base = ml_url if how == "http" else ml_site.as_uri() + "/"
    context, page, rec = open_page(chromium_browser, base)
    try:
        page.goto(base + "index.html", wait_until="networkidle")
        missed = []
        for script, query, wanted in QUERIES:
            try:
                hrefs = _search(page, query)
            except Exception as err:  # noqa: BLE001 - the table below says which query
                missed.append(f"{script} {query!r}: no results ({type(err).__name__})")
                continue
            lost = _found(hrefs, base, wanted)
            if lost:
                missed.append(f"{script} {query!r}: {lost} not among {len(hrefs)} results")
        assert missed == []
        assert rec.console_errors == [] and rec.outside == [] and rec.dialogs == []
    finally:
        context.close()


def test_a_result_opens_the_paragraph_and_marks_the_inflected_word(chromium_browser, ml_url):
    context, page, rec = open_page(chromium_browser, ml_url)
    try:
        page.goto(ml_url + "index.html", wait_until="networkidle")
        hrefs = _search(page, "Лавровым")
        # the page, and under it the paragraph that holds the word
        target = next(h for h in hrefs if "sources/ml-ru-lavrov-2020.html" in h and "#p" in h)
        page.goto(target, wait_until="networkidle")
        assert page.locator("article mark").count() >= 1
        assert rec.console_errors == []
    finally:
        context.close()


def test_no_material_index_is_downloaded_and_the_index_is_split_by_language(ml_site):
    stub = json.loads((ml_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []  # Material's whole-site index is never fetched
    manifest = json.loads((ml_site / "pagefind" / "bbsearch.json").read_text(encoding="utf-8"))
    languages = manifest["languages"]
    assert {"en", "ru", "ar", "fa-af", "zh"} <= set(languages)
    assert "Arab" in languages["ar"]["scripts"] and "Cyrl" in languages["ru"]["scripts"]
    assert not (ml_site / "pagefind-search.html").exists()
    assert (ml_site / "pagefind" / "file" / "pagefind-entry.json.js").is_file()  # for file://


def test_page_furniture_is_kept_out_of_the_index(ml_site):
    shadow = search.records((ml_site / "sources" / "ml-ar-lavrov-2020.html").read_text(encoding="utf-8"),
                            "en", "/sources/ml-ar-lavrov-2020.html")
    languages = [lang for lang, _, _ in shadow]
    assert languages[0] == "en" and "ar" in languages
    english = shadow[0][1]
    assert re.search(r'<dl class="bb-facts"[^>]* data-search-exclude', english)  # the facts carry the attribute
    # the Arabic full text is indexed in Arabic only, not also in the English record
    assert re.search(r'<div data-pagefind-ignore class="bb-fulltext"[^>]* lang="ar"', english)
    assert search.EXCLUDE[-1] == "[data-search-exclude]" and ".bb-pnum" in search.EXCLUDE


# ---------------------------------------------------------------- the parts

PAGE = """<!doctype html><html lang="en"><head><title>T</title></head><body>
<div data-pagefind-body><h1>Report</h1><p>English words.</p>
<div class="bb-fulltext" lang="ar" dir="rtl"><p id="p1">وقال لافروف إن لداعش دعما</p></div>
<p>More <span lang="ru">Сергей Лавров</span> here.</p>
<div class="bb-quote" lang="ru"><p>Мы приветствуем соглашение</p></div></div></body></html>"""


def test_a_page_is_split_into_one_record_per_language_linked_to_the_same_page():
    recs = search.records(PAGE, "en", "/sources/x.html")
    by_lang = {lang: (doc, scripts) for lang, doc, scripts in recs}
    assert set(by_lang) == {"en", "ar", "ru"}
    english, scripts = by_lang["en"]
    assert english.count("data-pagefind-ignore") == 2 and "Arab" not in scripts
    # a name in another language inside a sentence stays in the page's own record (split off, a record
    # of two words outranked the source written in that language); blocks go to their language's index
    assert "Сергей Лавров" in english and "Cyrl" in scripts and "Сергей" not in by_lang["ru"][0]
    arabic, scripts = by_lang["ar"]
    assert 'data-pagefind-meta="url:/sources/x.html"' in arabic and scripts == {"Arab"}
    assert "Report" in arabic  # the page's title
    # the clitic-free forms, for Snowball's misses: لداعش → داعش, وقال → قال
    assert re.search(r'<p id="bbv">[^<]*داعش', arabic)


def test_a_page_in_one_language_is_given_as_it_is():
    page = PAGE.replace(' lang="ar" dir="rtl"', "").replace(' lang="ru"', "")
    (lang, doc, _), = search.records(page, "en", "/x.html")
    assert lang == "en" and doc is page


@pytest.mark.parametrize("prefixed, plain", [("ولافروف", "لافروف"), ("بالدوحة", "الدوحة"), ("للمفاوضات", "مفاوضات"),
                                             ("لداعش", "داعش"), ("والداعش", "داعش"), ("ولطالبان", "طالبان")])
def test_a_word_with_arabic_clitics_and_without_come_to_one_form(prefixed, plain):
    """The same light stripping on the page's words and on the query's: they meet (it is no stemmer:
    ولافروف and لافروف both become افروف)."""
    assert search.ar_strip(prefixed) == search.ar_strip(plain)


def test_arabic_stripping_keeps_three_letters_and_reads_hamza_forms_alike():
    assert search.ar_strip("ولد") == "ولد"
    assert search.ar_strip("أفغانستان") == search.ar_strip("افغانستان")


def test_a_pagefind_of_another_version_fails_the_build_in_one_line():
    with pytest.raises(BriefbookError, match="not the version briefbook patches"):
        search.factory_source("export{a as createInstance};")
    wrapped = search.factory_source(
        "var u=import.meta.url;function createInstance(instanceOptions){return{"
        "basePath:deriveBasePath(instanceOptions?.basePath),language:detectLanguage()}}export{createInstance as c};")
    assert "return{c:createInstance};" in wrapped
    assert "import.meta" not in wrapped and "instanceOptions?.language||detectLanguage()" in wrapped


def test_a_missing_pagefind_is_one_clean_line(make_project, monkeypatch):
    root = make_project()
    import subprocess

    real_run = subprocess.run

    def no_pagefind(command, *args, **kwargs):
        if command[1:3] == ["-m", "pagefind"]:
            return subprocess.CompletedProcess(command, 1, "", "/usr/bin/python3: No module named pagefind\n")
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", no_pagefind)
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code != 0
    assert "Pagefind is not installed" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "site").exists()  # no half-written site


def test_the_pagefind_flag_and_page_are_gone(make_project):
    root = make_project()
    result = invoke("build", "--project", str(root), "--no-pdf", "--pagefind")
    assert result.exit_code != 0 and "--pagefind" in result.stderr


@pytest.fixture(scope="module")
def plain_mkdocs_site(tmp_path_factory):
    """A site built by plain `mkdocs build` (no search step): the theme's stand-ins only."""
    import subprocess
    import sys
    from conftest import write_project
    root = write_project(tmp_path_factory.mktemp("plain") / "project")
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    out = root / "plain-site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=root, check=True,
                   capture_output=True)
    assert json.loads((out / "pagefind" / "bbsearch.json").read_text(encoding="utf-8"))["missing"]
    return out


def test_without_the_search_step_the_box_falls_back_to_materials_search(chromium_browser, plain_mkdocs_site):
    with serve(plain_mkdocs_site) as url:
        context, page, rec = open_page(chromium_browser, url)
        try:
            page.goto(url + "index.html", wait_until="networkidle")
            assert any("actors/ada-vance.html" in h for h in _search(page, "Vance"))
            assert rec.console_errors == [] and rec.failed == []
        finally:
            context.close()


def test_from_a_file_without_the_index_the_box_says_how_to_build_it(chromium_browser, plain_mkdocs_site):
    base = plain_mkdocs_site.as_uri() + "/"
    context, page, rec = open_page(chromium_browser, base)
    try:
        page.goto(base + "index.html", wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("Vance", delay=15)
        meta = page.locator(".md-search-result__meta")
        meta.filter(has_text="briefbook build").wait_for(timeout=20_000)
        assert rec.console_errors == []
    finally:
        context.close()


def test_the_index_holds_a_source_page_without_its_furniture(ml_site):
    """No PDF link, no metadata box (Kind, Published, Source file), no ¶ numbers, no boilerplate note:
    the record starts with the title and the summary."""
    records = {r["url"]: r["content"] for r in search.fragments(ml_site)}
    page = records["/sources/rok-video-conference-2020-07.html"]
    assert page.startswith("ROK Attends International Video Conference")
    summary = " ".join(build_corpus(Project(ml_site.parent))[0].sources["rok-video-conference-2020-07"].briefing.summary.split())
    assert page[len("ROK Attends International Video Conference on Peace Process in Afghanistan. "):].startswith(summary[:40])
    for furniture in ("PDF", "Source file", "Published", "scraped page furniture"):
        assert furniture not in page, furniture
    assert not re.search(r"¶\d", page)  # the full text's paragraph numbers (citations "(¶ 4)" stay)
    assert "본문" in page  # the scraped boilerplate itself is source text, and stays searchable
