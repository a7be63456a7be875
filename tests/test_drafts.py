"""`briefbook new` on documents of each real layout, and the per-seed paragraph rules (issue 16).

The documents in tests/drafts/ were written for these tests, one per layout an analyst meets (a
transcript with front matter hard-wrapped at 72 columns, a fact sheet, a magazine article with a
Markdown kicker, a declaration of numbered items, a news page copied line by line, Russian, Arabic and
Dari reports); beside each, `<name>.expected.yaml` says what its draft must propose. They run against
the small registry in tests/drafts/registry/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefbook import Project, build_corpus
from briefbook.authoring.ids import slugify
from briefbook.corpus.paragraphs import RULES, paragraph_line, split_paragraphs
from briefbook.pipeline import generate, print_html
from conftest import invoke, write_project

HERE = Path(__file__).resolve().parent / "drafts"
LAYOUTS = sorted(p.name.removesuffix(".expected.yaml") for p in HERE.glob("*.expected.yaml"))
REGISTRY = {p.name: p.read_text(encoding="utf-8") for p in (HERE / "registry").glob("*.yaml")}
_DATE_LINE = re.compile(r"^#  ¶(\d+): '(.*)' → (\S+)(?: to (\S+))?")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """Every layout's draft, written by `briefbook new` in one project: name → (draft text, its data)."""
    root = write_project(tmp_path_factory.mktemp("drafts") / "project", registry=REGISTRY, base=False,
                         seeds={f"{name}.txt": (HERE / f"{name}.txt").read_text(encoding="utf-8") for name in LAYOUTS})
    out = {}
    for name in LAYOUTS:
        result = invoke("new", "--project", str(root), str(root / "seeds" / f"{name}.txt"))
        assert result.exit_code == 0, result.stderr
        path = root / re.match(r"Wrote the draft (\S+\.yaml)", result.stdout).group(1)
        text = path.read_text(encoding="utf-8")
        out[name] = (text, yaml.safe_load(text))
    out["_root"] = root
    return out


def _names(draft: str) -> list[str]:
    """The names the draft lists as matching no registered actor."""
    if "# Names that match no registered actor" not in draft:
        return []
    section = draft.split("# Names that match no registered actor", 1)[1].split("\n\n", 1)[0]
    return [re.sub(r" \(¶ [^)]*\).*$", "", line[3:]) for line in section.splitlines() if line.startswith("#  ")]


def _dates(draft: str) -> list[dict]:
    found = []
    for line in draft.splitlines():
        if m := _DATE_LINE.match(line):
            found.append({"words": m.group(2), "value": m.group(3)} | ({"end": m.group(4)} if m.group(4) else {}))
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_new_proposes_what_each_layout_gives(drafts, layout):
    text, data = drafts[layout]
    expected = yaml.safe_load((HERE / f"{layout}.expected.yaml").read_text(encoding="utf-8"))
    assert data["title"] == expected["title"]
    assert data["kind"] == expected["kind"]
    assert data["language"] == expected["language"]
    assert data["paragraphs"] == expected["paragraphs"]
    assert data.get("published") == expected["published"]
    assert data.get("dateline") == expected["dateline"]
    assert data["boilerplate"] == expected["boilerplate"]
    assert sorted(a["actor"] for a in data["actors"]) == sorted(expected["actors"])
    assert _dates(text) == expected["dates"]
    assert sorted(_names(text)) == sorted(expected["names"])
    # every guess is marked as one
    for field in ("title", "kind", "paragraphs", "language"):
        assert re.search(rf"^{field}: .*# guessed", text, re.M), field
    for number, start in (expected.get("starts") or {}).items():
        assert re.search(rf"^#  ¶{number}: {re.escape(start)}", text, re.M), (number, start)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_draft_has_no_markdown_marks_front_matter_or_cut_words_in_its_title_and_id(drafts, layout):
    text, data = drafts[layout]
    assert not data["title"].startswith("#") and "---" not in data["title"] and ": 2021" not in data["title"]
    doc_id = next(p.stem for p in (drafts["_root"] / "briefings").glob("*.yaml") if p.read_text(encoding="utf-8") == text)
    assert doc_id == slugify(data["title"], {doc_id}) or doc_id.startswith(slugify(data["title"])), doc_id


def test_every_draft_validates_with_only_warnings(drafts):
    result = invoke("validate", "--project", str(drafts["_root"]))
    assert result.exit_code == 0, result.stderr


def test_names_that_are_no_names_are_never_offered(drafts):
    offered = {name for layout in LAYOUTS for name in _names(drafts[layout][0])}
    for junk in ("On Friday", "Friday", "MOSCOW", "Citing Security Council", "THE", "May God", "God",
                 "Congress and the Vice President", "Vice President", "GHANI", "EDT", "END", "When", "Sep",
                 "Friday the Taliban", "Afghan-led and Afghan-owned", "Москве"):
        assert junk not in offered, junk


def test_an_id_is_cut_after_a_whole_word():
    slug = slugify("Afghan government urges Taliban to forgo spring offensive and join the talks in Doha now")
    assert len(slug) <= 60 and slug.endswith("offensive"), slug


def test_new_refuses_a_seed_that_a_briefing_of_another_name_summarises(tmp_path):
    root = write_project(tmp_path / "p", registry=REGISTRY, base=False,
                         seeds={"magazine.txt": (HERE / "magazine.txt").read_text(encoding="utf-8")},
                         briefings={"my-own-name.yaml": "seed: magazine.txt\ndraft: true\n"}, pin=False)
    before = sorted(p.name for p in (root / "briefings").iterdir())
    result = invoke("new", "--project", str(root), str(root / "seeds" / "magazine.txt"))
    assert result.exit_code == 1
    assert result.stderr == ("Error: briefings/my-own-name.yaml already summarises seeds/magazine.txt (its seed: "
                             "field); edit that briefing, or delete it to draft the seed anew\n")
    assert sorted(p.name for p in (root / "briefings").iterdir()) == before


def test_front_matter_is_read_safely_and_never_run(tmp_path):
    seed = ("---\ntitle: !!python/object/apply:os.system ['echo hacked']\ndate: 2021-06-25\n---\n\n"
            "Talks resume in Doha after a long pause\n\nThe negotiators met on Friday.\n")
    root = write_project(tmp_path / "p", registry=REGISTRY, base=False, seeds={"fm.txt": seed})
    result = invoke("new", "--project", str(root), str(root / "seeds" / "fm.txt"))
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(next((root / "briefings").glob("*.yaml")).read_text(encoding="utf-8"))
    assert data["title"] == "Talks resume in Doha after a long pause"
    assert data["boilerplate"] == [1]


# ---------------------------------------------------------------- the paragraph rules

DECLARATION = (HERE / "declaration.txt").read_text(encoding="utf-8")


def test_numbered_items_one_per_line_are_one_paragraph_each():
    blank = split_paragraphs(DECLARATION)
    numbered = split_paragraphs(DECLARATION, "numbered")
    assert len(blank) == 3 and len(numbered) == 8
    assert [p.text[:3] for p in numbered[3:]] == ["(1)", "(2)", "(3)", "(4)", "(5)"]


def test_a_news_page_line_by_line_puts_caption_link_lead_and_quote_apart():
    page = split_paragraphs((HERE / "news-page.txt").read_text(encoding="utf-8"), "lines")
    assert page[2].text.startswith("Photo:") and page[4].text.startswith("Read more")
    assert page[5].text.startswith('"We hope') and len(page) == 8


@pytest.mark.parametrize("rule", RULES)
def test_each_paragraph_starts_on_the_line_paragraph_line_gives(rule):
    for name in LAYOUTS:
        text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
        lines = text.split("\n")
        for p in split_paragraphs(text, rule):
            line = paragraph_line(text, p.number, rule)
            assert lines[line - 1].strip() == p.text.split("\n")[0].strip(), (name, rule, p.number)
        assert paragraph_line(text, len(split_paragraphs(text, rule)) + 1, rule) is None


HARD_WRAPPED = ("Talks resume in Doha\n\n"
                "Minister Vance met the negotiators in Doha on Friday and said that the\n"
                "talks would go on until there is peace for everyone in the region.\n")
BRIEFING = """\
seed: wrapped.txt
title: Talks resume in Doha
kind: news-report
language: en
paragraphs: hard-wrapped
summary: Talks resumed.
key_points:
  - text: Vance met the negotiators.
    cite: 2
quotes:
  - speaker: ada-vance
    text: talks would go on until there is peace
    cite: 2
"""


def test_hard_wrapped_text_is_shown_reflowed_on_the_page_and_in_print_and_quotes_still_checked(tmp_path):
    root = write_project(tmp_path / "p", seeds={"wrapped.txt": HARD_WRAPPED}, briefings={"wrapped.yaml": BRIEFING})
    pages = generate(Project(root)).pages
    page = pages["sources/wrapped.md"]
    joined = "said that the talks would go on"
    assert joined in page and "the<br>talks" not in page
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, problems
    book = "\n".join(print_html(Project(root), corpus).values())
    assert joined in book and "the<br>talks" not in book
    # as blank-lines the same paragraph keeps its line breaks
    root2 = write_project(tmp_path / "q", seeds={"wrapped.txt": HARD_WRAPPED},
                          briefings={"wrapped.yaml": BRIEFING.replace("paragraphs: hard-wrapped\n", "")})
    assert "the<br>talks" in generate(Project(root2)).pages["sources/wrapped.md"]
    # a quote that is not in the text is still caught under the rule
    root3 = write_project(tmp_path / "r", seeds={"wrapped.txt": HARD_WRAPPED},
                          briefings={"wrapped.yaml": BRIEFING.replace("until there is peace", "until peace")})
    assert "quote-not-in-source" in {p.code for p in build_corpus(Project(root3))[1]}


DECLARATION_BRIEFING = """\
seed: declaration.txt
title: Declaration of the Tashkent Conference on Afghanistan
kind: declaration
language: en
summary: The conference backed peace talks.
key_points:
  - text: The participants back peace talks.
    cite: 3
"""


def _codes(root: Path) -> dict[str, str]:
    return {p.code: p.message for p in build_corpus(Project(root))[1]}


def test_changing_the_rule_of_a_pinned_briefing_is_caught_by_the_drift_check(tmp_path):
    root = write_project(tmp_path / "p", registry=REGISTRY, base=False, seeds={"declaration.txt": DECLARATION},
                         briefings={"declaration.yaml": DECLARATION_BRIEFING})
    assert invoke("pin", "--project", str(root)).exit_code == 0
    assert "seed-drift" not in _codes(root)
    path = root / "briefings" / "declaration.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en\n", "language: en\nparagraphs: numbered\n"),
                    encoding="utf-8")
    codes = _codes(root)
    assert "seed-drift" in codes, codes
    assert "paragraph rule" in codes["seed-drift"] and "blank-lines → paragraphs: numbered" in codes["seed-drift"]
    assert "paragraph 3 split into 3–8" in codes["seed-drift"] and "key_points[0].cite" in codes["seed-drift"]
    # `pin` refuses without --accept; with it, the pin records the rule and the drift is gone
    refused = invoke("pin", "--project", str(root))
    assert refused.exit_code == 1 and "paragraph rule" in refused.stderr
    assert invoke("pin", "--project", str(root), "--accept").exit_code == 0
    assert "  rule: numbered\n" in path.read_text(encoding="utf-8")
    assert "seed-drift" not in _codes(root)
    # and back to the default: caught again
    path.write_text(path.read_text(encoding="utf-8").replace("paragraphs: numbered\n", ""), encoding="utf-8")
    assert "seed-drift" in _codes(root)


def test_a_rule_that_keeps_the_same_paragraphs_is_no_drift(tmp_path):
    root = write_project(tmp_path / "p", seeds={"wrapped.txt": HARD_WRAPPED},
                         briefings={"wrapped.yaml": BRIEFING.replace("paragraphs: hard-wrapped\n", "")})
    path = root / "briefings" / "wrapped.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en\n", "language: en\nparagraphs: hard-wrapped\n"),
                    encoding="utf-8")
    assert "seed-drift" not in _codes(root)
    assert invoke("pin", "--project", str(root), "wrapped").exit_code == 0
    assert "  rule: hard-wrapped\n" in path.read_text(encoding="utf-8")


def test_the_scan_cuts_titles_and_small_words_out_of_names(tmp_path):
    from briefbook.corpus import registry_scanner
    from briefbook.corpus.health import unregistered_names
    from briefbook.corpus.paragraphs import Paragraph
    root = write_project(tmp_path / "p", registry=REGISTRY, base=False)
    text = ("In Kabul, Afghan President Ashraf Ghani met officials of the Afghan Foreign Ministry. Later the Special "
            "Representative of the UN Secretary-General Natalia Gherman said that Secretary Pompeo's plan and "
            "Congress and the Vice President would help.")
    found = unregistered_names((Paragraph(1, text),), set(), registry_scanner(Project(root)), set())
    assert {"Ashraf Ghani", "Afghan Foreign Ministry", "Natalia Gherman", "Pompeo", "Congress", "UN"} <= set(found)
    for junk in ("Afghan President Ashraf Ghani", "Representative of the UN Secretary-General Natalia Gherman",
                 "of the UN", "Vice President", "Secretary Pompeo", "Pompeo's", "Later"):
        assert junk not in found, junk


@pytest.mark.parametrize("text, code", [
    ("Министр иностранных дел России провёл переговоры в Москве.", "ru"),
    ("قال وزير الخارجية إن المحادثات ستستمر في الدوحة", "ar"),
    ("وزیر امور خارجه گفت که گفتگوهای صلح در دوحه آغاز شد", "fa"),
    ("د افغانستان د بهرنیو چارو وزیر وویل چې سوله راځي", "ps"),
    ("The talks resumed in Doha on Friday.", "en"),
])
def test_without_py3langid_the_language_is_told_by_the_script(monkeypatch, text, code):
    from briefbook.authoring import layout
    from briefbook.corpus.paragraphs import Paragraph

    def missing():
        raise ImportError("no py3langid")
    monkeypatch.setattr(layout, "_identifier", missing)
    assert layout.guess_language([Paragraph(1, text)]) == (code, "from the script")
    monkeypatch.undo()
    assert layout.guess_language([Paragraph(1, text)])[0] == code  # and py3langid agrees


def test_a_numbered_items_wrapped_lines_are_shown_reflowed_and_other_blocks_keep_their_breaks():
    text = "DECLARATION\nof the conference\n\n(1) their support for the\ntalks;\n(2) their readiness.\n"
    items = split_paragraphs(text, "numbered")
    assert [p.shown for p in items] == ["DECLARATION\nof the conference", "(1) their support for the talks;",
                                        "(2) their readiness."]
    assert items[1].text == "(1) their support for the\ntalks;"  # the text itself stays as in the seed


@pytest.mark.parametrize("line, place", [
    ("DOHA (Reuters) - Afghan negotiators and the Taliban began talks on Saturday.", "Doha"),
    ("KABUL, Sept 12 (Reuters) - The talks began.", "Kabul"),
    ("WASHINGTON — The envoy said the talks would go on.", "Washington"),
])
def test_a_wire_dateline_with_its_agency_is_read_as_the_place(line, place):
    from briefbook.authoring.drafts import _dateline
    from briefbook.corpus.paragraphs import split_paragraphs
    paragraphs = split_paragraphs(f"A headline for the test\n\n{line}\n")
    assert (_dateline(paragraphs) or "").casefold() == place.casefold()
