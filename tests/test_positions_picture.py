"""Issue 18, positions over time: a static SVG per issue, each position at its source's date, imprecise
dates drawn as the span they can mean, undated ones apart, legible (issue 15's rules), linked, escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefbook import Project
from briefbook.pipeline import generate
from briefbook.publish import pictures, positions_chart
from conftest import Html, invoke

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "talks" </svg> ]]>'

# each source's date, as a briefing writes it: every way a date can be imprecise, and none at all
DATES = {
    "s-day": '{value: "2020-03-10"}',
    "s-month": '{value: "2020-05"}',
    "s-year": '{value: "2021"}',
    "s-range": '{value: "2020-07", end: "2020-09"}',
    "s-before": '{value: "2020-02-01", qualifier: before}',
    "s-about": '{value: "2020-11-15", qualifier: about}',
    "s-undated": None,
}
STANCES = {
    "s-day": ("ada-vance", "Talks should go on."),
    "s-month": ("norland", "A ceasefire first."),
    "s-year": ("ada-vance", "Talks should go on."),
    "s-range": ("norland", HOSTILE),
    "s-before": ("ada-vance", "No talks without guarantees."),
    "s-about": ("norland", "A ceasefire first, then talks."),
    "s-undated": ("ada-vance", "Talks must include everyone."),
}


def _briefing(source: str) -> str:
    actor, stance = STANCES[source]
    published = f"published: {DATES[source]}\n" if DATES[source] else ""
    quoted = stance.replace("\\", "\\\\").replace('"', '\\"')
    return (f"seed: {source}.txt\ntitle: Note {source}\nkind: report\n{published}language: en\n"
            f"summary: A note.\nkey_points:\n  - text: A note.\n    cite: 1\n"
            f"positions:\n  - actor: {actor}\n    issue: talks\n    stance: \"{quoted}\"\n    cite: 2\n")


def _project(make_project, **extra) -> Path:
    seeds = {f"{s}.txt": f"Note {s}\n\nThe second paragraph of {s}.\n" for s in DATES}
    briefings = {f"{s}.yaml": _briefing(s) for s in DATES}
    return make_project(name=extra.get("name", "project"), seeds=seeds | extra.get("seeds", {}),
                        briefings=briefings | extra.get("briefings", {}))


@pytest.fixture
def corpus(make_project):
    return generate(Project(_project(make_project))).corpus


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _marks(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == "bb-mark"]


def _extent(mark: ET.Element) -> tuple[float, float]:
    if mark.tag == NS + "circle":
        cx, r = float(mark.get("cx")), float(mark.get("r"))
        return cx - r, cx + r
    x = float(mark.get("x"))
    return x, x + float(mark.get("width"))


def _by_source(corpus, root) -> dict[str, ET.Element]:
    """Each mark by the source of its position (numbers are given in the order of the sources' dates)."""
    numbered = {s.number: s for s in positions_chart.stances(corpus, "talks")}
    found = {}
    for mark in _marks(root):
        for pos in numbered[int(mark.get("data-n"))].positions:
            found.setdefault(pos.source, []).append(mark)
    return found


def test_a_mark_per_position_each_as_wide_as_its_date_can_mean(corpus):
    root = _tree(positions_chart.positions_picture(corpus, "talks"))
    assert len(_marks(root)) == len(corpus.topics["talks"]) == 7
    marks = _by_source(corpus, root)
    # one actor said the same words twice: one number, two marks
    assert marks["s-day"] == marks["s-year"] and len(marks["s-day"]) == 2
    day_mark, year_mark = sorted(marks["s-day"], key=lambda m: _extent(m)[1] - _extent(m)[0])
    width = {name: _extent(m)[1] - _extent(m)[0] for name, m in
             [("day", day_mark), ("year", year_mark), ("month", marks["s-month"][0]),
              ("range", marks["s-range"][0]), ("about", marks["s-about"][0])]}
    assert width["day"] < width["about"] <= width["month"] < width["range"] < width["year"]
    # each bar covers the days its date can mean (a span never narrower than 12 px, wider than a day's dot)
    per_day = width["year"] / 365
    for name, days in (("month", 31), ("range", 92), ("about", 15)):  # May; July-September; 15 Nov +-7 days
        assert width[name] == pytest.approx(max(12.0, days * per_day), rel=0.05), name
    assert day_mark.get("data-date") == "day" and year_mark.get("data-date") == "span"
    assert marks["s-before"][0].get("data-date") == "before"


def test_marks_follow_the_dates_and_before_is_open_to_the_edge(corpus):
    root = _tree(positions_chart.positions_picture(corpus, "talks"))
    marks = _by_source(corpus, root)
    day_mark = min(marks["s-day"], key=lambda m: _extent(m)[1] - _extent(m)[0])
    year_mark = max(marks["s-day"], key=lambda m: _extent(m)[1] - _extent(m)[0])
    starts = [_extent(m)[0] for m in (day_mark, marks["s-month"][0], marks["s-range"][0],
                                      marks["s-about"][0], year_mark)]
    assert starts == sorted(starts)
    before = _extent(marks["s-before"][0])
    lines = [float(e.get("x1")) for e in root.iter(NS + "line") if e.get("stroke") == "#e0e0e0"]
    assert before[0] <= min(lines) + 1  # from the axis' start...
    assert before[1] <= _extent(day_mark)[0]  # ...to its date, before the day after it
    assert before[1] - before[0] > 30  # the axis leaves room for it to be seen to run on


def test_the_axis_has_year_ticks_and_month_ticks_when_the_range_is_short(corpus, make_project):
    years = [t.text for t in _tree(positions_chart.positions_picture(corpus, "talks")).iter(NS + "text")]
    assert {"2019", "2020", "2021"} <= set(years)
    root_dir = _project(make_project, name="short",
                        briefings={f"{s}.yaml": None for s in DATES if s not in ("s-day", "s-month")})
    short = generate(Project(root_dir)).corpus
    months = [t.text for t in _tree(positions_chart.positions_picture(short, "talks")).iter(NS + "text")]
    assert "Mar 2020" in months or "Feb 2020" in months
    assert "May" in months and "2021" not in months


def test_an_undated_source_is_in_its_own_column_not_on_the_axis(corpus):
    root = _tree(positions_chart.positions_picture(corpus, "talks"))
    undated = _by_source(corpus, root)["s-undated"][0]
    assert undated.get("data-date") == "undated"
    column = [float(e.get("x1")) for e in root.iter(NS + "line") if e.get("stroke-dasharray") == "4 3"]
    ticks = [float(e.get("x1")) for e in root.iter(NS + "line") if e.get("stroke") == "#e0e0e0"]
    assert len(column) == 1 and _extent(undated)[0] > column[0] > max(ticks)
    assert "Undated" in [t.text for t in root.iter(NS + "text")]
    dated = [m for m in _marks(root) if m is not undated]
    assert all(_extent(m)[1] <= column[0] for m in dated)


def _text_box(text: ET.Element) -> tuple[float, float, float, float]:
    x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
    w = pictures.CHAR_W * size / pictures.SIZE * len(text.text or "")
    left = {"start": x, "middle": x - w / 2, "end": x - w}[text.get("text-anchor")]
    return left, y - 0.8 * size, left + w, y + 0.2 * size  # ascent and descent of a sans-serif face


@pytest.mark.parametrize("width", [pictures.WIDE, pictures.NARROW])
def test_every_label_is_legible_and_inside_the_picture(corpus, width):
    root = _tree(positions_chart.positions_picture(corpus, "talks", width=width))
    w, h = (float(v) for v in root.get("viewBox").split()[2:])
    assert w <= width
    texts = list(root.iter(NS + "text"))
    assert texts
    for text in texts:
        assert float(text.get("font-size")) >= 12, text.text
        left, top, right, bottom = _text_box(text)
        assert 0 <= left and right <= w and 0 <= top and bottom <= h, (text.text, left, right, w)
    for mark in _marks(root):
        assert 0 <= _extent(mark)[0] and _extent(mark)[1] <= w
    boxes = [(_text_box(t), t.text) for t in texts]
    for i, ((l1, t1, r1, b1), text1) in enumerate(boxes):  # no label drawn over another
        for (l2, t2, r2, b2), text2 in boxes[i + 1:]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (text1, text2)


def test_the_legend_names_only_what_is_drawn(make_project):
    root_dir = _project(make_project, briefings={f"{s}.yaml": None for s in DATES if s not in ("s-day", "s-month")})
    corpus = generate(Project(root_dir)).corpus
    legend = " ".join(t.text for t in _tree(positions_chart.positions_picture(corpus, "talks")).iter(NS + "text"))
    assert "a day" in legend and "a month, a year" in legend and "every day" in legend
    for absent in ("before a date", "after a date", "said collectively", "speaker uncertain", "Undated"):
        assert absent not in legend


def test_hostile_stance_text_stays_text(corpus):
    svg = positions_chart.positions_picture(corpus, "talks", href=lambda kind, i: f"../{kind}s/{i}.html")
    root = _tree(svg)  # it parses: nothing closed the picture early
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    listed = " ".join(t.text or "" for t in root.iter(NS + "text"))
    assert HOSTILE in " ".join(listed.split())  # the words round-trip, whole
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_many_actors_are_capped_and_what_is_left_out_is_said(corpus, monkeypatch):
    monkeypatch.setattr(positions_chart, "MAX_ROWS", 1)
    root = _tree(positions_chart.positions_picture(corpus, "talks"))
    numbers = {int(m.get("data-n")) for m in _marks(root)}
    shown = {s.actor for s in positions_chart.stances(corpus, "talks") if s.number in numbers}
    assert len(shown) == 1
    text = " ".join(t.text for t in root.iter(NS + "text"))
    assert "Not shown: 3 more positions of 1 more actor; the issue's table has them all." in text
    assert "Not shown" in root.find(NS + "desc").text


def test_title_and_desc_describe_the_picture_and_where_positions_are_placed(corpus):
    root = _tree(positions_chart.positions_picture(corpus, "talks"))
    assert root.get("role") == "img"
    desc = root.find(NS + "desc").text
    assert "7 positions on talks by 2 actors" in desc and "1 from undated sources" in desc
    assert "date of the source that reports it" in desc


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_the_topic_page_shows_the_picture_whose_links_reach_real_pages_and_paragraphs(make_project):
    root = _project(make_project)
    result = invoke("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    page = root / "site" / "topics" / "talks.html"
    html = page.read_text(encoding="utf-8")
    drawn = [svg for svg in _svgs(html) if "Positions on talks" in (svg.get("data-title") or "")]
    assert len(drawn) == 2  # one drawn for a desktop's column, one for a phone's
    links = [a.get("href") for svg in drawn for a in svg.iter(NS + "a")]
    assert any(link.startswith("../actors/") for link in links)
    assert any("#p2" in link for link in links)
    for link in links:
        target, _, anchor = link.partition("#")
        file = (page.parent / target).resolve()
        assert file.is_file(), link
        if anchor:
            assert f'id="{anchor}"' in file.read_text(encoding="utf-8"), link
    # the page's table is the picture's text: numbered as its marks, and the stances are there, not drawn twice
    table = next(t for t in Html(html).tables if t and t[0][:2] == ["No.", "Source dated"])
    corpus = generate(Project(root)).corpus
    expected = {s.tag: s.stance for s in positions_chart.stances(corpus, "talks")}
    assert {row[0]: row[3] for row in table[1:]} == {tag: " ".join(text.split()) for tag, text in expected.items()}
    assert not [t for svg in drawn for t in svg.iter(NS + "text") if "No talks without guarantees" in (t.text or "")]
    # the picture as a file stands alone: it lists the stances under its numbers
    alone = ET.parse(root / "site" / "pictures" / "topics" / "talks.svg").getroot()
    assert [t for t in alone.iter(NS + "text") if "No talks without guarantees" in (t.text or "")]


def test_the_book_has_each_issue_with_its_picture_and_its_numbered_stances_cited(make_project):
    from briefbook.publish.printing import BOOK, print_documents
    root = _project(make_project)
    corpus = generate(Project(root)).corpus
    book = print_documents(corpus, root / "templates")[BOOK]
    section = re.search(r'<section class="entity issue" id="issue-talks">(.*?)</section>', book, re.S).group(1)
    drawn = _svgs(section)
    assert len(drawn) == 1 and not list(drawn[0].iter(NS + "a"))  # nothing to click on paper
    assert "Positions on talks over time" in drawn[0].find(NS + "title").text  # the PDF's alt text
    assert len(_marks(drawn[0])) == 7
    # the stances under the picture's numbers, as text with footnotes, not inside the picture
    assert not [t for t in drawn[0].iter(NS + "text") if "No talks without guarantees" in (t.text or "")]
    items = re.findall(r'<li value="(\d+)">(.*?)</li>', section, re.S)
    assert [int(n) for n, _ in items] == [s.number for s in positions_chart.stances(corpus, "talks")]
    assert all('class="fn"' in text for _, text in items)
    assert "&lt;script&gt;" in section and "<script>" not in section
    assert 'href="#issue-talks"' in book  # in the contents


def test_the_book_pdf_prints_the_issue_part(make_project):
    pymupdf = pytest.importorskip("pymupdf")
    root = _project(make_project)
    result = invoke("build", "--project", str(root), "--quiet")
    assert result.exit_code == 0, result.stderr
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        text = "".join(page.get_text() for page in doc)
        toc = [title for _, title, _ in doc.get_toc()]
    assert "Positions by issue" in toc
    assert "No talks without guarantees." in text and "Undated" in text


def test_a_single_position_is_a_sentence_not_a_picture_on_its_page(make_project):
    root_dir = _project(make_project, briefings={f"{s}.yaml": None for s in DATES if s != "s-day"})
    result = invoke("build", "--project", str(root_dir), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    html = (root_dir / "site" / "topics" / "talks.html").read_text(encoding="utf-8")
    assert "Talks should go on." in html and not [s for s in _svgs(html) if "Positions on" in (s.get("data-title") or "")]


def test_every_issue_of_the_bundled_corpus_is_legible_at_both_widths(real):
    """Properties only: on every issue with a picture, labels >= 12 px, inside the canvas, none over another."""
    _, corpus = real
    drawn = [issue for issue in corpus.topics if not positions_chart.says_it_better(corpus, issue)]
    assert drawn
    for issue in drawn:
        for width in (pictures.WIDE, pictures.NARROW):
            root = _tree(positions_chart.positions_picture(corpus, issue, width=width))
            w, h = (float(v) for v in root.get("viewBox").split()[2:])
            boxes = [(_text_box(t), t.text) for t in root.iter(NS + "text")]
            for i, ((left, top, right, bottom), text) in enumerate(boxes):
                assert 0 <= left and right <= w and 0 <= top and bottom <= h, (issue, width, text)
                for (l2, t2, r2, b2), other in boxes[i + 1:]:
                    assert right <= l2 or r2 <= left or bottom <= t2 or b2 <= top, (issue, width, text, other)
            assert len(_marks(root)) == len(corpus.topics[issue])
