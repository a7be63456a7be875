"""Issue 18, as of a date: `build --as-of DAY` (and `pdf --as-of`) builds the briefing as the sources stood then.

A source is in the view when the last day its date can mean is on or before DAY; what only later sources
support goes with them. The view must equal a normal build of a project holding only the kept sources.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefbook import Project
from briefbook.corpus import build_corpus
from conftest import dedent, invoke, run_cli

DAY = "2020-06-15"

# Paragraphs: 1 Norland announces, 2 the deputy minister on planned talks in Geneva, 3 hope.
EARLY_SEED = """\
Norland announces the Spring talks.

Deputy Minister Ada Vance said the Spring talks are planned in Geneva.

Norland hopes for progress.
"""

# Paragraphs: 1 held in Oslo, 2 who attended and the ceasefire call, 3 the summit to follow.
LATE_SEED = """\
The Spring talks were held in Oslo, hosted by Norland.

Minister Ada Vance and Envoy Bo Kerr attended. Bo Kerr called for a ceasefire.

A Summer summit will follow.
"""

EARLY = dedent("""
    seed: early.txt
    title: Norland announces the Spring talks
    kind: statement
    published: {value: "2020-06-14"}
    language: en
    summary: Norland announces talks in Geneva.
    key_points:
      - text: Talks are planned in Geneva.
        cite: 2
    actors:
      - actor: norland
        cite: 1
      - actor: ada-vance
        role: Deputy Minister
        cite: 2
    events:
      - event: spring-talks
        says: Planned in Geneva.
        status: planned
        place: Geneva
        cite: 2
    positions:
      - actor: ada-vance
        issue: talks
        stance: Wants the talks held.
        cite: 2
""")

LATE = dedent("""
    seed: late.txt
    title: The Spring talks held in Oslo
    kind: news-report
    published: {value: "2020-06-16"}
    language: en
    summary: The talks were held in Oslo; a summit follows.
    key_points:
      - text: Held in Oslo.
        cite: 1
    actors:
      - actor: ada-vance
        role: Minister
        cite: 2
      - actor: bo-kerr
        role: Envoy
        cite: 2
    events:
      - event: spring-talks
        says: Held in Oslo, hosted by Norland.
        status: held
        place: Oslo
        host: norland
        participants:
          - actor: bo-kerr
            role: Envoy
        cite: [1, 2]
      - event: summer-summit
        says: A summit will follow.
        status: planned
        cite: 3
    positions:
      - actor: bo-kerr
        issue: ceasefire
        stance: Calls for a ceasefire.
        cite: 2
""")

# every other kind of date, each on a short note of its own: (id, published YAML or None, kept?)
DATED = [
    ("exact-day", '{value: "2020-06-15"}', True),
    ("month-straddling", '{value: "2020-06", inferred: true, basis: "The note says June."}', False),
    ("year-only", '{value: "2020"}', False),
    ("before-june", '{value: "2020-06-01", qualifier: before}', True),
    ("before-july", '{value: "2020-07-01", qualifier: before}', False),
    ("about-june", '{value: "2020-06-01", qualifier: about}', True),
    ("about-month", '{value: "2020-05", qualifier: about}', False),
    ("after-may", '{value: "2020-05-01", qualifier: after}', False),
    ("may-range", '{value: "2020-05-01", end: "2020-05-20"}', True),
    ("undated", None, False),
    ("yearless", '{value: "--06-01"}', False),
]


def _note(doc_id: str, published: str | None) -> str:
    return (f"seed: {doc_id}.txt\ntitle: Note {doc_id}\nkind: report\n"
            + (f"published: {published}\n" if published else "")
            + "language: en\nsummary: A note.\nkey_points:\n  - text: A note.\n    cite: 1\n")


# Lines marked "# later" are what a project holding only the kept sources would not have: the entries only
# later sources support and the references to them. They are turned into comments for that project, so that
# every other line keeps its number (the health page names lines).
ACTORS = dedent("""
    actors:
      norland:
        name: Republic of Norland
        kind: state
        aliases: [Norland]
        description: A state that hosts talks.
        description_cite: [{source: late, cite: [1]}]  # later
      ada-vance:
        name: Ada Vance
        kind: person
        aliases: [Minister Vance]
        affiliation: norland
        description: A minister of Norland.
      old-friend:
        name: Cy Old
        kind: person
        affiliation: [norland, bo-kerr]  # later
        description: An adviser no source names.
      bo-kerr:  # later
        name: Bo Kerr  # later
        kind: person  # later
        affiliation: norland  # later
        description: An envoy.  # later
""")

EVENTS = dedent("""
    events:
      spring-talks:
        title: Spring talks
        kind: negotiations
        date: {value: "2020-06"}
        host: norland
        related: [summer-summit]  # later
        description: Talks in spring.
      old-meeting:
        title: An old meeting
        kind: meeting
        date: {value: "2019-03-02"}
        description: A meeting no source reports.
      summer-summit:  # later
        title: Summer summit  # later
        kind: conference  # later
        date: {value: "2020-08"}  # later
        follows: [spring-talks]  # later
        host: bo-kerr  # later
        description: A summit after the talks.  # later
      future-conference:  # later
        title: A conference in the autumn  # later
        kind: conference  # later
        date: {value: "2020-09-10"}  # later
        description: Registered ahead; no source yet.  # later
""")


def _kept_registry(text: str) -> str:
    """The registry as a project with only the kept sources has it; `[norland, bo-kerr]` becomes `norland`."""
    out = []
    for line in text.splitlines():
        if line.endswith("# later") and "affiliation: [norland, bo-kerr]" in line:
            out.append(line.replace("[norland, bo-kerr]  # later", "norland"))
        elif line.endswith("# later"):
            out.append("#" + line)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _project(make_project, name: str, kept_only: bool = False) -> Path:
    seeds = {"early.txt": EARLY_SEED, "late.txt": LATE_SEED}
    briefings = {"early.yaml": EARLY, "late.yaml": LATE}
    for doc_id, published, kept in DATED:
        seeds[f"{doc_id}.txt"] = f"A note of {doc_id.replace('-', ' ')}.\n"
        briefings[f"{doc_id}.yaml"] = _note(doc_id, published)
    registry = {"actors.yaml": ACTORS, "events.yaml": EVENTS}
    if kept_only:
        later = {"late"} | {doc_id for doc_id, _, kept in DATED if not kept}
        seeds = {k: v for k, v in seeds.items() if k[:-4] not in later}
        briefings = {k: v for k, v in briefings.items() if k[:-5] not in later}
        registry = {k: _kept_registry(v) for k, v in registry.items()}
    return make_project(name=name, base=False, seeds=seeds, briefings=briefings, registry=registry)


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """The full project built as of DAY, and the project of only its kept sources built normally."""
    import conftest

    base = tmp_path_factory.mktemp("as-of")
    full = _project(lambda **kw: conftest.write_project(base / kw.pop("name"), **kw), "full")
    kept = _project(lambda **kw: conftest.write_project(base / kw.pop("name"), **kw), "kept", kept_only=True)
    for root, extra in ((full, ["--as-of", DAY]), (kept, [])):
        result = run_cli("build", "--project", str(root), "--no-pdf", *extra)
        assert result.exit_code == 0, result.stderr
        assert "Traceback" not in result.stderr
    return full, kept


def _generated(root: Path) -> dict[str, str]:
    manifest = json.loads((root / "docs" / ".briefbook-generated.json").read_text(encoding="utf-8"))
    paths = manifest["files"] if isinstance(manifest, dict) else manifest
    return {p: (root / "docs" / p).read_text(encoding="utf-8") for p in paths}


AS_OF_META = re.compile(r'^as_of: "[^"\n]*"\n', re.M)
AS_OF_SECTION = re.compile(r"^## As of .*?(?=^## )", re.M | re.S)


EDITION_LINE = re.compile(r"^\*\*Edition \d+\*\*, of .*\n\n", re.M)


def _without_notice(text: str) -> str:
    return AS_OF_SECTION.sub("", AS_OF_META.sub("", text), count=1)


def _without_edition(text: str) -> str:
    """A build of the kept sources is an edition (issue 18's editions); a view is none: the home page's
    edition line and the "since" page are the edition's, not the sources'."""
    return EDITION_LINE.sub("", text, count=1)


def test_the_view_equals_a_build_of_only_the_sources_published_by_then(projects):
    full, kept = projects
    view_pages, kept_pages = _generated(full), _generated(kept)
    assert sorted(view_pages) == sorted(kept_pages)
    for path in kept_pages:
        if path != "since.md":
            assert _without_notice(view_pages[path]) == _without_edition(kept_pages[path]), path
    view_json = json.loads((full / "site" / "corpus.json").read_text(encoding="utf-8"))
    kept_json = json.loads((kept / "site" / "corpus.json").read_text(encoding="utf-8"))
    assert view_json.pop("as_of") == DAY and kept_json.pop("as_of") is None
    assert view_json.pop("edition")["number"] is None and kept_json.pop("edition")["number"] == 1
    assert view_json == kept_json


def test_the_views_print_pages_equal_those_of_only_the_sources_published_by_then(projects):
    from datetime import date
    from briefbook.pipeline import print_html, validate
    full, kept = projects
    view_corpus, _ = validate(Project(full), as_of=date.fromisoformat(DAY))
    kept_corpus, _ = validate(Project(kept))
    view_docs, kept_docs = print_html(Project(full), view_corpus), print_html(Project(kept), kept_corpus)
    assert sorted(view_docs) == sorted(kept_docs)
    notice = re.compile(r'<p class="as-of">.*?</p>', re.S)
    for path, html in view_docs.items():
        assert len(notice.findall(html)) == 1, path
        assert notice.sub("", html) == kept_docs[path], path


def test_the_view_keeps_what_the_sources_said_by_then(projects):
    full, _ = projects
    corpus = json.loads((full / "site" / "corpus.json").read_text(encoding="utf-8"))
    kept = {doc_id for doc_id, _, keep in DATED if keep} | {"early"}
    assert set(corpus["sources"]) == kept
    assert set(corpus["actors"]) == {"norland", "ada-vance", "old-friend"}  # bo-kerr: only the later source
    assert set(corpus["events"]) == {"spring-talks", "old-meeting"}  # summer-summit, future-conference gone
    assert corpus["actors"]["old-friend"]["affiliation"] == ["norland"]
    assert corpus["events"]["spring-talks"]["status"] == "planned"  # the later source reports it held
    assert [m["role"] for m in corpus["actors"]["ada-vance"]["mentions"]] == ["Deputy Minister"]
    assert corpus["disagreements"] == []  # Geneva and Oslo disagree only with the later source
    assert set(corpus["topics"]) == {"talks"}
    assert corpus["actors"]["norland"]["description_cite"] == []


def test_a_full_build_still_has_everything(make_project):
    root = _project(make_project, "plain")
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems if p.is_error]
    assert corpus.as_of is None
    assert {"bo-kerr"} <= set(corpus.actors) and {"summer-summit", "future-conference"} <= set(corpus.events)
    assert corpus.events["spring-talks"].status == "held"
    assert corpus.disagreements


def test_the_home_page_says_what_was_left_out_and_why(projects):
    full, _ = projects
    home = (full / "docs" / "index.md").read_text(encoding="utf-8")
    section = AS_OF_SECTION.search(home).group(0)
    assert section.startswith("## As of 15 June 2020 {: #as-of }")
    assert "8 sources of the collection are left out:" in section
    assert "\n- 1 published after 15 June 2020: *The Spring talks held in Oslo* (16 June 2020)\n" in section
    assert "- 5 whose date may fall after 15 June 2020" in section
    for doc_id in ("month-straddling", "year-only", "before-july", "about-month", "after-may"):
        assert "*Note " + doc_id.replace("-", "\\-") + "*" in section  # hyphens escaped for Markdown
    assert "*Note month\\-straddling* (June 2020, inferred)" in section  # its reasoning is no note of the page
    assert "- 1 with no publication date: *Note undated*" in section
    assert "- 1 dated without a year: *Note yearless*" in section
    assert "\n\nLeft out with them: 1 actor and 2 events" in section  # a paragraph of its own, not in the list


def test_every_page_says_it_is_an_as_of_view(projects):
    full, kept = projects
    for path, text in _generated(full).items():
        if path.endswith(".md"):
            assert text.startswith("---\n") and 'as_of: "15 June 2020"' in text.split("\n---\n", 1)[0], path
    pages = [path[:-3] + ".html" for path in _generated(full) if path.endswith(".md")]
    assert {"index.html", "actors/ada-vance.html", "events/spring-talks.html", "health.html", "sources/early.html",
            "reference.html", "topics/talks.html"} <= set(pages)
    for page in pages:
        html = (full / "site" / page).read_text(encoding="utf-8")
        banner = re.search(r'<p class="bb-as-of">(.*?)</p>', html, re.S)
        assert banner, page
        assert "As of 15 June 2020" in banner.group(1)
        href = re.search(r'href="([^"]+)"', banner.group(1)).group(1)
        assert href.endswith("index.html#as-of")
        assert (full / "site" / page).parent.joinpath(href.split("#")[0]).resolve() == \
            (full / "site" / "index.html").resolve()
    assert '<h2 id="as-of">' in (full / "site" / "index.html").read_text(encoding="utf-8")  # the link's target
    assert 'class="md-banner' not in (kept / "site" / "index.html").read_text(encoding="utf-8")


def test_warnings_about_left_out_briefings_stay_on_the_terminal_not_on_the_health_page(make_project):
    root = _project(make_project, "warned")
    late = root / "briefings" / "late.yaml"
    # an actor it lists whose name is not in its text: a warning about the left-out briefing
    late.write_text(late.read_text(encoding="utf-8").replace("actors:\n", "actors:\n  - actor: old-friend\n", 1),
                    encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "briefings/late.yaml:11:12: warning: mention-not-found" in result.stderr  # still reported
    health = (root / "docs" / "health.md").read_text(encoding="utf-8")
    assert "late.yaml" not in health
    corpus, _ = build_corpus(Project(root))  # a full build shows it
    assert any(w.path == "briefings/late.yaml" and w.code == "mention-not-found" for w in corpus.warnings)


def test_an_error_in_a_left_out_briefing_still_fails(make_project):
    root = _project(make_project, "broken")
    late = root / "briefings" / "late.yaml"
    late.write_text(late.read_text(encoding="utf-8").replace("actor: bo-kerr\n", "actor: nobody-known\n", 1),
                    encoding="utf-8")
    result = invoke("build", "--project", str(root), "--no-pdf", "--as-of", DAY)
    assert result.exit_code == 1
    assert "briefings/late.yaml" in result.stderr and "unknown-actor" in result.stderr


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-12", "20201231", "31/12/2020", "2020-1-5", "yesterday", ""])
@pytest.mark.parametrize("command", ["build", "pdf"])
def test_a_bad_date_is_refused_in_one_line(make_project, bad, command):
    root = make_project()
    result = invoke(command, "--project", str(root), "--as-of", bad)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "--as-of" in errors[0], result.stderr
    assert not (root / "site").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_as_of_alone_says_so_on_the_cover_and_every_page(tmp_path):
    import conftest
    root = _project(lambda **kw: conftest.write_project(tmp_path / kw.pop("name"), **kw), "printed")
    result = run_cli("pdf", "--project", str(root), "--as-of", DAY, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    pdfs = root / "site" / "pdf"
    assert not (pdfs / "actors" / "bo-kerr.pdf").exists() and (pdfs / "actors" / "ada-vance.pdf").exists()
    for pdf in (pdfs / "briefing-book.pdf", pdfs / "actors" / "ada-vance.pdf", pdfs / "sources" / "early.pdf"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")[:-1]
        assert pages and all("As of 15 June 2020" in page for page in pages), pdf
    book = subprocess.run(["pdftotext", str(pdfs / "briefing-book.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    assert "sources published later are left out" in book[0]


def test_a_left_out_title_is_text_on_the_home_page(make_project):
    from briefbook.pipeline import generate
    hostile = '<script>alert(1)</script> *bold* [link](http://example.org) {{ 7*7 }}'
    root = _project(make_project, "hostile")
    late = root / "briefings" / "late.yaml"
    late.write_text(late.read_text(encoding="utf-8").replace("title: The Spring talks held in Oslo",
                                                             f"title: {json.dumps(hostile)}"), encoding="utf-8")
    from datetime import date
    home = generate(Project(root), as_of=date.fromisoformat(DAY)).pages["index.md"]
    section = AS_OF_SECTION.search(home).group(0)
    assert "<script>" not in section and "[link](" not in section and "49" not in section
    assert "&lt;script&gt;" in section


def test_on_the_bundled_corpus_the_view_holds_only_sources_certainly_published_by_then():
    from datetime import date
    from conftest import REPO
    day = date(2020, 12, 31)
    full, _ = build_corpus(Project(REPO))
    view, _ = build_corpus(Project(REPO), as_of=day)
    assert view.as_of.date == day and full.as_of is None
    assert view.sources and set(view.sources) < set(full.sources)
    assert all(s.date is not None and not s.date.yearless and s.date.interval()[1] <= day
               for s in view.sources.values())
    left_out = {entry.id for entry in view.as_of.left_out}
    assert left_out == set(full.sources) - set(view.sources)
    for actor in view.actors.values():  # nothing from a left-out source, and nothing dropped is referred to
        assert {m.source for m in actor.mentions} <= set(view.sources)
        assert set(actor.affiliation) <= set(view.actors)
    for event in view.events.values():
        assert set(event.sources) <= set(view.sources)
        assert set(event.related) <= set(view.events) and set(event.hosts) <= set(view.actors)
    assert {("actor", a) for a in set(full.actors) - set(view.actors)} | \
        {("event", e) for e in set(full.events) - set(view.events)} == set(view.as_of.dropped)


def test_a_left_out_title_in_another_script_keeps_its_language(make_project):
    from datetime import date
    from briefbook.pipeline import generate
    root = _project(make_project, "arabic")
    late = root / "briefings" / "late.yaml"
    late.write_text(late.read_text(encoding="utf-8").replace("title: The Spring talks held in Oslo",
                                                             "title: محادثات الربيع").replace("language: en",
                                                                                           "language: ar"),
                    encoding="utf-8")
    home = generate(Project(root), as_of=date.fromisoformat(DAY)).pages["index.md"]
    assert '*<bdi lang="ar" dir="rtl">محادثات الربيع</bdi>* (16 June 2020)' in home
