"""The briefing book as Typst markup: for the engine comparison in bench/run.py only.

It keeps what the WeasyPrint book must keep (a page-numbered outline, footnotes,
links inside the PDF) so the two engines are timed on comparable work.
"""

from __future__ import annotations

from briefbook.corpus.dates import format_date
from briefbook.corpus import Corpus


def _s(text: object) -> str:
    """A Typst string literal, shown as text: nothing in the data is markup."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def typst_book(corpus: Corpus, title: str) -> str:
    out = ['#set page(paper: "a4", margin: 2cm, numbering: "1 of 1")',
           '#set text(font: ("Noto Sans", "Noto Naskh Arabic", "NanumGothic"), size: 10pt)',
           '#set heading(numbering: none)',
           f'#align(center)[#text(size: 24pt)[#{_s(title)}]]', '#pagebreak()',
           '#outline(depth: 2)', '#pagebreak()']

    def cite(source_id: str, numbers) -> str:
        src = corpus.sources[source_id]
        links = ", ".join(f'#link(<s-{source_id}-p{n}>)[{n}]' for n in numbers)
        return f'#footnote[#{_s(src.briefing.title)}, ¶ {links}]'

    out.append('= Actors')
    for actor in sorted(corpus.actors.values(), key=lambda a: a.name.casefold()):
        out.append(f'== #{_s(actor.name)} <a-{actor.id}>')
        out.append(f'#{_s(actor.entry.description)}')
        for m in actor.mentions:
            if m.role:
                out.append(f'- #{_s(m.role)}{cite(m.source, m.paragraphs)}')
        for e in actor.events:
            out.append(f'- #link(<e-{e}>)[#{_s(corpus.events[e].title)}]')
        for q in actor.quotes:
            out.append(f'#quote[#{_s(q.text)}]{cite(q.source, q.paragraphs)}')
    out.append('#pagebreak()')
    out.append('= Events')
    for event in corpus.events_in_time_order():
        out.append(f'== #{_s(event.title)} <e-{event.id}>')
        out.append(f'#{_s(format_date(event.date))}')
        for account in event.accounts:
            out.append(f'#{_s(account.data.says)}{cite(account.source, account.data.cite)}')
        for p in event.participants:
            out.append(f'- #link(<a-{p.actor}>)[#{_s(corpus.actors[p.actor].name)}]')
    out.append('#pagebreak()')
    out.append('= Sources')
    for source in corpus.sources_in_time_order():
        out.append(f'== #{_s(source.briefing.title)}')
        for p in source.paragraphs:
            out.append(f'#block[*¶{p.number}* #{_s(p.text)}] <s-{source.id}-p{p.number}>')
    return "\n\n".join(out) + "\n"
