"""The print layout: the resolved corpus through print templates to one HTML document per PDF (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping

import jinja2
from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.records import Corpus
from . import languages, pictures, urls
from .present import as_role, group_actors, label, source_span, status, status_note
from .sandbox import sandboxed


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
    """The print templates' environment: Jinja's sandbox, as for pages (the book holds every
    source, so it has no page-size limit)."""
    env = sandboxed(template_dir, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                    lstrip_blocks=True)
    env.max_output = None
    env.filters.update(date=format_date, label=label, status=status, status_note=status_note, as_role=as_role)
    languages.install(env)
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
    languages.install(env, corpus)
    css = env.loader.get_source(env, "print/print.css")[0]  # checked as the templates are
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
        pp=pp, groups=group_actors(corpus), events=corpus.events_in_time_order(),
        sources=corpus.sources_in_time_order(),
        span=(format_date_iso(span[0]), format_date_iso(span[1])) if span else None, **common)
    return docs


def format_date_iso(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"
