"""Issue 18, feeds: an Atom feed of the site, one per actor and one per event, read back by a feed reader
(feedparser) from a small project whose sources are dated to the day, the month, the year, as a range,
bounded ("before"), without a year and not at all."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, unquote

import feedparser
import pytest

from briefbook import Project
from briefbook.pipeline import generate
from briefbook.publish.feeds import Settings, published_day, write_feeds
from briefbook.publish.render import make_environment, render_pages
from conftest import ALPHA_BRIEFING, Html, dedent, invoke

ATOM = "{http://www.w3.org/2005/Atom}"
BUILT = date(2026, 12, 2)


def _doc(seed: str, title: str, published: str | None, body: str) -> str:
    """A briefing of the seed `seed` whose paragraph 1 is its title and paragraph 2 says something."""
    when = f"published: {published}\n" if published else ""
    return f"seed: {seed}\ntitle: {title}\nkind: report\n{when}language: en\nsummary: Summary of {seed}.\n" \
           f"key_points:\n  - text: A point.\n    cite: 2\n{dedent(body)}"


SEEDS = {
    "month.txt": "Vance in August\n\nMinister Vance spoke about the talks in August.\n",
    "year.txt": "A year note\n\nSomething happened that year.\n",
    "range.txt": "Lakeside again\n\nThe Lakeside talks were held in Geneva, and Norland hosted them.\n",
    "before.txt": "An early note\n\nAn early note on Norland.\n",
    "undated.txt": "An undated note\n\nA note with no date.\n",
    "yearless.txt": "A September note\n\nA note of September.\n",
}

BRIEFINGS = {
    "month-report.yaml": _doc("month.txt", "Vance in August", '{value: "2020-08"}', """
        actors:
          - actor: ada-vance
            role: Foreign minister
            cite: 2
        positions:
          - actor: ada-vance
            issue: negotiations
            stance: Talks must go on.
            cite: 2
        """),
    "year-note.yaml": _doc("year.txt", "A year note",
                           '{value: "2019", inferred: true, basis: "It speaks of that year as the current one."}', ""),
    "range-report.yaml": _doc("range.txt", "Lakeside again", '{value: "2020-09-01", end: "2020-09-03"}', """
        events:
          - event: lakeside-talks-2020
            says: Norland hosted the talks in Geneva.
            cite: 2
        """),
    "before-note.yaml": _doc("before.txt", "An early note", '{value: "2020-06", qualifier: before}', ""),
    "undated-note.yaml": _doc("undated.txt", "An undated note", None, ""),
    "yearless-note.yaml": _doc("yearless.txt", "A September note", '{value: "--09"}', ""),
}

ALL = {"alpha-statement", "month-report", "year-note", "range-report", "before-note", "undated-note",
       "yearless-note"}


@pytest.fixture
def project(make_project) -> Path:
    return make_project(seeds=SEEDS, briefings=BRIEFINGS)


def _feeds(root: Path, **settings) -> tuple[dict[str, str], dict[str, str]]:
    """The pages (feeds among them) rendered for the project, and the feeds alone."""
    generated = generate(Project(root))
    pages = render_pages(generated.corpus, make_environment(root / "templates"), site_name="Test book",
                         feeds=Settings(**{"built": BUILT, **settings}))
    return pages, {path: text for path, text in pages.items() if path.endswith(".xml")}


def _parsed(text: str, at: str = "https://reader.example/feeds/index.xml"):
    """The feed as a reader parses it, fetched from `at` (relative links resolve against it)."""
    parsed = feedparser.parse(text, response_headers={"content-location": at, "content-type": "application/atom+xml"})
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _source_of(link: str) -> str:
    return re.fullmatch(r".*/sources/([a-z0-9-]+)\.html", link).group(1)


# ---------------------------------------------------------------- what each feed lists

def test_every_feed_parses_and_lists_exactly_the_sources_that_speak_of_its_subject(project):
    pages, feeds = _feeds(project)
    assert set(feeds) == {"feeds/index.xml", "feeds/actors/ada-vance.xml", "feeds/actors/norland.xml",
                          "feeds/events/lakeside-talks-2020.xml"}
    site = _parsed(feeds["feeds/index.xml"])
    assert {_source_of(e.link) for e in site.entries} == ALL
    # ada-vance: named, quoted and given a position in alpha; named and given a position in month-report
    vance = _parsed(feeds["feeds/actors/ada-vance.xml"])
    assert [_source_of(e.link) for e in vance.entries] == ["month-report", "alpha-statement"]  # latest first
    assert vance.feed.title == "Test book: Ada Vance"
    month = vance.entries[0]
    assert month.title == "Vance in August"
    assert "Named as Foreign minister." in month.summary and "Talks must go on." in month.summary
    assert "We will keep talking until there is peace." in vance.entries[1].summary
    lakeside = _parsed(feeds["feeds/events/lakeside-talks-2020.xml"])
    assert [_source_of(e.link) for e in lakeside.entries] == ["range-report", "alpha-statement"]
    assert "Norland hosted the talks in Geneva." in lakeside.entries[0].summary


def test_the_site_feed_is_latest_first_with_the_undated_last(project):
    _, feeds = _feeds(project)
    order = [_source_of(e.link) for e in _parsed(feeds["feeds/index.xml"]).entries]
    assert order[:5] == ["range-report", "month-report", "alpha-statement", "before-note", "year-note"]
    assert set(order[5:]) == {"undated-note", "yearless-note"}


def test_imprecise_dates_get_a_defensible_day_and_the_entry_says_the_date_as_given(project):
    _, feeds = _feeds(project)
    entries = {_source_of(e.link): e for e in _parsed(feeds["feeds/index.xml"]).entries}
    published = {s: e.get("published", "")[:10] for s, e in entries.items()}
    assert published == {"alpha-statement": "2020-07-10", "month-report": "2020-08-01", "year-note": "2019-01-01",
                         "range-report": "2020-09-01", "before-note": "2020-05-31",
                         "undated-note": "", "yearless-note": ""}  # no day is invented for these two
    assert "dated August 2020" in entries["month-report"].summary
    assert "dated 2019 (inferred, not stated)" in entries["year-note"].summary
    assert "dated 1–3 September 2020" in entries["range-report"].summary
    assert "dated before June 2020" in entries["before-note"].summary
    assert "undated" in entries["undated-note"].summary
    assert "September (no year given)" in entries["yearless-note"].summary


def test_updated_is_when_the_source_was_first_seen_and_the_feed_its_latest_entry(project):
    _, feeds = _feeds(project, first_seen={"alpha-statement": date(2026, 1, 5), "month-report": date(2026, 3, 1)})
    vance = _parsed(feeds["feeds/actors/ada-vance.xml"])
    assert {_source_of(e.link): e.updated[:10] for e in vance.entries} == {
        "alpha-statement": "2026-01-05", "month-report": "2026-03-01"}
    assert vance.feed.updated[:10] == "2026-03-01"
    site = _parsed(feeds["feeds/index.xml"])
    assert {e.updated[:10] for e in site.entries if _source_of(e.link) == "undated-note"} == {"2026-12-02"}
    assert site.feed.updated[:10] == "2026-12-02"  # the built date: the sources not yet seen in an edition


def test_an_actor_no_source_mentions_has_a_valid_empty_feed_dated_by_the_build(make_project):
    root = make_project(registry={"actors.yaml": dedent("""
        actors:
          norland: {name: Republic of Norland, kind: state, aliases: [Norland], description: A state.}
          ada-vance: {name: Ada Vance, kind: person, aliases: [Minister Vance, Vance], description: A minister.}
          nobody: {name: Nobody Atall, kind: person, description: Named by no source.}
        """)})
    _, feeds = _feeds(root)
    empty = _parsed(feeds["feeds/actors/nobody.xml"])
    assert empty.entries == [] and empty.feed.updated[:10] == "2026-12-02"


def test_published_day_for_every_kind_of_date():
    from briefbook.corpus.models import DateSpec
    assert published_day(DateSpec(value="2020-02-29")) == date(2020, 2, 29)
    assert published_day(DateSpec(value="2020-02", qualifier="about")) == date(2020, 2, 1)
    assert published_day(DateSpec(value="2020", qualifier="after")) == date(2021, 1, 1)
    assert published_day(DateSpec(value="2020-03-01", qualifier="before")) == date(2020, 2, 29)
    assert published_day(DateSpec(value="0001", qualifier="before")) == date(1, 1, 1)  # no day before it
    assert published_day(DateSpec(value="9999", qualifier="after")) == date(9999, 12, 31)
    assert published_day(DateSpec(value="--09-30")) is None and published_day(None) is None


# ---------------------------------------------------------------- ids and links

def test_ids_are_stable_across_builds_and_unique(project):
    _, first = _feeds(project)
    _, again = _feeds(project, built=date(2027, 5, 1))
    for path in first:
        ids = [e.id for e in _parsed(first[path]).entries]
        assert ids == [e.id for e in _parsed(again[path]).entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
        assert _parsed(first[path]).feed.id == _parsed(again[path]).feed.id
    every = [e.id for text in first.values() for e in _parsed(text).entries]
    assert len(set(every)) == len(every)  # what a source says of Vance is not the same entry as the source


def test_with_site_url_every_link_and_id_is_absolute(project):
    _, feeds = _feeds(project, site_url="https://briefs.example.org/book")
    vance = _parsed(feeds["feeds/actors/ada-vance.xml"], at="https://elsewhere.example/copy.xml")
    assert vance.feed.id == "https://briefs.example.org/book/feeds/actors/ada-vance.xml"
    assert {(l.rel, l.href) for l in vance.feed.links} == {
        ("self", "https://briefs.example.org/book/feeds/actors/ada-vance.xml"),
        ("alternate", "https://briefs.example.org/book/actors/ada-vance.html")}
    assert [e.link for e in vance.entries] == ["https://briefs.example.org/book/sources/month-report.html",
                                               "https://briefs.example.org/book/sources/alpha-statement.html"]
    assert vance.entries[0].id == "https://briefs.example.org/book/actors/ada-vance.html#source-month-report"
    site = _parsed(feeds["feeds/index.xml"])
    assert all(e.id == e.link for e in site.entries)


def test_directory_urls_link_to_the_folders_mkdocs_makes(project):
    _, feeds = _feeds(project, directory_urls=True)
    vance = _parsed(feeds["feeds/actors/ada-vance.xml"], at="https://x.example/feeds/actors/ada-vance.xml")
    assert vance.entries[0].link == "https://x.example/sources/month-report/"
    assert _parsed(feeds["feeds/index.xml"]).feed.link == "https://reader.example/"


# ---------------------------------------------------------------- hostile text

NASTY = "</title><script>alert(1)</script> ]]> & &amp; \"q\" 'a' <![CDATA[x]]> \u202a\u00a0ünï"


def test_hostile_titles_and_names_stay_text(make_project):
    title = NASTY.replace("\u202a", "")  # bidirectional embeddings are refused at loading
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    root = make_project(
        seeds={"nasty.txt": "Nasty\n\nMinister Vance said something.\n"},
        briefings={"nasty.yaml": _doc("nasty.txt", f'"{quoted}"', '{value: "2021-01-01"}', f"""
            actors:
              - actor: ada-vance
                role: "{quoted}"
                cite: 2
            """)},
        registry={"actors.yaml": dedent(f"""
            actors:
              norland: {{name: Republic of Norland, kind: state, aliases: [Norland], description: A state.}}
              ada-vance: {{name: "{quoted}", kind: person, aliases: [Minister Vance, Vance], description: A minister.}}
            """)})
    pages, feeds = _feeds(root)
    for text in feeds.values():
        ET.fromstring(text.encode("utf-8"))  # well-formed
        assert "<script>" not in text
    vance = _parsed(feeds["feeds/actors/ada-vance.xml"])
    assert vance.feed.title == f"Test book: {title}"
    assert vance.entries[0].title == title
    assert f"Named as {title}." in vance.entries[0].summary
    assert vance.entries[0].title_detail.type == "text/plain"
    # the HTML content holds the text as text: no element comes from the data
    content = vance.entries[0].content[0]
    assert content.type == "text/html"
    shown = Html(content.value)
    assert f"Named as {' '.join(title.split())}." in shown.text and not shown.tags("script") and not shown.tags("title")
    # the page's front matter names the feed and its title as YAML strings, not markup
    import yaml
    front = yaml.safe_load(pages["actors/ada-vance.md"].split("---\n")[1])
    assert front["feed"] == "feeds/actors/ada-vance.xml" and " ".join(title.split()) in front["feed_title"]


def test_feeds_check_against_the_rules_of_atom(project):
    """RFC 4287: a feed has id, title, updated and an author (or every entry one); an entry has id, title,
    updated and, with no content, an alternate link and a summary; dates are RFC 3339 timestamps."""
    _, feeds = _feeds(project)
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
    for path, text in feeds.items():
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == f"{ATOM}feed", path
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{name}")) == 1 and root.find(f"{ATOM}{name}").text, (path, name)
        assert root.find(f"{ATOM}author/{ATOM}name").text
        assert stamp.fullmatch(root.find(f"{ATOM}updated").text)
        assert [l.get("rel") for l in root.findall(f"{ATOM}link")].count("self") == 1
        for entry in root.findall(f"{ATOM}entry"):
            for name in ("id", "title", "updated", "summary"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1 and entry.find(f"{ATOM}{name}").text
            assert stamp.fullmatch(entry.find(f"{ATOM}updated").text)
            if entry.find(f"{ATOM}published") is not None:
                assert stamp.fullmatch(entry.find(f"{ATOM}published").text)
            assert [l.get("rel") for l in entry.findall(f"{ATOM}link")] == ["alternate"]


def test_write_feeds_is_pure_and_deterministic(project):
    corpus = generate(Project(project)).corpus
    one = write_feeds(corpus, site_url="", site_name="Test book", built=BUILT)
    assert one == write_feeds(corpus, site_url="", site_name="Test book", built=BUILT)
    assert set(one) == {"feeds/index.xml", *(f"feeds/actors/{a}.xml" for a in corpus.actors),
                        *(f"feeds/events/{e}.xml" for e in corpus.events)}


# ---------------------------------------------------------------- end to end: briefbook build

def _build(root: Path) -> Path:
    result = invoke("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    return root / "site"


def _alternates(page: Path) -> list[dict]:
    return [t for t in Html(page.read_text(encoding="utf-8")).tags("link")
            if t.get("rel") == "alternate" and t.get("type") == "application/atom+xml"]


HOST = "https://host.example/sub/path/"  # where the test serves the built site from, under a sub-path


def _at(site: Path, built: Path) -> str:
    """A built file's address when the site is served at HOST."""
    return HOST + built.relative_to(site).as_posix()


def _in_site(site: Path, url: str, base: str = "") -> Path:
    """The built file a link leads to, resolved against `base` (an address under HOST) when relative."""
    from urllib.parse import urljoin
    resolved = urljoin(base, url)
    assert resolved.startswith(HOST), (url, resolved)
    target = site / unquote(urlsplit(resolved).path.removeprefix(urlsplit(HOST).path))
    return target / "index.html" if target.is_dir() else target


def test_a_build_writes_the_feeds_and_every_page_links_them_relatively(project):
    site = _build(project)
    feed = site / "feeds" / "actors" / "ada-vance.xml"
    vance = _parsed(feed.read_text(encoding="utf-8"), at=_at(site, feed))
    # the reader resolves the feed's relative links against the feed's own address: the built pages
    assert _in_site(site, vance.feed.link) == site / "actors" / "ada-vance.html"
    assert [_in_site(site, e.link) for e in vance.entries] == [site / "sources" / "month-report.html",
                                                               site / "sources" / "alpha-statement.html"]
    assert all(_in_site(site, e.link).is_file() for path in (site / "feeds").rglob("*.xml")
               for e in _parsed(path.read_text(encoding="utf-8"), at=_at(site, path)).entries)
    page = site / "actors" / "ada-vance.html"
    links = _alternates(page)
    assert [l["href"] for l in links] == ["../feeds/index.xml", "../feeds/actors/ada-vance.xml"]
    assert [_in_site(site, l["href"], _at(site, page)) for l in links] == [site / "feeds" / "index.xml", feed]
    assert links[1]["title"] == "New sources on Ada Vance (Atom)"
    event = site / "events" / "lakeside-talks-2020.html"
    assert _in_site(site, _alternates(event)[1]["href"], _at(site, event)) == \
        site / "feeds" / "events" / "lakeside-talks-2020.xml"
    for other in (site / "index.html", site / "guide" / "hosting.html", site / "sources" / "year-note.html"):
        assert [_in_site(site, l["href"], _at(site, other)) for l in _alternates(other)] == [site / "feeds" / "index.xml"]
    # ids are the same in a second build
    again = _build(project)
    assert [e.id for e in vance.entries] == [e.id for e in _parsed(
        (again / "feeds" / "actors" / "ada-vance.xml").read_text(encoding="utf-8")).entries]


def test_with_site_url_the_build_links_the_feeds_absolutely(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name:", "site_url: https://briefs.example.org/book/\nsite_name:", 1), encoding="utf-8")
    site = _build(project)
    base = "https://briefs.example.org/book/"
    links = _alternates(site / "actors" / "ada-vance.html")
    assert [l["href"] for l in links] == [base + "feeds/index.xml", base + "feeds/actors/ada-vance.xml"]
    feed = _parsed((site / "feeds" / "actors" / "ada-vance.xml").read_text(encoding="utf-8"), at="file:///x.xml")
    hrefs = [feed.feed.link, *(e.link for e in feed.entries), *(l.href for l in feed.feed.links)]
    assert all(h.startswith(base) for h in hrefs)
    assert all((site / h.removeprefix(base)).is_file() for h in hrefs)


def test_a_feed_whose_event_is_gone_is_removed_from_docs(project):
    events = project / "briefings" / "registry" / "events.yaml"
    original = events.read_text(encoding="utf-8")
    events.write_text(original + '  later-talks:\n    title: Later talks\n    kind: meeting\n'
                      '    date: {value: "2021"}\n    description: Not held yet.\n', encoding="utf-8")
    from briefbook.publish.docs import write_pages
    write_pages(generate(Project(project)).pages, project / "docs")
    assert (project / "docs" / "feeds" / "events" / "later-talks.xml").is_file()
    events.write_text(original, encoding="utf-8")
    write_pages(generate(Project(project)).pages, project / "docs")
    assert not (project / "docs" / "feeds" / "events" / "later-talks.xml").exists()
    assert (project / "docs" / "feeds" / "events" / "lakeside-talks-2020.xml").is_file()


@pytest.mark.parametrize("served_as", ["application/atom+xml", "application/xml", "text/xml; charset=utf-8"])
def test_a_feed_with_non_ascii_text_reads_as_served_by_common_hosts(make_project, served_as):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace(
        "title: Joint statement on the Lakeside talks", "title: Заявление — Lakeside «talks» 会谈")})
    _, feeds = _feeds(root)
    parsed = feedparser.parse(feeds["feeds/index.xml"].encode("utf-8"), response_headers={"content-type": served_as})
    assert parsed.bozo == 0 and parsed.entries[0].title == "Заявление — Lakeside «talks» 会谈"


# ---------------------------------------------------------------- in the browser

def test_the_feed_links_cost_a_page_no_request_and_no_console_error(project, chromium_browser):
    """Material takes every link[rel=alternate] for a language version and fetches sitemap.xml beside it
    (a 404 per page load over HTTP, a blocked request from file://); bbfeeds.js keeps the feeds out of
    that one query, and the links stay in the page for feed readers."""
    from browser_support import serve
    from test_browser import open_page
    site = _build(project)
    with serve(site) as base:
        for url in (base + "actors/ada-vance.html", (site / "actors" / "ada-vance.html").as_uri()):
            context, page, rec = open_page(chromium_browser, base if url.startswith("http") else "file://")
            try:
                page.goto(url)
                page.wait_for_load_state("networkidle")
                hrefs = page.eval_on_selector_all('link[rel="alternate"][type="application/atom+xml"]',
                                                  "links => links.map(l => l.href)")
                assert [h.rsplit("/", 2)[-2:] for h in hrefs] == [["feeds", "index.xml"], ["actors", "ada-vance.xml"]]
                assert not [r for r in rec.requests if "sitemap" in r], rec.requests
                assert rec.console_errors == [] and rec.failed == [], (rec.console_errors, rec.failed)
            finally:
                context.close()


def test_a_hand_written_pages_feed_key_stays_an_attribute_value(project):
    guide = project / "docs" / "guide" / "hosting.md"
    text = guide.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    guide.write_text("---\nfeed: '\"><script>window.bbpwned=1</script>'\nfeed_title: '\"><b>x</b>'\n" + text[4:],
                     encoding="utf-8")
    page = _build(project) / "guide" / "hosting.html"
    html_text = page.read_text(encoding="utf-8")
    assert "<script>window.bbpwned" not in html_text and "<b>x</b>" not in html_text
    links = _alternates(page)
    assert links[1]["href"].endswith('"><script>window.bbpwned=1</script>') and links[1]["title"] == '"><b>x</b>'


def test_feed_settings_read_mkdocs_yml_as_mkdocs_does(make_project):
    from briefbook.pipeline import feed_settings
    root = make_project(files={"mkdocs.yml": "site_name: X\nsite_url: https://a.example/b/\n"})
    settings = feed_settings(Project(root), built=BUILT, first_seen={"alpha-statement": BUILT})
    assert (settings.site_url, settings.directory_urls, settings.built) == ("https://a.example/b/", True, BUILT)
    assert settings.first_seen == {"alpha-statement": BUILT}
    (root / "mkdocs.yml").write_text("site_name: X\nuse_directory_urls: false\n", encoding="utf-8")
    assert (feed_settings(Project(root)).site_url, feed_settings(Project(root)).directory_urls) == ("", False)
