"""PDF briefings: print HTML to PDF with WeasyPrint, in parallel, cached by content.

One PDF per actor, one per event, and the whole briefing book (laid out by
`printing`), rendered in parallel and cached by the hash of their HTML, so only
changed ones are rebuilt. Nothing is fetched: the CSS is inlined, pictures are
inline SVG, and the URL fetcher refuses every request.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..problems import BriefbookError
from .output import PDF_MANIFEST, legacy_pdfs, temporary_name, write_error, write_file


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


# Tagged PDF (PDF/UA-1 through WeasyPrint's variant): a structure tree in reading order, the
# document's /Lang, alternative text for pictures (an SVG's <title>). Part of the cache key.
PDF_VARIANT = "pdf/ua-1"


def _render_one(job: tuple[str, str]) -> int:
    """Render one PDF; returns its page count."""
    html, target = job
    import logging

    import weasyprint
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # refused fetches are expected
    _tag_languages()
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    for _ in range(3):  # a page break can fall between a note and its repeated call: lay out again
        far = _calls_off_their_page(document, html)
        if not far:
            break
        html = _repeat_notes(html, far)
        document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    document.write_pdf(target, pdf_variant=PDF_VARIANT)
    return len(document.pages)


_REPEAT_CALL = re.compile(r'<a class="fnref" id="(fnref-\d+)" href="#fn-(\d+)"[^>]*>\d+</a>')


def _calls_off_their_page(document, html: str) -> set[str]:
    """The repeated calls of a note (printing's `fnref`) that landed on another page than the note."""
    targets = {call: f"fn-{number}" for call, number in _REPEAT_CALL.findall(html)}
    far = set()
    for page in document.pages:
        for call in targets.keys() & page.anchors.keys():
            if targets[call] not in page.anchors:
                far.add(call)
    return far


def _repeat_notes(html: str, calls: set[str]) -> str:
    """Each of these calls becomes the note itself again (same number, same words), on its own page."""
    def note(match: re.Match) -> str:
        if match.group(1) not in calls:
            return match.group(0)
        body = _note_body(html, match.group(2))
        return match.group(0) if body is None else f'<span class="fn" data-n="{match.group(2)}">{body}</span>'
    return _REPEAT_CALL.sub(note, html)


def _note_body(html: str, number: str) -> str | None:
    """The inner HTML of note `number` (its span holds spans of its own)."""
    start = html.find(f'<span class="fn" id="fn-{number}" data-n="{number}">')
    if start < 0:
        return None
    begin = html.index(">", start) + 1
    depth = 1
    for tag in re.finditer(r"<(/?)span\b", html[begin:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[begin:begin + tag.start()]
    return None


def _tag_languages() -> None:
    """Give each structure element whose HTML element says its language (`lang`) a /Lang of its own, so
    a screen reader reads an Arabic title or a Russian quote in its language (WeasyPrint 70 writes only
    the document's). Done by wrapping WeasyPrint's tree builder; left alone if it has changed."""
    from weasyprint.pdf import tags
    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "briefbook_lang", False):
        return
    import pydyf

    def with_lang(box, *args):
        element_of = getattr(box, "element", None)
        lang = None if element_of is None or getattr(box, "element_tag", "") in ("html", "body") \
            else element_of.get("lang")
        for element in build(box, *args):
            own = isinstance(element, dict) and element.get("P") == args[0].reference  # this box's, not a child's
            if lang and own and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    with_lang.briefbook_lang = True
    tags._build_box_tree = with_lang


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
               progress=None, shown_root: Path | None = None) -> PdfReport:
    """Write every PDF under out_root (paths as in `docs`), rendering only what the cache lacks.

    The PDFs briefbook wrote are listed in out_root/pdf/.briefbook-pdfs.json; only those are
    ever removed. shown_root is the folder named in messages (the site, not its staging folder).
    """
    start = time.perf_counter()
    version = engine_version()
    shown = Path(shown_root or out_root)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, str(cache_dir)) from None
    keys = {rel: cache_dir / f"{_cache_key(version, html)}.pdf" for rel, html in docs.items()}
    todo = [(docs[rel], cached) for rel, cached in keys.items() if not cached.is_file()]
    pages = _render(todo, jobs, progress, cache_dir)
    out_root = Path(out_root)
    for rel, cached in keys.items():
        _copy_out(cached, out_root / rel, docs[rel], shown / rel)
    removed = _remove_stale(out_root, set(docs))
    _write_manifest(out_root, set(docs), shown)
    _prune_cache(cache_dir, set(keys.values()))
    return PdfReport(len(todo), len(docs) - len(todo), removed, time.perf_counter() - start, pages)


def _cache_key(version: str, html: str) -> str:
    return hashlib.sha256(f"{version}\0{PDF_VARIANT}\0{html}".encode("utf-8")).hexdigest()


def _render(todo: list[tuple[str, Path]], jobs: int | None, progress, cache_dir: Path) -> int:
    """Render each (html, cache path) into the cache; returns the pages rendered."""
    # the book first: it is the longest job; each under a temporary name of this run's own
    todo.sort(key=lambda job: -len(job[0]))
    jobs_with_tmp = [(html, str(temporary_name(cached)), cached) for html, cached in todo]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    done = pages = 0
    try:
        if workers == 1 or len(todo) <= 1:
            results = map(_render_one, [(html, tmp) for html, tmp, _ in jobs_with_tmp])
            pool = None
        else:
            # Workers ignore Ctrl-C (sent to the whole process group): the main process
            # alone decides, and stops them, so no worker prints a traceback.
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
            results = pool.map(_render_one, [(html, tmp) for html, tmp, _ in jobs_with_tmp], chunksize=1)
        try:
            for (_, tmp, cached), count in zip(jobs_with_tmp, results):
                os.replace(tmp, cached)  # cached at once: an interrupted run keeps it
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
            for _, tmp, _ in jobs_with_tmp:  # what a failure or an interruption left half-written
                Path(tmp).unlink(missing_ok=True)
    except OSError as err:  # a full disk, most likely
        raise write_error(err, f"the PDF cache ({cache_dir})") from None
    except Exception as err:  # the engine's failures are not the user's input errors
        raise BriefbookError(f"PDF rendering failed: {type(err).__name__}: {err}") from err
    return pages


def _copy_out(cached: Path, target: Path, html: str, shown: Path) -> None:
    """One PDF from the cache to its place, atomically; rendered again if another build's
    pruning removed it from the cache meanwhile."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = cached.read_bytes()
        except FileNotFoundError:
            tmp = temporary_name(cached)
            try:
                _render_one((html, str(tmp)))
                data = tmp.read_bytes()
            finally:
                tmp.unlink(missing_ok=True)
    except OSError as err:
        raise write_error(err, str(shown)) from None
    write_file(target, data, shown=str(shown))


def _previous(out_root: Path) -> set[str]:
    """The PDFs briefbook wrote under out_root/pdf/ before: its manifest, or for a folder an
    earlier briefbook wrote (no manifest then), the PDFs of briefbook's own layout there."""
    manifest = out_root / "pdf" / PDF_MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        try:
            listed = json.loads(manifest.read_text(encoding="utf-8"))
            return {rel for rel in listed if isinstance(rel, str)}
        except (OSError, ValueError, TypeError):
            return set()
    return legacy_pdfs(out_root / "pdf") or set()


def _remove_stale(out_root: Path, wanted: set[str]) -> int:
    removed = 0
    root = (out_root / "pdf").resolve()
    for rel in sorted(_previous(out_root) - wanted):
        path = out_root / rel
        if rel.startswith("pdf/") and rel.endswith(".pdf") and root in path.resolve().parents \
                and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _write_manifest(out_root: Path, written: set[str], shown: Path) -> None:
    (out_root / "pdf").mkdir(parents=True, exist_ok=True)
    write_file(out_root / "pdf" / PDF_MANIFEST, json.dumps(sorted(written), indent=0) + "\n",
               shown=str(shown / "pdf" / PDF_MANIFEST))


def _prune_cache(cache_dir: Path, keep: set[Path]) -> None:
    """Forget PDFs no current document needs, so the cache does not grow without bound, and
    half-written ones left by a run that was killed (only those: another run's are in use)."""
    for path in cache_dir.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)
    for path in cache_dir.glob("*.tmp"):
        pid = path.name.rsplit(".", 2)[-2].split("-", 1)[0] if path.name.count(".") >= 2 else ""
        if not pid.isdigit() or not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ignore_interrupts() -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
