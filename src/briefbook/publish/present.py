"""How values read on a page and in print: dates, labels, languages, short titles, actors grouped by kind,
the words of a source behind a claim, a source paragraph."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date

from markupsafe import Markup

from ..corpus.dates import format_date
from ..corpus.models import DateSpec
from ..corpus.records import Corpus
from . import languages, urls
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


# ---------------------------------------------------------------- languages and direction

# Languages written right to left (ISO 639 codes, with the Afghan ones: Dari prs, Pashto ps).
# Local to the pages until issue 14's helper is merged (see /work/notes/shared-decisions.md).
def is_rtl(language: str | None) -> bool:
    """Whether text in this language (`ar`, `fa-AF`, `ps`, `az-Arab`) is written right to left (CLDR's data)."""
    return languages.is_rtl(language)


def lang_attrs(language: str | None, page_language: str = "en") -> Markup:
    """`lang` (and `dir`) attributes for a piece of text in `language`; empty in the page's own language."""
    if not language or language.lower() == page_language.lower():
        return Markup("")
    attrs = f' lang="{html.escape(language, quote=True)}"'
    return Markup(attrs + (' dir="rtl"' if is_rtl(language) else ""))


def in_language(text: Markup | str, language: str | None, page_language: str = "en") -> Markup:
    """Text in another language than the page's, isolated (`<bdi>`) with its `lang` and `dir`:
    a right-to-left title keeps the comma, date and ¶ after it in their place. Text of an unknown language
    is isolated by its letters' direction (`isolated`)."""
    attrs = lang_attrs(language, page_language)
    if not attrs:  # the page's language, or not known: still isolated when it is right-to-left
        return isolated(text)
    body = text if isinstance(text, Markup) else md_escape(text)
    return Markup(f"<bdi{attrs}>{body}</bdi>")


def isolated(text: Markup | str | None) -> Markup:
    """Text in a right-to-left script isolated (`<bdi>`, its direction from its own letters), so the
    punctuation and dates around it keep their order; any other text as it is. Plain text is made
    inert for Markdown first (a value from a briefing: a role, a place as the source writes it)."""
    import unicodedata
    body = md_escape(text)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in str(body)):
        return Markup(f"<bdi>{body}</bdi>")
    return body


# ---------------------------------------------------------------- short titles

SHORT_TITLE = 40  # characters: a citation after a page's first names its source by a title this long at most


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """A long title cut at a word boundary with an ellipsis: the full title is given at its first citation."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.rstrip(" ,;:–-") + "…"


# ---------------------------------------------------------------- a source's words behind a claim

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)])\s+|(?<=[。！？])")
_WORDS = re.compile(r"[^\W_]+")
_VAGUE = frozenset({"no", "year", "given", "number", "of", "the", "and", "or", "not", "stated", "about",
                    "before", "after", "a", "an", "in", "on"})
MAX_WORDS_SHOWN = 60  # a sentence longer than this is cut around the words that matter


def claim_words(paragraphs: list[tuple[int, str]], value: str) -> list[tuple[int, str]]:
    """The sentences of the cited paragraphs that give `value` (the words of its date, place, number...),
    verbatim, with their paragraph numbers: what a source actually says, shown beside a disagreement."""
    wanted = {w.casefold() for w in _WORDS.findall(value) if w.casefold() not in _VAGUE}
    found: list[tuple[int, str, float]] = []
    for number, text in paragraphs:
        for sentence in _SENTENCE_END.split(" ".join(text.split())):
            words = {w.casefold() for w in _WORDS.findall(sentence)}
            hits = sum(0.5 if w.isdigit() and len(w) == 4 else 1 for w in wanted & words)  # a year says less
            if hits and sentence.strip():
                found.append((number, sentence.strip(), hits))
    if not found:
        return []
    best = max(hits for _, _, hits in found)
    return [(n, _shortened(text, wanted)) for n, text, hits in found if hits == best][:2]


def _shortened(sentence: str, wanted: set[str]) -> str:
    words = sentence.split()
    if len(words) <= MAX_WORDS_SHOWN:
        return sentence
    at = next((i for i, w in enumerate(words) if {x.casefold() for x in _WORDS.findall(w)} & wanted), 0)
    start = max(0, at - MAX_WORDS_SHOWN // 2)
    part = words[start:start + MAX_WORDS_SHOWN]
    return ("… " if start else "") + " ".join(part) + (" …" if start + MAX_WORDS_SHOWN < len(words) else "")


_NAMES = {"prs": "Dari", "fa-af": "Dari"}  # CLDR names Afghanistan's Persian "Persian (Afghanistan)"


def language_name(code: str | None, in_language: str = "en") -> str:
    """'ru' → 'Russian', 'fa-AF' → 'Persian (Afghanistan)' (Babel's CLDR names); the code itself if unknown."""
    if not code:
        return ""
    if code.lower() in _NAMES:
        return _NAMES[code.lower()]
    try:
        from babel import Locale, UnknownLocaleError
        return Locale.parse(code.replace("-", "_")).get_display_name(in_language) or code
    except (ValueError, UnknownLocaleError):
        return code


def claim_groups(corpus: Corpus, disagreement) -> list[tuple[str, list]]:
    """A disagreement's claims grouped by the value they give: [(value, [(claim, [(¶, sentence)])])],
    the value most sources give first; each claim with the source's own words for it, if found."""
    groups: dict[str, list] = {}
    for claim in disagreement.claims:
        source = corpus.sources[claim.source]
        texts = [(p.number, p.text) for p in source.paragraphs if p.number in claim.paragraphs]
        groups.setdefault(claim.value, []).append((claim, claim_words(texts, claim.value)))
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def source_date(source_id: str, corpus: Corpus) -> str:
    """A source's date in words, '' when it has none (for a span 'June 2017 to November 2020')."""
    spec = corpus.sources[source_id].date
    return format_date(spec) if spec is not None else ""


def slug(text: str) -> Markup:
    """An ASCII anchor for a field name ('number of countries' → 'number-of-countries'): only [a-z0-9-]."""
    from anyascii import anyascii
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    return Markup("-".join(words)[:60].strip("-") or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8])


def latest_role(actor, corpus: Corpus):
    """The mention that gives the actor's title in the latest source to give one (None: no source does).
    An undated source is never "the latest" while a dated one gives a title (undated sort last)."""
    with_role = [m for m in actor.mentions if m.role]
    dated = [m for m in with_role if (d := corpus.date_of(m.source)) is not None and not d.yearless]
    with_role = dated or with_role
    return with_role[-1] if with_role else None  # mentions are in the order of the sources' dates


def positions_by_issue(actor) -> list[tuple[str, list]]:
    """The actor's positions grouped by issue (issues by name), each in the order of the sources' dates."""
    groups: dict[str, list] = {}
    for pos in actor.positions:
        groups.setdefault(pos.issue, []).append(pos)
    return sorted(groups.items(), key=lambda kv: label(kv[0]).casefold())


def latest_first(corpus: Corpus, event_ids) -> list[str]:
    """Events newest first (what is new comes first), the undated last."""
    dated = [e for e in event_ids if corpus.events[e].date is not None]
    undated = [e for e in event_ids if corpus.events[e].date is None]
    return sorted(dated, key=lambda e: corpus.events[e].sort_key, reverse=True) + undated


def accounts_latest_first(corpus: Corpus, event) -> list:
    """An event's accounts, the latest source first (undated sources last)."""
    from ..corpus.records import date_key
    dated = [a for a in event.accounts if corpus.sources[a.source].date is not None]
    undated = [a for a in event.accounts if corpus.sources[a.source].date is None]
    return sorted(dated, key=lambda a: (date_key(corpus.sources[a.source].date), a.source), reverse=True) + undated


def given(rows) -> list[tuple[str, Markup]]:
    """The rows of a facts list that have a value (a value of only spaces is none), values trimmed."""
    shown = []
    for term, value in rows:
        text = value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())
        if text:
            shown.append((term, value.strip() if isinstance(value, Markup) else md_escape(text)))
    return shown


def by_date(source_ids, corpus: Corpus) -> list[str]:
    """Source ids in the order of their dates (the undated last)."""
    from ..corpus.records import date_key
    ids = list(source_ids)
    return sorted((s for s in ids if corpus.sources[s].date is not None),
                  key=lambda s: date_key(corpus.sources[s].date)) + [s for s in ids if corpus.sources[s].date is None]


# ---------------------------------------------------------------- each page's own description

DESCRIPTION = 160  # characters: what search engines and link previews show of a page


def _clip(text: str, limit: int = DESCRIPTION) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def page_description(kind: str, entity, corpus: Corpus) -> str:
    """A page's own one-line description (its meta description): who or what it is, in the page's words."""
    if kind == "actor":
        role = latest_role(entity, corpus)
        who = f"{role.role}, in the latest source to give a title. " if role else ""
        span = by_date(entity.sources, corpus)
        where = f" Named in {len(span)} source{'s' if len(span) != 1 else ''}." if span else ""
        return _clip(f"{entity.name} ({label(entity.entry.kind).lower()}): {who}{entity.entry.description}{where}")
    if kind == "event":
        place = f", {entity.entry.place.name}" if entity.entry.place else ""
        return _clip(f"{entity.title} ({format_date(entity.date)}{place}): {entity.entry.description}")
    if kind == "source":
        b = entity.briefing
        when = f", {format_date(b.published)}" if b.published else ""
        return _clip(f"{b.title} ({label(b.kind).lower()}{when}): {b.summary}")
    if kind == "topic":
        issue, positions = entity
        actors = {p.actor for p in positions}
        return _clip(f"Who said what on {label(issue).lower()}: {len(positions)} stance"
                     f"{'s' if len(positions) != 1 else ''} by {len(actors)} actor{'s' if len(actors) != 1 else ''}, "
                     "each cited to its source paragraph.")
    return _clip(str(entity))


def with_description(text: str, description: str) -> str:
    """The page with its description in the front matter MkDocs reads (page.meta.description).

    Material writes page.meta.description into an attribute unescaped, so it is escaped here for
    HTML, then quoted for YAML (a JSON string is a YAML double-quoted scalar: no line, tag or end of
    the front matter can come from the data).
    """
    return with_meta(text, "description", html.escape(description, quote=True))


def with_meta(text: str, key: str, value: str) -> str:
    """The page with `key: value` in its front matter (page.meta), the value a JSON string: a YAML
    double-quoted scalar, so no line, tag or end of the front matter can come from it."""
    import json
    line = f"{key}: " + json.dumps(value, ensure_ascii=False)
    if text.startswith("---\n"):
        return "---\n" + line + "\n" + text[4:]
    return f"---\n{line}\n---\n" + text


def day_words(day) -> str:
    """A calendar day in words: 31 December 2020."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def disputes_of(event_id: str, corpus: Corpus) -> list:
    """The disagreements between sources on one event (for the pages of the actors taking part)."""
    return list(corpus.events[event_id].disagreements)


def participant_rows(event) -> list[tuple[str, list]]:
    """An event's participants, one row per actor in the order the sources name them, with every
    source that places them there (one source's record, or several sources' records, under one name)."""
    rows: dict[str, list] = {}
    for participation in event.participants:
        rows.setdefault(participation.actor, []).append(participation)
    return list(rows.items())


def long_date(day: date) -> str:
    """'2 December 2026'."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def iso_date(value: str | None) -> str:
    """An ISO day (an edition's date or cut-off) in words; what is not one, as it is."""
    try:
        return long_date(date.fromisoformat(value)) if value else ""
    except ValueError:
        return str(value)


def quote_of(corpus: Corpus, change):
    """The quote a change (publish/changes.py) names, as the corpus holds it (its speech, language, marks)."""
    for q in corpus.actors[change.actor].quotes:
        if q.source == change.source and q.text == change.text:
            return q
    raise LookupError(f"no quote of {change.actor!r} in {change.source!r}")


def changes_on(changes, kind: str, entity_id: str) -> tuple:
    """What is new on one page since the previous edition (empty for a first edition or without changes)."""
    if changes is None or changes.previous is None:
        return ()
    return tuple(changes.on(kind, entity_id))
