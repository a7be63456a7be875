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
    # sane: at least a page per entity, and not runaway
    assert len(corpus.actors) + len(corpus.events) + len(corpus.sources) <= pages < 1000


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
        contents = " ".join(doc[1].get_text().split())
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
