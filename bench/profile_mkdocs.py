"""Where MkDocs + Material spend a site build: cProfile of one build, then builds with one of our choices undone.

    python bench/profile_mkdocs.py [--documents 1000] [--top 30]

The variants separate what is ours (markdown extensions, the theme override in
templates/theme, the search plugin we enable, page sizes) from MkDocs' own cost.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_corpus  # noqa: E402

from briefbook.project import Project  # noqa: E402
from briefbook.publish.render import make_environment, render_pages  # noqa: E402
from briefbook.corpus import build_corpus  # noqa: E402
from briefbook.publish.docs import write_pages  # noqa: E402


def build(project: Project, out: Path, **overrides) -> float:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with open(project.config_file, "rb") as fh:
        config = load_config(fh, config_file_path=str(project.config_file), site_dir=str(out), strict=False,
                             **overrides)
    # CPU seconds of this process: on a shared machine wall time varies by 2×, CPU time far less
    t = time.process_time()
    mkdocs_build(config)
    return time.process_time() - t


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time (tottime) summed by the package the function lives in."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():
        path = filename.replace("\\", "/")
        if "site-packages/" in path:
            key = path.split("site-packages/")[1].split("/")[0]
            if key == "mkdocs":
                key = "mkdocs/" + path.split("site-packages/mkdocs/")[1].split("/")[0]
        elif "/briefbook/" in path:
            key = "briefbook"
        elif filename.startswith("~") or filename.startswith("<"):
            key = f"builtin {name}" if any(w in name for w in ("read", "write", "open", "stat", "sub", "match",
                                                                  "findall", "search", "join", "replace")) \
                else "builtins (other)"
        else:
            key = "stdlib " + Path(filename).stem
        totals[key] += tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--no-profile", action="store_true", help="only the variants")
    parser.add_argument("--variant", type=int, default=None, help=argparse.SUPPRESS)  # a worker
    parser.add_argument("--corpus", type=Path, default=None, help="reuse a corpus kept with --keep")
    args = parser.parse_args()
    if args.variant is not None:  # one build in a fresh process: builds in one process slow down
        out = args.corpus.parent / f"site-variant-{args.variant}"
        shutil.rmtree(out, ignore_errors=True)
        print(build(Project(args.corpus), out, **VARIANTS[args.variant][1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        if args.corpus:  # a corpus a previous run kept, already rendered into docs/
            project = Project(args.corpus.resolve())
        else:
            project = Project(make_corpus(work / "corpus", args.documents))
            corpus, problems = build_corpus(project)
            pages = render_pages(corpus, make_environment(project.templates), site_name="bench", pdf=True)
            write_pages(pages, project.docs)
        md = [p.stat().st_size for p in project.docs.rglob("*.md")]
        print(f"{args.documents} documents: {len(md)} Markdown pages, {sum(md) / 2**20:.1f} MB of Markdown")

        if not args.no_profile:
            profile(project, work, args.top)
        print("\nbuild CPU seconds, one change at a time (each in a fresh process):")
        base = None
        for number, (label, _) in enumerate(VARIANTS):
            result = subprocess.run([sys.executable, __file__, "--variant", str(number), "--corpus",
                                     str(project.root)], capture_output=True, text=True, check=True)
            seconds = float(result.stdout.strip().splitlines()[-1])
            base = base or seconds
            print(f"  {label:45s} {seconds:6.1f} s  ({seconds - base:+.1f} s)", flush=True)


BASE_THEME = dict(name="material", font=False, language="en",
                  features=["navigation.sections", "navigation.indexes", "navigation.prune",
                            "navigation.top", "search.highlight", "toc.follow"])
VARIANTS = [
    ("as configured", {}),
    ("no markdown extensions (MkDocs defaults)", {"markdown_extensions": []}),
    ("no theme override (templates/theme)", {"theme": BASE_THEME}),
    ("no search plugin", {"plugins": []}),
    ("MkDocs' theme, no plugins (vs the line above)", {"theme": {"name": "mkdocs"}, "plugins": []}),
]


def profile(project: Project, work: Path, top: int) -> None:
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    build(project, work / "site-profiled")
    profiler.disable()
    print(f"profiled build: {time.perf_counter() - t:.1f} s (under cProfile)\n")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:12000])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-3000:])
    total = sum(v for _, v in by_package(stats))
    print("\nown time by package:")
    for key, seconds in by_package(stats)[:20]:
        print(f"  {key:40s} {seconds:7.2f} s  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
