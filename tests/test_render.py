"""Rendering: every data value is inert in Markdown and HTML; dates read as the precision allows."""

from __future__ import annotations

import html
from html.parser import HTMLParser
import json
import re

import markdown
import pytest
from markupsafe import Markup

from briefbook.corpus.models import DateSpec
from briefbook.corpus.dates import format_date
from briefbook.publish.escape import md_escape
from briefbook.publish.present import date_md, label
from conftest import Html, article, fold, invoke, write_project

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "a | b",
    "*bold*",
    "{{ 7*7 }}",
    "{% raw %}",
    '--8<-- "/etc/passwd"',
    "line one\nline two",
    "</title>",
    "# heading",
    "1. item",
    "- item",
    '{: onclick="x"}',
    "</title><script>alert(2)</script>",
    "<a href='javascript:alert(3)'>x</a>",
    "` code | span `",
    "&lt;script&gt; stays &amp; literal",
    "trailing backslash \\",
    "> quoted",
    "    indented code",
    "***",
    "!!! warning \"admonition\"",
    "<!-- comment -->",
    "_under_ ~~strike~~ ==mark==",
    "<https://example.org/autolink>",
]


def _site_extensions() -> list[str]:
    """The Markdown extensions mkdocs.yml enables, so unit checks parse as the site does."""
    # Read as MkDocs reads it (mkdocs.yml may use MkDocs' own tags such as !ENV).
    from mkdocs.utils import yaml_load
    from conftest import REPO
    with open(REPO / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml_load(fh)
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


EXTENSIONS = _site_extensions()


def assert_inert(fragment: str, allowed: set[str]) -> Html:
    """No element beyond `allowed`, no event handler, no script URL."""
    parsed = Html(fragment)
    tags = {tag for tag, _ in parsed.elements}
    assert tags <= allowed, f"unexpected elements {tags - allowed} in {fragment!r}"
    for tag, attrs in parsed.elements:
        assert not [k for k in attrs if k.lower().startswith("on")], (tag, attrs)
        for key in ("href", "src", "action", "formaction"):
            assert not (attrs.get(key) or "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)
    return parsed


# ---------------------------------------------------------------- md_escape, with Python-Markdown itself

@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_in_a_paragraph_shows_the_text_and_nothing_else(value):
    out = markdown.markdown(f"Before {md_escape(value)} after", extensions=EXTENSIONS)
    parsed = assert_inert(out, {"p"})
    assert parsed.text.strip() == fold(f"Before {value} after")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_at_the_start_of_a_line_opens_no_block(value):
    out = markdown.markdown(f"Intro\n\n{md_escape(value)}\n\nOutro", extensions=EXTENSIONS)
    parsed = assert_inert(out, {"p"})
    assert fold(parsed.text) == fold(f"Intro {value} Outro")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_in_a_table_cell_keeps_one_cell(value):
    source = f"| A | B | C |\n| --- | --- | --- |\n| {md_escape(value)} | middle | end |\n"
    out = markdown.markdown(source, extensions=EXTENSIONS)
    parsed = assert_inert(out, {"table", "thead", "tbody", "tr", "th", "td"})
    assert parsed.tables == [[["A", "B", "C"], [fold(value), "middle", "end"]]]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_in_link_text_heading_and_list_item(value):
    text = md_escape(value)
    out = markdown.markdown(f"# {text}\n\n- [{text}](page.md)\n", extensions=EXTENSIONS)
    parsed = assert_inert(out, {"h1", "ul", "li", "a"})
    assert parsed.hrefs() == ["page.md"]
    assert fold(parsed.text) == fold(f"{value} {value}")


def test_md_escape_folds_newlines_and_passes_markup_through():
    assert "\n" not in md_escape("a\n\n| b\n- c")
    assert md_escape(None) == ""
    assert md_escape(Markup("[ok](x.md)")) == "[ok](x.md)"
    assert md_escape(12) == "12"


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("spec, text", [
    ({"value": "2020"}, "2020"),
    ({"value": "2020-07"}, "July 2020"),
    ({"value": "2020-07-09"}, "9 July 2020"),
    ({"value": "2020-11-23", "end": "2020-11-24"}, "23–24 November 2020"),
    ({"value": "2020-11-30", "end": "2020-12-02"}, "30 November – 2 December 2020"),
    ({"value": "2020-12-30", "end": "2021-01-02"}, "30 December 2020 – 2 January 2021"),
    ({"value": "2020-06", "end": "2020-09"}, "June–September 2020"),
    ({"value": "2020-11", "end": "2021-02"}, "November 2020 – February 2021"),
    ({"value": "2017", "end": "2019"}, "2017–2019"),
    ({"value": "2017-06-06", "qualifier": "before"}, "before 6 June 2017"),
    ({"value": "2017-06", "qualifier": "after"}, "after June 2017"),
    ({"value": "2019", "qualifier": "about"}, "about 2019"),
])
def test_format_date_at_the_precision_written(spec, text):
    assert format_date(DateSpec(**spec)) == text


def test_format_date_of_nothing():
    assert format_date(None) == "date not stated"


def test_a_stated_date_renders_plainly():
    assert date_md(DateSpec(value="2020-07-09")) == "9 July 2020"


def test_an_inferred_date_is_marked_with_its_basis_on_hover():
    basis = 'The text says "July 9" & <no year>; it\'s 2020'
    out = str(date_md(DateSpec(value="2020-07-09", inferred=True, basis=basis)))
    parsed = Html(out)
    span, = parsed.tags("span")
    assert span["class"] == "bb-inferred"
    assert span["title"] == f"Inferred: {basis}"
    assert fold(parsed.text) == "9 July 2020 (inferred)"


@pytest.mark.parametrize("value, text", [("armed-group", "Armed group"), ("chairs-statement", "Chair's statement"),
                                         ("video-message", "Video message"), ("", ""), (None, "")])
def test_labels(value, text):
    assert label(value) == text


# ---------------------------------------------------------------- a real site built from hostile data

def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Every hostile string as an actor's name, description and role, an event's title,
    a quote, a position, a count, a key point and (all together) the source's summary."""
    from browser_support import write_hostile_project  # the same project the browser tests open
    root = tmp_path_factory.mktemp("hostile") / "project"
    write_hostile_project(root, HOSTILE)  # string i is paragraph i + 2 of the seed
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    return root / "site"


def generated_pages(site):
    return sorted(p for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] in ("actors", "events", "sources", "topics")
                  or p.name in ("index.html", "timeline.html", "disagreements.html", "health.html"))


SVG_ELEMENTS = {"svg", "title", "desc", "rect", "circle", "line", "path", "text", "g"}


def test_hostile_values_create_no_element_handler_or_script_link(hostile_site):
    # svg: the pictures briefbook draws inline (their links checked below to be to its own pages);
    # abbr: acronyms; dl: the key facts; sup, ol: the notes; q, bdi: a source's words, another language
    allowed = {"article", "h1", "h2", "h3", "a", "p", "em", "strong", "table", "thead", "tbody", "tr", "th",
               "td", "ul", "li", "blockquote", "span", "br", "code", "div", "hr", "abbr", "dl", "dt", "dd",
               "sup", "ol", "q", "bdi", "figure", *SVG_ELEMENTS}
    pages = generated_pages(hostile_site)
    assert len(pages) >= 2 * len(HOSTILE) + 8
    pictures = 0
    for page in pages:
        parsed = assert_inert(article(page), allowed)
        assert not parsed.tags("img"), page
        for svg in parsed.tags("svg"):
            pictures += 1
        for tag, attrs in parsed.elements:
            if tag == "a" and attrs.get("href") and not attrs["href"].startswith(("#", "../pdf/", "pdf/")):
                assert re.fullmatch(r"(\.\./)?([a-z]+/)?[a-z0-9-]+\.html(#[A-Za-z0-9_-]+)?", attrs["href"]), \
                    (page, attrs)
    assert pictures >= 4  # the actors index and the timeline, each drawn for a desktop and for a phone


class _Handlers(HTMLParser):
    """Collects event-handler attributes and javascript: URLs anywhere in a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append((tag, name, value))


def test_hostile_values_never_appear_as_raw_markup_anywhere_on_a_page(hostile_site):
    # The whole page, theme included: <head> too carries data (the page title).
    # Escaped text may spell "onerror=alert"; what must never exist is the markup.
    for page in generated_pages(hostile_site):
        raw = page.read_text(encoding="utf-8")
        for needle in ("<script>alert", "<img src=x", "</title><script"):
            assert needle not in raw, f"{needle!r} unescaped in {page.relative_to(hostile_site)}"
        parser = _Handlers()
        parser.feed(raw)
        assert not parser.found, f"handlers or script links in {page.relative_to(hostile_site)}: {parser.found}"


def test_the_title_element_shows_each_actor_name_as_escaped_text(hostile_site):
    # MkDocs takes the page title from the H1; whatever the theme does with it, the
    # <title> element must hold the name as text: no markup, no early </title>.
    wrong = {}
    for i, value in enumerate(HOSTILE):
        raw = (hostile_site / "actors" / f"a{i}.html").read_text(encoding="utf-8")
        title = raw[raw.index("<title>") + len("<title>"):raw.index("</title>")]
        if "<" in title or not html.unescape(title).startswith(fold(value)):
            wrong[value] = title
    assert not wrong, f"<title> contents not escaped: {wrong}"


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_actor_page_shows_every_value_literally(hostile_site, i):
    value = fold(HOSTILE[i])
    page = Html(article(hostile_site / "actors" / f"a{i}.html"))
    h1, = page.tags("h1")
    assert page.text.count(value) >= 5  # name, description, role, quote, stance
    assert fold(f"\u201c{HOSTILE[i]}\u201d") in page.text  # the quote
    source = f"{fold(HOSTILE[0])}, 2021, ¶ {i + 2}"
    assert f"{value}, in the latest source to give a title ({source})" in page.text  # the role, first
    assert f"2021: {value} ({source})" in page.text  # the stance, under its issue
    assert page.facts[0]["Kind"] == "Person"


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_event_page_tables_keep_their_cells(hostile_site, i):
    value = fold(HOSTILE[i])
    page = Html(article(hostile_site / "events" / f"e{i}.html"))
    participants, = page.tables
    facts = page.facts[0]
    assert facts["Where"] == value and all(facts.values())
    assert participants[1:] == [[value, "Participant", value, f"{fold(HOSTILE[0])}, 2021, ¶ {i + 2}"]]
    assert f"3 {value}" in page.text and f"Outcome: {value}" in page.text


def test_index_tables_have_one_row_per_entity_and_every_value_in_its_cell(hostile_site):
    actors = Html(article(hostile_site / "actors" / "index.html"))
    table, = actors.tables
    assert table[0] == ["Actor", "Who they are", "Sources"]
    assert sorted(row for row in table[1:]) == sorted([fold(s), fold(s) + " (the analyst's description)", "1"]
                                                      for s in HOSTILE)
    events = Html(article(hostile_site / "events" / "index.html"))
    table, = events.tables
    assert len(table) == len(HOSTILE) + 1 and all(len(row) == 5 for row in table)
    assert sorted(row[1] for row in table[1:]) == sorted(fold(s) for s in HOSTILE)
    assert sorted(row[3] for row in table[1:]) == sorted(fold(s) for s in HOSTILE)


def test_source_page_shows_summary_key_points_and_actor_roles(hostile_site):
    page = Html(article(hostile_site / "sources" / "hostile-doc.html"))
    assert fold(" ".join(HOSTILE)) in page.text
    for i, s in enumerate(HOSTILE):
        assert f"{fold(s)} (¶ " in page.text  # key point
        assert f"{fold(s)}, {fold(s)}: ¶ {i + 2}" in page.text  # the actor, the title this source gives
    # the full text: each paragraph verbatim, line breaks kept as <br>
    paragraphs = [el for el in page.elements if el[0] == "p" and (el[1].get("id") or "").startswith("p")]
    assert [el[1]["id"] for el in paragraphs] == [f"p{n}" for n in range(1, len(HOSTILE) + 2)]


def test_template_syntax_in_data_is_not_evaluated(hostile_site):
    i = HOSTILE.index("{{ 7*7 }}")
    page = Html(article(hostile_site / "actors" / f"a{i}.html"))
    assert "{{ 7*7 }}" in page.text
    assert "49" not in page.text
    assert "{% raw %}" in Html(article(hostile_site / "actors" / f"a{HOSTILE.index('{% raw %}')}.html")).text


def test_snippet_syntax_includes_no_file(hostile_site):
    i = HOSTILE.index('--8<-- "/etc/passwd"')
    page = Html(article(hostile_site / "actors" / f"a{i}.html"))
    assert '--8<-- "/etc/passwd"' in page.text
    assert "root:" not in page.text


def test_search_index_holds_hostile_titles_as_text(hostile_site):
    """The search index (Pagefind's fragments) holds each title as the text it is; the browser side
    escapes it again before Material inserts it (test_browser checks no payload runs there)."""
    from briefbook.publish.search import fragments
    titles = {fragment["url"]: fragment["meta"]["title"] for fragment in fragments(hostile_site)}
    material = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # Material's own index is a stub: nothing of the data is in it
    for i, s in enumerate(HOSTILE):
        assert fold(titles[f"/actors/a{i}.html"]) == fold(s)


# ---------------------------------------------------------------- inferred values in built pages

@pytest.fixture(scope="module")
def inferred_site(tmp_path_factory):
    """Inferred dates and places whose bases hold characters that matter in HTML and Markdown."""
    from conftest import ALPHA_BRIEFING, EVENTS_YAML
    events = EVENTS_YAML.replace(
        'date: {value: "2020-07-09"}',
        f'date: {{value: "2020-07-09", inferred: true, basis: {_q(BASIS_HTML)}}}').replace(
        "place: Geneva", f"place: {{name: Geneva, inferred: true, basis: {_q(BASIS_PIPE)}}}")
    briefing = ALPHA_BRIEFING.replace(
        'published: {value: "2020-07-10"}',
        f'published: {{value: "2020-07-10", inferred: true, basis: {_q(BASIS_NEWLINE)}}}')
    root = tmp_path_factory.mktemp("inferred") / "project"
    write_project(root, registry={"events.yaml": events}, briefings={"alpha-statement.yaml": briefing})
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    return root / "site"


BASIS_HTML = 'The text says "on July 9" & <no year>; it\'s after the February agreement'
BASIS_PIPE = "Dated 9 | 10 July in two places; the later one is the release date"
BASIS_NEWLINE = "The release is undated;\nthe conference it reports was on 9 July"  # e.g. a YAML `|` block


def _notes(raw: str) -> list[str]:
    """The notes at the end of a page, each as its text reads."""
    return [fold(Html(li).text) for li in re.findall(r'<li id="bb-note-\d+">(.*?)</li>', raw, re.S)]


def test_inferred_date_shows_the_mark_and_its_basis_in_a_note(inferred_site):
    raw = article(inferred_site / "events" / "lakeside-talks-2020.html")
    facts = Html(raw).facts[0]
    assert re.fullmatch(r"9 July 2020 \(inferred\d\)", facts["When"])
    assert f"Inferred: {BASIS_HTML} ↩" in _notes(raw)


def test_inferred_basis_with_a_pipe_keeps_the_facts_intact(inferred_site):
    raw = article(inferred_site / "events" / "lakeside-talks-2020.html")
    facts = Html(raw).facts[0]
    assert re.fullmatch(r"Geneva \(inferred\d\)", facts["Where"])
    assert f"Inferred: {BASIS_PIPE} ↩" in _notes(raw)


def test_inferred_basis_with_a_line_break_keeps_the_row_intact(inferred_site):
    # The source's publication date (inferred) is shown in the source page's facts.
    raw = article(inferred_site / "sources" / "alpha-statement.html")
    assert re.fullmatch(r"10 July 2020 \(inferred\d\)", Html(raw).facts[0]["Published"])
    assert f"Inferred: {fold(BASIS_NEWLINE)} ↩" in _notes(raw)
    assert "&lt;span" not in raw


def test_the_reasoning_for_an_inferred_value_is_a_link_away_not_a_hover(inferred_site):
    # Reachable by keyboard and touch: the mark is a link to the note, the note links back.
    raw = article(inferred_site / "events" / "lakeside-talks-2020.html")
    page = Html(raw)
    marks = [a for a in page.tags("a") if (a.get("href") or "").startswith("#bb-note-")]
    assert marks and all(a["id"].startswith("bb-ref-") for a in marks)
    notes = {li["id"] for li in page.tags("li") if (li.get("id") or "").startswith("bb-note-")}
    assert {a["href"][1:] for a in marks} == notes
    assert not [s for s in page.tags("span") if s.get("class") == "bb-inferred" and s.get("title")]


# ---------------------------------------------------------------- page structure

def _paragraph_texts(markdown_text: str) -> list[str]:
    out = markdown.markdown(markdown_text, extensions=EXTENSIONS)
    return [fold(Html(p).text) for p in re.findall(r"<p>(.*?)</p>", out, re.S)]


def test_each_quote_is_its_own_paragraph_apart_from_the_previous_attribution(make_project):
    # Two quotes by one speaker, both tied to an event: on each page every quote must be
    # a paragraph of its own, not run on after the previous quote's citation line.
    from briefbook import Project, build_corpus
    from briefbook.publish.render import make_environment, render_pages
    from conftest import ALPHA_BRIEFING, REPO
    second = ("  - speaker: ada-vance\n    text: held in Geneva on 9 July 2020\n    cite: 2\n"
              "    event: lakeside-talks-2020\n")
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING + second})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    quotes = ["\u201cWe will keep talking until there is peace.\u201d", "\u201cheld in Geneva on 9 July 2020\u201d"]
    for page in ("events/lakeside-talks-2020.md", "actors/ada-vance.md"):
        paragraphs = _paragraph_texts(pages[page])
        for quote in quotes:
            assert quote in paragraphs, f"{page}: {quote} is not a paragraph of its own: {paragraphs}"


def test_the_home_page_lists_the_latest_ten_sources_not_all(tmp_path):
    """The home page must not grow with the corpus: the sources index has them all."""
    import sys
    from conftest import REPO
    sys.path.insert(0, str(REPO / "bench"))
    from synth import make_corpus

    from briefbook import Project, build_corpus
    from briefbook.publish.render import make_environment, render_pages
    project = Project(make_corpus(tmp_path / "c", 14))
    corpus, problems = build_corpus(project)
    assert corpus is not None, problems
    pages = render_pages(corpus, make_environment(project.templates))
    home = pages["index.md"].split("## Sources", 1)[1].split("## How to read", 1)[0]
    assert "The 10 most recent of 14; every source is in the [sources index](sources/index.md)." in home
    assert home.count("](sources/") == 10 + 1  # ten rows and the link to the index
    assert pages["sources/index.md"].count("](") >= 14
