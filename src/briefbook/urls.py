"""The one place where page paths are made."""

from __future__ import annotations

import posixpath

SECTIONS = {"actor": "actors", "event": "events", "source": "sources", "topic": "topics"}


def page_path(kind: str, entity_id: str) -> str:
    """Docs-relative Markdown path of an entity's page (ids are validated kebab-case)."""
    return f"{SECTIONS[kind]}/{entity_id}.md"


def paragraph_anchor(number: int) -> str:
    return f"p{number}"


def relative(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Link from one generated page to another, as MkDocs expects (relative .md paths)."""
    link = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


def picture_path(kind: str, entity_id: str | None = None) -> str:
    """Docs-relative path of a generated SVG: one per actor, and the corpus-wide ones."""
    return f"pictures/{SECTIONS[kind]}/{entity_id}.svg" if entity_id else f"pictures/{kind}.svg"
