"""The analyst's workflow: a new seed → `briefbook new` → registry entries → a finished
briefing → the published site, drafts in the preview, safe ids, the JSON export and the
offline copy. Everything runs on real small projects in tmp_path; where the test is about
what the user sees, through the real entry point (`python -m briefbook`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from briefbook import Project, build_corpus
from briefbook.authoring.drafts import SCHEMA_LINE
from briefbook.authoring.ids import MAX_ID, slugify
from briefbook.pipeline import generate
from briefbook.publish.export import corpus_dict, corpus_json
from briefbook.corpus.paragraphs import normalise
from briefbook.corpus.models import RESERVED_IDS
from conftest import ALPHA_BRIEFING, ALPHA_SEED, Html, article, invoke, run_cli, tree_hashes

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# A sixth seed, as a new analyst would paste it: a headline, a wire-style dateline with a
# date, a paragraph naming a registered actor (by an alias) and a person nobody has
# registered yet, and a quote.
#   ¶1 headline, ¶2 dateline + date, ¶3 the registered actor and the new person, ¶4 the quote
KABUL_SEED = """\
Talks resume in Kabul after a long pause

KABUL, 3 March 2021 – Negotiators met in the capital on Wednesday to restart the
Lakeside process after months without contact.

Minister Vance met Omar Khalil, a tribal elder from Herat, at the presidential palace.

"We came to listen, not to lecture," Khalil told reporters after the meeting.
"""
KABUL_FILE = "005_kabul-talks-resume.txt"


def _replace(text: str, old: str, new: str) -> str:
    """An edit the analyst makes by hand; it must find what the draft proposed."""
    assert old in text, f"the draft has no {old!r}:\n{text}"
    return text.replace(old, new, 1)


def _no_traceback(run) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr


# ---------------------------------------------------------------- 1. the acceptance test

def test_a_new_user_turns_a_sixth_seed_into_published_pages_without_code_changes(make_project):
    root = make_project(seeds={KABUL_FILE: KABUL_SEED})

    # -- `briefbook new seeds/<file>` writes a draft
    result = run_cli("new", f"seeds/{KABUL_FILE}", cwd=root)
    assert result.exit_code == 0, result.stderr
    _no_traceback(result)
    match = re.match(r"Wrote the draft briefings/([a-z0-9-]+)\.yaml", result.stdout)
    assert match, result.stdout
    doc_id = match.group(1)
    draft_path = root / "briefings" / f"{doc_id}.yaml"
    assert draft_path.is_file()
    draft = draft_path.read_text(encoding="utf-8")
    lines = draft.splitlines()

    assert lines[0] == SCHEMA_LINE == "# yaml-language-server: $schema=schema/briefing.schema.json"
    # the numbered paragraphs, as comments
    assert "#  ¶1: Talks resume in Kabul after a long pause" in lines
    assert any(line.startswith("#  ¶2: KABUL, 3 March 2021 – Negotiators met") for line in lines)
    assert "#  ¶3: Minister Vance met Omar Khalil, a tribal elder from Herat, at the presidential palace." \
        in lines
    assert any(line.startswith('#  ¶4: "We came to listen, not to lecture,"') for line in lines)
    assert not any(line.startswith("#  ¶5:") for line in lines)
    # the unregistered name, listed as a candidate
    candidates = draft.split("# Names that match no registered actor", 1)
    assert len(candidates) == 2, draft
    assert "#  Omar Khalil (¶ 3)" in candidates[1].split("\n\n", 1)[0]
    # the date, found and proposed
    assert "#  ¶2: '3 March 2021' → 2021-03-03" in lines
    data = yaml.safe_load(draft)
    assert data["draft"] is True
    assert data["seed"] == KABUL_FILE
    assert data["title"] == "Talks resume in Kabul after a long pause"
    assert data["published"] == {"value": "2021-03-03"}
    # the registered actor (found by its alias "Minister Vance"), with its paragraph
    assert data["actors"] == [{"actor": "ada-vance", "cite": [3]}]

    # -- the draft validates (exit 0), with what is still to do as warnings
    result = run_cli("validate", cwd=root)
    assert result.exit_code == 0, result.stderr
    _no_traceback(result)
    mine = [line for line in result.problem_lines if line.startswith(f"briefings/{doc_id}.yaml:")]
    assert f"briefings/{doc_id}.yaml:1:1: warning: draft" in mine
    assert any(line.endswith(": warning: draft-todo") for line in mine), result.stderr
    assert all(": warning: " in line for line in result.problem_lines)

    # -- the published build leaves the draft out
    result = run_cli("build", "--no-pdf", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert (root / "site" / "sources" / "alpha-statement.html").is_file()
    assert not (root / "site" / "sources" / f"{doc_id}.html").exists()
    assert not (root / "docs" / "sources" / f"{doc_id}.md").exists()
    assert doc_id not in (root / "site" / "sources" / "index.html").read_text(encoding="utf-8")

    # -- register the new person and the event the report is about
    result = run_cli("add-actor", "Omar Khalil", "--kind", "person",
                     "--description", "A tribal elder from Herat.", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added actor 'omar-khalil' to briefings/registry/actors.yaml\n"
    result = run_cli("add-event", "Kabul talks", "--kind", "meeting", "--date", "2021-03-03",
                     "--place", "Kabul", "--description", "Talks in Kabul to restart the Lakeside process.",
                     cwd=root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added event 'kabul-talks' to briefings/registry/events.yaml\n"

    # -- complete the draft by editing its text, as the analyst would in an editor
    text = draft
    text = _replace(text, '"TODO: one paragraph in your words"',
                    '"Negotiators met in Kabul to restart the Lakeside process; Minister Vance met '
                    'the tribal elder Omar Khalil."')
    text = _replace(text, '"TODO: the first key point"\n    cite: 1',
                    '"Minister Vance met Omar Khalil in Kabul."\n    cite: 3')
    text = _replace(text, "  - actor: ada-vance\n    cite: [3]\n",
                    "  - actor: ada-vance\n    role: Minister\n    cite: [3]\n"
                    "  - actor: omar-khalil\n    role: Tribal elder from Herat\n    cite: [3, 4]\n")
    text = _replace(text, "events: []  # TODO: what the document says of each event (see the guide)",
                    "events:\n"
                    "  - event: kabul-talks\n"
                    "    says: Negotiators met in the capital to restart the Lakeside process.\n"
                    '    date: {value: "2021-03-03"}\n'
                    "    place: Kabul\n"
                    "    participants:\n"
                    "      - actor: ada-vance\n"
                    "        role: Minister\n"
                    "      - actor: omar-khalil\n"
                    "        role: Tribal elder\n"
                    "    cite: [2, 3]")
    text = _replace(text, "quotes: []",
                    "quotes:\n"
                    "  - speaker: omar-khalil\n"
                    "    text: We came to listen, not to lecture\n"
                    "    cite: 4\n"
                    "    event: kabul-talks")
    text = _replace(text, "draft: true\n", "")
    assert "TODO" not in json.dumps(yaml.safe_load(text))  # comments may still say TODO
    draft_path.write_text(text, encoding="utf-8")
    # the draft listed the dateline's capitals as a name; the draft says how to answer that; the
    # scan for unregistered names asks about the single word Herat too, a place: not an actor
    (root / "briefings" / "registry" / "not-actors.yaml").write_text("not_actors:\n  - KABUL\n  - Herat\n",
                                                                     encoding="utf-8")

    # -- checked against its seed, it is pinned to that text (so any later change of the seed is caught)
    result = run_cli("pin", doc_id, cwd=root)
    assert result.exit_code == 0 and f"briefings/{doc_id}.yaml: pinned" in result.stdout, result.stderr

    # -- it validates with nothing left to say about the document
    result = run_cli("validate", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith(f"briefings/{doc_id}.yaml")], \
        result.stderr
    assert result.stdout == "OK: 2 sources, 3 actors, 2 events; 0 warnings\n", result.stderr

    # -- and is published: its source page, the new actor's page and the event page
    result = run_cli("build", "--no-pdf", cwd=root)
    assert result.exit_code == 0, result.stderr
    site = root / "site"
    source_page, actor_page, event_page = (site / "sources" / f"{doc_id}.html",
                                           site / "actors" / "omar-khalil.html",
                                           site / "events" / "kabul-talks.html")
    for page in (source_page, actor_page, event_page):
        assert page.is_file(), page

    source_html = Html(article(source_page))
    assert {"p1", "p2", "p3", "p4"} <= {attrs.get("id") for _, attrs in source_html.elements}
    assert "../actors/omar-khalil.html" in source_html.hrefs()
    assert "../events/kabul-talks.html" in source_html.hrefs()
    assert "Draft" not in source_html.text

    actor_html = Html(article(actor_page))
    assert "Tribal elder from Herat" in actor_html.text
    # the title the (only, so latest) source gives, first, with that source's date
    assert re.search(r"Tribal elder from Herat, in the latest source to give a title \([^)]*, 3 March 2021, ¶ 3[,)]",
                     actor_html.text), actor_html.text
    assert f"../sources/{doc_id}.html#p3" in actor_html.hrefs()
    assert f"../sources/{doc_id}.html#p4" in actor_html.hrefs()  # the quote
    assert "We came to listen, not to lecture" in actor_html.text
    assert "../events/kabul-talks.html" in actor_html.hrefs()  # actor → event

    event_html = Html(article(event_page))
    assert "../actors/omar-khalil.html" in event_html.hrefs()  # event → actor
    assert "../actors/ada-vance.html" in event_html.hrefs()
    assert f"../sources/{doc_id}.html#p2" in event_html.hrefs()  # event → source paragraph
    assert "Negotiators met in the capital to restart the Lakeside process." in event_html.text

    # the earlier actor now has the new source too, linked to its paragraph
    ada_html = Html(article(site / "actors" / "ada-vance.html"))
    assert f"../sources/{doc_id}.html#p3" in ada_html.hrefs()
    assert "../events/kabul-talks.html" in ada_html.hrefs()


def test_new_guesses_the_city_of_a_wire_style_dateline(make_project):
    """README: the draft carries "guesses for title, dateline, date and boilerplate". The
    commonest news dateline, CITY, date – text, gets no dateline guess."""
    root = make_project(seeds={KABUL_FILE: KABUL_SEED})
    result = invoke("new", "--project", str(root), str(root / "seeds" / KABUL_FILE), "--id", "kabul-report")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((root / "briefings" / "kabul-report.yaml").read_text(encoding="utf-8"))
    assert data.get("dateline") == "Kabul"


# ---------------------------------------------------------------- 2. `new` never overwrites

def test_new_never_overwrites_and_refuses_bad_seeds_without_a_traceback(make_project, tmp_path):
    root = make_project(seeds={KABUL_FILE: KABUL_SEED,
                               "006_latin1.txt": "Caf\xe9 talks in Her\xe2t\n\nA report.\n".encode("cp1252")})
    result = run_cli("new", f"seeds/{KABUL_FILE}", "--id", "kabul-report", cwd=root)
    assert result.exit_code == 0, result.stderr
    target = root / "briefings" / "kabul-report.yaml"
    # the analyst has started work on the draft
    target.write_text(target.read_text(encoding="utf-8") + "# my notes: call the desk\n", encoding="utf-8")
    before = tree_hashes(root / "briefings")

    again = run_cli("new", f"seeds/{KABUL_FILE}", "--id", "kabul-report", cwd=root)
    assert again.exit_code == 1
    _no_traceback(again)
    assert again.stdout == ""
    # the same seed again: refused in one line naming the briefing that summarises it (issue 16)
    assert again.stderr == (f"Error: briefings/kabul-report.yaml already summarises seeds/{KABUL_FILE} (its seed: "
                            "field); edit that briefing, or delete it to draft the seed anew\n")
    assert tree_hashes(root / "briefings") == before
    # another seed under a taken id: the file is never overwritten
    (root / "seeds" / "007_other.txt").write_text("Another report on the talks in Kabul\n\nText.\n", encoding="utf-8")
    other = run_cli("new", "seeds/007_other.txt", "--id", "kabul-report", cwd=root)
    assert other.exit_code == 1 and other.stdout == ""
    assert other.stderr == ("Error: briefings/kabul-report.yaml exists already; "
                            "briefbook never overwrites a briefing\n")
    assert tree_hashes(root / "briefings") == before

    outside = tmp_path / "downloads" / "report.txt"
    outside.parent.mkdir()
    outside.write_text(KABUL_SEED, encoding="utf-8")
    result = run_cli("new", str(outside), cwd=root)
    assert result.exit_code == 1
    _no_traceback(result)
    assert result.stderr.startswith(f"Error: {outside}: copy the document into seeds/ first"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert tree_hashes(root / "briefings") == before

    result = run_cli("new", "seeds/006_latin1.txt", cwd=root)
    assert result.exit_code == 1
    _no_traceback(result)
    # checked as a build checks a seed: the byte that is not UTF-8, at its line and column
    assert result.stderr.splitlines() == ["seeds/006_latin1.txt:1:4: not-utf8: byte 0xe9 is not UTF-8; save the "
                                          "file as UTF-8", "Error: 006_latin1.txt cannot be drafted"], result.stderr
    assert tree_hashes(root / "briefings") == before


# ---------------------------------------------------------------- 3. slugify

@pytest.mark.parametrize("name, expected", [
    ("Zalmay Khalilzad", "zalmay-khalilzad"),
    ("Ünïcødé  Çafé", "unicode-cafe"),
    ("Сергей Лавров", "sergey-lavrov"),
    ("김영채", "gimyeongchae"),
    ("Kim Young-chae", "kim-young-chae"),
    ("اشرف غنی", None),  # Dari
    ("ذبیح الله مجاهد", None),  # Dari
    ("د افغانستان اسلامي جمهوریت", None),  # Pashto
])
def test_slugify_gives_a_kebab_id_for_a_name_in_any_script(name, expected):
    slug = slugify(name)
    assert slug and KEBAB.match(slug), slug
    assert len(slug) <= MAX_ID
    assert not slug.startswith("id-")  # transliterated, not hashed
    if expected:
        assert slug == expected
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["!!!", "—…", "   ", "※", "?!?!", "🕊️🕊️", "😀", "🔥 🔥"])
def test_slugify_of_punctuation_or_emoji_only_is_a_stable_non_empty_id(name):
    slug = slugify(name)
    assert slug and KEBAB.match(slug), slug
    assert slugify(name) == slug
    if not any(ch.isalnum() or ord(ch) > 0x2BFF for ch in name):  # punctuation only: a hash id
        assert re.fullmatch(r"id-[0-9a-f]{10}", slug), slug


def test_slugify_hash_ids_are_the_same_in_every_process():
    names = ["!!!", "—…", "※"]
    code = "import json,sys; from briefbook.authoring.ids import slugify; print(json.dumps([slugify(n) for n in json.loads(sys.argv[1])]))"
    out = subprocess.run([sys.executable, "-c", code, json.dumps(names)], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "12345", "PATH": ""}, check=True)
    assert json.loads(out.stdout) == [slugify(n) for n in names]
    assert len({slugify(n) for n in names}) == len(names)  # different names, different ids


@pytest.mark.parametrize("name", ["index", "Index", "SEARCH", "search", "Assets!", "404", "sitemap"])
def test_slugify_avoids_reserved_ids(name):
    slug = slugify(name)
    assert slug not in RESERVED_IDS
    assert KEBAB.match(slug), slug
    assert slugify(name, {slug}) not in RESERVED_IDS | {slug}


def test_slugify_numbers_taken_ids_and_is_deterministic():
    assert slugify("Ada Vance", {"ada-vance"}) == "ada-vance-2"
    assert slugify("Ada Vance", {"ada-vance", "ada-vance-2"}) == "ada-vance-3"
    assert slugify("Сергей Лавров", {"sergey-lavrov"}) == "sergey-lavrov-2"
    assert slugify("Ada Vance", {"norland"}) == "ada-vance"
    assert [slugify("Ada Vance") for _ in range(3)] == ["ada-vance"] * 3


LONG_TITLE = "International conference on regional security cooperation - and - peace in Afghanistan"


@pytest.mark.parametrize("name", [
    "a" * 57 + " bcdefgh",
    LONG_TITLE,
    "Special Representative of the Secretary-General for Afghanistan and Head of UNAMA",
], ids=["hyphen-at-cut-57", "long-conference-title", "long-title-cut-mid-word"])
def test_slugify_a_long_taken_name_still_gives_a_kebab_id(name):
    """The number is added after cutting the id to MAX_ID; a cut that ends on a hyphen
    must not leave a double hyphen (`...a--2`)."""
    slug = slugify(name)
    assert KEBAB.match(slug) and len(slug) <= MAX_ID, slug
    taken = {slug}
    for n in (2, 3):
        nxt = slugify(name, taken)
        assert nxt not in taken
        assert KEBAB.match(nxt), nxt
        assert len(nxt) <= MAX_ID and nxt.endswith(f"-{n}")
        taken.add(nxt)


def test_new_drafts_a_second_document_with_the_same_long_headline(make_project):
    """Two reports under one long headline: the second draft's id is numbered, and the
    user, who gave no --id, is not told that an --id is bad."""
    root = make_project(seeds={"010_first.txt": LONG_TITLE + "\n\nA first report.\n",
                               "011_second.txt": LONG_TITLE + "\n\nA second report.\n"})
    first = invoke("new", "--project", str(root), str(root / "seeds" / "010_first.txt"))
    assert first.exit_code == 0, first.stderr
    second = invoke("new", "--project", str(root), str(root / "seeds" / "011_second.txt"))
    assert "--id" not in second.stderr
    assert second.exit_code == 0, second.stderr
    drafts = sorted(p.stem for p in (root / "briefings").glob("*.yaml") if p.stem != "alpha-statement")
    assert len(drafts) == 2 and all(KEBAB.match(d) and len(d) <= MAX_ID for d in drafts), drafts


# ---------------------------------------------------------------- 4. registry entries

def test_add_actor_refuses_a_likely_duplicate_and_leaves_the_registry_as_it_was(make_project):
    root = make_project()
    before = tree_hashes(root / "briefings")
    result = run_cli("add-actor", "Ádá VANCE", "--kind", "person", "--description", "The minister.", cwd=root)
    assert result.exit_code == 1
    _no_traceback(result)
    assert result.stdout == ""
    assert "actor 'ada-vance' exists already" in result.stderr
    assert "aliases" in result.stderr and "--id" in result.stderr
    assert tree_hashes(root / "briefings") == before


def test_an_invalid_entry_is_reported_at_its_line_and_the_registry_is_left_as_it_was(make_project):
    root = make_project()
    before = tree_hashes(root / "briefings")
    result = run_cli("add-event", "Leap-day talks", "--kind", "meeting", "--date", "2021-02-30",
                     "--description", "Talks on a day that does not exist.", cwd=root)
    assert result.exit_code == 1
    _no_traceback(result)
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"briefings/registry/events\.yaml:\d+:\d+: bad-date: .*2021-02-30.*", lines[0]), lines
    assert lines[-1] == "Error: the new entry was not added"
    assert tree_hashes(root / "briefings") == before


def test_an_entry_goes_into_its_section_when_it_is_not_the_last_in_the_file(make_project):
    # events.yaml does not end with its events section: the entry goes inside it all the same
    events = ("events:\n  lakeside-talks-2020:\n    title: Lakeside talks\n    kind: negotiations\n"
              '    date: {value: "2020-07-09"}\n    place: Geneva\n    host: norland\n'
              "    description: Talks at the lake.\nnot_actors:\n  - Joint\n")
    root = make_project(files={"briefings/registry/events.yaml": events})
    before = tree_hashes(root / "briefings")
    result = invoke("add-event", "--project", str(root), "Leap-day talks", "--kind", "meeting",
                    "--date", "2021-02-30", "--description", "No such day.")
    assert result.exit_code == 1
    assert "briefings/registry/events.yaml:" in result.stderr and "bad-date" in result.stderr
    assert tree_hashes(root / "briefings") == before
    result = invoke("add-event", "--project", str(root), "Leap-day talks", "--kind", "meeting",
                    "--date", "2021-02-28", "--description", "A real day.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added event 'leap-day-talks' to briefings/registry/events.yaml\n"
    text = (root / "briefings" / "registry" / "events.yaml").read_text(encoding="utf-8")
    assert text.index("  leap-day-talks:") < text.index("not_actors:") and text.endswith("not_actors:\n  - Joint\n")
    assert invoke("validate", "--project", str(root)).exit_code == 0


def test_a_failed_entry_in_a_new_file_leaves_no_file_behind(make_project):
    root = make_project()
    before = tree_hashes(root / "briefings")
    # the first place registered: every place named must then be registered, and Geneva is not
    result = invoke("add-place", "--project", str(root), "Doha")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "briefings/registry/events.yaml:6:12: unknown-place" in result.stderr
    assert tree_hashes(root / "briefings") == before


# ---------------------------------------------------------------- 5. drafts in the preview

BETA_DRAFT = "draft: true\n" + ALPHA_BRIEFING.replace("seed: alpha.txt", "seed: beta.txt")


def test_a_draft_joins_the_preview_only(make_project):
    root = make_project(seeds={"beta.txt": ALPHA_SEED}, briefings={"beta-draft.yaml": BETA_DRAFT})
    project = Project(root)

    corpus, problems = build_corpus(project, include_drafts=True)
    assert corpus is not None, problems
    assert set(corpus.sources) == {"alpha-statement", "beta-draft"}
    assert not [p for p in problems if p.code == "draft"]
    pages = generate(project, include_drafts=True).pages
    assert '!!! note "Draft"' in pages["sources/beta-draft.md"]
    assert "Draft" not in pages["sources/alpha-statement.md"]

    corpus, problems = build_corpus(project, include_drafts=False)
    assert corpus is not None, problems
    assert set(corpus.sources) == {"alpha-statement"}
    draft_warnings = [p for p in problems if p.path == "briefings/beta-draft.yaml"]
    assert [(p.code, p.severity) for p in draft_warnings] == [("draft", "warning")]
    assert "sources/beta-draft.md" not in generate(project).pages


def test_the_live_preview_shows_a_draft_with_its_note_and_publishes_nothing(make_project):
    from briefbook.serve import Preview
    root = make_project(seeds={"beta.txt": ALPHA_SEED}, briefings={"beta-draft.yaml": BETA_DRAFT})
    preview = Preview(Project(root))
    try:
        assert preview.rebuild() is True
        page = preview.site_dir / "sources" / "beta-draft.html"
        assert page.is_file()
        html = Html(article(page))
        assert "Draft" in html.text and "published builds leave it out" in html.text
        assert "published builds leave it out" not in Html(
            article(preview.site_dir / "sources" / "alpha-statement.html")).text
    finally:
        preview.close()
    assert not (root / "site").exists()
    assert not (root / "docs" / "sources").exists()


def test_a_draft_with_an_unknown_actor_is_only_a_warning(make_project):
    bad = BETA_DRAFT.replace("\n  - actor: ada-vance\n", "\n  - actor: nobody\n")
    root = make_project(seeds={"beta.txt": ALPHA_SEED}, briefings={"beta-draft.yaml": bad})
    corpus, problems = build_corpus(Project(root), include_drafts=True)
    assert corpus is not None, problems
    unknown = [p for p in problems if p.code == "unknown-actor"]
    assert len(unknown) == 1
    assert unknown[0].path == "briefings/beta-draft.yaml" and unknown[0].severity == "warning"
    assert unknown[0].message == "(draft) no actor 'nobody' in the registry"
    assert str(unknown[0]).startswith("briefings/beta-draft.yaml:12:12: warning: unknown-actor: (draft) ")
    corpus, problems = build_corpus(Project(root), include_drafts=False)
    assert corpus is not None and not any(p.is_error for p in problems)
    # the same briefing without `draft: true` is an error
    (root / "briefings" / "beta-draft.yaml").write_text(bad.replace("draft: true\n", ""), encoding="utf-8")
    corpus, problems = build_corpus(Project(root))
    assert corpus is None
    assert [p.message for p in problems if p.code == "unknown-actor" and p.is_error] == \
        ["no actor 'nobody' in the registry"]


# ---------------------------------------------------------------- 6. export

POSITION = """\
positions:
  - actor: ada-vance
    issue: negotiations
    stance: Talks go on until there is peace.
    cite: [3]
    event: lakeside-talks-2020
"""


def _check_citations(data: dict) -> int:
    """Every claim in the export names a source and paragraphs of that source; quotes are
    found in the paragraphs they cite. Returns how many citations were checked."""
    numbers = {sid: {p["number"] for p in s["paragraphs"]} for sid, s in data["sources"].items()}
    texts = {sid: {p["number"]: p["text"] for p in s["paragraphs"]} for sid, s in data["sources"].items()}
    checked = 0

    def ok(item: dict, paragraphs_key: str = "paragraphs") -> None:
        nonlocal checked
        assert item["source"] in numbers, item
        assert item[paragraphs_key], item
        assert set(item[paragraphs_key]) <= numbers[item["source"]], item
        checked += 1

    for actor in data["actors"].values():
        for quote in actor["quotes"]:
            ok(quote)
            cited = " ".join(texts[quote["source"]][n] for n in quote["paragraphs"])
            assert normalise(quote["text"]) in normalise(cited), quote
        for item in (*actor["positions"], *actor["mentions"]):
            ok(item)
    for refs in data["topics"].values():
        for item in refs:
            ok(item)
    for event in data["events"].values():
        for item in (*event["participants"], *event["accounts"]):
            ok(item)
    for d in data["disagreements"]:
        assert d["event"] in data["events"]
        for claim in d["claims"]:
            ok(claim)
    for sid, source in data["sources"].items():
        for point in (*source["key_points"], *source["notes"]):
            assert set(point["paragraphs"]) <= numbers[sid]
    return checked


def test_export_prints_the_corpus_and_build_writes_the_same_json(make_project):
    root = make_project(briefings={"alpha-statement.yaml": ALPHA_BRIEFING + POSITION})
    result = run_cli("export", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == ["format", "version", "as_of", "actors", "events", "sources", "places", "disagreements",
                          "topics"]
    assert data["as_of"] is None  # a view of every source
    assert data["format"] == "briefbook-corpus" and data["version"] == 4
    assert set(data["actors"]) == {"ada-vance", "norland"}
    assert set(data["events"]) == {"lakeside-talks-2020"}
    assert set(data["sources"]) == {"alpha-statement"}
    assert data["disagreements"] == []
    assert data["topics"] == {"negotiations": [{"actor": "ada-vance", "on_behalf_of": None,
                                                "source": "alpha-statement", "paragraphs": [3],
                                                "stance": "Talks go on until there is peace.",
                                                "attribution": "stated"}]}
    ada = data["actors"]["ada-vance"]
    assert ada["quotes"] == [{"source": "alpha-statement", "paragraphs": [3],
                              "text": "We will keep talking until there is peace.",
                              "event": "lakeside-talks-2020", "speech": "verbatim", "unclosed": False,
                              "attribution": "stated", "attribution_basis": None,
                              "language": "en", "translation": None}]
    assert ada["names_found"] == [{"name": "Minister Vance", "sources": ["alpha-statement"]}]
    assert ada["names_added"] == ["Ada Vance", "Vance"]
    assert ada["positions"][0]["source"] == "alpha-statement" and ada["positions"][0]["paragraphs"] == [3]
    assert _check_citations(data) >= 6

    out = root / "export.json"
    assert run_cli("export", "--out", str(out), cwd=root).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout

    built = run_cli("build", "--no-pdf", cwd=root)
    assert built.exit_code == 0, built.stderr
    site = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    assert site.pop("edition")["number"] == 1  # the build's corpus.json is an edition: the rest is the export
    assert site == data


def test_the_real_corpus_export_has_the_us_taliban_agreement_disagreement(real):
    root, corpus = real
    data = json.loads((root / "site" / "corpus.json").read_text(encoding="utf-8"))
    assert data.pop("edition")["number"] >= 1
    assert data == json.loads(corpus_json(corpus)) == corpus_dict(corpus)
    assert set(data["sources"]) == set(corpus.sources)
    agreement = [d for d in data["disagreements"] if d["event"] == "us-taliban-agreement-2020"]
    assert agreement, data["disagreements"]
    by_field = {d["field"]: d for d in agreement}
    assert "date" in by_field
    claims = by_field["date"]["claims"]
    assert len({c["source"] for c in claims}) >= 2
    assert len({c["value"] for c in claims}) >= 2  # a disagreement: at least two values
    assert _check_citations(data) > 50


# ---------------------------------------------------------------- 7. offline copy

def test_an_offline_build_has_the_search_index_in_a_script_and_no_remote_scripts_or_styles(
        make_project, monkeypatch):
    root = make_project()
    monkeypatch.setenv("OFFLINE", "true")
    result = run_cli("build", "--no-pdf", cwd=root)
    assert result.exit_code == 0, result.stderr
    site = root / "site"
    index_js = site / "search" / "search_index.js"
    assert index_js.is_file()
    assert index_js.read_text(encoding="utf-8").startswith("var __index = {")
    remote = re.compile(r"^(https?:)?//", re.I)
    offenders = set()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = Html(page.read_text(encoding="utf-8"))
        for attrs in html.tags("script"):
            if attrs.get("src") and remote.match(attrs["src"]):
                offenders.add(("script", attrs["src"]))
        for attrs in html.tags("link"):
            if "stylesheet" in (attrs.get("rel") or "").split() and remote.match(attrs.get("href") or ""):
                offenders.add(("stylesheet", attrs["href"]))
    assert not offenders, f"the offline copy loads from the network: {sorted(offenders)}"
