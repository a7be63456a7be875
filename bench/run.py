"""Time every stage of the pipeline on synthetic corpora and print one table with the ratios.

    python bench/run.py [--sizes 100,1000,10000] [--pdf-sizes 100,1000] [--keep DIR]

Each size runs in its own process (so peak memory is per size). Beside our build, on
the same pages: Hugo (the speed reference), a bare Jinja render-and-write (the floor
of our render stage), bare libyaml (`yaml.CSafeLoader`, the floor of our loader),
Zensical (Material's successor, reading the same mkdocs.yml) and Pagefind (a chunked
search index). Tools that are not installed show as "–"; the stages of our own
pipeline always run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (column, target, what it compares); a ratio column is met when value <= target
TARGETS = {
    "full / Hugo": (2.0, "our full build (load → site) vs Hugo on the same pages; the target is for 10,000"),
    "l+v+r+r / floor": (1.5, "load+validate+resolve+render vs bare Jinja render-and-write"),
    "load / CSafeLoader": (1.2, "our YAML loader (with positions) vs bare yaml.CSafeLoader"),
}
PDF_TARGET = 20.0  # book pages per second at 1,000 documents
MEMORY_TARGET_MB = 1024
FLAT_PAGE_TOLERANCE = 0.10


# ---------------------------------------------------------------- one size, in its own process

def measure(size: int, work: Path, *, pdf: bool, pdf_jobs: int | None, seed: int = 1) -> dict:
    import jinja2
    import yaml

    import briefbook.corpus.files as files_module
    from briefbook.corpus import build_corpus
    from briefbook.corpus.loading import load_yaml_file
    from briefbook.project import Project
    from briefbook.publish.render import make_environment, render_pages
    from briefbook.publish.docs import write_pages
    from briefbook.publish.site import mkdocs_build
    from synth import make_corpus

    row: dict = {"documents": size}
    project = Project(make_corpus(work / f"corpus-{size}", size, seed=seed))
    yaml_files = sorted(project.registry.glob("*.yaml")) + sorted(project.briefings.glob("*.yaml"))

    # load / validate / resolve inside the real build_corpus, split by timing the two
    # functions it calls per file; the rest is resolve (references, quotes, health)
    spent = {"load": 0.0, "validate": 0.0}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapper

    real_load, real_validate = files_module.load_yaml_file, files_module.validate_model
    files_module.load_yaml_file = timed("load", real_load)
    files_module.validate_model = timed("validate", real_validate)
    try:
        t = time.perf_counter()
        corpus, problems = build_corpus(project)
        total = time.perf_counter() - t
    finally:
        files_module.load_yaml_file, files_module.validate_model = real_load, real_validate
    if corpus is None:
        raise SystemExit("synthetic corpus invalid:\n" + "\n".join(map(str, problems[:20])))
    row["load s"] = spent["load"]
    row["validate s"] = spent["validate"]
    row["resolve s"] = total - spent["load"] - spent["validate"]

    row["edition s"] = edition_seconds(corpus)

    t = time.perf_counter()
    pages = render_pages(corpus, make_environment(project.templates), site_name="bench", pdf=pdf)
    row["render s"] = time.perf_counter() - t
    t = time.perf_counter()
    write_pages(pages, project.docs)
    row["write s"] = time.perf_counter() - t
    row["stages peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # -- the floors, on the same files and pages (before the site build, which runs without them)
    ours = min(_time(lambda: [load_yaml_file(p, p.name) for p in yaml_files]) for _ in range(2))
    bare = min(_time(lambda: [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in yaml_files])
               for _ in range(2))
    row["CSafeLoader s"] = bare
    row["load / CSafeLoader"] = ours / bare
    row["floor s"] = jinja_floor(pages, work / f"floor-{size}", jinja2)
    row["l+v+r+r / floor"] = (total + row["render s"]) / row["floor s"]
    row["pages"] = len(pages)
    if not pdf:  # as `briefbook build` (pipeline._prepare): corpus and page texts let go before MkDocs
        corpus = pages = None
        gc.collect()

    site = work / f"site-{size}"
    t = time.perf_counter()
    mkdocs_build(project, site, search_index=False)  # as `briefbook build`: Pagefind's index replaces Material's
    row["site build s"] = time.perf_counter() - t
    row["full build s"] = sum(row[k] for k in ("load s", "validate s", "resolve s", "edition s", "render s", "write s",
                                               "site build s"))
    row["pages/s"] = row["pages"] / row["full build s"]
    row["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    html = [p.stat().st_size for p in site.rglob("*.html")]
    row["site MB"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
    row["median page KB"] = statistics.median(html) / 1024
    row["search index MB"] = (site / "search" / "search_index.json").stat().st_size / 2**20
    row.update(pagefind_sizes(site))  # first of the child processes, so that their peak is Pagefind's
    # Pagefind runs in its own process in every `briefbook build`: the build's peak is the larger one
    row["Pagefind peak RSS MB"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    # -- the same pages through other builders
    hugo = hugo_build(project.docs, work / f"hugo-{size}")
    row["Hugo s"] = hugo
    row["full / Hugo"] = row["full build s"] / hugo if isinstance(hugo, float) else None
    row["Zensical s"] = zensical_build(project)

    if pdf:
        row.update(measure_pdf(project, corpus, pages, work / f"pdf-{size}", pdf_jobs))
    else:
        row["PDF"] = "skipped"
    return row


def edition_seconds(corpus) -> float:
    """What an edition adds to a build (issue 18): the previous edition's corpus.json read back, this
    corpus as corpus.json, the two compared and written out; the previous one lacks the latest source."""
    import json
    from briefbook.pipeline import edition_of_build
    from briefbook.publish.editions import Kept
    from briefbook.publish.export import corpus_dict, export_text
    previous = corpus_dict(corpus)
    latest = max(previous["sources"])
    del previous["sources"][latest]
    previous_text = export_text(previous)
    t = time.perf_counter()
    read = json.loads(previous_text)
    kept = Kept(latest=read, texts={id(read): previous_text})
    _, changes, data = edition_of_build(corpus, kept, export=True)
    export_text(data)
    kept.text_of(kept.latest)  # editions/previous.json: the text as read
    seconds = time.perf_counter() - t
    assert changes.of("source"), "the bench's previous edition should lack a source"
    return seconds


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def jinja_floor(pages: dict[str, str], out: Path, jinja2) -> float:
    """A minimal Jinja template writing the same bytes for the same pages from plain dicts."""
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)
    template = env.from_string("{% for line in lines %}{{ line }}\n{% endfor %}")
    data = [(out / rel, {"lines": text.split("\n")}) for rel, text in pages.items()]
    if out.exists():
        shutil.rmtree(out)
    folders = {path.parent for path, _ in data}
    t = time.perf_counter()
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for path, context in data:
        path.write_text(template.render(context), encoding="utf-8")
    return time.perf_counter() - t


def hugo_build(docs: Path, dest: Path):
    """Hugo on a copy of the generated Markdown with a bare layout; seconds, or why not."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return "not installed"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(HERE / "hugo", dest)
    content = dest / "content"
    # an index.md would make its folder a leaf bundle that hides the pages beside it
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs)
        target = content / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(md, target)
    t = time.perf_counter()
    result = subprocess.run([hugo, "--quiet", "-s", str(dest), "-d", str(dest / "public")],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if result.returncode != 0:
        return "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:120]
    return seconds


def zensical_build(project) -> float | str:
    """Zensical on the same docs/ and mkdocs.yml; seconds, or why it failed."""
    exe = shutil.which("zensical", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    if exe is None:
        return "not installed"
    shutil.rmtree(project.root / "site", ignore_errors=True)
    shutil.rmtree(project.root / ".cache", ignore_errors=True)
    t = time.perf_counter()
    result = subprocess.run([exe, "build", "-f", str(project.config_file)], cwd=project.root,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if result.returncode != 0:
        (project.root / "zensical.log").write_text(result.stdout + "\n--- stderr\n" + result.stderr)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()] or \
            [ln for ln in result.stdout.splitlines() if ln.strip()]
        last = lines[-1] if lines else "?"
        return f"failed (exit {result.returncode}): " + (last if len(last) <= 60 else last[:59] + "…")
    built = sum(1 for _ in (project.root / "site").rglob("*.html"))
    return seconds if built else "built no pages"


def pagefind_sizes(site: Path) -> dict:
    from briefbook.publish.search import index_site
    from briefbook.problems import BriefbookError
    try:
        info = index_site(site)
    except BriefbookError as err:
        return {"Pagefind s": str(err).splitlines()[-1][:80]}
    return {"Pagefind s": info["seconds"], "Pagefind MB": info["bundle_bytes"] / 2**20,
            "Pagefind file:// MB": info["file_copy_bytes"] / 2**20}


def measure_pdf(project, corpus, pages, out: Path, jobs: int | None) -> dict:
    """The briefing book: WeasyPrint in one process (as pdf.py does), then the parallel prototype."""
    import pymupdf

    from briefbook.publish.pdf import write_pdfs
    from briefbook.publish.printing import BOOK, print_documents
    row: dict = {}
    t = time.perf_counter()
    book = print_documents(corpus, project.templates, site_name="bench", svgs=pages)[BOOK]
    row["print HTML s"] = time.perf_counter() - t
    report = write_pdfs({BOOK: book}, out, out / "cache-book", jobs=1)
    row["book pages"] = report.pages_rendered
    row["book s (1 process)"] = report.seconds
    row["book pages/s"] = report.pages_rendered / report.seconds
    try:
        from pdf_parallel import render_book_parallel
        par = render_book_parallel(book, out / "book-parallel.pdf", jobs=jobs)
        row["book parallel s"] = par["seconds"]
        row["book parallel pages/s"] = par["pages"] / par["seconds"]
        row["parallel = serial"] = _same_book(out / BOOK, out / "book-parallel.pdf", pymupdf)
    except Exception as err:  # a prototype: report, never stop the benchmark
        row["book parallel s"] = f"failed: {type(err).__name__}: {err}"[:120]
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
        row["Typst book pages/s"] = doc.page_count / seconds
    return row


def _same_book(a: Path, b: Path, pymupdf) -> str:
    """Do the two books have the same pages, text, outline and links? 'yes' or what differs."""
    with pymupdf.open(a) as x, pymupdf.open(b) as y:
        if x.page_count != y.page_count:
            return f"no: {x.page_count} vs {y.page_count} pages"
        # the same words on every page (the order of text runs in the content stream may differ)
        differ = [i + 1 for i in range(x.page_count) if sorted(x[i].get_text().split()) != sorted(y[i].get_text().split())]
        if differ:
            return f"no: text differs on {len(differ)} pages (first {differ[0]})"
        if [t[:3] for t in x.get_toc()] != [t[:3] for t in y.get_toc()]:
            return "no: outline differs"

        def links(doc):
            return sorted((i, ln.get("page")) for i in range(doc.page_count) for ln in doc[i].get_links())
        if links(x) != links(y):
            return "no: links differ"
    return "yes"


# ---------------------------------------------------------------- the table

COLUMNS = ["documents", "pages", "load s", "validate s", "resolve s", "edition s", "render s", "write s", "site build s",
           "full build s", "pages/s", "stages peak MB", "peak RSS MB", "Pagefind peak RSS MB", "site MB", "median page KB", "search index MB",
           "Hugo s", "full / Hugo", "floor s", "l+v+r+r / floor", "CSafeLoader s", "load / CSafeLoader",
           "Zensical s", "Pagefind s", "Pagefind MB", "Pagefind query KB",
           "book pages", "book s (1 process)", "book pages/s", "book parallel s", "book parallel pages/s",
           "parallel = serial", "Typst book pages/s"]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        pdf_skipped = row.get("PDF") == "skipped"
        cells = []
        for column in COLUMNS:
            value = row.get(column)
            if value is None and pdf_skipped and COLUMNS.index(column) >= COLUMNS.index("book pages"):
                value = "skipped"
            cells.append(_cell(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    out = []
    for column, (target, what) in TARGETS.items():
        for row in rows:
            value = row.get(column)
            if isinstance(value, float):
                state = "met" if value <= target else f"missed by {value / target:.1f}×"
                out.append(f"- {column} at {row['documents']:,}: {value:.2f} (target ≤ {target}; {what}): {state}")
    base = rows[0].get("median page KB")
    for row in rows[1:]:
        drift = row["median page KB"] / base - 1
        state = "met" if abs(drift) <= FLAT_PAGE_TOLERANCE else "missed"
        out.append(f"- median page size at {row['documents']:,} vs {rows[0]['documents']:,}: "
                   f"{drift:+.1%} (target within ±10%): {state}")
    for row in rows:
        state = "met" if row["peak RSS MB"] < MEMORY_TARGET_MB else "missed"
        out.append(f"- peak memory at {row['documents']:,}: {row['peak RSS MB']:.0f} MB (target < 1 GiB): {state}")
        if isinstance(row.get("Pagefind peak RSS MB"), float):
            state = "met" if row["Pagefind peak RSS MB"] < MEMORY_TARGET_MB else "missed"
            out.append(f"- Pagefind's own process at {row['documents']:,}: {row['Pagefind peak RSS MB']:.0f} MB "
                       f"(target < 1 GiB: it runs in every build): {state}")
        for column in ("book pages/s", "book parallel pages/s"):
            if isinstance(row.get(column), float):
                state = "met" if row[column] >= PDF_TARGET else f"missed by {PDF_TARGET / row[column]:.1f}×"
                out.append(f"- {column} at {row['documents']:,}: {row[column]:.1f} (target ≥ {PDF_TARGET:.0f}): {state}")
    return out


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 1 else f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--pdf-sizes", default="100,1000",
                        help="sizes whose briefing book is also made as a PDF (others: 'skipped')")
    parser.add_argument("--pdf-jobs", type=int, default=None, help="processes for the parallel book")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    parser.add_argument("--table-from", default=None,
                        help="print the table from rows saved with --json (comma-separated files), run nothing")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # a worker: one size
    args = parser.parse_args()
    if args.table_from:
        loaded = [json.loads(Path(name).read_text()) for name in args.table_from.split(",")]
        rows = [row for item in loaded for row in (item if isinstance(item, list) else [item])]
        rows.sort(key=lambda row: row["documents"])
        print(table(rows) + "\n\n" + "\n".join(verdicts(rows)))
        return
    pdf_sizes = {int(s) for s in args.pdf_sizes.split(",") if s}
    if args.one is not None:
        row = measure(args.one, args.keep, pdf=args.one in pdf_sizes, pdf_jobs=args.pdf_jobs)
        args.json.write_text(json.dumps(row), encoding="utf-8")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefbook-bench-") as tmp:
        work = (args.keep or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            out = work / f"row-{size}.json"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--keep", str(work),
                   "--json", str(out), "--pdf-sizes", args.pdf_sizes]
            if args.pdf_jobs:
                cmd += ["--pdf-jobs", str(args.pdf_jobs)]
            print(f"bench: {size:,} documents …", file=sys.stderr, flush=True)
            subprocess.run(cmd, check=True)
            rows.append(json.loads(out.read_text(encoding="utf-8")))
            if args.keep is None:  # the corpora are big; keep the temp dir small as we go
                for path in work.iterdir():
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(table(rows))
    print()
    print("\n".join(verdicts(rows)))


if __name__ == "__main__":
    main()
