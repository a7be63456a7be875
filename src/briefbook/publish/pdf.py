"""PDF briefings: print HTML to PDF with WeasyPrint, in parallel, cached by content.

One PDF per actor, one per event, and the whole briefing book (laid out by
`printing`), rendered in parallel and cached by the hash of their HTML, so only
changed ones are rebuilt. Nothing is fetched: the CSS is inlined, pictures are
inline SVG, and the URL fetcher refuses every request.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..problems import BriefbookError


# ---------------------------------------------------------------- rendering

def _refuse(url: str, *args, **kwargs):
    """The PDF engine may fetch nothing on behalf of the data: no files, no network."""
    raise ValueError(f"briefbook PDFs fetch nothing (refused {url[:80]!r})")


def _fetcher():
    """A URL fetcher that refuses everything, in the form this WeasyPrint expects."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class: a plain function
        return _refuse
    if not isinstance(URLFetcher, type):
        return _refuse

    class RefuseAll(URLFetcher):
        def fetch(self, url, headers=None):
            _refuse(url)

        def __call__(self, url):
            _refuse(url)

    return RefuseAll(allowed_protocols=[], fail_on_errors=False)


def _render_one(job: tuple[str, str]) -> int:
    """Render one PDF; returns its page count."""
    html, target = job
    import logging

    import weasyprint
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # refused fetches are expected
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    document.write_pdf(target)
    return len(document.pages)


def engine_version() -> str:
    import weasyprint
    return weasyprint.__version__


@dataclass
class PdfReport:
    built: int
    cached: int
    removed: int
    seconds: float
    pages_rendered: int = 0


def write_pdfs(docs: dict[str, str], out_root: Path, cache_dir: Path, *, jobs: int | None = None,
               progress=None) -> PdfReport:
    """Write every PDF under out_root (paths as in `docs`), rendering only what the cache lacks."""
    start = time.perf_counter()
    version = engine_version()
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo: list[tuple[str, str]] = []
    keys: dict[str, Path] = {}
    for rel, html in docs.items():
        key = hashlib.sha256(f"{version}\0{html}".encode("utf-8")).hexdigest()
        cached = cache_dir / f"{key}.pdf"
        keys[rel] = cached
        if not cached.is_file():
            todo.append((html, str(cached.with_suffix(".tmp"))))
    # the book first: it is the longest job
    todo.sort(key=lambda job: -len(job[0]))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    done = pages = 0
    try:
        if workers == 1 or len(todo) <= 1:
            results = map(_render_one, todo)
            pool = None
        else:
            # Workers ignore Ctrl-C (sent to the whole process group): the main process
            # alone decides, and stops them, so no worker prints a traceback.
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
            results = pool.map(_render_one, todo, chunksize=1)
        try:
            for (_, tmp), count in zip(todo, results):
                os.replace(tmp, Path(tmp).with_suffix(".pdf"))  # cached at once: an interrupted run keeps it
                done += 1
                pages += count
                if progress:
                    progress(done, len(todo))
        except BaseException:
            if pool is not None:  # interrupted or failed: do not wait for the long jobs to finish
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
            raise
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    except Exception as err:  # the engine's failures are not the user's input errors
        raise BriefbookError(f"PDF rendering failed: {type(err).__name__}: {err}") from err
    out_root = Path(out_root)
    for rel, cached in keys.items():
        target = out_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    removed = 0
    pdf_dir = out_root / "pdf"
    wanted = {str((out_root / rel).resolve()) for rel in docs}
    if pdf_dir.is_dir():
        for path in pdf_dir.rglob("*.pdf"):
            if str(path.resolve()) not in wanted:
                path.unlink()
                removed += 1
    _prune_cache(cache_dir, set(keys.values()))
    return PdfReport(len(todo), len(docs) - len(todo), removed, time.perf_counter() - start, pages)


def _prune_cache(cache_dir: Path, keep: set[Path]) -> None:
    """Forget PDFs no current document needs, so the cache does not grow without bound
    (and half-written ones left by an interrupted run)."""
    for path in [*cache_dir.glob("*.pdf"), *cache_dir.glob("*.tmp")]:
        if path not in keep:
            path.unlink(missing_ok=True)


def _ignore_interrupts() -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
