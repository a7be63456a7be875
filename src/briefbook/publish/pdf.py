"""PDF briefings: the resolved corpus through print templates to PDF with WeasyPrint.

One PDF per actor, one per event, and the whole briefing book, rendered in
parallel and cached by the hash of their HTML, so only changed ones are rebuilt.
Nothing is fetched: the CSS is inlined, pictures are inline SVG, and the URL
fetcher refuses every request.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping

import jinja2
from markupsafe import Markup

from . import pictures, urls
from ..problems import BriefbookError
from ..corpus.dates import format_date
from .render import _group_actors, label, source_span
from ..corpus.records import Corpus

BOOK = "pdf/briefing-book.pdf"


def pdf_path(kind: str, entity_id: str) -> str:
    """Site-relative path of an entity's PDF briefing."""
    return f"pdf/{urls.SECTIONS[kind]}/{entity_id}.pdf"


@dataclass
class PrintLinks:
    """Anchors inside one PDF: links go to a place in the same document, or are plain text."""

    corpus: Corpus
    actors: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    svgs: Mapping[str, str] = field(default_factory=dict)  # pictures the site build already drew

    def actor_anchor(self, actor_id: str) -> str:
        return f"actor-{actor_id}"

    def event_anchor(self, event_id: str) -> str:
        return f"event-{event_id}"

    def source_anchor(self, source_id: str) -> str:
        return f"source-{source_id}"

    def para_anchor(self, source_id: str, number: int) -> str:
        return f"source-{source_id}-p{number}"

    def has_actor(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def has_event(self, event_id: str) -> bool:
        return event_id in self.events

    def source_title(self, source_id: str) -> str:
        return self.corpus.sources[source_id].briefing.title

    # pictures.py escapes every label itself, so its SVG is safe to inline
    def _picture(self, path: str, draw) -> Markup:
        return Markup(self.svgs.get(path) or draw())

    def actor_picture(self, actor_id: str) -> Markup:
        return self._picture(urls.picture_path("actor", actor_id),
                             lambda: pictures.actor_network(self.corpus, actor_id))

    def network_picture(self) -> Markup:
        return self._picture(urls.picture_path("network"), lambda: pictures.corpus_network(self.corpus))

    def timeline_picture(self) -> Markup:
        return self._picture(urls.picture_path("timeline"), lambda: pictures.timeline(self.corpus))


def make_print_environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=format_date, label=label)
    return env


def _cited(entity_sources: list[tuple[str, tuple[int, ...]]]) -> dict[str, list[int]]:
    cited: dict[str, set[int]] = {}
    for source_id, numbers in entity_sources:
        cited.setdefault(source_id, set()).update(numbers)
    return {s: sorted(n) for s, n in sorted(cited.items())}


def print_documents(corpus: Corpus, template_dir: Path, *, site_name: str = "",
                    page_size: str = "A4", today: date | None = None,
                    svgs: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every PDF to make, as site-relative path → print HTML (pure: no I/O but templates)."""
    env = make_print_environment(template_dir)
    css = (template_dir / "print" / "print.css").read_text(encoding="utf-8")
    css = Markup(css + f"\n@page {{ size: {page_size}; }}\n")
    generated = (today or date.today()).isoformat()
    common = dict(corpus=corpus, css=css, generated=generated, site_name=site_name)
    docs: dict[str, str] = {}

    def template(kind: str, entity_id: str | None = None) -> jinja2.Template:
        names = ([f"print/{kind}/{entity_id}.html.j2"] if entity_id else []) + [f"print/{kind}.html.j2"]
        return env.select_template(names)

    for actor in corpus.actors.values():
        refs = [(m.source, m.paragraphs) for m in actor.mentions]
        refs += [(q.source, q.paragraphs) for q in actor.quotes]
        refs += [(p.source, p.paragraphs) for p in actor.positions]
        pp = PrintLinks(corpus, frozenset({actor.id}), svgs=svgs or {})
        docs[pdf_path("actor", actor.id)] = template("entity", actor.id).render(
            pp=pp, kind="actor", entity=actor, cited=_cited(refs), **common)
    for event in corpus.events.values():
        refs = [(a.source, tuple(a.data.cite)) for a in event.accounts]
        refs += [(p.source, p.paragraphs) for p in event.participants]
        refs += [(p.role_source, p.role_paragraphs) for p in event.participants if p.role_source]
        refs += [(q.source, q.paragraphs) for q in event.quotes]
        refs += [(c.source, c.paragraphs) for d in event.disagreements for c in d.claims]
        refs += [(a.source, tuple(c.cite)) for a in event.accounts for c in a.data.counts]
        pp = PrintLinks(corpus, frozenset(), frozenset({event.id}), svgs=svgs or {})
        docs[pdf_path("event", event.id)] = template("entity", event.id).render(
            pp=pp, kind="event", entity=event, cited=_cited(refs), **common)
    span = source_span(corpus)
    pp = PrintLinks(corpus, frozenset(corpus.actors), frozenset(corpus.events), svgs=svgs or {})
    docs[BOOK] = template("book").render(
        pp=pp, groups=_group_actors(corpus), events=corpus.events_in_time_order(),
        sources=corpus.sources_in_time_order(),
        span=(format_date_iso(span[0]), format_date_iso(span[1])) if span else None, **common)
    return docs


def format_date_iso(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


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
