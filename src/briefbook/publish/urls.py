"""The one place where page paths are made."""

from __future__ import annotations

SECTIONS = {"actor": "actors", "event": "events", "source": "sources", "topic": "topics"}


def page_path(kind: str, entity_id: str) -> str:
    """Docs-relative Markdown path of an entity's page (ids are validated kebab-case)."""
    return f"{SECTIONS[kind]}/{entity_id}.md"


def paragraph_anchor(number: int) -> str:
    return f"p{number}"


def relative(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Link from one generated page to another, as MkDocs expects (relative .md paths)."""
    # Up to the docs root, then down: always right, and far cheaper than posixpath.relpath,
    # which dominated rendering at 1,000 documents (a page makes about a hundred links).
    from_dir = from_page.rpartition("/")[0]
    to_dir, _, name = to_page.rpartition("/")
    link = name if from_dir == to_dir else "../" * (from_dir.count("/") + 1 if from_dir else 0) + to_page
    return f"{link}#{anchor}" if anchor else link


def picture_path(kind: str, entity_id: str | None = None) -> str:
    """Docs-relative path of a generated SVG: one per actor, one per issue, and the corpus-wide ones."""
    return f"pictures/{SECTIONS[kind]}/{entity_id}.svg" if entity_id else f"pictures/{kind}.svg"


def feed_path(kind: str, entity_id: str | None = None) -> str:
    """Docs-relative path of an Atom feed: the site's (kind "site"), or an actor's or an event's."""
    return f"feeds/{SECTIONS[kind]}/{entity_id}.xml" if entity_id else "feeds/index.xml"


def site_path(page: str, directory_urls: bool = False) -> str:
    """Site-relative address of a generated page as MkDocs publishes it (use_directory_urls or not)."""
    stem = page.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"
