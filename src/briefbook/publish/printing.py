"""The print layout: the resolved corpus through print templates to one HTML document per PDF (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Mapping

import jinja2
from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.records import Corpus, date_key
from . import languages, pictures, positions_chart, urls
from .footnotes import Notes, short_titles
from .present import iso_date, latest_role, long_date, quote_of, participant_rows, as_role, claim_groups, group_actors, label, source_span, status, status_note
from .editions import today as edition_day
from .sandbox import sandboxed


BOOK = "pdf/briefing-book.pdf"
LATEST = 5  # the summary page's latest developments: what fits on one page beside the rest
SUMMARY_DISAGREEMENTS = 6  # and its disagreements; the rest are with their events


def pdf_path(kind: str, entity_id: str) -> str:
    """Site-relative path of an entity's (or a source's) PDF briefing."""
    return f"pdf/{urls.SECTIONS[kind]}/{entity_id}.pdf"


@dataclass(frozen=True)
class BookSettings:
    """The project's own lines for the cover (mkdocs.yml, `extra: briefbook:`); each may be empty."""

    author: str = ""
    office: str = ""
    handling: str = ""  # e.g. "For official use only": on the cover and at the foot of every page
    purpose: str = ""
    about: str = ""  # the analyst's paragraph on the process, for the summary page

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass
class PrintLinks:
    """Anchors inside one PDF: links go to a place in the same document, or are plain text."""

    corpus: Corpus
    actors: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    svgs: Mapping[str, str] = field(default_factory=dict)  # pictures the site build already drew
    short: Mapping[str, str] = field(default_factory=dict)  # short titles of the sources
    notes: Notes = field(init=False)

    def __post_init__(self):
        self.notes = Notes(self.corpus, self.para_anchor, languages.lang_attrs, dict(self.short))

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

    def latest_role(self, actor):
        """The mention whose source is the latest to give the actor a title (None without one)."""
        return latest_role(actor, self.corpus)

    def name_attrs(self, actor, name: str) -> Markup:
        """`lang`/`dir` for one of an actor's names: the language of the sources that use it, when they agree."""
        return languages.lang_attrs(languages.name_language(self.corpus, actor.id, name))

    def most_named(self, count: int) -> list:
        """The actors the most sources name, most first (ties by name): for the summary's paragraph."""
        named = [a for a in self.corpus.actors.values() if a.sources]
        return sorted(named, key=lambda a: (-len(a.sources), a.name.casefold()))[:count]

    def cite(self, source_id: str, numbers) -> Markup:
        return self.notes.cite(source_id, numbers)

    def cites(self, cited) -> Markup:
        """Several citations in a row, their calls apart ("3, 4", not "34")."""
        calls = [self.notes.cite(source_id, numbers) for source_id, numbers in cited]
        return Markup('<span class="sep">,</span>').join(calls)

    def participant_rows(self, event) -> list[tuple[str, list]]:
        return participant_rows(event)

    def sources_of(self, rows) -> list[tuple[str, tuple[int, ...]]]:
        """(source, paragraphs) of each record (participations, quotes...), each source once."""
        cited: dict[str, set[int]] = {}
        for row in rows:
            cited.setdefault(row.source, set()).update(row.paragraphs)
        return [(source_id, tuple(sorted(numbers))) for source_id, numbers in cited.items()]

    def inferred(self, basis: str | None, fresh: bool = False) -> Markup:
        return self.notes.inferred(basis, fresh)

    def title(self, source_id: str, short: bool = False) -> Markup:
        """A source's title in its own language and direction, isolated from the text around it."""
        return self.notes.title(source_id, short)

    # pictures.py escapes every label itself, so its SVG is safe to inline
    def _picture(self, path: str, draw) -> Markup:
        return Markup(alt_text(self.svgs.get(path) or draw()))

    def actor_picture(self, actor_id: str) -> Markup:
        return self._picture(urls.picture_path("actor", actor_id),
                             lambda: pictures.actor_network(self.corpus, actor_id))

    def network_picture(self) -> Markup:
        return self._picture(urls.picture_path("network"), lambda: pictures.corpus_network(self.corpus))

    def timeline_picture(self) -> Markup:
        return self._picture(urls.picture_path("timeline"), lambda: pictures.timeline(self.corpus))

    def positions_picture(self, issue: str) -> Markup:
        """An issue's positions over time without the stances (the book lists them, cited, beneath);
        none for a single position."""
        if positions_chart.says_it_better(self.corpus, issue):
            return Markup("")
        return Markup(alt_text(positions_chart.positions_picture(self.corpus, issue, with_stances=False,
                                                                 max_rows=positions_chart.PRINT_ROWS)))

    def stances(self, issue: str) -> list:
        """The issue's stances under the numbers its picture gives them."""
        return positions_chart.stances(self.corpus, issue)


_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title>)", re.S)
_DESC = re.compile(r"<desc\b[^>]*>(.*?)</desc>", re.S)


def alt_text(svg: str) -> str:
    """The picture's description joined to its title: WeasyPrint makes the PDF's alternative text
    for an SVG from its <title> alone, and the title ("Network of X") says less than the description."""
    desc = _DESC.search(svg)
    if not desc or not desc.group(1).strip():
        return svg
    return _TITLE.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip('. ')}. {desc.group(1).strip()}{m.group(3)}", svg,
                      count=1)


def plural(kind_label: str) -> str:
    """'Person' → 'People', 'Government body' → 'Government bodies', 'State' → 'States'."""
    if kind_label == "Person":
        return "People"
    if kind_label.lower().endswith(("media", "staff", "personnel")):  # plural already
        return kind_label
    if kind_label.endswith("y") and kind_label[-2:-1] not in "aeiou":
        return kind_label[:-1] + "ies"
    if kind_label.endswith(("s", "x", "ch", "sh")):
        return kind_label + "es"
    return kind_label + "s"


def make_print_environment(template_dir: Path) -> jinja2.Environment:
    """The print templates' environment: Jinja's sandbox, as for pages (the book holds every
    source, so it has no page-size limit)."""
    env = sandboxed(template_dir, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                    lstrip_blocks=True)
    env.max_output = None
    env.filters.update(date=format_date, label=label, status=status, status_note=status_note, as_role=as_role,
                       plural=plural)
    languages.install(env)
    return env


def _cited(entity_sources: list[tuple[str, tuple[int, ...]]]) -> dict[str, list[int]]:
    cited: dict[str, set[int]] = {}
    for source_id, numbers in entity_sources:
        if source_id:
            cited.setdefault(source_id, set()).update(numbers)
    return {s: sorted(n) for s, n in sorted(cited.items())}


def actor_refs(actor) -> list[tuple[str, tuple[int, ...]]]:
    refs = [(m.source, m.paragraphs) for m in actor.mentions]
    refs += [(q.source, q.paragraphs) for q in actor.quotes]
    refs += [(p.source, p.paragraphs) for p in actor.positions]
    return refs + list(actor.description_cite)


def event_refs(event) -> list[tuple[str, tuple[int, ...]]]:
    refs = [(a.source, tuple(a.data.cite)) for a in event.accounts]
    refs += [(p.source, p.paragraphs) for p in event.participants]
    refs += [(p.role_source, p.role_paragraphs) for p in event.participants if p.role_source]
    refs += [(q.source, q.paragraphs) for q in event.quotes]
    refs += [(c.source, c.paragraphs) for d in event.disagreements for c in d.claims]
    refs += [(s, tuple(n)) for d in event.disagreements for s, n in _assessment_cites(d)]
    refs += [(a.source, tuple(c.cite)) for a in event.accounts for c in a.data.counts]
    return refs + list(event.description_cite)


def _assessment_cites(disagreement) -> tuple:
    """The citations of the analyst's assessment of a disagreement (issue-15a's field), if it has one."""
    assessed = getattr(disagreement, "assessment", None)
    return tuple(getattr(assessed, "cited", ()) or ())


def latest_developments(corpus: Corpus, count: int = LATEST) -> list:
    """The dated events, latest first: what a reader of the summary wants first."""
    dated = [e for e in corpus.events_in_time_order() if e.date is not None]
    return list(reversed(dated))[:count]


def cutoff(corpus: Corpus) -> str:
    """The information cut-off: the latest source's date, in words."""
    span = source_span(corpus)
    return long_date(span[1]) if span else "no dated source"


def print_documents(corpus: Corpus, template_dir: Path, *, site_name: str = "",
                    page_size: str = "A4", today: date | None = None,
                    svgs: Mapping[str, str] | None = None,
                    settings: BookSettings | None = None, changes=None) -> dict[str, str]:
    """Every PDF to make, as site-relative path → print HTML (pure: no I/O but templates). `changes`:
    what changed since the previous edition (the book's status update), with this edition."""
    env = make_print_environment(template_dir)
    languages.install(env, corpus)
    env.globals["claim_groups"] = lambda disagreement: claim_groups(corpus, disagreement)
    env.globals["quote_of"] = quote_of
    env.filters["iso_date"] = iso_date
    css = env.loader.get_source(env, "print/print.css")[0]  # checked as the templates are
    css = Markup(css + f"\n@page {{ size: {page_size}; }}\n")
    generated = long_date(today or edition_day())
    settings = settings or BookSettings()
    short = short_titles(corpus)
    common = dict(corpus=corpus, css=css, generated=generated, site_name=site_name, book=settings,
                  cutoff=cutoff(corpus), changes=changes, edition=changes.edition if changes else None,
                  as_of=long_date(corpus.as_of.date) if corpus.as_of else None)
    docs: dict[str, str] = {}

    def template(kind: str, entity_id: str | None = None) -> jinja2.Template:
        names = ([f"print/{kind}/{entity_id}.html.j2"] if entity_id else []) + [f"print/{kind}.html.j2"]
        return env.select_template(names)

    def links(actors=frozenset(), events=frozenset()) -> PrintLinks:
        return PrintLinks(corpus, frozenset(actors), frozenset(events), svgs=svgs or {}, short=short)

    for actor in corpus.actors.values():
        docs[pdf_path("actor", actor.id)] = template("entity", actor.id).render(
            pp=links({actor.id}), kind="actor", entity=actor, cited=_cited(actor_refs(actor)), **common)
    for event in corpus.events.values():
        docs[pdf_path("event", event.id)] = template("entity", event.id).render(
            pp=links(events={event.id}), kind="event", entity=event, cited=_cited(event_refs(event)), **common)
    for source in corpus.sources.values():
        docs[pdf_path("source", source.id)] = template("source", source.id).render(
            pp=links(), source=source, **common)
    docs[BOOK] = template("book").render(
        pp=links(corpus.actors, corpus.events), groups=group_actors(corpus), events=corpus.events_in_time_order(),
        sources=corpus.sources_in_time_order(), latest=latest_developments(corpus),
        disputes=corpus.disagreements[:SUMMARY_DISAGREEMENTS],
        span=_span(corpus), **common)
    return docs


def _span(corpus: Corpus) -> tuple[str, str] | None:
    span = source_span(corpus)
    return (long_date(span[0]), long_date(span[1])) if span else None



