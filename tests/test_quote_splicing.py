"""Class 2 of issue 12: a quote lies within one paragraph, or runs across consecutive cited paragraphs in order.

The base seed's paragraphs: 2 ends "hosted by Norland.", 3 is Vance's words, 4 starts "Representatives of 12".
"""

from __future__ import annotations

from test_resolve import alpha, corpus_of, messages_of, problems_of

QUOTE = "    text: We will keep talking until there is peace.\n    cite: 3\n"


def quote(text: str, cite: str) -> dict[str, str]:
    return alpha(QUOTE, f"    text: '{text}'\n    cite: {cite}\n")


def test_a_quote_spliced_from_two_paragraphs_that_are_not_consecutive_is_refused(make_project):
    # the end of ¶2 joined to the start of ¶4: words no one said in one breath
    root = make_project(briefings=quote("hosted by Norland. Representatives of 12 countries", "[2, 4]"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]
    message, = messages_of(root)
    assert "paragraphs 2 and 4 are not consecutive" in message, message


def test_a_quote_running_across_consecutive_cited_paragraphs_in_order_is_accepted(make_project):
    root = make_project(briefings=quote('until there is peace." Representatives of 12', "[3, 4]"))
    assert corpus_of(root).actors["ada-vance"].quotes[0].paragraphs == (3, 4)


def test_a_quote_across_consecutive_paragraphs_out_of_their_order_is_refused(make_project):
    # ¶4's start then ¶3's end: the cited paragraphs exist and touch, but not in this order
    root = make_project(briefings=quote('Representatives of 12 countries attended. Minister Vance', "[3, 4]"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]


def test_a_splice_through_an_uncited_paragraph_is_refused(make_project):
    # ¶2, ¶3 and ¶4 are consecutive in the seed, but the quote cites only 2 and 4
    root = make_project(briefings=quote('hosted by Norland. Minister Vance said', "[2, 4]"))
    assert problems_of(root) == ["briefings/alpha-statement.yaml:28:11: quote-not-in-source"]


def test_a_quote_within_one_of_several_cited_paragraphs_is_accepted(make_project):
    root = make_project(briefings=quote("Representatives of 12 countries attended.", "[2, 4]"))
    assert corpus_of(root).actors["ada-vance"].quotes[0].paragraphs == (2, 4)
