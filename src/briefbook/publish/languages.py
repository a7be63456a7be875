"""The language and writing direction of each piece of text, as `lang`/`dir` attributes for pages and print."""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from ..corpus.records import Corpus

# The language of the book's own text (summaries, labels, the analyst's translations): the site's
BOOK_LANGUAGE = "en"
# A BCP 47 tag as briefings write them (`en`, `fa-AF`, `und-Arab`); anything else is not put in an attribute.
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Scripts written right to left (ISO 15924), for tags that carry a script subtag
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi"})


@functools.lru_cache(maxsize=256)
def direction(code: str | None) -> str:
    """'rtl' or 'ltr' for a language code, from CLDR (babel's locale data); 'auto' when unknown.

    A script subtag decides first (`az-Arab` is right to left, `az` is not).
    """
    if not code or not _TAG.match(code):
        return "auto"
    parts = code.split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return "rtl" if part.title() in _RTL_SCRIPTS else "ltr"
    try:
        locale = Locale.parse(parts[0].lower())
    except (UnknownLocaleError, ValueError):
        return "auto"
    return locale.text_direction


def is_rtl(code: str | None) -> bool:
    return direction(code) == "rtl"


def text_direction(text: str | None) -> str:
    """'rtl' or 'ltr' from the text's first strong character (Unicode's bidi class); 'auto' without one."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def lang_attrs(code: str | None, text: str | None = None) -> Markup:
    """` lang="ar" dir="rtl"` for an element holding text in that language; with no code, `dir` from the text.

    The leading space lets a template write `<span{{ code | lang_attrs }}>`; empty when nothing is known.
    """
    if code and _TAG.match(code):
        found = direction(code)
        if found == "auto" and text:
            found = text_direction(text)
        return Markup(f' lang="{code}" dir="{found}"')
    if text:
        found = text_direction(text)
        return Markup(f' dir="{found}"') if found != "auto" else Markup("")
    return Markup("")


def name_language(corpus: Corpus, actor_id: str, name: str) -> str | None:
    """The language of a registered name: the registry's `name_languages` where the analyst gave it, else that
    of the sources that use it, when they all agree; else None."""
    actor = corpus.actors.get(actor_id)
    if actor is None:
        return None
    if name in actor.entry.name_languages:
        return actor.entry.name_languages[name]
    for found, sources in actor.names_found:
        if found == name:
            languages = {corpus.sources[s].briefing.language for s in sources if s in corpus.sources}
            return languages.pop() if len(languages) == 1 else None
    return None


def install(env, corpus: Corpus | None = None) -> None:
    """The filters and globals templates use: `lang_attrs`, `text_dir`, and `name_lang(actor, name)`."""
    env.filters.update(lang_attrs=lang_attrs, text_dir=text_direction)
    env.globals["book_language"] = BOOK_LANGUAGE
    if corpus is not None:
        install_names(env, corpus)


def install_names(env, corpus: Corpus) -> None:
    """`name_lang(actor, name)` for one corpus (the environment's filters left as they are)."""
    env.globals["name_lang"] = lambda actor, name: name_language(corpus, getattr(actor, "id", actor), name)
