"""Atom 1.0 feeds of the sources: one for the site, one per actor and one per event (text only, no I/O)."""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Mapping

from ..corpus.dates import format_date
from ..corpus.models import DateSpec
from ..corpus.records import Corpus, date_key
from . import urls
from .present import label

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "briefbook"

# Characters XML 1.0 cannot hold at all (not even escaped). Loading refuses control characters in every
# input file, so none reaches here; should one ever, the feed stays well-formed (U+FFFD marks the place).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Settings:
    """What the feeds need beyond the corpus: where the site is published, when it was built, and
    since when each source has been in it (source id → the date of the edition that first included it)."""

    site_url: str = ""
    built: date | None = None
    first_seen: Mapping[str, date] | None = None
    directory_urls: bool = False  # mkdocs.yml's use_directory_urls: pages at actors/x/, not actors/x.html


@dataclass(frozen=True)
class _Item:
    """One entry: a source, and what it says of the feed's actor or event (or its summary)."""

    source: str
    says: tuple[str, ...]


def with_feed_link(text: str, feed: str, title: str) -> str:
    """A page with its own feed in the front matter (page.meta.feed, docs-relative, and feed_title), which
    the theme's <head> links to. JSON strings are YAML double-quoted scalars: no line, tag or end of the
    front matter can come from the data; the theme escapes both for HTML. A page that has them keeps them."""
    import json
    head = text[4:text.find("\n---\n", 3)] if text.startswith("---\n") else ""
    if re.search(r"^feed:", head, re.M):
        return text
    lines = (f"feed: {json.dumps(feed, ensure_ascii=False)}\n"
             f"feed_title: {json.dumps(' '.join(title.split()), ensure_ascii=False)}\n")
    if text.startswith("---\n"):
        return "---\n" + lines + text[4:]
    return f"---\n{lines}---\n" + text


def write_feeds(corpus: Corpus, *, site_url: str, site_name: str, built: date,
                first_seen: Mapping[str, date] | None = None,
                directory_urls: bool = False) -> dict[str, str]:
    """Every feed, as docs-relative path → Atom XML text."""
    site_name = " ".join(site_name.split()) or GENERATOR  # Atom wants a title and an author's name
    maker = _Feeds(corpus, site_url=site_url, site_name=site_name, built=built,
                   first_seen=first_seen or {}, directory_urls=directory_urls)
    feeds = {urls.feed_path("site"): maker.feed(urls.feed_path("site"), site_name, "index.md",
                                                [_Item(s, (src.briefing.summary,))
                                                 for s, src in corpus.sources.items()])}
    for actor_id, actor in corpus.actors.items():
        path = urls.feed_path("actor", actor_id)
        feeds[path] = maker.feed(path, f"{site_name}: {actor.name}", urls.page_path("actor", actor_id),
                                 actor_items(corpus, actor_id))
    on_event: dict[str, list] = {}  # the positions taken at each event, found in one pass (not one per event)
    for positions in corpus.topics.values():
        for position in positions:
            if position.event:
                on_event.setdefault(position.event, []).append(position)
    for event_id, event in corpus.events.items():
        path = urls.feed_path("event", event_id)
        feeds[path] = maker.feed(path, f"{site_name}: {event.title}", urls.page_path("event", event_id),
                                 event_items(corpus, event_id, on_event.get(event_id, ())))
    return feeds


# ---------------------------------------------------------------- what each source says

def actor_items(corpus: Corpus, actor_id: str) -> list[_Item]:
    """The sources that mention the actor, quote it or give its position, each with what it says of it."""
    actor = corpus.actors[actor_id]
    says: dict[str, list[str]] = {}
    for mention in actor.mentions:
        says.setdefault(mention.source, []).append(f"Named as {mention.role}." if mention.role else "Named.")
    for quote in actor.quotes:
        says.setdefault(quote.source, []).append(_quote_line(quote, corpus))
    for position in actor.positions:
        at = f" ({corpus.events[position.event].title})" if position.event in corpus.events else ""
        says.setdefault(position.source, []).append(
            _sentence(f"On {label(position.issue).lower()}{at}: {position.stance}") + _attribution(position))
    return _items(says)


def event_items(corpus: Corpus, event_id: str, positions: Iterable = ()) -> list[_Item]:
    """The sources that give an account of the event, or a quote or a position on it (`positions`: those
    taken at it), with what they say."""
    event = corpus.events[event_id]
    says: dict[str, list[str]] = {}
    for account in event.accounts:
        when = f" Dates it {format_date(account.data.date)}." if account.data.date is not None else ""
        says.setdefault(account.source, []).append(
            (_sentence(account.data.says) if account.data.says else "Gives an account of it.") + when)
    for quote in event.quotes:
        says.setdefault(quote.source, []).append(_quote_line(quote, corpus, speaker=True))
    for position in positions:
        speaker = corpus.actors[position.actor].name if position.actor in corpus.actors else position.actor
        says.setdefault(position.source, []).append(
            _sentence(f"{speaker} on {label(position.issue).lower()}: {position.stance}") + _attribution(position))
    return _items(says)


def _items(says: dict[str, list[str]]) -> list[_Item]:
    """One item per source, each line once; a bare "Named." only when the source says nothing more."""
    items = []
    for source, lines in says.items():
        lines = list(dict.fromkeys(lines))
        items.append(_Item(source, tuple(line for line in lines if line != "Named." or len(lines) == 1)))
    return items


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…", "”", '"', "’", "'", ")")) else text + "."


def _quote_line(quote, corpus: Corpus, speaker: bool = False) -> str:
    who = ""
    if speaker:
        who = (corpus.actors[quote.speaker].name if quote.speaker in corpus.actors else quote.speaker) + " "
    if quote.speech == "reported":  # the source's report of what was said: never in quotation marks
        text = _sentence(f"{who}reported as saying: {quote.text}")
    else:
        text = f"{who}quoted: “{quote.text}{'' if quote.unclosed else '”'}"
    return text[:1].upper() + text[1:] + _attribution(quote)


def _attribution(item) -> str:
    if item.attribution == "uncertain":
        return f" (Speaker uncertain: {_sentence(item.attribution_basis or '')})"
    if item.attribution == "collective":
        return f" (Said collectively: {_sentence(item.attribution_basis or '')})"
    return ""


# ---------------------------------------------------------------- dates

def published_day(spec: DateSpec | None) -> date | None:
    """A day a feed reader can sort by, for a date the source may give only to the month, the year, as a
    range or bounded: the first day it can mean; 'before X' the day before X, 'after X' the day after.
    None for an undated source, or one that gives no year."""
    if spec is None or spec.yearless:
        return None
    first, last = spec.bounds()
    if spec.qualifier == "before":
        return first - timedelta(days=1) if first > date.min else first  # nothing is before 1 January 1
    if spec.qualifier == "after":
        return last + timedelta(days=1) if last < date.max else last
    return first


def timestamp(day: date) -> str:
    """RFC 3339, as Atom requires: the day at midnight UTC."""
    return datetime.combine(day, time(), tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")


def latest_first(corpus: Corpus, items: Iterable[_Item]) -> list[_Item]:
    """By the source's date, the latest first (as the sources page lists them); undated ones last."""
    items = list(items)
    has_day = {i.source: published_day(corpus.sources[i.source].date) is not None for i in items}
    dated = sorted((i for i in items if has_day[i.source]),
                   key=lambda i: (date_key(corpus.sources[i.source].date), i.source), reverse=True)
    return dated + sorted((i for i in items if not has_day[i.source]), key=lambda i: i.source)


# ---------------------------------------------------------------- the XML

class _Feeds:
    """Makes one feed after another with the same site address, names and dates."""

    def __init__(self, corpus: Corpus, *, site_url: str, site_name: str, built: date,
                 first_seen: Mapping[str, date], directory_urls: bool):
        self.corpus, self.site_name, self.built, self.first_seen = corpus, site_name, built, first_seen
        self.site_url = site_url.strip().rstrip("/") + "/" if site_url.strip() else ""
        self.directory_urls = directory_urls

    def href(self, feed: str, target: str) -> str:
        """A link from the feed file to a built file (docs-relative): absolute with site_url, else
        relative to the feed itself, which a reader resolves against the feed's own address."""
        return self.site_url + target if self.site_url else urls.relative(feed, target)

    def page(self, feed: str, page: str, fragment: str = "") -> str:
        return self.href(feed, urls.site_path(page, self.directory_urls)) + (f"#{fragment}" if fragment else "")

    def entry_id(self, feed: str, subject_page: str, source_id: str) -> str:
        """Stable across builds: the address of what the entry is about when the site has one, else a
        name-based UUID of the site's name, the feed and the source."""
        if self.site_url:
            if subject_page == "index.md":
                return self.page(feed, urls.page_path("source", source_id))
            return self.page(feed, subject_page, f"source-{source_id}")
        return _urn(self.site_name, feed, source_id)

    def updated(self, source_id: str) -> date:
        return self.first_seen.get(source_id, self.built)

    def feed(self, path: str, title: str, page: str, items: list[_Item]) -> str:
        root = ET.Element("feed", xmlns=ATOM)  # the Atom namespace as the default, on plain names
        _text(root, "id", self.href(path, path) if self.site_url else _urn(self.site_name, path))
        _text(root, "title", title)
        entries = latest_first(self.corpus, items)
        newest = max((self.updated(i.source) for i in entries), default=self.built)
        _text(root, "updated", timestamp(newest))
        author = ET.SubElement(root, "author")
        _text(author, "name", self.site_name)
        _link(root, "self", self.href(path, path), "application/atom+xml")
        _link(root, "alternate", self.page(path, page), "text/html")
        _text(root, "generator", GENERATOR)
        for item in entries:
            self.entry(root, path, page, item)
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def entry(self, root: ET.Element, feed: str, page: str, item: _Item) -> None:
        source = self.corpus.sources[item.source]
        entry = ET.SubElement(root, "entry")
        _text(entry, "id", self.entry_id(feed, page, item.source))
        _text(entry, "title", source.briefing.title).set(XML_LANG, source.briefing.language)
        _link(entry, "alternate", self.page(feed, urls.page_path("source", item.source)), "text/html")
        day = published_day(source.date)
        _text(entry, "updated", timestamp(self.updated(item.source)))
        if day is not None:
            _text(entry, "published", timestamp(day))
        head = f"{label(source.briefing.kind)}, {_dated(source.date)}."
        _text(entry, "summary", " ".join((head, *item.says)))
        # the same as HTML for readers that show it: each piece escaped here, the whole again by ElementTree
        lines = [html.escape(line) for line in item.says]
        if len(lines) > 1:
            body = "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
        else:
            body = "".join(f"<p>{line}</p>" for line in lines)
        _text(entry, "content", f"<p>{html.escape(head)}</p>{body}").set("type", "html")


def _dated(spec: DateSpec | None) -> str:
    """The date as the source gives it (the feed's `published` is only a day to sort by)."""
    if spec is None:
        return "undated"
    return f"dated {format_date(spec)}" + (" (inferred, not stated)" if spec.inferred else "")


def _urn(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "briefbook:" + "\x1f".join(parts)))


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    """A child element holding text: ElementTree escapes it for XML; what XML cannot hold is replaced."""
    child = ET.SubElement(parent, name)
    child.text = _NOT_XML.sub("\ufffd", text)
    return child


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", rel=rel, type=media_type, href=_NOT_XML.sub("\ufffd", href))
