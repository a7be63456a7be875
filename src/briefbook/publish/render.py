"""Render the resolved corpus into Markdown pages with Jinja templates (no I/O here)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..corpus.dates import format_date, span_words
from ..corpus.health import CODES, corpus_stats, fidelity
from ..corpus.records import Corpus
from .changes import Changes
from ..corpus.support import assessment_key
from . import feeds as atom, languages, pictures, positions_chart, urls
from .escape import finalize, html_escape, md_escape
from .glossary import glossary, with_abbreviations
from .links import Linker
from .present import (participant_rows, as_role, by_date, disputes_of, given, in_language, isolated, page_description, with_description, claim_groups, date_md, group_actors, label, lang_attrs, language_name, latest_first,
                      latest_role, accounts_latest_first, paragraph_html, positions_by_issue, short_title, slug, source_date, source_span,
                      status, status_note, iso_date, quote_of, changes_on, day_words, with_meta)
from .reference import field_reference
from .sections import actors_sections, by_date_sections, heading_md, split
from .sandbox import sandboxed


def make_environment(template_dir: Path) -> jinja2.Environment:
    """The page templates' environment: Jinja's sandbox (templates are code), see sandbox.py."""
    env = sandboxed(
        template_dir,
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    languages.install(env)  # then the page filters: lang_attrs leaves out the page's own language
    env.filters.update(md=md_escape, html=html_escape, date=format_date, date_md=_page_date,
                       label=label, status=status, day=day_words, status_note=status_note, as_role=as_role,
                       short_title=short_title, language_name=language_name, source_date=source_date, slug=slug,
                       field_key=assessment_key, given=given, by_date=by_date,
                       lang_attrs=lang_attrs, isolated=isolated, iso_date=iso_date,
                       disputes_of=disputes_of, actor_sections=actors_sections, heading_md=heading_md,
                       date_sections=_date_sections, position_sections=_position_sections,
                       parts=lambda rows, anchor, level=3: split(list(rows), [], anchor=anchor, level=level))
    env.globals.update(paragraph_html=paragraph_html, claim_groups=claim_groups, in_language=in_language,
                       participant_rows=participant_rows, quote_of=quote_of, changes_on=changes_on)
    return env


def _date_sections(items, anchor: str, always_years: bool = False):
    """`| date_sections(anchor)`: events or sources by year and month when there are many."""
    return by_date_sections(list(items), lambda x: x.date, anchor, always_years=always_years)


def _position_sections(positions, corpus: Corpus):
    """`| position_sections(corpus)`: an issue's positions by their source's year and month when there are many."""
    return by_date_sections(list(positions), lambda p: corpus.date_of(p.source), "positions")


@jinja2.pass_context
def _page_date(context, spec):
    """`| date_md` on a page: the page's Linker marks an inferred date and keeps its reasoning as a note."""
    ln = context.get("ln")
    return ln.date(spec) if isinstance(ln, Linker) else date_md(spec)


def _template(env: jinja2.Environment, kind: str, entity_id: str | None = None) -> jinja2.Template:
    names = ([f"{kind}/{entity_id}.md.j2"] if entity_id else []) + [f"{kind}.md.j2"]
    return env.select_template(names)


def render_pages(corpus: Corpus, env: jinja2.Environment, *, site_name: str = "",
                 pdf: bool = False, previous: tuple[Corpus, dict[str, str]] | None = None,
                 progress=None, changes: Changes | None = None,
                 previous_changes: Changes | None = None, feeds: atom.Settings | None = None) -> dict[str, str]:
    """Every generated page, as docs-relative path → Markdown text (and SVG pictures; with `feeds`, the
    Atom feeds, each actor's and event's page linking to its own).

    With `previous` (the corpus and pages of the last render, same templates), a page
    whose entity and every entity it shows are unchanged is taken over, not rendered
    again: the live preview re-renders only what an edit touched. `changes`: what is new since the
    previous edition (the "since" page, and each actor's and event's page marks its own).
    """
    languages.install_names(env, corpus)
    pages = _Pages(corpus, env, site_name=site_name, pdf=pdf, previous=previous, progress=progress,
                   changes=changes, previous_changes=previous_changes)
    pages.fixed()
    pages.actors()
    pages.events()
    pages.sources()
    pages.corpus_pictures()
    pages.health_and_reference()
    pages.topics()
    if feeds is not None:
        pages.feeds(feeds)
    return _with_as_of(pages.pages, corpus)


def _with_as_of(pages: dict[str, str], corpus: Corpus) -> dict[str, str]:
    """In an as-of view every page carries its day in the front matter (page.meta.as_of), which the
    theme shows as a line at the top of the page (templates/theme/main.html)."""
    if corpus.as_of is None:
        return pages
    day = day_words(corpus.as_of.date)
    return {path: with_meta(text, "as_of", day) if path.endswith(".md") else text for path, text in pages.items()}


class _Pages:
    """The pages being rendered, and what can be taken over from the previous render."""

    def __init__(self, corpus: Corpus, env: jinja2.Environment, *, site_name: str, pdf: bool,
                 previous: tuple[Corpus, dict[str, str]] | None, progress, changes: Changes | None = None,
                 previous_changes: Changes | None = None):
        self.corpus, self.env, self.site_name, self.pdf, self.progress = corpus, env, site_name, pdf, progress
        self.changes, self.old_changes = changes, previous_changes
        self.pages: dict[str, str] = {}
        self.glossary = glossary(corpus)
        self.old, self.old_pages = previous if previous else (None, {})
        if self.old is not None and glossary(self.old)[1] != self.glossary[1]:
            self.old = None  # acronyms changed: every page's definitions may change
        self.compared: dict[tuple[str, str], bool] = {}  # each entity is compared once, however many pages show it
        # every entry of `pages`: nine fixed pages, two pictures, a page and a picture per actor, ...
        self.total = (12 + 2 * len(corpus.actors) + len(corpus.events) + len(corpus.sources)
                      + 2 * len(corpus.topics))

    # -- taking pages over from the previous render
    def _unchanged(self, kind: str, entity_id: str) -> bool:
        key = (kind, entity_id)
        if key not in self.compared:
            before, now = getattr(self.old, kind).get(entity_id), getattr(self.corpus, kind).get(entity_id)
            self.compared[key] = before is not None and (before is now or before == now)
        return self.compared[key]

    def reuse(self, path: str, deps: list[tuple[str, object]], marked: tuple[str, str] | None = None) -> bool:
        """Take the previous render's page when every entity it depends on is unchanged (and, for a page
        marking what is new on it, `marked`, so is that)."""
        if self.old is None or path not in self.old_pages:
            return False
        if marked is not None and changes_on(self.changes, *marked) != changes_on(self.old_changes, *marked):
            return False
        if not all(self._unchanged(kind, i) for kind, ids in deps for i in ids):
            return False
        self.pages[path] = self.old_pages[path]
        return True

    def _picture(self, page: str, draw) -> Markup:
        """A picture inline on its page, its nodes linking to their pages (the .svg file stays link-free)."""
        ln = Linker(self.corpus, page)
        href = lambda kind, entity_id: ln.html_href(urls.page_path(kind, entity_id))  # noqa: E731
        wide, narrow = draw(href, pictures.WIDE), draw(href, pictures.NARROW)
        if not wide:
            return Markup("")
        # one drawn for a desktop's column and one for a phone's, each shown at its own size (CSS picks one)
        return Markup(f'<figure class="bb-picture" data-search-exclude=""><div class="bb-wide">{wide}</div>'
                      f'<div class="bb-narrow">{narrow}</div></figure>')

    def put(self, path: str, template: jinja2.Template, description: str = "", **context) -> None:
        if path in self.pages:  # urls.page_path cannot collide for valid ids; keep it that way
            raise ValueError(f"two pages would be written to {path}")
        ln = Linker(self.corpus, path, self.pdf)
        text = template.render(corpus=self.corpus, ln=ln, page=path, site_name=self.site_name,
                               glossary=self.glossary, changes=self.changes, **context)
        text = text.rstrip("\n") + "\n" + ln.notes_markdown()
        if description:
            text = with_description(text, description)
        self.pages[path] = with_abbreviations(text, self.glossary)
        if self.progress is not None:
            self.progress(len(self.pages), self.total)

    # -- the pages, section by section
    def fixed(self) -> None:
        corpus, env = self.corpus, self.env
        events_by_date = corpus.events_in_time_order()
        sources_by_date = corpus.sources_in_time_order()
        span = source_span(corpus)
        self.put("index.md", _template(env, "home"), events=events_by_date, sources=sources_by_date,
                 published=span_words(*span) if span else "")
        self.put("timeline.md", _template(env, "timeline"), events=events_by_date,
                 description=f"Timeline of the {len(corpus.events)} events in the sources, each dated at the "
                             "precision the sources support.",
                 picture=self._picture("timeline.md", lambda href, w: pictures.timeline(corpus, href, w)))
        # always there (mkdocs.yml's nav names it); rendered without changes it says there is no edition
        self.put("since.md", _template(env, "since"),
                 description="What is new or changed since the previous edition: sources, actors, events, "
                             "titles, positions, quotes and disagreements, each cited.")
        self.put("disagreements.md", _template(env, "disagreements"),
                 description=f"Where the sources disagree: {len(corpus.disagreements)} facts on which two "
                             "accounts of one event cannot both be right, with each source's words.")
        self.put("actors/index.md", _template(env, "actors"), groups=group_actors(corpus),
                 description=f"The {len(corpus.actors)} actors in the sources, by kind: people, states, "
                             "organisations, armed groups and negotiating formats.",
                 picture=self._picture("actors/index.md", lambda href, w: pictures.corpus_network(corpus, href, w)))
        self.put("events/index.md", _template(env, "events"), events=events_by_date,
                 description=f"The {len(corpus.events)} events the sources report or refer to, in time order.")
        self.put("sources/index.md", _template(env, "sources"), sources=sources_by_date,
                 description=f"The {len(corpus.sources)} source documents, the latest first, each with its "
                             "summary and full text.")

    def actors(self) -> None:
        corpus = self.corpus
        for actor_id, actor in corpus.actors.items():
            cited = {*actor.sources, *(q.source for q in actor.quotes), *(p.source for p in actor.positions)}
            deps = [("actors", (actor_id, *actor.affiliation, *actor.affiliates)), ("events", actor.events),
                    ("sources", cited)]
            path = urls.page_path("actor", actor_id)
            deps[0] = ("actors", (*deps[0][1], *pictures.co_actors(corpus, actor_id)))  # names in its picture
            if not self.reuse(path, deps, ("actor", actor_id)):
                self.put(path, _template(self.env, "actor", actor_id), actor=actor, latest_role=latest_role(actor, corpus),
                         description=page_description("actor", actor, corpus),
                         by_issue=positions_by_issue(actor), events_latest_first=latest_first(corpus, actor.events),
                         picture=self._picture(path, lambda href, w: pictures.actor_network(corpus, actor_id, href, w)))
            picture = urls.picture_path("actor", actor_id)
            if not self.reuse(picture, [("actors", (actor_id, *pictures.co_actors(corpus, actor_id))),
                                        ("events", actor.events)]):
                self.pages[picture] = pictures.actor_network(corpus, actor_id)

    def events(self) -> None:
        corpus = self.corpus
        for event_id, event in corpus.events.items():
            shown = {*event.hosts, *(p.actor for p in event.participants), *(q.speaker for q in event.quotes)}
            cited = {*event.sources, *(p.role_source for p in event.participants if p.role_source),
                     *(q.source for q in event.quotes)}
            deps = [("actors", shown | ({event.part_of} & set(corpus.actors))),
                    ("events", (event_id, *event.related, *({event.part_of} & set(corpus.events)))),
                    ("sources", cited)]
            path = urls.page_path("event", event_id)
            if not self.reuse(path, deps, ("event", event_id)):
                self.put(path, _template(self.env, "event", event_id), event=event,
                         description=page_description("event", event, corpus),
                         accounts_latest_first=accounts_latest_first(corpus, event),
                         counts=[(a, c) for a in event.accounts for c in a.data.counts],
                         earlier=list(event.earlier), later=list(event.later),
                         unordered=[r for r in event.related if r not in event.earlier and r not in event.later])

    def sources(self) -> None:
        for source_id, source in self.corpus.sources.items():
            path = urls.page_path("source", source_id)
            if not self.reuse(path, [("sources", (source_id,)), ("actors", source.actors),
                                     ("events", source.events)]):
                self.put(path, _template(self.env, "source", source_id), source=source,
                         description=page_description("source", source, self.corpus))

    def corpus_pictures(self) -> None:
        self.pages[urls.picture_path("network")] = pictures.corpus_network(self.corpus)
        self.pages[urls.picture_path("timeline")] = pictures.timeline(self.corpus)

    def health_and_reference(self) -> None:
        warnings = self.corpus.warnings
        classes = [(code, text, [w for w in warnings if w.code == code]) for code, text in CODES.items()]
        other = [w for w in warnings if w.code not in CODES]
        if other:
            classes.append(("other", "other warnings", other))
        self.put("health.md", _template(self.env, "health"), stats=corpus_stats(self.corpus), classes=classes,
                 description="Corpus health: what the checks found in the briefings, by class.",
                 fidelity=fidelity(self.corpus, list(warnings), len(self.corpus.sources)))
        self.pages["reference.md"] = with_description(field_reference(), "Every field a briefing or a registry "
                                                      "may hold: its type, whether it is required, what it means.")

    def feeds(self, settings: atom.Settings) -> None:
        """The Atom feeds (feeds.py), and on each actor's and event's page the link to its own."""
        from datetime import datetime, timezone
        built = settings.built or datetime.now(timezone.utc).date()
        self.pages.update(atom.write_feeds(self.corpus, site_url=settings.site_url, site_name=self.site_name,
                                           built=built, first_seen=settings.first_seen,
                                           directory_urls=settings.directory_urls))
        for kind, entities in (("actor", self.corpus.actors), ("event", self.corpus.events)):
            for entity_id, entity in entities.items():
                name = entity.name if kind == "actor" else entity.title
                page = urls.page_path(kind, entity_id)
                self.pages[page] = atom.with_feed_link(self.pages[page], urls.feed_path(kind, entity_id),
                                                       f"New sources on {name} (Atom)")

    def topics(self) -> None:
        self.put("topics/index.md", _template(self.env, "topics"),
                 description=f"The {len(self.corpus.topics)} issues the actors take positions on, and who said what.")
        for issue, positions in self.corpus.topics.items():
            path = urls.page_path("topic", issue)
            deps = [("topics", (issue,)), ("actors", {p.actor for p in positions}),
                    ("sources", {p.source for p in positions}),
                    ("events", {p.event for p in positions if p.event})]
            # on the page, the stances are the table's (numbered as the marks); the .svg file lists them itself
            draw = lambda href, w, issue=issue: positions_chart.positions_picture(  # noqa: E731
                self.corpus, issue, href, w, with_stances=False)
            if not self.reuse(path, deps):
                picture = self._picture(path, draw)
                self.put(path, _template(self.env, "topic", issue), issue=issue, positions=positions,
                         description=page_description("topic", (issue, positions), self.corpus), picture=picture,
                         numbers=positions_chart.numbers(self.corpus, issue) if picture else {})
            svg_file = urls.picture_path("topic", issue)
            if not self.reuse(svg_file, deps):
                self.pages[svg_file] = positions_chart.positions_picture(self.corpus, issue)
