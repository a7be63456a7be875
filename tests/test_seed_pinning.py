"""Class 1 of issue 12: each briefing is pinned to the seed text it was written against; drift is an error
naming what changed and how; `briefbook remap` renumbers citations when paragraphs only moved.

The base project's seed (conftest.ALPHA_SEED) has five paragraphs: 1 title, 2 when/where, 3 Vance's
words, 4 "Representatives of 12 countries attended.", 5 thanks.
"""

from __future__ import annotations

import re

from briefbook import Project, build_corpus
from conftest import ALPHA_BRIEFING, ALPHA_SEED, invoke

# The base briefing with a citation in every kind of place, comments and a flow list among them.
RICH = ALPHA_BRIEFING.replace("key_points:\n", "key_points:  # the analyst's comment stays\n") + """\
positions:
  - actor: ada-vance
    issue: negotiations
    stance: Will keep talking.
    cite: [3]   # a flow list with a comment
notes:
  - kind: ambiguity
    text: Paragraph 5 thanks nobody by name.
    cite: 5
"""


def problems(root) -> list[str]:
    return [str(p) for p in build_corpus(Project(root))[1]]


def codes(root) -> list[str]:
    return [f"{'' if p.is_error else 'warning: '}{p.code}" for p in build_corpus(Project(root))[1]]


def seed_path(root):
    return root / "seeds" / "alpha.txt"


def test_an_unpinned_briefing_is_a_warning_and_pin_writes_the_pin(make_project):
    root = make_project(pin=False)
    assert codes(root) == ["warning: unpinned"]
    result = invoke("pin", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    assert "briefings/alpha-statement.yaml: pinned to alpha.txt (5 paragraphs)" in result.stdout
    text = (root / "briefings" / "alpha-statement.yaml").read_text(encoding="utf-8")
    assert text.startswith(ALPHA_BRIEFING.split("pinned:")[0].rsplit("# Written", 1)[0])  # nothing else changed
    assert re.search(r'^pinned:\n  seed_sha256: "[0-9a-f]{64}"\n  paragraphs:\n    1: "[0-9a-f]{12}"$', text, re.M)
    assert codes(root) == []
    again = invoke("pin", "--project", str(root), "alpha-statement")
    assert "alpha-statement.yaml: up to date" in again.stdout


def test_a_paragraph_inserted_at_the_top_is_drift_naming_the_briefing_and_the_move(make_project):
    # no quote in this briefing notices: before pins, every citation silently pointed one paragraph off
    root = make_project(briefings={"alpha-statement.yaml": RICH.replace(
        "quotes:\n  - speaker: ada-vance\n    text: We will keep talking until there is peace.\n    cite: 3\n"
        "    event: lakeside-talks-2020\n", "")})
    seed_path(root).write_text("Share this\n\n" + ALPHA_SEED, encoding="utf-8")
    found = problems(root)
    drift = [p for p in found if ": seed-drift: " in p]
    assert len(drift) == 1 and drift[0].startswith("briefings/alpha-statement.yaml:"), found
    assert "new paragraph 1 inserted" in drift[0] and "same text, new numbers: 1–5 → 2–6" in drift[0]
    assert "run `briefbook remap alpha-statement`" in drift[0]


def test_remap_renumbers_every_citation_in_place_and_shows_the_change_first(make_project):
    root = make_project(briefings={"alpha-statement.yaml": RICH})
    seed_path(root).write_text("Share this\n\n" + ALPHA_SEED, encoding="utf-8")
    path = root / "briefings" / "alpha-statement.yaml"
    before = path.read_text(encoding="utf-8")
    refused = invoke("remap", "--project", str(root), "alpha-statement", input="n\n")
    assert "\n-    cite: [2, 4]\n" in refused.stdout and "\n+    cite: [3, 5]\n" in refused.stdout  # the diff first
    assert "Nothing was written." in refused.stdout and path.read_text(encoding="utf-8") == before
    result = invoke("remap", "--project", str(root), "alpha-statement", "--yes")
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    # only the numbers changed (and the pin): comments, flow lists, quoting and order are the analyst's
    expected = re.sub(r"(cite: \[?)(\d+(?:, \d+)*)", lambda m: m.group(1) + ", ".join(
        str(int(n) + 1) for n in m.group(2).split(", ")), before.split("# Written by")[0])
    assert expected.count("cite:") == 7 and "cite: [3]   # a flow list with a comment" not in expected
    assert after.split("# Written by")[0] == expected
    assert "notes[0].text mentions 'Paragraph 5'" in result.stdout  # prose is for the analyst to renumber
    assert "new paragraph 1 ('Share this')" in result.stdout
    assert codes(root) == []
    corpus, _ = build_corpus(Project(root))
    assert corpus.actors["ada-vance"].quotes[0].paragraphs == (4,)


def test_a_split_paragraph_is_drift_and_remap_refuses_listing_what_to_recheck(make_project):
    root = make_project()
    seed_path(root).write_text(ALPHA_SEED.replace("Representatives of 12", "Representatives of\n\n12"),
                               encoding="utf-8")
    drift, = [p for p in problems(root) if ": seed-drift: " in p]
    assert "paragraph 4 split into 4 and 5 (cited by events[0].cite, events[0].counts[0].cite)" in drift
    assert "same text, new numbers: 5 → 6" in drift
    result = invoke("remap", "--project", str(root), "alpha-statement", "--yes")
    assert result.exit_code == 1
    assert "paragraph 4 split into 4 and 5: re-check events[0].cite, events[0].counts[0].cite" in result.stderr


def test_merged_paragraphs_and_changed_text_are_told_apart(make_project):
    root = make_project()
    seed_path(root).write_text(ALPHA_SEED.replace("peace.\"\n\nRepresentatives of 12", "peace.\" Representatives of 72"),
                               encoding="utf-8")
    drift, = [p for p in problems(root) if ": seed-drift: " in p]
    assert "paragraphs 3 and 4 merged into 3" not in drift  # the text changed too: 12 became 72
    assert "text changed" in drift
    root2 = make_project(name="merged")
    seed_path(root2).write_text(ALPHA_SEED.replace("peace.\"\n\nRepresentatives", "peace.\" Representatives"),
                                encoding="utf-8")
    drift, = [p for p in problems(root2) if ": seed-drift: " in p]
    assert "paragraphs 3 and 4 merged into 3" in drift and "same text, new numbers: 5 → 4" in drift


def test_a_number_changed_in_the_seed_is_drift_and_the_count_no_longer_verifies(make_project):
    root = make_project()
    seed_path(root).write_text(ALPHA_SEED.replace("12 countries", "72 countries"), encoding="utf-8")
    found = problems(root)
    assert any("seed-drift" in p and "paragraph 4 text changed (now 4)" in p for p in found), found
    assert any("count-not-in-source" in p for p in found), found
    refused = invoke("pin", "--project", str(root))
    assert refused.exit_code == 1 and "not re-pinned" in refused.stderr
    accepted = invoke("pin", "--project", str(root), "--accept")
    assert accepted.exit_code == 0 and "re-pinned" in accepted.stdout
    assert [p for p in problems(root) if "seed-drift" in p] == []


def test_a_hand_edited_pin_is_refused_by_validation(make_project):
    root = make_project()
    path = root / "briefings" / "alpha-statement.yaml"
    path.write_text(re.sub(r'    1: "[0-9a-f]{12}"', '    1: "not a hash"', path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    assert "bad-value" in " ".join(problems(root)) or "wrong-type" in " ".join(problems(root))


def test_check_reports_fidelity_in_one_block(make_project):
    root = make_project(seeds={"beta.txt": "Beta.\n"}, briefings={"beta.yaml": (
        "seed: beta.txt\ntitle: Beta\nkind: report\nlanguage: en\nsummary: B.\n"
        "key_points:\n  - text: B.\n    cite: 1\n")}, pin=False)
    invoke("pin", "--project", str(root), "alpha-statement")
    result = invoke("check", "--project", str(root))
    block = result.stdout.split("Fidelity to the sources:\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[:3] == ["  seeds pinned: 1 of 2; 1 not pinned yet (`briefbook pin`)",
                                      "  quotes verified: 1 of 1", "  counts verified: 1 of 1"], block
    (root / "seeds" / "alpha.txt").write_text(ALPHA_SEED + "\nA new line.\n", encoding="utf-8")
    drifted = invoke("check", "--project", str(root))
    assert "  seeds pinned: 0 of 2; drifted: briefings/alpha-statement.yaml; 1 not pinned yet" in drifted.stdout
