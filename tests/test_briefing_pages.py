"""The reader's briefing on the web: where sources disagree (with the analyst's assessment),
pages that answer a reader's questions in order with no empty section, and pictures that read.

Most tests read a small project of two sources that disagree (`dispute`, below), rendered to
Markdown without MkDocs; the built-site checks are in tests/test_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefbook import Project, build_corpus
from briefbook.publish.export import corpus_dict
from briefbook.publish.render import make_environment, render_pages
from briefbook.publish.present import short_title
from conftest import EVENTS_YAML, REPO, Html, article, dedent, fold, invoke, write_project

# ---------------------------------------------------------------- the dispute project

BETA_SEED = dedent("""
    Report on the Lakeside talks

    The talks at the lake were held in August 2020, the report says, with 14 countries present.

    Minister Vance led the delegation of Norland.
    """)

BETA_BRIEFING = dedent("""
    seed: beta.txt
    title: Report on the Lakeside talks
    kind: news-report
    published: {value: "2020-09-01"}
    language: en
    summary: A later report of the talks.
    key_points:
      - text: The talks were held in August.
        cite: 2
    actors:
      - actor: ada-vance
        role: Head of delegation
        cite: 3
    events:
      - event: lakeside-talks-2020
        says: Held in August with 14 countries.
        date: {value: "2020-08"}
        counts:
          - {value: 14, of: countries, cite: 2}
        cite: 2
    """)

ASSESSMENT = dedent("""
    assessments:
      - field: date
        goes_by: 9 July 2020
        reason: The joint statement was issued the next day and says "held in Geneva on 9 July 2020".
        cite: [{source: alpha-statement, cite: 2}]
    """)


# An Arabic source on the same talks: its title, words and quote are right to left.
GAMMA_SEED = dedent("""
    كلمة حول محادثات البحيرة

    عقدت المحادثات في جنيف في 9 يوليو 2020.

    قالت فانس: السلام قريب.
    """)

GAMMA_BRIEFING = dedent("""
    seed: gamma.txt
    title: كلمة حول محادثات البحيرة
    kind: speech
    published: {value: "2020-07-11"}
    language: ar
    summary: An Arabic statement that the talks were held in Geneva on 9 July 2020.
    key_points:
      - text: The talks were held in Geneva.
        cite: 2
    events:
      - event: lakeside-talks-2020
        says: Held in Geneva on 9 July 2020.
        date: {value: "2020-07-09"}
        cite: 2
    quotes:
      - speaker: ada-vance
        text: السلام قريب.
        cite: 3
        event: lakeside-talks-2020
    """)


def _events(extra: str = ASSESSMENT) -> str:
    return EVENTS_YAML + "".join("    " + line + "\n" if line else "\n" for line in extra.splitlines())


def dispute_project(make_project, events: str | None = None):
    return make_project(seeds={"beta.txt": BETA_SEED}, briefings={"beta-report.yaml": BETA_BRIEFING},
                        registry={"events.yaml": _events() if events is None else events})


@pytest.fixture
def dispute(make_project):
    root = dispute_project(make_project)
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    return corpus, pages, problems


# ---------------------------------------------------------------- the analyst's assessment

def test_an_assessment_joins_the_disagreement_it_assesses(dispute):
    corpus, _, problems = dispute
    by_field = {d.field: d for d in corpus.disagreements}
    assert set(by_field) == {"date", "number of countries"}
    date = by_field["date"].assessment
    assert date is not None and date.goes_by == "9 July 2020"
    assert date.cited == (("alpha-statement", (2,)),)
    assert by_field["number of countries"].assessment is None  # not assessed: shown without one
    assert not [p for p in problems if "assessment" in p.code or p.code == "quotation-not-in-source"]


def test_the_assessment_is_exported_with_its_disagreement(dispute):
    corpus, _, _ = dispute
    exported = {d["field"]: d for d in json.loads(json.dumps(corpus_dict(corpus)))["disagreements"]}
    assert exported["date"]["assessment"] == {
        "goes_by": "9 July 2020", "reason": 'The joint statement was issued the next day and says '
                                            '"held in Geneva on 9 July 2020".',
        "cite": [{"source": "alpha-statement", "paragraphs": [2]}]}
    assert exported["number of countries"]["assessment"] is None


@pytest.mark.parametrize("old, new, code", [
    ("field: date", "field: place", "assessment-without-disagreement"),
    ("source: alpha-statement", "source: nowhere", "unknown-source"),
    ("cite: 2}]", "cite: 40}]", "citation-out-of-range"),
    ('says "held in Geneva', 'says "convened in Geneva', "quotation-not-in-source"),
], ids=["no-such-disagreement", "unknown-source", "out-of-range", "quotation"])
def test_a_bad_assessment_is_reported_where_it_is_written(make_project, old, new, code):
    assessment = ASSESSMENT.replace(old, new)
    assert assessment != ASSESSMENT
    root = dispute_project(make_project, _events(assessment))
    _, problems = build_corpus(Project(root))
    found = [p for p in problems if p.code == code]
    assert len(found) == 1 and found[0].path == "briefings/registry/events.yaml"
    assert found[0].line > EVENTS_YAML.count("\n")  # at the assessment, not at the top of the file


def test_two_assessments_of_one_disagreement_are_an_error(make_project):
    twice = ASSESSMENT + ASSESSMENT.split("\n", 1)[1].replace("9 July 2020\n", "August 2020\n", 1)
    root = dispute_project(make_project, _events(twice))
    corpus, problems = build_corpus(Project(root))
    assert corpus is None and [p.code for p in problems if p.is_error] == ["duplicate-assessment"]


def test_an_assessment_without_a_citation_is_refused(make_project):
    bare = "\n".join(line for line in ASSESSMENT.splitlines() if "cite:" not in line) + "\n"
    root = dispute_project(make_project, _events(bare))
    corpus, problems = build_corpus(Project(root))
    assert corpus is None
    assert any(p.is_error and "cite" in p.message.lower() for p in problems), [str(p) for p in problems]


# ---------------------------------------------------------------- the pages, as Markdown

def test_a_persons_page_opens_with_the_title_the_latest_source_gives_with_that_source(dispute):
    _, pages, _ = dispute
    page = pages["actors/ada-vance.md"]
    lead = page.split("\n# Ada Vance\n", 1)[1].split("<dl", 1)[0]
    assert "**Head of delegation**, in the latest source to give a title ([Report on the Lakeside talks]" in lead
    assert "(beta-report.md" not in lead and "../sources/beta-report.md#p3" in lead
    # the earlier title is in the titles section, the latest first
    titles = page.split("## Titles in the sources", 1)[1].split("\n## ", 1)[0]
    assert titles.index("Head of delegation") < titles.index("Minister")


def test_the_facts_flag_a_disputed_value_and_link_to_where_the_sources_disagree(dispute):
    _, pages, _ = dispute
    page = pages["events/lakeside-talks-2020.md"]
    facts = page.split("<dl", 1)[1].split("</dl>", 1)[0]
    when = re.search(r"<dt>When</dt>\n<dd[^>]*>(.*?)</dd>", facts).group(1)
    assert '<a class="bb-disputed" href="#disputed-date">sources disagree</a>' in when
    assert "### Date {: #disputed-date }" in page  # the anchor it leads to
    counts = page.split("## Participants", 1)[1].split("\n## ", 1)[0]
    assert 'href="#disputed-number-of-countries"' in counts and "{: #disputed-number-of-countries }" in page


def test_a_disagreement_groups_the_sources_by_value_with_their_own_words_and_the_assessment(dispute):
    _, pages, _ = dispute
    section = pages["events/lakeside-talks-2020.md"].split("## Where sources disagree", 1)[1].split("\n## ", 1)[0]
    date = section.split("### Date", 1)[1].split("### ", 1)[0]
    values = re.findall(r"^- \*\*(.+?)\*\*, in 1 source:\n    - ", date, re.M)
    assert values == ["9 July 2020", "August 2020"]  # one item per value, the sources giving it under it
    assert "<q>The Lakeside talks were held in Geneva on 9 July 2020, hosted by Norland&#46;</q> (¶ 2)" in date
    assert "<q>The talks at the lake were held in August 2020, the report says, with 14 countries present&#46;</q>" \
        in date
    assert "**The book goes by 9 July 2020.** The joint statement was issued the next day" in date
    assert "(the analyst's assessment)" in date
    count = section.split("### Number of countries", 1)[1]
    assert "Not assessed yet" in count  # an unassessed disagreement says so


def test_a_source_is_named_in_full_at_its_first_citation_on_a_page_and_short_after(make_project):
    long_title = "Joint statement on the Lakeside talks between the Republic of Norland and its neighbours"
    root = dispute_project(make_project)
    path = root / "briefings" / "alpha-statement.yaml"
    path.write_text(path.read_text().replace("title: Joint statement on the Lakeside talks", f"title: {long_title}"))
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    page = render_pages(corpus, make_environment(REPO / "templates"))["events/lakeside-talks-2020.md"]
    full = f"[{long_title}](../sources/alpha-statement.md)"
    short = f"[{short_title(long_title)}](../sources/alpha-statement.md)"
    assert len(short_title(long_title)) <= 40 and short_title(long_title).endswith("…")
    assert page.count(full) == 1 and page.index(full) < page.index(short)
    assert page.count(short) >= 3


def test_every_generated_page_has_its_own_description(dispute):
    _, pages, _ = dispute
    found = {}
    for path, text in pages.items():
        if path.endswith(".md") and path != "index.md":  # the home page takes the site's description
            match = re.match(r'---\ndescription: (".*")\n', text)
            assert match, path
            found[path] = json.loads(match.group(1))
    assert len(set(found.values())) == len(found), "two pages share a description"
    assert found["actors/ada-vance.md"].startswith("Ada Vance (person): Head of delegation, in the latest source")
    assert all(len(d) <= 160 for d in found.values())


def test_a_description_cannot_break_out_of_its_attribute_or_front_matter(make_project):
    hostile = 'Talks "at" <the> lake &\n---\ntitle: x'
    root = dispute_project(make_project, _events().replace("description: Talks at the lake.",
                                                          f"description: {json.dumps(hostile)}"))
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    head = (root / "site" / "events" / "lakeside-talks-2020.html").read_text(encoding="utf-8").split("</head>")[0]
    meta, = re.findall(r'<meta name="description" content="([^"]*)">', head)
    assert Html(f'<p title="{meta}"></p>').elements[0][1]["title"].startswith('Lakeside talks (9 July 2020, Geneva): '
                                                                           'Talks "at" <the> lake & --- title: x')


# ---------------------------------------------------------------- the built site

def build_dispute_site(root):
    """The dispute project with an Arabic source, built through the real command: (site folder, result)."""
    write_project(root, seeds={"beta.txt": BETA_SEED, "gamma.txt": GAMMA_SEED},
                  briefings={"beta-report.yaml": BETA_BRIEFING, "gamma-speech.yaml": GAMMA_BRIEFING},
                  registry={"events.yaml": _events()})
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    return root / "site", result


@pytest.fixture(scope="module")
def dispute_site(tmp_path_factory):
    return build_dispute_site(tmp_path_factory.mktemp("dispute-site") / "project")


def generated_html(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("guide", "assets", "search"))


def empty_sections(text: str) -> list[str]:
    """Headings with nothing under them before the next heading of the same or a higher level,
    and table header cells with no text."""
    body = article_text = text
    found = []
    heads = list(re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", body, re.S))
    for i, head in enumerate(heads):
        level = int(head.group(1))
        end = next((h.start() for h in heads[i + 1:] if int(h.group(1)) <= level), body.index("</article>"))
        nested = next((h.start() for h in heads[i + 1:]), end)
        content = Html(body[head.end():min(end, nested)]).text.strip()
        sub = nested < end  # a heading with sub-headings under it is not empty
        if not content and not sub and "<svg" not in body[head.end():end] and "<table" not in body[head.end():end]:
            found.append(fold(Html(head.group(2)).text))
    for cell in re.findall(r"<th[^>]*>(.*?)</th>", article_text, re.S):
        if not Html(cell).text.strip():
            found.append("an empty header cell")
    return found


PLACEHOLDERS = ("No source gives a title", "No positions recorded", "No quotes recorded", "No events recorded",
                "No participants recorded", "No source gives an account", "No source mentions", "Source file",
                "seeds/")
EMPTY_VALUES = {"not stated", "unknown", "none", "date not stated", ""}


@pytest.mark.parametrize("which", ["bundled", "dispute"])
def test_no_page_has_an_empty_section_a_placeholder_or_an_empty_header_cell(request, which):
    if which == "bundled":
        root, _ = request.getfixturevalue("real")
        site = root / "site"
    else:
        site, _ = request.getfixturevalue("dispute_site")
    pages = generated_html(site)
    assert len(pages) > 10
    for path in pages:
        text = article(path)
        assert empty_sections(text) == [], path.relative_to(site)
        parsed = Html(text)
        if path.name != "reference.html":  # the field reference documents the fields themselves
            assert not [p for p in PLACEHOLDERS if p in parsed.text], (path.relative_to(site), parsed.text)
        for facts in parsed.facts:  # only the facts the sources give: none "not stated" or "Unknown"
            assert not {v.casefold() for v in facts.values()} & EMPTY_VALUES, (path.relative_to(site), facts)


def test_the_empty_section_check_finds_an_empty_section():
    page = "<article><h2>Roles</h2>\n<h2>Events</h2><p>x</p><table><tr><th></th></tr></table></article>"
    assert empty_sections(page) == ["Roles", "an empty header cell"]


def test_without_site_url_the_build_warns_and_writes_no_sitemap_or_404(dispute_site):
    site, result = dispute_site
    assert "mkdocs.yml:1:1: warning: no-site-url: site_url is not set" in result.stderr
    assert not (site / "sitemap.xml").exists() and not (site / "404.html").exists()
    assert not (site / "sitemap.xml.gz").exists()


def test_with_site_url_the_sitemap_lists_every_page_and_the_404_page_links_from_it(make_project):
    root = dispute_project(make_project)
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://example.org/book/\n" + config.read_text())
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0 and "no-site-url" not in result.stderr
    sitemap = (root / "site" / "sitemap.xml").read_text()
    assert "https://example.org/book/events/lakeside-talks-2020.html" in sitemap
    assert 'href="/book/' in (root / "site" / "404.html").read_text()


def test_right_to_left_text_is_marked_and_isolated(dispute_site):
    site, _ = dispute_site
    source = article(site / "sources" / "gamma-speech.html")
    assert '<div class="bb-fulltext" lang="ar" dir="rtl">' in source
    assert '<h1 id=' in source and '<bdi lang="ar" dir="rtl">كلمة حول محادثات البحيرة</bdi>' in source
    event = article(site / "events" / "lakeside-talks-2020.html")
    # a citation of the Arabic source: the title isolated, its date and ¶ after it, outside
    assert re.search(r'<a href="../sources/gamma-speech.html"><bdi lang="ar" dir="rtl">[^<]+</bdi></a>, '
                     r"11 July 2020, ¶ <a", event)
    actor = article(site / "actors" / "ada-vance.html")
    assert '“<bdi lang="ar" dir="rtl">السلام قريب.</bdi>”' in actor  # the quote, in its language


def test_page_furniture_is_kept_out_of_search_and_a_source_is_found_by_its_summary(real):
    root, corpus = real
    site = root / "site"
    for path in generated_html(site):
        parsed = Html(article(path))
        for tag, attrs in parsed.elements:
            furniture = (tag == "dl" and "bb-facts" in (attrs.get("class") or "")) or \
                (tag == "a" and attrs.get("class") == "bb-pdf") or \
                (tag == "ol" and attrs.get("class") == "bb-notes") or \
                (tag == "figure" and attrs.get("class") == "bb-picture")
            if furniture:
                assert "data-search-exclude" in attrs, (path.relative_to(site), tag, attrs)
    # the search index (Pagefind's records, one per page and language): a source's record opens with
    # its title and then its summary, with none of the page's furniture
    from briefbook.publish.search import fragments
    records = {}
    for record in fragments(site):
        records.setdefault(record["meta"].get("url", record["url"]), []).append(record)
    for source_id, source in corpus.sources.items():
        found = records[f"/sources/{source_id}.html"]
        text = fold(" ".join(r["content"] for r in found))
        after_title = text[len(fold(source.briefing.title)):].lstrip(" .")
        assert after_title.startswith(fold(source.briefing.summary)[:60]), (source_id, text[:160])
        assert "Published" not in text and "PDF briefing" not in text and "Source file" not in text


# ---------------------------------------------------------------- the pictures, as drawn

SVG_NS = "{http://www.w3.org/2000/svg}"


def _svg(text: str):
    import xml.etree.ElementTree as ET
    return ET.fromstring(text)


def test_a_pictures_legend_names_only_what_it_draws(real):
    from briefbook.publish import pictures
    _, corpus = real
    drawn_any = False
    for actor_id in corpus.actors:
        svg = pictures.actor_network(corpus, actor_id)
        root = _svg(svg)
        labels = [t.text for t in root.iter(f"{SVG_NS}text")]
        kinds = {k.replace("-", " ") for k in pictures.COLOURS}
        legend = {label for label in labels if label in kinds}
        shown = {corpus.actors[a].entry.kind.replace("-", " ") for a in pictures.co_actors(corpus, actor_id)}
        assert legend <= shown, (actor_id, legend - shown)
        drawn_any = drawn_any or bool(legend)
    assert drawn_any


@pytest.mark.parametrize("width", [640, 340])
def test_a_pictures_canvas_fits_what_is_drawn(real, width):
    from briefbook.publish import pictures
    _, corpus = real
    drawings = [pictures.corpus_network(corpus, None, width), pictures.timeline(corpus, None, width)]
    drawings += [pictures.actor_network(corpus, a, None, width) for a in corpus.actors
                 if not pictures.says_it_better(corpus, a)]
    assert len(drawings) > 2
    for svg in drawings:
        root = _svg(svg)
        height = float(root.get("height"))
        assert float(root.get("width")) == width
        lowest = max(float(t.get("y")) for t in root.iter(f"{SVG_NS}text"))
        assert height - lowest < 40, (root.findtext(f"{SVG_NS}title"), height, lowest)  # no empty band below


def test_no_picture_where_a_sentence_says_it_better(make_project):
    # one event, one other actor: the page's list says it; no picture, and no "0 other actors"
    root = make_project()
    corpus, _ = build_corpus(Project(root))
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    assert "<svg" not in pages["actors/ada-vance.md"] and "<svg" not in pages["actors/norland.md"]
    assert "- 9 July 2020: [Lakeside talks](../events/lakeside-talks-2020.md)" in pages["actors/ada-vance.md"]


def test_long_names_are_wrapped_whole_not_cut(make_project):
    from briefbook.publish import pictures
    from conftest import ACTORS_YAML
    long_name = "Office of the President of the Islamic Republic of Afghanistan and its Secretariat"
    root = make_project(registry={"actors.yaml": ACTORS_YAML.replace("name: Republic of Norland",
                                                                     f"name: {long_name}")})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    for width in (640, 340):
        labels = [t.text for t in _svg(pictures.corpus_network(corpus, None, width)).iter(f"{SVG_NS}text")]
        assert long_name in " ".join(labels), labels  # its lines, read in order, give the whole name
        assert max(len(label) for label in labels) < len(long_name)  # wrapped
        assert not any(label.endswith("…") for label in labels), labels


def test_the_home_page_and_the_sources_index_list_sources_in_the_same_order(dispute):
    _, pages, _ = dispute
    def order(text):
        return re.findall(r"\]\((?:\.\./)?(?:sources/)?([a-z0-9-]+)\.md\) \|", text)
    home = order(pages["index.md"].split("## Sources", 1)[1])
    index = order(pages["sources/index.md"])
    assert home == index == ["beta-report", "alpha-statement"]  # the latest first, on both


def test_a_name_in_a_right_to_left_script_is_isolated_wherever_it_is_linked(make_project):
    from conftest import ACTORS_YAML
    arabic = "جمهورية نورلاند"
    root = make_project(registry={"actors.yaml": ACTORS_YAML.replace("name: Republic of Norland", f"name: {arabic}")})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    pages = render_pages(corpus, make_environment(REPO / "templates"))
    link = f"[<bdi>{arabic}</bdi>](../actors/norland.md)"
    assert link in pages["events/lakeside-talks-2020.md"]
    assert f"[<bdi>{arabic}</bdi>](norland.md)" in pages["actors/ada-vance.md"]
    assert f"<bdi>{arabic}</bdi>" in pages["actors/norland.md"]  # among the names no source uses
    assert "<bdi>Ada Vance</bdi>" not in pages["events/lakeside-talks-2020.md"]  # left-to-right names as they are


def test_an_actors_page_says_where_sources_disagree_on_its_events(dispute):
    _, pages, _ = dispute
    section = pages["actors/ada-vance.md"].split("## Where sources disagree", 1)[1].split("\n## ", 1)[0]
    assert "[Lakeside talks](../events/lakeside-talks-2020.md): date; the book goes by 9 July 2020" in section
    assert "[Lakeside talks](../events/lakeside-talks-2020.md): number of countries; " in section
    assert "not assessed yet" in section
