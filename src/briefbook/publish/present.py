"""How values read on a page and in print: dates, labels, actors grouped by kind, a source paragraph."""

from __future__ import annotations

import html
from datetime import date

from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.models import DateSpec
from ..corpus.records import Corpus
from . import urls
from .escape import html_escape, md_escape


def date_md(spec: DateSpec | None) -> Markup:
    """The date for a page: inferred dates visibly marked, their basis on hover."""
    text = md_escape(format_date(spec))
    if spec is not None and spec.inferred:
        return Markup(f'{text} <span class="bb-inferred" title="Inferred: {html_escape(spec.basis)}">'
                      f"(inferred)</span>")
    return text


_LABELS = {"chairs-statement": "Chair's statement", "video-message": "Video message",
           "sent-message": "Sent a message"}

_STATUS = {"held": "Took place", "announced": "Announced, not reported as held",
           "planned": "Planned, not reported as held", "under-way": "Under way",
           "postponed": "Postponed", "cancelled": "Cancelled"}


def status(value: str | None) -> str:
    """What the sources say became of an event, in words: 'announced' → 'Announced, not reported as held'."""
    return _STATUS.get(value or "", label(value))


def status_note(value: str | None) -> str:
    """The status as a note after an event's name in a list: '' for an event reported as held."""
    return "" if value in (None, "held") else status(value)[:1].lower() + status(value)[1:]


def as_role(role: str) -> str:
    return f"as {role}"


def label(value: str | None) -> str:
    """'armed-group' → 'Armed group'."""
    if not value:
        return ""
    if value in _LABELS:
        return _LABELS[value]
    text = value.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


_KIND_ORDER = ["person", "state", "government-body", "organisation", "armed-group",
               "negotiating-format", "group", "media"]


def group_actors(corpus: Corpus) -> list[tuple[str, list]]:
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
