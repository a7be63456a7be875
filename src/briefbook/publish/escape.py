"""Escape every value for where it lands in a generated page: Markdown text, or raw HTML inside it."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_WHITESPACE = re.compile(r"\s+")
# Characters Python-Markdown (with the tables extension) treats as syntax anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|()!#+\-.])")


def md_escape(value: object) -> Markup:
    """Text made inert for Markdown: no markup, no HTML, no line structure.

    HTML-special characters become entities; every Markdown punctuation that
    could start syntax is backslash-escaped; newlines fold to spaces so a value
    can never open a new block, table row or list item.
    """
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value))
    text = html.escape(text, quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    # Brackets as character references, not backslash escapes: Python-Markdown finds
    # reference definitions (`[x]: url`) before it reads backslash escapes, so `\]:` at the
    # start of a line or of a link's text would swallow the whole line (found by hypothesis).
    return Markup(text.replace("\\[", "&#91;").replace("\\]", "&#93;"))


_HTML_IN_MD = {ord(c): f"&#{ord(c)};" for c in "&<>\"'|\\`*_{}[]()#+-.!"}


def html_escape(value: object) -> Markup:
    """For inline raw HTML inside the Markdown, attributes and text alike.

    Besides HTML's own specials, everything Markdown's inline processors could
    act on before the HTML is stashed (backticks, brackets, backslashes, `|`
    in a table row) becomes a numeric character reference; line breaks fold.
    """
    text = _WHITESPACE.sub(" ", "" if value is None else str(value))
    return Markup(text.translate(_HTML_IN_MD))


def finalize(value: object) -> object:
    # Autoescape's HTML escaping alone is not enough in Markdown: every value
    # printed with {{ }} is made inert for Markdown unless already marked safe.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return md_escape(value)
