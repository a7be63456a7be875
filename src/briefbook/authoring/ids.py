"""Ids for new entries and documents: stable kebab-case from a name in any script, never one taken."""

from __future__ import annotations

import hashlib
import json
import re

from ..corpus.models import RESERVED_IDS
from ..corpus.paragraphs import normalise


MAX_ID = 60


def slugify(name: str, taken: set[str] = frozenset()) -> str:
    """A stable kebab-case id for any name, Latin or not; never empty, never one already taken.

    Non-Latin names are transliterated (Сергей Лавров → sergey-lavrov, 김영채 →
    gimyeongchae); a name with nothing to transliterate gets a hash-based id.
    """
    from anyascii import anyascii
    text = anyascii(normalise(name)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_ID].strip("-")
    if not slug:
        slug = "id-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    if slug in RESERVED_IDS:
        slug += "-1"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug[:MAX_ID - len(str(n)) - 1].rstrip('-')}-{n}"
        n += 1
    return candidate


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
