"""Links from the page being rendered to other pages, paragraphs, pictures and PDFs, as safe Markdown."""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.records import Corpus
from . import urls
from .escape import md_escape
from .present import label


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
