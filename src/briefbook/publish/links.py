"""Links from the page being rendered to other pages, paragraphs, pictures and PDFs, as safe Markdown."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.records import Corpus
from . import urls
from ..corpus.models import DateSpec
from .escape import html_escape, md_escape
from .present import in_language, isolated, label, short_title


@dataclass(frozen=True)
class Linker:
    """Link helpers bound to the page being rendered; each returns safe Markdown.

    A page keeps what it has said: a source is named by its full title at its first citation
    and by a short title after; the reasoning for an inferred value is a numbered note, kept
    for the "Notes" at the end of the page (reachable by keyboard and touch, not a hover).
    """

    corpus: Corpus
    page: str
    pdf: bool = False  # PDFs are published beside the pages: link to them
    language: str = "en"  # the page's language: text in any other carries its own `lang`
    _said: dict = field(default_factory=lambda: {"cited": set(), "notes": {}, "refs": []},
                        compare=False, repr=False)

    def _href(self, target_page: str, anchor: str | None = None) -> str:
        return urls.relative(self.page, target_page, anchor)

    def page_href(self, target_page: str, anchor: str | None = None) -> str:
        """A Markdown link target from this page to another generated page."""
        return self._href(target_page, anchor)

    def html_href(self, target_page: str, anchor: str | None = None) -> str:
        """A link for raw HTML (a picture's node): MkDocs rewrites only Markdown links, so .md becomes .html."""
        link = self._href(target_page)
        link = link[:-3] + ".html" if link.endswith(".md") else link
        return f"{link}#{anchor}" if anchor else link

    def actor(self, actor_id: str) -> Markup:
        actor = self.corpus.actors[actor_id]
        return Markup(f"[{isolated(md_escape(actor.name))}]({self._href(urls.page_path('actor', actor_id))})")

    def event(self, event_id: str) -> Markup:
        event = self.corpus.events[event_id]
        return Markup(f"[{isolated(md_escape(event.title))}]({self._href(urls.page_path('event', event_id))})")

    def title(self, source_id: str, short: bool = False) -> Markup:
        """A source's title in its own language (isolated, so a right-to-left title keeps its place)."""
        b = self.corpus.sources[source_id].briefing
        return in_language(short_title(b.title) if short else b.title, b.language, self.language)

    def source(self, source_id: str, short: bool | None = None) -> Markup:
        """A link to a source by its title: in full the first time on the page, short after (unless told)."""
        cited = self._said["cited"]
        if short is None:
            short = source_id in cited
        cited.add(source_id)
        return Markup(f"[{self.title(source_id, short)}]({self._href(urls.page_path('source', source_id))})")

    def note(self, text: str) -> Markup:
        """A numbered note mark linking to the note at the end of the page (the same text: the same number)."""
        notes, refs = self._said["notes"], self._said["refs"]
        number = notes.setdefault(" ".join(text.split()), len(notes) + 1)
        refs.append(number)
        nth = refs.count(number)
        ref_id = f"bb-ref-{number}" + (f"-{nth}" if nth > 1 else "")
        return Markup(f'<sup class="bb-fnref"><a id="{ref_id}" href="#bb-note-{number}" '
                      f'aria-label="note {number}">{number}</a></sup>')

    def inferred(self, basis: str | None) -> Markup:
        """The mark of an inferred value, its reasoning a note: '(inferred¹)'."""
        return Markup(f'<span class="bb-inferred">(inferred{self.note("Inferred: " + (basis or "no basis given"))})'
                      "</span>")

    def date(self, spec: DateSpec | None) -> Markup:
        """A date at its precision; an inferred one marked once, its reasoning in the notes."""
        text = md_escape(format_date(spec))
        return Markup(f"{text} {self.inferred(spec.basis)}") if spec is not None and spec.inferred else text

    def notes_markdown(self) -> str:
        """The page's notes, to append after the page: a heading and a list, or nothing at all."""
        notes = self._said["notes"]
        if not notes:
            return ""
        items = "\n".join(f'<li id="bb-note-{n}">{html_escape(text)} <a class="bb-back" href="#bb-ref-{n}" '
                          f'aria-label="back to the text">↩</a></li>' for text, n in notes.items())
        return f'\n\n## Notes {{ #bb-notes data-search-exclude="" }}\n\n<ol class="bb-notes" data-search-exclude="">\n{items}\n</ol>\n'

    def paragraphs(self, source_id: str, numbers) -> Markup:
        """'¶ 3, 5', each number linking to its paragraph on the source page."""
        target = urls.page_path("source", source_id)
        links = [f"[{n}]({self._href(target, urls.paragraph_anchor(n))})" for n in numbers]
        return Markup("¶ " + ", ".join(links)) if links else Markup("")

    def cite(self, source_id: str, numbers) -> Markup:
        """A citation: the source (its full title the first time on the page, a short one after),
        its date and the paragraphs, all linked."""
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
        return Markup(f'<a class="bb-pdf" href="{html.escape(href, quote=True)}" type="application/pdf" '
                      f'data-search-exclude="">{text}</a>')
