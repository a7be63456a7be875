"""PDF briefings: built from the real corpus and from small projects, then read back with PyMuPDF."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from briefbook import Project, build_corpus
from briefbook.publish.pdf import _render_one
from conftest import _copy_hand_written_docs

REPO = Path(__file__).resolve().parent.parent


SMALL = REPO / "tests" / "golden" / "project"  # two sources, three actors, two events


def copy_project(target: Path, briefings: Path = REPO / "briefings", seeds: Path = REPO / "seeds") -> Path:
    target.mkdir(parents=True)
    shutil.copytree(briefings, target / "briefings")
    shutil.copytree(seeds, target / "seeds")
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    _copy_hand_written_docs(target / "docs")  # generated pages are the ones .gitignore lists
    return target


def briefbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("pdf") / "project")
    result = briefbook("build", "--project", str(root), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    corpus, _ = build_corpus(Project(root))
    return root, corpus


def test_a_pdf_per_actor_and_event_and_the_book_inside_the_site(real):
    root, corpus = real
    site = root / "site"
    for actor_id in corpus.actors:
        assert (site / "pdf" / "actors" / f"{actor_id}.pdf").stat().st_size > 1000
    for event_id in corpus.events:
        assert (site / "pdf" / "events" / f"{event_id}.pdf").stat().st_size > 1000
    assert (site / "pdf" / "briefing-book.pdf").is_file()


def test_each_page_links_to_its_pdf(real):
    root, corpus = real
    site = root / "site"
    for kind, ids in (("actors", corpus.actors), ("events", corpus.events)):
        for entity_id in ids:
            html = (site / kind / f"{entity_id}.html").read_text(encoding="utf-8")
            assert f'href="../pdf/{kind}/{entity_id}.pdf"' in html
    assert 'href="pdf/briefing-book.pdf"' in (site / "index.html").read_text(encoding="utf-8")


def test_book_text_has_names_and_quotes(real):
    root, _ = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
    for expected in ("Sergey Lavrov", "Talgat Kaliyev", "Hizb-e-Islami Hikmatyar", "Kabul Process",
                     "We are committed to promoting intra-Afghan talks", "Sources disagree",
                     "바로가기 메뉴"):
        assert expected in text


def test_entity_pdf_has_its_name_and_its_cited_paragraphs(real):
    root, corpus = real
    with pymupdf.open(root / "site" / "pdf" / "actors" / "sergey-lavrov.pdf") as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
    assert "Sergey Lavrov" in text
    assert "The year 2020 has become for us a year of hope" in text  # quote, and ¶4 under Sources cited
    assert "Sources cited" in text


def test_book_outline_has_every_actor_and_event(real):
    root, corpus = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        titles = [entry[1] for entry in doc.get_toc()]
        pages = doc.page_count
    for actor in corpus.actors.values():
        assert actor.name in titles
    for event in corpus.events.values():
        assert event.title in titles
    assert {"Actors", "Events", "Sources"} <= set(titles)
    # sane: the cover, the summary, the contents and three parts at least, and not runaway (entities
    # flow one after another: a page each left most pages near-empty)
    assert 6 <= pages < 1000


def test_every_font_is_embedded(real):
    root, _ = real
    for pdf in [root / "site" / "pdf" / "briefing-book.pdf", *sorted((root / "site" / "pdf" / "events").glob("*.pdf"))[:3]]:
        with pymupdf.open(pdf) as doc:
            for number in range(doc.page_count):
                for xref, ext, ftype, basefont, *_ in doc.get_page_fonts(number):
                    assert ext not in ("n/a", ""), f"{pdf.name}: font {basefont} is not embedded"


def test_internal_links_stay_inside_the_pdf(real):
    root, _ = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        links = [link for page in doc for link in page.get_links()]
        assert len(links) > 100  # table of contents, actor ↔ event, citation → paragraph
        for link in links:
            assert link["kind"] in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED), link
            assert 0 <= link["page"] < doc.page_count, link


def test_toc_shows_page_numbers_that_match_the_outline(real):
    root, corpus = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        outline = {title: page for level, title, page in doc.get_toc()}
        contents = " ".join(doc[outline["Contents"] - 1].get_text().split())
    actor = sorted(corpus.actors.values(), key=lambda a: a.name)[0]
    # the contents line for the actor ends with the page the outline points to
    assert f"{actor.name} " in contents
    assert str(outline[actor.name]) in contents


SAMPLES = {
    "korean": "김영채 특별대표",
    "cyrillic": "Сергей Лавров",
    "dari": "محمد اشرف غنی",
    "pashto": "ذبيح الله مجاهد پښتو",
}


def test_every_script_renders_with_real_glyphs(tmp_path):
    """Korean, Cyrillic and Arabic-script names: no .notdef (missing-glyph box) anywhere."""
    root = copy_project(tmp_path / "scripts", SMALL / "briefings", SMALL / "seeds")
    actors = (root / "briefings" / "registry" / "actors.yaml").read_text(encoding="utf-8")
    for key, name in SAMPLES.items():
        actors = actors.rstrip("\n") + (f"\n  sample-{key}:\n    name: {name}\n    kind: person\n"
                                       f"    description: Script sample {name}\n")
    (root / "briefings" / "registry" / "actors.yaml").write_text(actors + "\n", encoding="utf-8")
    result = briefbook("pdf", "--project", str(root), "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    for key, name in SAMPLES.items():
        with pymupdf.open(root / "site" / "pdf" / "actors" / f"sample-{key}.pdf") as doc:
            page = doc[0]
            chars = [(chr(c[0]), c[1], span["font"]) for span in page.get_texttrace() for c in span["chars"]]
            wanted = [c for c in chars if c[0] in name and not c[0].isspace()]
            assert wanted, f"{key}: sample text not found in the PDF"
            missing = [c for c in wanted if c[1] == 0]
            assert not missing, f"{key}: glyphs missing (rendered as boxes): {missing[:5]}"
            png = tmp_path / f"{key}.png"
            page.get_pixmap(dpi=72).save(png)
            assert png.stat().st_size > 1000
            assert name.split()[0] in " ".join(page.get_text().split())


def test_letter_paper(tmp_path):
    root = copy_project(tmp_path / "letter", SMALL / "briefings", SMALL / "seeds")
    result = briefbook("pdf", "--project", str(root), "--page-size", "letter", "--quiet")
    assert result.returncode == 0, result.stderr
    with pymupdf.open(root / "site" / "pdf" / "actors" / "norland.pdf") as doc:
        assert round(doc[0].rect.width) == 612 and round(doc[0].rect.height) == 792
    assert not low_pages(root), low_pages(root)  # the page fill holds on Letter too


def test_only_changed_pdfs_are_rendered_again(tmp_path):
    root = copy_project(tmp_path / "cache", SMALL / "briefings", SMALL / "seeds")
    first = briefbook("pdf", "--project", str(root), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    total = int(first.stderr.split("PDFs: ")[1].split(" rendered")[0])
    assert total >= 5
    again = briefbook("pdf", "--project", str(root))
    assert f"0 rendered (0 pages), {total} unchanged" in again.stderr
    registry = root / "briefings" / "registry" / "actors.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "Foreign minister of Norland." in text
    registry.write_text(text.replace("Foreign minister of Norland.", "Foreign minister of Norland (edited)."),
                        encoding="utf-8")
    third = briefbook("pdf", "--project", str(root))
    assert third.returncode == 0, third.stderr
    rendered = int(third.stderr.split("PDFs: ")[1].split(" rendered")[0])
    assert rendered == 2, third.stderr  # the actor's own PDF and the book
    with pymupdf.open(root / "site" / "pdf" / "actors" / "ada-vance.pdf") as doc:
        assert "(edited)" in doc[0].get_text()


def test_the_engine_fetches_nothing(tmp_path):
    html = ('<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
            '<img src="file:///etc/hostname"><img src="http://127.0.0.1:9/y.png">'
            '<p style="background: url(file:///etc/passwd)">text</p></body></html>')
    target = tmp_path / "out.pdf"
    assert _render_one((html, str(target))) == 1
    with pymupdf.open(target) as doc:
        assert doc[0].get_images() == []
        assert "text" in doc[0].get_text()


def test_hostile_names_stay_text_in_the_pdf(tmp_path):
    root = copy_project(tmp_path / "hostile", SMALL / "briefings", SMALL / "seeds")
    registry = root / "briefings" / "registry" / "actors.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + (
        '\n  hostile:\n    name: "<img src=\'file:///etc/hostname\'> </h2><script>x</script>"\n'
        '    kind: person\n    description: "{{ 7*7 }} <b>bold</b>"\n'), encoding="utf-8")
    result = briefbook("pdf", "--project", str(root), "--quiet")
    assert result.returncode == 0, result.stderr
    with pymupdf.open(root / "site" / "pdf" / "actors" / "hostile.pdf") as doc:
        text = " ".join(doc[0].get_text().split())
        assert "<img src='file:///etc/hostname'> </h2><script>x</script>" in text
        assert "{{ 7*7 }} <b>bold</b>" in text
        assert doc[0].get_images() == []


# ---------------------------------------------------------------- the book as a reader meets it (issue 15)

import html as html_lib  # noqa: E402
import re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

from briefbook.pipeline import print_html  # noqa: E402
from conftest import write_project  # noqa: E402

MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 20 * MM, 22 * MM  # print.css's @page margins: running header and footer


def used_fraction(page) -> float:
    """How much of the page's text area holds something: the union of the heights of its text blocks
    and drawings (tables, boxes, pictures) inside the margins, over the area's height."""
    top, bottom = TOP_MARGIN, page.rect.height - BOTTOM_MARGIN
    spans = [(b[1], b[3]) for b in page.get_text("blocks")] + [(d["rect"].y0, d["rect"].y1)
                                                                for d in page.get_drawings()]
    spans = sorted((max(a, top), min(b, bottom)) for a, b in spans if min(b, bottom) > max(a, top))
    total, current = 0.0, None
    for a, b in spans:
        if current and a <= current[1]:
            current[1] = max(current[1], b)
        else:
            total += current[1] - current[0] if current else 0
            current = [a, b]
    total += current[1] - current[0] if current else 0
    return total / (bottom - top)


def all_pdfs(root: Path) -> list[Path]:
    return sorted((root / "site" / "pdf").rglob("*.pdf"))


def test_no_page_is_less_than_half_used_except_before_a_part(real):
    root, _ = real
    assert not low_pages(root), low_pages(root)


def low_pages(root: Path) -> list[str]:
    """Pages of the project's PDFs less than half used, other than a cover, a last page and a page before a part."""
    low = []
    for pdf in all_pdfs(root):
        with pymupdf.open(pdf) as doc:
            parts = {page - 1 for level, _, page in doc.get_toc() if level == 1}  # 1-based → index
            for number, page in enumerate(doc):
                cover = pdf.name == "briefing-book.pdf" and number == 0
                last = number == doc.page_count - 1
                if not (cover or last or number + 1 in parts) and used_fraction(page) < 0.5:
                    low.append(f"{pdf.relative_to(root)} page {number + 1}: {used_fraction(page):.0%}")
    return low


def test_the_measure_sees_an_empty_page(tmp_path):
    """used_fraction is not always 1: half a page of text reads as about half."""
    text = "<p>" + "word " * 40 + "</p>"
    html = ("<html lang='en'><style>@page { size: A4; margin: 20mm 18mm 22mm 18mm; } p { margin: 0; "
            "height: 120mm; }</style><body>" + text + "</body></html>")
    _render_one((html, str(tmp_path / "half.pdf")))
    with pymupdf.open(tmp_path / "half.pdf") as doc:
        assert used_fraction(doc[0]) < 0.2  # one text block of a few lines: the fixed height is not text


def _struct_elements(doc) -> list[str]:
    return [" ".join(doc.xref_object(x).split()) for x in range(1, doc.xref_length())
            if "/StructElem" in doc.xref_object(x)]


def test_every_pdf_is_tagged_with_language_reading_order_and_alt_text(real):
    root, corpus = real
    for pdf in all_pdfs(root):
        with pymupdf.open(pdf) as doc:
            catalog = doc.xref_object(doc.pdf_catalog())
            assert "/StructTreeRoot" in catalog and "/Lang (en)" in catalog, pdf
            assert re.search(r"/MarkInfo\s*<<\s*/Marked true", catalog), pdf
            elements = _struct_elements(doc)
            assert any("/S /H1" in e for e in elements), pdf  # headings in the tree, in reading order
            figures = [e for e in elements if "/S /Figure" in e]
            for figure in figures:
                alt = re.search(r"/Alt \((.*?)\) >>", figure)
                assert alt and len(alt.group(1)) > 20, f"{pdf.name}: a figure without alternative text"
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        figures = [e for e in _struct_elements(doc) if "/S /Figure" in e]
        assert any("Actors and events" in f for f in figures)  # the network picture, described
        assert len(figures) >= 2


def test_the_cover_says_cutoff_edition_author_office_handling_and_purpose(real):
    root, corpus = real
    latest = max(s.date.bounds()[1] for s in corpus.sources.values() if s.date)
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        cover = " ".join(doc[0].get_text().split())
        for expected in ("Information cut-off", f"{latest.day} {latest.strftime('%B')} {latest.year}",
                         "Edition", "1, of", "(the first)", "briefbook sample corpus", "Open-source analysis",
                         "UNCLASSIFIED · PUBLIC SOURCES ONLY", "PURPOSE", "five public documents"):
            assert expected in cover, expected
        for number in range(1, doc.page_count):  # the handling line at the foot of every page
            assert "Unclassified · public sources only" in doc[number].get_text(), number + 1


def test_a_one_page_summary_follows_the_cover(real):
    root, corpus = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        summary = " ".join(doc[1].get_text().split())
        following = " ".join(doc[2].get_text().split())
    assert summary.split()[0] == "Summary"
    assert "Latest developments" in summary and "Where sources disagree" in summary
    latest = max((e for e in corpus.events.values() if e.date), key=lambda e: e.date.bounds())
    assert latest.title in summary
    for d in corpus.disagreements:
        assert corpus.events[d.event].title in summary
    assert following.split()[0] in ("Contents", "Status")  # the summary fits its page


def test_a_kind_heading_does_not_look_like_an_actors_heading(real):
    root, corpus = real
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        spans = [s for page in doc for b in page.get_text("dict")["blocks"] for line in b.get("lines", ())
                 for s in line["spans"]]
    kind = next(s for s in spans if s["text"].strip() == "PEOPLE")  # set in capitals on a band
    person = next(a for a in corpus.actors.values() if a.entry.kind == "person")
    heading = next(s for s in spans if s["text"].strip() == person.name and s["size"] > 12)
    assert (kind["size"], kind["color"]) != (heading["size"], heading["color"])
    assert kind["color"] == 0xFFFFFF and heading["size"] >= kind["size"] + 3


def test_a_pdf_per_source(real):
    root, corpus = real
    manifest = (root / "site" / "pdf" / ".briefbook-pdfs.json").read_text(encoding="utf-8")
    for source in corpus.sources.values():
        pdf = root / "site" / "pdf" / "sources" / f"{source.id}.pdf"
        assert f"pdf/sources/{source.id}.pdf" in manifest
        with pymupdf.open(pdf) as doc:
            text = " ".join(" ".join(page.get_text().split()) for page in doc)
        assert " ".join(source.briefing.title.split()) in text
        last = " ".join(source.paragraphs[-1].text.split())
        assert last[:60] in text  # the full text, to its last paragraph


class Notes(HTMLParser):
    """The footnotes of a print document, in order: (number, text) of each `.fn`, and the repeat calls."""

    def __init__(self):
        super().__init__()
        self.notes: list[tuple[int, str]] = []
        self.repeats: list[int] = []
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
        elif tag == "span" and attrs.get("class") == "fn":
            self.depth, self.text, self.number = 1, [], int(attrs["data-n"])
        elif tag == "a" and attrs.get("class") == "fnref":
            self.repeats.append(int(attrs["href"].removeprefix("#fn-")))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if not self.depth:
                self.notes.append((self.number, "".join(self.text)))

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def notes_of(document: str) -> Notes:
    parser = Notes()
    parser.feed(document)
    return parser


@pytest.fixture(scope="module")
def prints(real):
    root, corpus = real
    return corpus, print_html(Project(root), corpus)


def test_footnotes_give_the_full_title_first_then_the_short_one_and_never_twice_in_a_row(prints):
    from briefbook.publish.footnotes import short_titles
    corpus, docs = prints
    short = short_titles(corpus)
    assert any(short[s] != corpus.sources[s].briefing.title for s in short), "no title is shortened: check nothing"
    for path, document in docs.items():
        parsed = notes_of(document)
        numbers = [n for n, _ in parsed.notes]
        assert numbers == list(range(1, len(numbers) + 1)), path
        seen: set[str] = set()
        previous = None
        for number, text in parsed.notes:
            assert text != previous, f"{path}: note {number} repeats note {number - 1}"
            previous = text
            for source in corpus.sources.values():
                title = source.briefing.title
                if text.startswith(title):
                    if short[source.id] != title:  # a title short already is its own short title
                        assert source.id not in seen, f"{path}: note {number} repeats {source.id}'s full title"
                    seen.add(source.id)
                elif text.startswith(title.split()[0]) and "¶" in text and source.id not in seen \
                        and not any(text.startswith(other.briefing.title) for other in corpus.sources.values()):
                    short = text.split(", ¶")[0].rstrip("…")
                    if title.startswith(short):
                        raise AssertionError(f"{path}: note {number} short-titles {source.id} before its full title")
        for repeat in parsed.repeats:
            assert 1 <= repeat <= len(numbers), path


def test_a_repeated_note_is_called_on_the_page_that_holds_it(real):
    root, _ = real
    for pdf in all_pdfs(root):
        with pymupdf.open(pdf) as doc:
            for number, page in enumerate(doc):
                for link in page.get_links():
                    name = link.get("nameddest") or ""
                    # a repeated call (a superscript number), not a "see note n" of a reasoning given before
                    if name.startswith("fn-") and "note" not in page.get_textbox(link["from"]):
                        assert link["page"] == number, f"{pdf.name} page {number + 1}: call {name} points to " \
                                                       f"page {link['page'] + 1}"


def test_the_paragraph_sign_never_ends_a_line(real):
    root, _ = real
    for pdf in all_pdfs(root):
        with pymupdf.open(pdf) as doc:
            for number, page in enumerate(doc):
                for line in page.get_text().splitlines():
                    assert not line.rstrip().endswith("¶"), f"{pdf.name} page {number + 1}: {line!r}"


def test_paragraph_numbers_in_notes_are_joined_to_their_sign(prints):
    _, docs = prints
    for path, document in docs.items():
        for _, text in notes_of(document).notes:
            assert "¶ " not in text, f"{path}: a breakable space after ¶ in {text!r}"
            assert re.search(r"¶\u00a0\d", text) or "Inferred" in text, f"{path}: {text!r}"


def test_the_reasoning_for_an_inferred_value_is_a_note_not_text_in_a_cell(prints):
    corpus, docs = prints
    bases = {" ".join(s.date.basis.split()) for s in corpus.sources.values() if s.date and s.date.inferred}
    assert bases, "the bundled corpus has inferred dates: the test would check nothing"
    for path, document in docs.items():
        outside = re.sub(r'<span class="fn"[^>]*>.*?</span>(?=[^<]*(?:<(?!/span)|$))', "", document, flags=re.S)
        body = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", outside)).split())
        for basis in bases:
            assert basis[:80] not in body or basis[:80] in " ".join(notes_text(document)), path
        for td in re.findall(r"<td>(.*?)</td>", document, re.S):
            plain = " ".join(html_lib.unescape(re.sub(r'<span class="fn".*', "", td, flags=re.S)).split())
            assert "Inferred:" not in plain, f"{path}: reasoning inside a table cell"


def notes_text(document: str) -> list[str]:
    return [" ".join(text.split()) for _, text in notes_of(document).notes]


def test_no_section_heading_without_content_in_print(prints, arabic):
    _, docs = prints
    corpus, _ = build_corpus(Project(arabic))
    docs = {**docs, **{f"arabic/{path}": d for path, d in print_html(Project(arabic), corpus).items()}}
    for path, document in docs.items():
        empty = re.findall(r'<(h\d) class="sub">([^<]*)</\1>\s*(?=<h\d|</section>|</div>\s*</section>)', document)
        assert not empty, f"{path}: empty sections {empty}"
        for dead in ("No source gives a title or role", "No positions recorded", "No events recorded",
                     "No participants recorded", "<dd>not stated", "<td>not stated", "<dd>Unknown", "<dd></dd>"):
            assert dead not in document, f"{path}: {dead!r}"


ARABIC_SEED = "كلمة لافروف في مؤتمر جنيف\n\nقال لافروف إن السلام ممكن في أفغانستان.\n"
ARABIC_BRIEFING = """\
seed: lavrov-ar.txt
title: كلمة لافروف في مؤتمر جنيف
kind: news-report
published: {value: "2020-11-24"}
language: ar
summary: An Arabic report of Lavrov's speech at the Geneva conference.
key_points:
  - text: Lavrov says peace in Afghanistan is possible.
    cite: 2
actors:
  - actor: lavrov
    cite: 2
"""
LAVROV = "  lavrov:\n    name: Sergey Lavrov\n    kind: person\n    aliases: [لافروف]\n    description: Russia's minister.\n"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    from conftest import ACTORS_YAML
    root = write_project(tmp_path_factory.mktemp("arabic") / "project", seeds={"lavrov-ar.txt": ARABIC_SEED},
                         registry={"actors.yaml": ACTORS_YAML + LAVROV},
                         briefings={"lavrov-ar.yaml": ARABIC_BRIEFING})
    result = briefbook("pdf", "--project", str(root), "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    return root


def test_a_footnote_keeps_its_number_date_and_paragraph_in_order_around_an_arabic_title(arabic):
    with pymupdf.open(arabic / "site" / "pdf" / "actors" / "lavrov.pdf") as doc:
        page = doc[0]
        chars = [(chr(c[0]), c[3][0]) for span in page.get_texttrace() if span["size"] < 8 for c in span["chars"]]
    line = [(ch, x) for ch, x in chars]
    arabic_x = [x for ch, x in line if "\u0600" <= ch <= "\u06ff"]
    assert arabic_x, "the Arabic title is not in the footnotes"
    date_x = [x for ch, x in line if ch.isdigit() and x > min(arabic_x)]
    sign_x = [x for ch, x in line if ch == "¶"]
    assert date_x and sign_x
    # left to right: the note's number, the Arabic title (right to left inside), the date, "¶ 2"
    first_digit = min(x for ch, x in line if ch.isdigit())
    assert first_digit < min(arabic_x), "the note number is not before the title"
    november = [x for ch, x in line if ch == "N"]
    assert november and max(arabic_x) < min(november) < min(sign_x), "the date or ¶ moved into the Arabic title"


def test_text_in_another_language_carries_it_in_the_html_and_the_pdf_tags(arabic):
    with pymupdf.open(arabic / "site" / "pdf" / "sources" / "lavrov-ar.pdf") as doc:
        elements = _struct_elements(doc)
        assert "/Lang (en)" in doc.xref_object(doc.pdf_catalog())
    assert any("/Lang (ar)" in e for e in elements), "the Arabic text has no /Lang of its own"
    corpus, _ = build_corpus(Project(arabic))
    docs = print_html(Project(arabic), corpus)
    source = docs["pdf/sources/lavrov-ar.pdf"]
    assert re.search(r'<h1 class="entity-title" lang="ar" dir="rtl">كلمة لافروف', source)
    assert '<section class="entity source" id="source-lavrov-ar" lang="ar" dir="rtl">' in source
    assert re.search(r'<bdi lang="ar" dir="rtl">كلمة لافروف في مؤتمر جنيف</bdi>, 24 November 2020, '
                     r'<span class="pn">¶\u00a0<a', docs["pdf/actors/lavrov.pdf"])


def test_the_cover_settings_come_from_the_project_and_a_wrong_one_is_a_warning(tmp_path):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("  briefbook:\n")
    end = config.index("\nextra_css:")
    settings = ("  briefbook:\n    author: Jane Analyst\n    handling: For official use only\n"
                "    edition: Revision 3\n    colour: blue\n    purpose: [not, a, line]\n"
                '    office: "Desk \\u202e lanoitan"\n')  # a bidirectional override would reverse the cover's words
    root = write_project(tmp_path / "cover", files={"mkdocs.yml": config[:start] + settings + config[end:]})
    result = briefbook("pdf", "--project", str(root))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "book-setting" in line]
    assert len(warnings) == 4 and all(line.startswith("mkdocs.yml:") for line in warnings), result.stderr
    assert "'colour'" in result.stderr and "purpose must be a line of text" in result.stderr
    assert "edition: briefbook numbers each edition itself" in result.stderr  # counted, never typed in
    with pymupdf.open(root / "site" / "pdf" / "briefing-book.pdf") as doc:
        cover = " ".join(doc[0].get_text().split())
        assert "Jane Analyst" in cover and "FOR OFFICIAL USE ONLY" in cover and "Revision 3" not in cover
        assert "Edition 1, of" in cover
        assert "Office" not in cover and "PURPOSE" not in cover  # no label without its value
        assert "For official use only" in doc[doc.page_count - 1].get_text()
    with pymupdf.open(root / "site" / "pdf" / "actors" / "ada-vance.pdf") as doc:
        assert "FOR OFFICIAL USE ONLY" in doc[0].get_text()


def test_a_repeated_call_that_lands_on_another_page_brings_its_note_along(tmp_path):
    filler = "<p style='height: 230mm'>filler</p>"
    html = ("<html lang='en'><style>.fn { float: footnote; } .fn::footnote-call { content: attr(data-n); }"
            ".fn::footnote-marker { content: attr(data-n) '. '; }</style><body>"
            '<p>First<span class="fn" id="fn-1" data-n="1">The note itself</span></p>' + filler +
            "<p>Again<a class=\"fnref\" id=\"fnref-1\" href=\"#fn-1\" aria-label=\"note 1\">1</a></p></body></html>")
    assert _render_one((html, str(tmp_path / "repeat.pdf"))) == 2
    with pymupdf.open(tmp_path / "repeat.pdf") as doc:
        assert "The note itself" in doc[0].get_text() and "The note itself" in doc[1].get_text()


SCREENSHOT = REPO / "docs" / "assets" / "screenshots" / "pdf-page.png"


def pdf_page_png(pdf: Path, contains: str, target: Path, dpi: int = 80) -> int:
    """The first page of `pdf` whose text holds `contains`, written as a PNG; returns its page number (1-based).
    UPDATE_SCREENSHOTS=1 pytest tests/test_pdf.py -k readme  remakes the README's picture with it."""
    with pymupdf.open(pdf) as doc:
        for number, page in enumerate(doc):
            if contains in page.get_text():
                target.parent.mkdir(parents=True, exist_ok=True)
                page.get_pixmap(dpi=dpi).save(target)
                return number + 1
    raise AssertionError(f"no page of {pdf.name} holds {contains!r}")


def test_the_readme_shows_a_page_of_the_book_made_by_this_helper(real, tmp_path):
    import os
    root, _ = real
    made = tmp_path / "pdf-page.png"
    pdf_page_png(root / "site" / "pdf" / "briefing-book.pdf", "Sources disagree on", made)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(made, SCREENSHOT)
    assert "docs/assets/screenshots/pdf-page.png" in (REPO / "README.md").read_text(encoding="utf-8")
    with pymupdf.open(made) as fresh, pymupdf.open(SCREENSHOT) as shown:
        assert (fresh[0].rect.width, fresh[0].rect.height) == (shown[0].rect.width, shown[0].rect.height)


def test_a_disagreement_in_print_quotes_each_sources_words(prints):
    """Each value of a disagreement is shown with the source's own words for it, verbatim from the cited
    paragraphs, as on the web pages (not citations only)."""
    import html as html_module
    corpus, docs = prints
    assert corpus.disagreements, "the bundled corpus has no disagreement to check"
    book = docs["pdf/briefing-book.pdf"]
    for d in corpus.disagreements:
        box = re.search(r'<div class="warning" id="disputed-%s-%s">(.*?)</div>'
                        % (re.escape(d.event), re.escape(d.field.replace(" ", "-"))), book, re.S)
        assert box, (d.event, d.field)
        quoted = [html_module.unescape(q) for q in re.findall(r"<q\b[^>]*>(.*?)</q>", box.group(1), re.S)]
        for claim in d.claims:
            cited = " ".join(" ".join(p.text.split()) for p in corpus.sources[claim.source].paragraphs
                             if p.number in claim.paragraphs)
            assert any(all(piece.strip() in cited for piece in q.split("…") if piece.strip()) for q in quoted), \
                (d.field, claim.source, quoted)
