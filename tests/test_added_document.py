"""Class 9 of issue 12: adding a document (seed and YAML only, the README's promise) keeps the tests green.

A copy of the real corpus gets a sixth document written for this test (with quotes and an event
account, unpinned as a new document is), and the property tests on the real corpus run on the copy.
"""

from __future__ import annotations

import shutil

import pytest

import test_corpus
import test_synthesis
import test_workflow
from briefbook import Project, build_corpus
from conftest import REPO, _copy_hand_written_docs, dedent, run_cli

SIXTH_SEED = dedent("""
    Kabul, 3 March 2021

    Chairman of the High Council for National Reconciliation Abdullah Abdullah said on Wednesday that the
    agreement signed between the United States and the Taliban in February 2020 must lead to a ceasefire.

    "The people of Afghanistan want peace, and they want it now," Abdullah said, adding that 1,500 prisoners
    were still held.
""")

SIXTH_BRIEFING = dedent("""
    seed: 005_abdullah-statement.txt
    title: Abdullah on the agreement and a ceasefire
    kind: news-report
    published: {value: "2021-03-03"}
    dateline: Kabul
    language: en
    summary: Abdullah Abdullah said the February 2020 agreement must lead to a ceasefire.
    key_points:
      - text: Abdullah said the agreement must lead to a ceasefire.
        cite: 2
    actors:
      - actor: abdullah-abdullah
        role: Chairman of the High Council for National Reconciliation
        cite: [2, 3]
      - actor: united-states
        cite: 2
      - actor: taliban
        cite: 2
    events:
      - event: us-taliban-agreement-2020
        says: Signed in February 2020; Abdullah says it must lead to a ceasefire.
        date: {value: "2020-02"}
        participants:
          - actor: united-states
            role: signatory
          - actor: taliban
            role: signatory
        counts:
          - {value: 1500, of: prisoners still held, cite: 3}
        cite: [2, 3]
    quotes:
      - speaker: abdullah-abdullah
        text: The people of Afghanistan want peace, and they want it now,
        cite: 3
    positions:
      - actor: abdullah-abdullah
        issue: ceasefire
        stance: The agreement must lead to a ceasefire.
        cite: 2
""")


@pytest.fixture(scope="module")
def plus_one(tmp_path_factory):
    """The real corpus and a sixth document, built through the real entry point: (root, corpus)."""
    root = tmp_path_factory.mktemp("plus-one") / "project"
    root.mkdir()
    for name in ("seeds", "briefings", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    _copy_hand_written_docs(root / "docs")
    (root / "seeds" / "005_abdullah-statement.txt").write_text(SIXTH_SEED, encoding="utf-8")
    (root / "briefings" / "abdullah-statement-2021-03.yaml").write_text(SIXTH_BRIEFING, encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--site-dir", str(root / "site"), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None and len(corpus.sources) == 6  # the copy really has a sixth document
    assert [p.code for p in problems if p.path.endswith("abdullah-statement-2021-03.yaml")] == ["unpinned"]
    return root, corpus


def test_every_quote_and_count_of_the_copy_is_verified(plus_one):
    root, corpus = plus_one
    result = run_cli("check", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    # every one of them, however many the bundled briefings hold
    quotes = sum(len(s.briefing.quotes) for s in corpus.sources.values())
    counts = sum(len(a.counts) for s in corpus.sources.values() for a in s.briefing.events)
    assert f"  quotes verified: {quotes} of {quotes}\n" in result.stdout
    assert f"  counts verified: {counts} of {counts}\n" in result.stdout
    assert "  seeds pinned: 5 of 6; 1 not pinned yet" in result.stdout


@pytest.mark.parametrize("test", [
    test_corpus.test_the_real_corpus_validates_without_errors,
    test_corpus.test_every_seed_is_summarised_by_a_briefing,
    test_corpus.test_every_actor_event_and_source_has_a_page,
    test_corpus.test_actor_and_event_pages_link_each_other_both_ways,
    test_corpus.test_every_paragraph_link_lands_on_an_existing_anchor,
    test_corpus.test_every_internal_link_resolves,
    test_synthesis.test_real_us_taliban_agreement_page_shows_where_sources_disagree,
    test_synthesis.test_real_corpus_check_exits_0_without_errors,
    test_synthesis.test_real_corpus_has_a_page_per_topic_and_every_picture,
    test_workflow.test_the_real_corpus_export_has_the_us_taliban_agreement_disagreement,
], ids=lambda t: t.__name__)
def test_the_real_corpus_properties_hold_with_a_sixth_document(plus_one, test):
    test(plus_one)


@pytest.mark.parametrize("actor_id, earlier, later", [
    ("abdullah-abdullah", "Chief Executive", "Chairman of the High Council for National Reconciliation"),
])
def test_roles_stay_in_time_order_with_a_sixth_document(plus_one, actor_id, earlier, later):
    test_synthesis.test_real_roles_are_listed_in_time_order_each_cited(plus_one, actor_id, earlier, later)
