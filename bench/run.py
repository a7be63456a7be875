"""Time every stage of the pipeline on synthetic corpora and print one table.

    python bench/run.py [--sizes 100,1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_corpus  # noqa: E402

from briefbook.project import Project  # noqa: E402
from briefbook.render import make_environment, render_pages  # noqa: E402
from briefbook.resolve import build_corpus  # noqa: E402
from briefbook.site import mkdocs_build, write_pages  # noqa: E402
from briefbook.pdf import BOOK, print_documents, write_pdfs  # noqa: E402


def measure(size: int, workdir: Path, with_pdf: bool = False) -> dict:
    project = Project(make_corpus(workdir / f"corpus-{size}", size))
    row: dict = {"documents": size}
    t = time.perf_counter()
    corpus, problems = build_corpus(project)
    row["load+validate+resolve s"] = time.perf_counter() - t
    if corpus is None:
        raise SystemExit("synthetic corpus invalid:\n" + "\n".join(map(str, problems[:20])))
    t = time.perf_counter()
    pages = render_pages(corpus, make_environment(project.templates), site_name="bench")
    row["render s"] = time.perf_counter() - t
    t = time.perf_counter()
    write_pages(pages, project.docs)
    row["write s"] = time.perf_counter() - t
    t = time.perf_counter()
    mkdocs_build(project, workdir / f"site-{size}")
    row["site build s"] = time.perf_counter() - t
    total = sum(v for k, v in row.items() if k.endswith(" s"))
    row["pages"] = len(pages)
    row["pages/s"] = len(pages) / total
    site = workdir / f"site-{size}"
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    row["median page KB"] = statistics.median(sizes) / 1024
    row["site MB"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
    row["search index MB"] = (site / "search" / "search_index.json").stat().st_size / 2**20
    row["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if with_pdf:
        row.update(measure_pdf(project, corpus, workdir / f"pdf-{size}"))
    return row


def measure_pdf(project: Project, corpus, out: Path) -> dict:
    """Seconds per page: per-entity PDFs (in parallel), the book alone, and the book with Typst."""
    import pymupdf
    docs = print_documents(corpus, project.templates, site_name="bench")
    book = {BOOK: docs.pop(BOOK)}
    row: dict = {}
    report = write_pdfs(docs, out, out / "cache-entities")
    row["entity PDFs"] = report.built
    row["entity s/page"] = report.seconds / max(1, report.pages_rendered)
    report = write_pdfs(book, out, out / "cache-book", jobs=1)
    row["book pages"] = report.pages_rendered
    row["book s/page (WeasyPrint)"] = report.seconds / max(1, report.pages_rendered)
    try:
        import typst
        from typst_book import typst_book
    except ImportError:
        return row
    source = out / "book.typ"
    source.write_text(typst_book(corpus, "bench"), encoding="utf-8")
    t = time.perf_counter()
    typst.compile(str(source), output=str(out / "book-typst.pdf"))
    seconds = time.perf_counter() - t
    with pymupdf.open(out / "book-typst.pdf") as doc:
        pages = doc.page_count
    row["typst book pages"] = pages
    row["book s/page (Typst)"] = seconds / max(1, pages)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp dir)")
    parser.add_argument("--pdf-max", type=int, default=300,
                        help="also time the PDFs for corpora up to this many documents")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(size, work, size <= args.pdf_max) for size in sizes]
    columns = list(dict.fromkeys(c for row in rows for c in row))
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 1 else f"{value:.2f}"
    return str(value)


if __name__ == "__main__":
    main()
