"""What changed since the previous edition: two corpora (in corpus.json's form) compared claim by claim.

Each change names the claim, the source and paragraphs it comes from (in this edition's corpus, so a
page can link and cite it) and the pages it belongs to, so that the "since" page lists them all and
each actor's and event's page marks its own. Only what the sources or the registry now say differently
is a change: a new source repeating a title already given adds the source, not a new title.

The previous corpus is read back from a file and is untrusted: every value is taken only when it has
the expected type, so a damaged file gives fewer changes, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .editions import Edition

# the order of the sections on the "since" page and in the book's status update
KINDS = ("source", "actor", "event", "role", "position", "quote", "account", "status",
         "disagreement", "settled", "removed-source", "removed-actor", "removed-event")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    pages: tuple[tuple[str, str], ...]  # (actor|event|source|topic, id) of the pages it is marked on
    source: str | None = None  # the source it comes from (this edition's; None for what is gone)
    paragraphs: tuple[int, ...] = ()
    actor: str | None = None
    event: str | None = None
    issue: str | None = None
    field: str | None = None  # a disagreement's field
    text: str = ""  # the role, stance, quote, status, title of what is gone, the value gone by
    before: str | None = None  # what it was in the previous edition (a role, a status)
    on_behalf_of: str | None = None
    claims: tuple[tuple[str, str, tuple[int, ...]], ...] = ()  # (source, value, paragraphs)


@dataclass(frozen=True)
class Changes:
    edition: Edition
    previous: Edition | None  # None: the first edition (nothing to compare with)
    items: tuple[Change, ...] = ()

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.items if c.kind == kind]

    def on(self, kind: str, entity_id: str) -> list[Change]:
        """What is new on one page, in the order of KINDS, the entity itself first when it is new."""
        mine = [c for c in self.items if (kind, entity_id) in c.pages]
        return sorted(mine, key=lambda c: c.kind != kind or c.pages[0] != (kind, entity_id))

    def sections(self) -> list[tuple[str, list[Change]]]:
        return [(kind, found) for kind in KINDS if (found := self.of(kind))]


# -- reading values of the expected type only
def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list:
    return value if isinstance(value, list) else []


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _paras(value: Any) -> tuple[int, ...]:
    return tuple(n for n in _l(value) if isinstance(n, int) and not isinstance(n, bool))


def _latest_role(actor: dict, sources: dict) -> tuple[str | None, str | None]:
    """(role, source) of the latest source to give one, as the pages say (present.latest_role): mentions are
    in the order of the sources' dates, an undated source the latest only when no dated one gives a title."""
    found = [(_s(m.get("role")), _s(m.get("source"))) for m in map(_d, _l(actor.get("mentions"))) if _s(m.get("role"))]
    dated = [(role, sid) for role, sid in found if _dated(_d(sources.get(sid)).get("published"))]
    found = dated or found
    return found[-1] if found else (None, None)


def _dated(published: object) -> bool:
    return isinstance(published, dict) and published.get("year_given") is not False \
        and isinstance(published.get("value"), str)


def compare(previous: dict | None, current: dict, edition: Edition, previous_edition: Edition | None) -> Changes:
    """Every change from previous to current (both corpus.json's form); none for a first edition."""
    if previous is None:
        return Changes(edition, None)
    items: list[Change] = []
    items += _sources(_d(previous.get("sources")), _d(current.get("sources")))
    items += _entities(_d(previous.get("actors")), _d(current.get("actors")),
                       _d(previous.get("events")), _d(current.get("events")))
    items += _roles(_d(previous.get("actors")), _d(current.get("actors")), _d(previous.get("sources")),
                    _d(current.get("sources")))
    items += _positions(_d(previous.get("actors")), _d(current.get("actors")))
    items += _quotes(_d(previous.get("actors")), _d(current.get("actors")))
    items += _accounts(_d(previous.get("events")), _d(current.get("events")))
    items += _disagreements(_l(previous.get("disagreements")), _l(current.get("disagreements")),
                            _d(current.get("events")))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return Changes(edition, previous_edition, tuple(sorted(items, key=lambda c: order[c.kind])))


def _sources(before: dict, now: dict) -> Iterable[Change]:
    for sid, src in now.items():
        if sid not in before:
            src = _d(src)
            pages = (("source", sid), *(("actor", a) for a in _l(src.get("actors")) if isinstance(a, str)),
                     *(("event", e) for e in _l(src.get("events")) if isinstance(e, str)))
            yield Change("source", pages, source=sid)
    for sid, src in before.items():
        if sid not in now:
            yield Change("removed-source", (), text=_s(_d(src).get("title")) or sid)


def _entities(actors_before: dict, actors_now: dict, events_before: dict, events_now: dict) -> Iterable[Change]:
    for aid, actor in actors_now.items():
        if aid not in actors_before:
            first = next(iter(_l(_d(actor).get("mentions"))), None)
            first = _d(first)
            yield Change("actor", (("actor", aid),), actor=aid, source=_s(first.get("source")),
                         paragraphs=_paras(first.get("paragraphs")))
    for eid, event in events_now.items():
        if eid not in events_before:
            accounts = [_d(a) for a in _l(_d(event).get("accounts"))]
            first = accounts[0] if accounts else {}
            actors = {p.get("actor") for p in map(_d, _l(_d(event).get("participants")))}
            yield Change("event", (("event", eid), *(("actor", a) for a in sorted(actors) if isinstance(a, str))),
                         event=eid, source=_s(first.get("source")), paragraphs=_paras(first.get("paragraphs")))
    for aid, actor in actors_before.items():
        if aid not in actors_now:
            yield Change("removed-actor", (), text=_s(_d(actor).get("name")) or aid)
    for eid, event in events_before.items():
        if eid not in events_now:
            yield Change("removed-event", (), text=_s(_d(event).get("title")) or eid)


def _roles(before: dict, now: dict, sources_before: dict, sources_now: dict) -> Iterable[Change]:
    """A title no source gave the actor before, or another title now the latest (with what it was)."""
    for aid, actor in now.items():
        if aid not in before:
            continue  # a new actor is new with all its titles
        old = _d(before[aid])
        old_pairs = {(_s(m.get("source")), _s(m.get("role"))) for m in map(_d, _l(old.get("mentions")))}
        old_texts = {role for _, role in old_pairs if role}
        old_latest, _ = _latest_role(old, sources_before)
        new_latest, latest_source = _latest_role(_d(actor), sources_now)
        listed = False
        for mention in map(_d, _l(_d(actor).get("mentions"))):
            role, sid = _s(mention.get("role")), _s(mention.get("source"))
            if not role or (sid, role) in old_pairs or role in old_texts:
                continue
            is_latest = sid == latest_source and role == new_latest
            listed |= is_latest
            yield Change("role", (("actor", aid),), actor=aid, source=sid, paragraphs=_paras(mention.get("paragraphs")),
                         text=role, before=old_latest if is_latest and old_latest != role else None)
        if not listed and new_latest and old_latest and new_latest != old_latest:  # an earlier title is the latest again
            mention = next(m for m in map(_d, _l(_d(actor).get("mentions")))
                           if _s(m.get("source")) == latest_source and _s(m.get("role")) == new_latest)
            yield Change("role", (("actor", aid),), actor=aid, source=latest_source,
                         paragraphs=_paras(mention.get("paragraphs")), text=new_latest, before=old_latest)


def _position_key(p: dict) -> tuple:
    return (_s(p.get("actor")), _s(p.get("on_behalf_of")), _s(p.get("issue")), _s(p.get("source")),
            _s(p.get("stance")))


def _positions(before: dict, now: dict) -> Iterable[Change]:
    old = {_position_key(p) for a in before.values() for p in map(_d, _l(_d(a).get("positions")))}
    seen: set[tuple] = set()
    for actor in now.values():
        for p in map(_d, _l(_d(actor).get("positions"))):
            key = _position_key(p)
            if key in old or key in seen:
                continue
            seen.add(key)
            aid, behalf, issue, sid, stance = key
            event = _s(p.get("event"))
            pages = tuple(page for page in (("actor", aid), ("actor", behalf), ("topic", issue), ("event", event))
                          if page[1])
            yield Change("position", pages, actor=aid, on_behalf_of=behalf, issue=issue, source=sid,
                         paragraphs=_paras(p.get("paragraphs")), text=stance or "", event=event)


def _quotes(before: dict, now: dict) -> Iterable[Change]:
    old = {(aid, _s(q.get("source")), _s(q.get("text")))
           for aid, a in before.items() for q in map(_d, _l(_d(a).get("quotes")))}
    for aid, actor in now.items():
        for q in map(_d, _l(_d(actor).get("quotes"))):
            sid, text, event = _s(q.get("source")), _s(q.get("text")), _s(q.get("event"))
            if (aid, sid, text) in old:
                continue
            pages = (("actor", aid),) + ((("event", event),) if event else ())
            yield Change("quote", pages, actor=aid, source=sid, paragraphs=_paras(q.get("paragraphs")),
                         text=text or "", event=event)


def _accounts(before: dict, now: dict) -> Iterable[Change]:
    """New accounts of events already in the previous edition, and a status the sources now give otherwise."""
    for eid, event in now.items():
        if eid not in before:
            continue
        event, old = _d(event), _d(before[eid])
        old_sources = {_s(a.get("source")) for a in map(_d, _l(old.get("accounts")))}
        for account in map(_d, _l(event.get("accounts"))):
            sid = _s(account.get("source"))
            if sid in old_sources:
                continue
            named = sorted({p.get("actor") for p in map(_d, _l(event.get("participants")))
                            if p.get("source") == sid and isinstance(p.get("actor"), str)})
            yield Change("account", (("event", eid), *(("actor", a) for a in named)), event=eid, source=sid,
                         paragraphs=_paras(account.get("paragraphs")))
        status, old_status = _s(event.get("status")), _s(old.get("status"))
        if status != old_status and status:
            latest = [_d(a) for a in _l(event.get("accounts")) if _d(a).get("status") == status]
            cited = latest[-1] if latest else {}
            yield Change("status", (("event", eid),), event=eid, text=status, before=old_status,
                         source=_s(cited.get("source")), paragraphs=_paras(cited.get("paragraphs")))


def _disagreement_key(d: dict) -> tuple:
    return (_s(d.get("event")), _s(d.get("field")))


def _claims(d: dict) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    return tuple((c["source"], c["value"], _paras(c.get("paragraphs"))) for c in map(_d, _l(d.get("claims")))
                 if isinstance(c.get("source"), str) and isinstance(c.get("value"), str))


def _disagreements(before: list, now: list, events_now: dict) -> Iterable[Change]:
    old = {_disagreement_key(d): d for d in map(_d, before)}
    new = {_disagreement_key(d): d for d in map(_d, now)}
    for key, d in new.items():
        eid, fld = key
        pages = (("event", eid),) if eid else ()
        if key not in old:
            yield Change("disagreement", pages, event=eid, field=fld, claims=_claims(d))
        elif d.get("assessment") and not old[key].get("assessment"):  # the analyst now says which to go by
            assessment = _d(d.get("assessment"))
            yield Change("settled", pages, event=eid, field=fld, text=_s(assessment.get("goes_by")) or "",
                         before="assessed", claims=_claims(d))
    for key, d in old.items():
        eid, fld = key
        if key not in new:  # the sources no longer disagree (an account changed, or one source is gone)
            yield Change("settled", (("event", eid),) if eid in events_now else (), event=eid if eid in events_now
                         else None, field=fld, text=_s(_d(events_now.get(eid)).get("title")) or "",
                         before="agree", claims=_claims(d))
