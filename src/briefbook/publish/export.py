"""The resolved corpus as plain JSON, for people who want to load it elsewhere."""

from __future__ import annotations

import json
from typing import Any

from ..corpus.models import DateSpec
from ..corpus.records import Actor, Corpus, Event

FORMAT_VERSION = 4  # 2: parts, roles' provenance, status, speech and attribution, names found in the text;
# 3: quotes' language and translation, dates as written, places with ids, a disagreement's assessment;
# 4: the edition (number, date, information cut-off; written by `build`, see publish/editions.py)


def _date(spec: DateSpec | None) -> dict | None:
    if spec is None:
        return None
    return {"value": spec.value, "end": spec.end, "precision": spec.precision, "qualifier": spec.qualifier,
            "inferred": spec.inferred, "basis": spec.basis, "year_given": not spec.yearless,
            "as_written": spec.as_written}


def _place(place, place_id: str | None = None) -> dict | None:
    return None if place is None else {"name": place.name, "id": place_id, "inferred": place.inferred,
                                       "basis": place.basis}


def _actor(a: Actor) -> dict[str, Any]:
    return {
        "name": a.name, "kind": a.entry.kind, "aliases": list(a.entry.aliases),
        "abbreviation": a.entry.abbreviation, "affiliation": list(a.affiliation),
        "description": a.entry.description, "events": list(a.events),
        "description_cite": [{"source": s, "paragraphs": list(n)} for s, n in a.description_cite],
        "names_found": [{"name": name, "sources": list(srcs)} for name, srcs in a.names_found],
        "names_added": list(a.names_added),
        "mentions": [{"source": m.source, "paragraphs": list(m.paragraphs), "role": m.role} for m in a.mentions],
        "quotes": [{"source": q.source, "paragraphs": list(q.paragraphs), "text": q.text, "event": q.event,
                    "speech": q.speech, "unclosed": q.unclosed, "attribution": q.attribution,
                    "attribution_basis": q.attribution_basis, "language": q.language,
                    "translation": q.translation} for q in a.quotes],
        "positions": [{"source": p.source, "paragraphs": list(p.paragraphs), "issue": p.issue,
                       "stance": p.stance, "event": p.event, "actor": p.actor,
                       "on_behalf_of": p.on_behalf_of, "attribution": p.attribution,
                       "attribution_basis": p.attribution_basis} for p in a.positions],
    }


def _event(e: Event) -> dict[str, Any]:
    return {
        "title": e.title, "kind": e.entry.kind, "date": _date(e.date), "place": _place(e.entry.place, e.place),
        "format": e.entry.format, "status": e.status, "hosts": list(e.hosts),
        "source_hosts": list(e.source_hosts), "part_of": e.part_of, "related": list(e.related),
        "related_sources": {r: list(srcs) for r, srcs in e.related_sources},
        "description": e.entry.description,
        "description_cite": [{"source": s, "paragraphs": list(n)} for s, n in e.description_cite],
        "participants": [{"actor": p.actor, "part": p.part, "role": p.role, "role_from": p.role_from,
                          "source": p.source, "paragraphs": list(p.paragraphs), "role_source": p.role_source,
                          "role_paragraphs": list(p.role_paragraphs)} for p in e.participants],
        "accounts": [{"source": acc.source, "paragraphs": list(acc.data.cite), "says": acc.data.says,
                      "date": _date(acc.data.date), "place": _place(acc.data.place, acc.place),
                      "status": acc.data.status,
                      "format": acc.data.format, "hosts": list(acc.hosts), "outcome": acc.data.outcome,
                      "counts": [{"value": c.value, "of": c.of, "paragraphs": list(c.cite)}
                                 for c in acc.data.counts]} for acc in e.accounts],
    }


def corpus_dict(corpus: Corpus) -> dict[str, Any]:
    """Actors, events, sources and their claims; every claim carries its source and paragraphs."""
    actors = {a.id: _actor(a) for a in corpus.actors.values()}
    events = {e.id: _event(e) for e in corpus.events_in_time_order()}
    sources = {}
    for s in corpus.sources_in_time_order():
        b = s.briefing
        sources[s.id] = {
            "seed": b.seed, "title": b.title, "kind": b.kind, "language": b.language,
            "publisher": None if b.publisher is None else {"name": b.publisher.name, "actor": b.publisher.actor,
                                                           "inferred": b.publisher.inferred,
                                                           "basis": b.publisher.basis},
            "published": _date(b.published), "dateline": _place(b.dateline, s.dateline), "summary": b.summary,
            "key_points": [{"text": k.text, "paragraphs": list(k.cite)} for k in b.key_points],
            "notes": [{"kind": n.kind, "text": n.text, "paragraphs": list(n.cite)} for n in b.notes],
            "boilerplate": sorted(s.boilerplate), "actors": list(s.actors), "events": list(s.events),
            "paragraphs": [{"number": p.number, "text": p.text} for p in s.paragraphs],
        }
    disagreements = [{"event": d.event, "field": d.field,
                      "claims": [{"source": c.source, "value": c.value, "paragraphs": list(c.paragraphs)}
                                 for c in d.claims],
                      "assessment": None if d.assessment is None else {
                          "goes_by": d.assessment.goes_by, "reason": d.assessment.reason,
                          "cite": [{"source": s, "paragraphs": list(n)} for s, n in d.assessment.cited]}}
                     for d in corpus.disagreements]
    places = {pid: {"name": p.name, "aliases": list(p.aliases)} for pid, p in sorted(corpus.places.items())}
    return {"format": "briefbook-corpus", "version": FORMAT_VERSION,
            "as_of": corpus.as_of.date.isoformat() if corpus.as_of else None,  # an as-of view's day
            "actors": actors, "events": events,
            "sources": sources, "places": places, "disagreements": disagreements,
            "topics": {issue: [{"actor": p.actor, "on_behalf_of": p.on_behalf_of, "source": p.source,
                                "paragraphs": list(p.paragraphs), "stance": p.stance,
                                "attribution": p.attribution} for p in refs]
                       for issue, refs in corpus.topics.items()}}


def corpus_json(corpus: Corpus) -> str:
    return export_text(corpus_dict(corpus))


def export_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
