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


def measure(size: int, workdir: Path) -> dict:
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
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(size, work) for size in sizes]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c])
                                for c in columns) + " |")


if __name__ == "__main__":
    main()
