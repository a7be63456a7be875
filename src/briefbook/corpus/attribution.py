"""Count, for `briefbook check`, the roles shown with their sources and the analyst's statements marked as such."""

from __future__ import annotations

from .records import Corpus


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def attribution_lines(corpus: Corpus | None, problems=()) -> list[tuple[str, str]]:
    """The fidelity lines on attribution, as (what, how it stands): every role with its source, every
    addition of the analyst's marked. Nothing to count when the corpus did not build."""
    if corpus is None:
        return []
    return [("roles with their sources", roles_line(corpus)),
            ("statements of the analyst marked", analyst_line(corpus))]


def roles_line(corpus: Corpus) -> str:
    rows = [p for event in corpus.events.values() for p in event.participants if p.role]
    by = {kind: sum(1 for p in rows if p.role_from == kind) for kind in ("event", "source", "date")}
    return (f"{_n(len(rows), 'role')} shown at events: "
            f"{by['event']} given by the account of the event, {by['source']} a title given by a source "
            f"reporting the event, {by['date']} carried over by date and labelled with "
            f"{'its' if by['date'] == 1 else 'their'} source and date")


def analyst_line(corpus: Corpus) -> str:
    entities = [*corpus.actors.values(), *corpus.events.values()]
    cited = sum(1 for e in entities if e.description_cite)
    names = sum(len(a.names_added) for a in corpus.actors.values())
    links = {frozenset((e.id, other)) for e in corpus.events.values()
             for other, sources in e.related_sources if not sources}
    hosts = sum(len(set(e.hosts) - set(e.source_hosts)) for e in corpus.events.values())
    quotes = [q for a in corpus.actors.values() for q in a.quotes]
    positions = [p for refs in corpus.topics.values() for p in refs]
    uncertain = sum(1 for c in (*quotes, *positions) if c.attribution != "stated")
    reported = sum(1 for q in quotes if q.speech == "reported")
    return (f"{_n(len(entities), 'description')} "
            f"({cited} {'cites its source' if cited == 1 else 'cite their sources'}, "
            f"{len(entities) - cited} marked as the analyst's); "
            f"{_n(names, 'registry name')} no source uses, marked; "
            f"{_n(len(links), 'related link')} no source connects, marked; "
            f"{_n(hosts, 'host')} only the registry gives, marked; "
            f"{_n(uncertain, 'claim')} of uncertain or collective speaker, marked; "
            f"{_n(reported, 'reported statement')}, shown without quotation marks")
