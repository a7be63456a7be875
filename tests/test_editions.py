"""Editions (issue 18): each build is numbered and dated, keeps the corpus of the edition before it, and
says what changed since: the "since" page, each actor's and event's page, the book's status update.

The project's sources have different dates: a day, a month only, none at all. Between two builds one
source is added; the "since" page must list exactly what it adds, and nothing else.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
from pathlib import Path

import pymupdf
import pytest

from briefbook.publish.changes import compare
from briefbook.publish.editions import Edition, content_hash

from conftest import ACTORS_YAML, EVENTS_YAML, dedent, run_cli, write_project

BETA_SEED = dedent("""
    Norland on the ceasefire

    In August 2020 the Republic of Norland said a ceasefire must come first.
    """)

UNDATED_SEED = dedent("""
    Background note on Norland

    Ada Vance leads Norland's diplomacy.
    """)

GAMMA_SEED = dedent("""
    Harbour meeting opens

    Foreign Minister Ada Vance met Bram Okafor at the Harbour meeting on 1 September 2020.

    Vance said: "The Lakeside talks were only a start."

    Okafor said the talks at Lakeside had been held in July.
    """)

BETA = dedent("""
    seed: beta.txt
    title: Norland on the ceasefire
    kind: statement
    published: {value: "2020-08"}
    language: en
    summary: Norland says a ceasefire must come first.
    key_points:
      - text: Norland wants a ceasefire first.
        cite: 2
    actors:
      - actor: norland
        cite: 2
    positions:
      - actor: norland
        issue: ceasefire
        stance: A ceasefire must come first.
        cite: 2
    """)

UNDATED = dedent("""
    seed: undated.txt
    title: Background note on Norland
    kind: report
    language: en
    summary: Ada Vance leads Norland's diplomacy.
    key_points:
      - text: Vance leads the diplomacy.
        cite: 2
    actors:
      - actor: ada-vance
        role: Head of diplomacy
        cite: 2
    """)

GAMMA = dedent("""
    seed: gamma.txt
    title: Harbour meeting opens
    kind: news-report
    published: {value: "2020-09-01"}
    language: en
    summary: Ada Vance met Bram Okafor at the Harbour meeting.
    key_points:
      - text: Vance met Okafor.
        cite: 2
    actors:
      - actor: ada-vance
        role: Foreign Minister
        cite: 2
      - actor: bram-okafor
        cite: 2
    events:
      - event: harbour-meeting
        says: Vance and Okafor met.
        date: {value: "2020-09-01"}
        participants:
          - actor: ada-vance
          - actor: bram-okafor
        cite: 2
      - event: lakeside-talks-2020
        says: Held in July.
        date: {value: "2020-07"}
        cite: 4
    quotes:
      - speaker: ada-vance
        text: The Lakeside talks were only a start.
        cite: 3
    positions:
      - actor: bram-okafor
        issue: ceasefire
        stance: Talks first, then a ceasefire.
        cite: 4
    """)

ACTORS_WITH_OKAFOR = ACTORS_YAML + """\
  bram-okafor:
    name: Bram Okafor
    kind: person
    aliases: [Okafor]
    description: An envoy.
"""

EVENTS_WITH_HARBOUR = EVENTS_YAML + """\
  harbour-meeting:
    title: Harbour meeting
    kind: meeting
    description: A meeting at the harbour.
"""


def _build(root: Path, *args: str, epoch: str = "1767225600"):  # 1 January 2026
    env_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        result = run_cli("build", "--project", str(root), *args, timeout=600)
    finally:
        if env_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = env_epoch
    assert result.exit_code == 0, result.stderr
    return result


def _add_gamma(root: Path) -> None:
    (root / "seeds" / "gamma.txt").write_text(GAMMA_SEED, encoding="utf-8")
    (root / "briefings" / "registry" / "actors.yaml").write_text(ACTORS_WITH_OKAFOR, encoding="utf-8")
    (root / "briefings" / "registry" / "events.yaml").write_text(EVENTS_WITH_HARBOUR, encoding="utf-8")
    (root / "briefings" / "gamma.yaml").write_text(GAMMA, encoding="utf-8")
    from conftest import pin_briefings
    pin_briefings(root)


def _sections(html: str) -> dict[str, list[str]]:
    """The since page's sections: heading → the text of each list item."""
    body = article_text(html)
    found: dict[str, list[str]] = {}
    for part in re.split(r"<h2[^>]*>", body)[1:]:
        heading = html_lib.unescape(re.sub(r"<[^>]+>", "", part.split("</h2>", 1)[0])).replace("¶", "").strip()
        items = [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", li)).split()) for li in re.findall(r"<li>(.*?)</li>", part, re.S)]
        found[heading] = items
    return found


def article_text(html: str) -> str:
    return html.split('<article', 1)[1].split("</article>", 1)[0]


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("editions") / "p",
                         seeds={"beta.txt": BETA_SEED, "undated.txt": UNDATED_SEED},
                         briefings={"beta.yaml": BETA, "undated.yaml": UNDATED})
    first = _build(root, "--no-pdf")
    one = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    since_one = (root / "site" / "since.html").read_text(encoding="utf-8")
    _add_gamma(root)
    second = _build(root, "--no-pdf", epoch="1769904000")  # 1 February 2026
    return root, one, since_one, first, second


def test_the_first_build_is_edition_one_and_says_there_is_nothing_to_compare(two_editions):
    root, one, since_one, first, _ = two_editions
    assert one["edition"]["number"] == 1 and one["edition"]["date"] == "2026-01-01"
    assert one["edition"]["cutoff"] == "2020-08-31"  # the month-only source can mean its last day; undated: none
    assert "edition 1 of 2026-01-01" in first.stdout
    text = " ".join(re.sub(r"<[^>]+>", " ", article_text(since_one)).split())
    assert "This is the first edition" in text and "1 January 2026" in text
    assert "<h2" not in article_text(since_one)  # no sections of changes


def test_the_next_build_with_one_new_source_lists_exactly_what_it_added(two_editions):
    root, one, _, _, second = two_editions
    corpus = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["edition"]["number"] == 2 and corpus["edition"]["date"] == "2026-02-01"
    assert corpus["edition"]["cutoff"] == "2020-09-01"
    assert "edition 2 of 2026-02-01" in second.stdout
    sections = _sections((root / "site" / "since.html").read_text(encoding="utf-8"))
    assert set(sections) == {"New sources", "New actors", "New events", "New and changed titles",
                             "New positions", "New quotes", "New accounts of events already in the book"}, sections
    assert len(sections["New sources"]) == 1 and sections["New sources"][0].startswith("Harbour meeting opens")
    assert [i.split(" (")[0] for i in sections["New actors"]] == ["Bram Okafor"]
    assert [i.split(",")[0] for i in sections["New events"]] == ["Harbour meeting"]
    (title,) = sections["New and changed titles"]
    assert title.startswith("Ada Vance: Foreign Minister (Harbour meeting opens")  # the latest title now
    assert "the title before" in title and title.endswith("Minister")  # alpha's, the latest before
    (position,) = sections["New positions"]
    assert position.startswith("Bram Okafor: on Ceasefire: Talks first, then a ceasefire.")
    (quote,) = sections["New quotes"]
    assert quote.startswith("Ada Vance: “The Lakeside talks were only a start.”")
    (account,) = sections["New accounts of events already in the book"]
    assert account.startswith("Lakeside talks: a new account in")
    for items in sections.values():  # each cited to the new source's paragraphs
        for item in items:
            assert "¶" in item or item.startswith("Harbour meeting opens"), item


def test_every_change_links_to_its_page_and_its_paragraph(two_editions):
    root = two_editions[0]
    html = article_text((root / "site" / "since.html").read_text(encoding="utf-8"))
    hrefs = set(re.findall(r'href="([^"#]+)(?:#([^"]*))?"', html))
    assert ("actors/bram-okafor.html", "") in hrefs and ("events/harbour-meeting.html", "") in hrefs
    assert ("sources/gamma.html", "p3") in hrefs  # the quote's paragraph
    for target, anchor in hrefs:
        page = root / "site" / target
        assert page.is_file(), target
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), (target, anchor)


def test_each_page_marks_what_is_new_on_it_and_only_that(two_editions):
    root = two_editions[0]
    def new_since(page: str) -> list[str]:
        html = article_text((root / "site" / page).read_text(encoding="utf-8"))
        if 'id="new-since"' not in html:
            return []
        part = html.split('id="new-since"', 1)[1].split("<h2", 1)[0]
        return [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", part, re.S)]
    vance = new_since("actors/ada-vance.html")
    assert any(i.startswith("Title: Foreign Minister (Harbour meeting opens") for i in vance), vance
    assert any(i.startswith("Quote: “The Lakeside talks were only a start.”") for i in vance), vance
    assert any(i.startswith("Named in a new source: Harbour meeting opens, dated") for i in vance), vance
    assert any(i.startswith("Named at a new event: Harbour meeting") for i in vance), vance
    okafor = article_text((root / "site" / "actors/bram-okafor.html").read_text(encoding="utf-8"))
    lead = " ".join(re.sub(r"<[^>]+>", "", okafor.split('id="new-since"', 1)[1].split("<h2", 1)[0]).split())
    assert "New in this edition, first named in Harbour meeting opens" in lead
    assert "everything on this page is new" in lead
    assert any(i.startswith("A new account in Harbour meeting opens") for i in new_since("events/lakeside-talks-2020.html"))
    assert new_since("actors/norland.html") == []  # nothing new on it


def test_the_site_keeps_the_previous_edition_and_a_rebuild_without_change_is_the_same_edition(two_editions):
    root, one = two_editions[0], two_editions[1]
    kept = json.loads((root / "site" / "editions" / "previous.json").read_text(encoding="utf-8"))
    assert kept == one
    before = (root / "site" / "since.html").read_text(encoding="utf-8")
    again = _build(root, "--no-pdf", epoch="1772323200")  # 1 March 2026: nothing changed since February
    assert "edition 2 of 2026-02-01" in again.stdout
    assert (root / "site" / "since.html").read_text(encoding="utf-8") == before
    assert json.loads((root / "site" / "editions" / "previous.json").read_text(encoding="utf-8")) == one


def test_the_book_has_the_status_update_and_the_cover_its_edition(two_editions):
    root = two_editions[0]
    os.environ["SOURCE_DATE_EPOCH"] = "1772323200"
    try:
        result = run_cli("pdf", "--project", str(root), timeout=600)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
    assert result.exit_code == 0, result.stderr
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        cover = " ".join(doc[0].get_text().split())
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    assert "Edition 2, of 1 February 2026; printed 1 March 2026" in cover, cover
    update = text.split("Status update", 1)[1].split("Contents", 1)[0]  # the section, before the contents
    assert "since edition 1 of 1 January 2026" in update
    for expected in ("New sources", "Harbour meeting opens", "New actors", "Bram Okafor",
                     "New quotes", "The Lakeside talks were only a start."):
        assert expected in update, expected


def test_previous_names_the_edition_before_when_the_site_folder_is_new(two_editions, tmp_path):
    root, one = two_editions[0], two_editions[1]
    previous = tmp_path / "downloaded.json"
    previous.write_text(json.dumps(one), encoding="utf-8")
    _build(root, "--no-pdf", "--site-dir", str(tmp_path / "fresh"), "--previous", str(previous))
    corpus = json.loads((tmp_path / "fresh" / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["edition"]["number"] == 2
    assert "New sources" in _sections((tmp_path / "fresh" / "since.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("damage", ["not json", "[1, 2]", '{"format": "briefbook-corpus"}', "link", "deep"])
def test_a_damaged_previous_edition_is_a_warning_and_the_build_a_first_edition(tmp_path, damage):
    root = write_project(tmp_path / "p")
    site = root / "site"
    _build(root, "--no-pdf")
    corpus = site / "corpus.json"
    corpus.unlink()
    if damage == "link":
        (tmp_path / "elsewhere.json").write_text('{"format": "briefbook-corpus"}', encoding="utf-8")
        corpus.symlink_to(tmp_path / "elsewhere.json")
    elif damage == "deep":
        corpus.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    else:
        corpus.write_text(damage, encoding="utf-8")
    result = _build(root, "--no-pdf")
    lines = [line for line in result.stderr.splitlines() if "previous-edition" in line]
    assert len(lines) == 1 and lines[0].startswith("site/corpus.json:"), result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((site / "corpus.json").read_text(encoding="utf-8"))["edition"]["number"] == 1
    assert (tmp_path / "elsewhere.json").exists() or damage != "link"  # a file briefbook did not write stays


def test_wrong_types_anywhere_in_a_previous_corpus_give_fewer_changes_never_an_error(two_editions):
    root, one = two_editions[0], two_editions[1]
    now = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    edition = Edition(2, "2026-02-01", None, content_hash(now))

    def variants(value, path=()):
        """The corpus with one value at a time replaced by values of every other type."""
        for wrong in (None, 7, "x", [1], {"a": 1}, True):
            if type(wrong) is not type(value):
                yield path, wrong
        if isinstance(value, dict):
            for key, inner in list(value.items())[:6]:
                yield from variants(inner, path + (key,))
        elif isinstance(value, list):
            for i, inner in enumerate(value[:3]):
                yield from variants(inner, path + (i,))

    tried = 0
    for path, wrong in variants(one):
        damaged = json.loads(json.dumps(one))
        node = damaged
        for key in path[:-1]:
            node = node[key]
        if path:
            node[path[-1]] = wrong
        compare(damaged if isinstance(damaged, dict) else {}, now, edition, None)
        tried += 1
    assert tried > 200


def test_an_undated_source_is_not_the_latest_to_give_a_title_while_a_dated_one_gives_one(two_editions):
    """The undated note calls Vance "Head of diplomacy"; undated sources sort last, but the lead, the
    changes and the book say the title the latest *dated* source gives."""
    root = two_editions[0]
    page = " ".join(re.sub(r"<[^>]+>", "", article_text(
        (root / "site" / "actors" / "ada-vance.html").read_text(encoding="utf-8"))).split())
    assert "Foreign Minister, in the latest source to give a title (Harbour meeting opens" in page
    assert "Head of diplomacy, in the latest source" not in page


def test_the_home_page_gives_the_edition_and_links_to_what_is_new(two_editions):
    root, _, _, _, _ = two_editions
    home = article_text((root / "site" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", "", home).split())
    assert "Edition 2, of 1 February 2026: what is new since edition 1." in text
    assert 'href="since.html">what is new since edition 1</a>' in home
