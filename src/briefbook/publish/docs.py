"""Write the generated pages into docs/: only what changed, and never a file briefbook did not write."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..problems import BriefbookError


MANIFEST = ".briefbook-generated.json"


def write_pages(pages: dict[str, str], docs_dir: Path) -> tuple[int, int]:
    """Bring docs/ in line with `pages`: write what changed, delete what is gone.

    Only files briefbook wrote before (listed in the manifest) are ever deleted,
    so hand-written pages are safe. Returns (written, removed).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    root = docs_dir.resolve()
    manifest = docs_dir / MANIFEST
    previous: set[str] = set()
    if manifest.is_file():
        with contextlib.suppress(ValueError, OSError):
            previous = set(json.loads(manifest.read_text(encoding="utf-8")))
    # Listed before anything is written: if the build is killed half-way, the next one still
    # knows every page it may have written (and does not take them for hand-written files).
    targets = {}
    for rel in pages:  # every check before anything is written
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in parts):
            # page paths come from urls.py; refuse anything else (checked lexically: resolving
            # every path took most of this function's time at 1,000 documents)
            raise BriefbookError(f"refusing to write outside {docs_dir}: {rel}")
        target = root.joinpath(*parts)
        if rel not in previous and target.exists():
            raise BriefbookError(f"docs/{rel} is a hand-written file; a generated page would overwrite it")
        targets[rel] = target
    _write_manifest(manifest, previous | set(pages))
    written = removed = 0
    for rel, text in pages.items():
        target = targets[rel]
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    for rel in sorted(previous - set(pages)):
        target = (docs_dir / rel).resolve()
        if root in target.parents and target.is_file():
            target.unlink()
            removed += 1
            with contextlib.suppress(OSError):  # drop folders left empty
                target.parent.rmdir()
    _write_manifest(manifest, set(pages))
    return written, removed


def _write_manifest(manifest: Path, pages: set[str]) -> None:
    tmp = manifest.with_name(manifest.name + ".tmp")
    tmp.write_text(json.dumps(sorted(pages), indent=0), encoding="utf-8")
    os.replace(tmp, manifest)
