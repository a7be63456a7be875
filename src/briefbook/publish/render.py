"""Render the resolved corpus into Markdown pages with Jinja templates (no I/O here)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

import jinja2
from markupsafe import Markup

from . import urls
from ..corpus.dates import format_date
from ..corpus.models import DateSpec
from ..corpus.records import Corpus

# Characters Python-Markdown (with the tables extension) treats as syntax anywhere in a line.
_WHITESPACE = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|()!#+\-.])")


def md_escape(value: object) -> Markup:
    """Text made inert for Markdown: no markup, no HTML, no line structure.

    HTML-special characters become entities; every Markdown punctuation that
    could start syntax is backslash-escaped; newlines fold to spaces so a value
    can never open a new block, table row or list item.
    """
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value))
    text = html.escape(text, quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    # Brackets as character references, not backslash escapes: Python-Markdown finds
    # reference definitions (`[x]: url`) before it reads backslash escapes, so `\]:` at the
    # start of a line or of a link's text would swallow the whole line (found by hypothesis).
    return Markup(text.replace("\\[", "&#91;").replace("\\]", "&#93;"))


_HTML_IN_MD = {ord(c): f"&#{ord(c)};" for c in "&<>\"'|\\`*_{}[]()#+-.!"}


def html_escape(value: object) -> Markup:
    """For inline raw HTML inside the Markdown, attributes and text alike.

    Besides HTML's own specials, everything Markdown's inline processors could
    act on before the HTML is stashed (backticks, brackets, backslashes, `|`
    in a table row) becomes a numeric character reference; line breaks fold.
    """
    text = _WHITESPACE.sub(" ", "" if value is None else str(value))
    return Markup(text.translate(_HTML_IN_MD))


def _finalize(value: object) -> object:
    # Autoescape's HTML escaping alone is not enough in Markdown: every value
    # printed with {{ }} is made inert for Markdown unless already marked safe.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return md_escape(value)


# ---------------------------------------------------------------- dates

def date_md(spec: DateSpec | None) -> Markup:
    """The date for a page: inferred dates visibly marked, their basis on hover."""
    text = md_escape(format_date(spec))
    if spec is not None and spec.inferred:
        return Markup(f'{text} <span class="bb-inferred" title="Inferred: {html_escape(spec.basis)}">'
                      f"(inferred)</span>")
    return text



_LABELS = {"chairs-statement": "Chair's statement", "video-message": "Video message"}


def label(value: str | None) -> str:
    """'armed-group' → 'Armed group'."""
    if not value:
        return ""
    if value in _LABELS:
        return _LABELS[value]
    text = value.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- links

@dataclass(frozen=True)
class Linker:
    """Link helpers bound to the page being rendered; each returns safe Markdown."""

    corpus: Corpus
    page: str
    pdf: bool = False  # PDFs are published beside the pages: link to them

    def _href(self, target_page: str, anchor: str | None = None) -> str:
        return urls.relative(self.page, target_page, anchor)

    def actor(self, actor_id: str) -> Markup:
        actor = self.corpus.actors[actor_id]
        return Markup(f"[{md_escape(actor.name)}]({self._href(urls.page_path('actor', actor_id))})")

    def event(self, event_id: str) -> Markup:
        event = self.corpus.events[event_id]
        return Markup(f"[{md_escape(event.title)}]({self._href(urls.page_path('event', event_id))})")

    def source(self, source_id: str) -> Markup:
        source = self.corpus.sources[source_id]
        return Markup(f"[{md_escape(source.briefing.title)}]({self._href(urls.page_path('source', source_id))})")

    def paragraphs(self, source_id: str, numbers) -> Markup:
        """'¶ 3, 5', each number linking to its paragraph on the source page."""
        target = urls.page_path("source", source_id)
        links = [f"[{n}]({self._href(target, urls.paragraph_anchor(n))})" for n in numbers]
        return Markup("¶ " + ", ".join(links)) if links else Markup("")

    def cite(self, source_id: str, numbers) -> Markup:
        """A citation: the source, its date and the paragraphs, all linked."""
        source = self.corpus.sources[source_id]
        parts = [str(self.source(source_id))]
        if source.date is not None:
            parts.append(str(md_escape(format_date(source.date))))
        para = self.paragraphs(source_id, numbers)
        if para:
            parts.append(str(para))
        return Markup(", ".join(parts))

    def topic(self, issue: str) -> Markup:
        return Markup(f"[{md_escape(label(issue))}]({self._href(urls.page_path('topic', issue))})")

    def picture(self, target: str, alt: str) -> Markup:
        """An SVG from pictures.py, as a Markdown image with its alt text."""
        return Markup(f"![{md_escape(alt)}]({self._href(target)})")

    def actor_network(self, actor_id: str) -> Markup:
        name = self.corpus.actors[actor_id].name
        return self.picture(urls.picture_path("actor", actor_id),
                            f"Network of {name}: the events they took part in and the actors met there")

    def pdf_link(self, kind: str, entity_id: str | None = None) -> Markup:
        """A raw-HTML link to a PDF (added to the site after MkDocs, so not a Markdown link)."""
        if not self.pdf:
            return Markup("")
        target = f"pdf/{urls.SECTIONS[kind]}/{entity_id}.pdf" if entity_id else "pdf/briefing-book.pdf"
        href = urls.relative(self.page, target)
        text = "PDF briefing" if entity_id else "The whole briefing book as PDF"
        return Markup(f'<a class="bb-pdf" href="{html.escape(href, quote=True)}" type="application/pdf">{text}</a>')



# ---------------------------------------------------------------- environment and pages

def make_environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, html=html_escape, date=format_date, date_md=date_md,
                       label=label)
    env.globals.update(paragraph_html=paragraph_html)
    return env


def _template(env: jinja2.Environment, kind: str, entity_id: str | None = None) -> jinja2.Template:
    names = ([f"{kind}/{entity_id}.md.j2"] if entity_id else []) + [f"{kind}.md.j2"]
    return env.select_template(names)


def render_pages(corpus: Corpus, env: jinja2.Environment, *, site_name: str = "",
                 pdf: bool = False, previous: tuple[Corpus, dict[str, str]] | None = None,
                 progress=None) -> dict[str, str]:
    """Every generated page, as docs-relative path → Markdown text.

    With `previous` (the corpus and pages of the last render, same templates), a page
    whose entity and every entity it shows are unchanged is taken over, not rendered
    again: the live preview re-renders only what an edit touched.
    """
    pages: dict[str, str] = {}
    glossary = _glossary(corpus)
    old, old_pages = previous if previous else (None, {})
    if old is not None and _glossary(old)[1] != glossary[1]:
        old = None  # acronyms changed: every page's definitions may change

    compared: dict[tuple[str, str], bool] = {}  # each entity is compared once, however many pages show it

    def unchanged(kind: str, entity_id: str) -> bool:
        key = (kind, entity_id)
        if key not in compared:
            new_map, old_map = getattr(corpus, kind), getattr(old, kind)
            before, now = old_map.get(entity_id), new_map.get(entity_id)
            compared[key] = before is not None and (before is now or before == now)
        return compared[key]

    def same(kind: str, ids) -> bool:
        return all(unchanged(kind, i) for i in ids)

    def reuse(path: str, deps: list[tuple[str, object]]) -> bool:
        if old is None or path not in old_pages or not all(same(kind, ids) for kind, ids in deps):
            return False
        pages[path] = old_pages[path]
        return True

    def put(path: str, template: jinja2.Template, **context) -> None:
        if path in pages:  # urls.page_path cannot collide for valid ids; keep it that way
            raise ValueError(f"two pages would be written to {path}")
        text = template.render(corpus=corpus, ln=Linker(corpus, path, pdf), page=path,
                               site_name=site_name, glossary=glossary, **context)
        pages[path] = with_abbreviations(text, glossary)
        if progress is not None:
            progress(len(pages), total)

    # every entry of `pages`: nine fixed pages, two pictures, a page and a picture per actor, ...
    total = 11 + 2 * len(corpus.actors) + len(corpus.events) + len(corpus.sources) + len(corpus.topics)

    events_by_date = corpus.events_in_time_order()
    sources_by_date = corpus.sources_in_time_order()
    put("index.md", _template(env, "home"), events=events_by_date, sources=sources_by_date)
    put("timeline.md", _template(env, "timeline"), events=events_by_date)
    put("disagreements.md", _template(env, "disagreements"))
    put("actors/index.md", _template(env, "actors"), groups=_group_actors(corpus))
    put("events/index.md", _template(env, "events"), events=events_by_date)
    put("sources/index.md", _template(env, "sources"), sources=sources_by_date)
    from . import pictures
    for actor_id, actor in corpus.actors.items():
        cited = {*actor.sources, *(q.source for q in actor.quotes), *(p.source for p in actor.positions)}
        deps = [("actors", (actor_id, *actor.affiliation, *actor.affiliates)), ("events", actor.events),
                ("sources", cited)]
        path = urls.page_path("actor", actor_id)
        if not reuse(path, deps):
            put(path, _template(env, "actor", actor_id), actor=actor)
        picture = urls.picture_path("actor", actor_id)
        if not reuse(picture, [("actors", (actor_id, *pictures.co_actors(corpus, actor_id))),
                               ("events", actor.events)]):
            pages[picture] = pictures.actor_network(corpus, actor_id)
    for event_id, event in corpus.events.items():
        shown = {*event.hosts, *(p.actor for p in event.participants), *(q.speaker for q in event.quotes)}
        cited = {*event.sources, *(p.role_source for p in event.participants if p.role_source),
                 *(q.source for q in event.quotes)}
        deps = [("actors", shown | ({event.part_of} & set(corpus.actors))),
                ("events", (event_id, *event.related, *({event.part_of} & set(corpus.events)))),
                ("sources", cited)]
        path = urls.page_path("event", event_id)
        if not reuse(path, deps):
            put(path, _template(env, "event", event_id), event=event,
                earlier=[r for r in event.related if corpus.events[r].sort_key < event.sort_key],
                later=[r for r in event.related if corpus.events[r].sort_key > event.sort_key])
    for source_id, source in corpus.sources.items():
        path = urls.page_path("source", source_id)
        if not reuse(path, [("sources", (source_id,)), ("actors", source.actors), ("events", source.events)]):
            put(path, _template(env, "source", source_id), source=source)
    pages[urls.picture_path("network")] = pictures.corpus_network(corpus)
    pages[urls.picture_path("timeline")] = pictures.timeline(corpus)
    from ..corpus.health import CODES, corpus_stats
    classes = [(code, text, [w for w in corpus.warnings if w.code == code]) for code, text in CODES.items()]
    other = [w for w in corpus.warnings if w.code not in CODES]
    if other:
        classes.append(("other", "other warnings", other))
    put("health.md", _template(env, "health"), stats=corpus_stats(corpus), classes=classes)
    from ..authoring.schema import field_reference
    pages["reference.md"] = field_reference()
    put("topics/index.md", _template(env, "topics"))
    for issue, positions in corpus.topics.items():
        path = urls.page_path("topic", issue)
        deps = [("topics", (issue,)), ("actors", {p.actor for p in positions}),
                ("sources", {p.source for p in positions}), ("events", {p.event for p in positions if p.event})]
        if not reuse(path, deps):
            put(path, _template(env, "topic", issue), issue=issue, positions=positions)
    return pages


_KIND_ORDER = ["person", "state", "government-body", "organisation", "armed-group",
               "negotiating-format", "group", "media"]


def _group_actors(corpus: Corpus) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for actor in sorted(corpus.actors.values(), key=lambda a: a.name.casefold()):
        groups.setdefault(actor.entry.kind, []).append(actor)
    order = {k: i for i, k in enumerate(_KIND_ORDER)}
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))


def source_span(corpus: Corpus) -> tuple[date, date] | None:
    dated = [s.date.bounds() for s in corpus.sources.values() if s.date is not None]
    if not dated:
        return None
    return min(lo for lo, _ in dated), max(hi for _, hi in dated)


def paragraph_html(number: int, text: str, boilerplate: bool, glossary=(None, {})) -> Markup:
    """One source paragraph as a raw HTML block with a visible, linkable anchor.

    Markdown leaves raw HTML alone, so acronyms are marked up here for the hover.
    """
    anchor = urls.paragraph_anchor(number)
    pattern, expansions = glossary

    def line_html(line: str) -> str:
        out, last = [], 0
        for hit in (pattern.finditer(line) if pattern is not None else ()):
            out.append(html.escape(line[last:hit.start()], quote=True))
            out.append(f'<abbr title="{html.escape(expansions[hit.group(0)], quote=True)}">'
                       f"{html.escape(hit.group(0))}</abbr>")
            last = hit.end()
        out.append(html.escape(line[last:], quote=True))
        return "".join(out)

    lines = "<br>".join(line_html(line.strip()) for line in text.split("\n"))
    css = "bb-para bb-boilerplate" if boilerplate else "bb-para"
    note = ' <span class="bb-note">(scraped page furniture, not part of the document)</span>' if boilerplate else ""
    return Markup(f'<p id="{anchor}" class="{css}"><a class="bb-pnum" href="#{anchor}">¶{number}</a> '
                  f"{lines}{note}</p>")


def _glossary(corpus: Corpus) -> tuple[re.Pattern | None, Mapping[str, str]]:
    expansions = {a.entry.abbreviation: a.name for a in corpus.actors.values() if a.entry.abbreviation}
    if not expansions:
        return None, expansions
    alternatives = "|".join(re.escape(k) for k in sorted(expansions, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), expansions


def with_abbreviations(text: str, glossary: tuple[re.Pattern | None, Mapping[str, str]]) -> str:
    """Append Markdown abbreviation definitions for the acronyms this page uses.

    Per page rather than one global glossary, so pages stay small and need no
    snippet includes; the expansion lands in a title attribute, escaped by Markdown.
    """
    pattern, expansions = glossary
    if pattern is None:
        return text
    used = sorted(set(pattern.findall(text)))
    if not used:
        return text
    lines = [f"*[{abbr}]: {_WHITESPACE.sub(' ', expansions[abbr])}" for abbr in used]
    return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
