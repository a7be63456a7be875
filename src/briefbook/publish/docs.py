"""Write the generated pages into docs/: only what changed, and never a file briefbook did not write."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

from ..problems import BriefbookError
from .output import write_error, write_file
from .urls import SECTIONS

MANIFEST = ".briefbook-generated.json"
LOCK = ".briefbook-generated.lock"  # hidden, so MkDocs leaves it out of the site

# The only places generated pages live (urls.py): a manifest entry elsewhere (a manifest
# committed by mistake, or edited) never gets a hand-written page such as guide/ deleted.
_GENERATED_FOLDERS = (*SECTIONS.values(), "pictures", "feeds")
_GENERATED_PAGES = {"index.md", "timeline.md", "disagreements.md", "health.md", "reference.md", "since.md"}


def _generated_path(rel: str) -> bool:
    return rel in _GENERATED_PAGES or rel.split("/", 1)[0] in _GENERATED_FOLDERS


def _checked_folders(root: Path, targets: dict[str, Path]) -> None:
    """Every folder a page goes into is a real folder under docs/ (or not there yet): a link
    (docs/actors → elsewhere) would have the pages written wherever it leads."""
    seen: set[Path] = set()
    for target in targets.values():
        folder = target.parent
        while folder != root and folder not in seen:
            seen.add(folder)
            with contextlib.suppress(FileNotFoundError):
                mode = os.lstat(folder).st_mode
                if not stat.S_ISDIR(mode):
                    kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
                    raise BriefbookError(f"docs/{folder.relative_to(root).as_posix()} is {kind}: briefbook writes "
                                         "pages only into real folders inside docs/")
            folder = folder.parent


@contextlib.contextmanager
def _writing(docs_dir: Path):
    """docs/ to this process alone while it brings the pages and the manifest in line: a page
    another writer has just written must not look hand-written (the build lock covers builds;
    this covers anything else that writes pages, the preview included)."""
    try:
        fd = os.open(docs_dir / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as err:
        raise write_error(err, f"docs/{LOCK}") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_pages(pages: dict[str, str], docs_dir: Path) -> tuple[int, int]:
    """Bring docs/ in line with `pages`: write what changed, delete what is gone.

    Only files briefbook wrote before (listed in the manifest) are ever deleted,
    so hand-written pages are safe. Every file is written under a temporary name of
    this process's own, so two builds at once never collide. Returns (written, removed).
    """
    if docs_dir.is_symlink():
        raise BriefbookError(f"{docs_dir} is a symbolic link: briefbook writes pages only into a real docs/")
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, str(docs_dir)) from None
    with _writing(docs_dir):
        return _write_pages(pages, docs_dir)


def _write_pages(pages: dict[str, str], docs_dir: Path) -> tuple[int, int]:
    root = docs_dir.resolve()
    manifest = docs_dir / MANIFEST
    previous: set[str] = set()
    if manifest.is_file() and not manifest.is_symlink():
        with contextlib.suppress(ValueError, OSError, TypeError):
            previous = {rel for rel in json.loads(manifest.read_text(encoding="utf-8")) if isinstance(rel, str)}
    targets = {}
    for rel in pages:  # every check before anything is written
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in parts):
            # page paths come from urls.py; refuse anything else (checked lexically: resolving
            # every path took most of this function's time at 1,000 documents)
            raise BriefbookError(f"refusing to write outside {docs_dir}: {rel}")
        target = root.joinpath(*parts)
        if rel not in previous and os.path.lexists(target):
            raise BriefbookError(f"docs/{rel} is a hand-written file; a generated page would overwrite it")
        targets[rel] = target
    _checked_folders(root, targets)
    # Listed before anything is written: if the build is killed half-way, the next one still
    # knows every page it may have written (and does not take them for hand-written files).
    _write_manifest(manifest, previous | set(pages))
    written = 0
    for rel, text in pages.items():
        target = targets[rel]
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            if os.lstat(target).st_size == len(data) and target.read_bytes() == data:
                continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise write_error(err, f"docs/{rel}") from None
        write_file(target, data, shown=f"docs/{rel}")
        written += 1
    removed = _remove_stale(root, docs_dir, previous - set(pages))
    _write_manifest(manifest, set(pages))
    return written, removed


def _remove_stale(root: Path, docs_dir: Path, stale: set[str]) -> int:
    removed = 0
    for rel in sorted(stale):
        if not _generated_path(rel):
            continue
        target = (docs_dir / rel).resolve()
        if root in target.parents and target.is_file():
            with contextlib.suppress(FileNotFoundError):  # another build may have removed it first
                target.unlink()
                removed += 1
            with contextlib.suppress(OSError):  # drop folders left empty
                target.parent.rmdir()
    return removed


def _write_manifest(manifest: Path, pages: set[str]) -> None:
    write_file(manifest, json.dumps(sorted(pages), indent=0), shown=f"docs/{MANIFEST}")
