"""Where briefbook may write, and how: only folders it made, never the sources; atomically.

A folder named on the command line is untrusted like any input: `--site-dir .` once replaced
the whole project with the site. briefbook replaces a folder only when it made it (its marker
file, `.briefbook-site`; or an earlier briefbook's or MkDocs' layout, for sites built before
the marker), never a folder that is, holds or lies inside the project's sources, and deletes
only files it lists as written. Every file is written under a unique temporary name beside it
and renamed into place, so two builds never collide and a full disk leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from ..problems import BriefbookError
from ..project import Project

SITE_MARKER = ".briefbook-site"
MARKER_TEXT = ("This folder is a site built by briefbook (briefbook build). The next build replaces it\n"
               "whole; delete this file to keep briefbook from ever replacing the folder.\n")
PDF_MANIFEST = ".briefbook-pdfs.json"  # in pdf/: the PDFs briefbook wrote there, the only ones it removes
_EXPORT_START = b'{\n "format": "briefbook-corpus"'  # how every corpus.json briefbook writes begins
_MKDOCS_INDEX_START = b'{"config":'  # how MkDocs' search plugin writes search/search_index.json


# ---------------------------------------------------------------- writing

def temporary_name(path: Path) -> Path:
    """A name beside `path` no other process uses (pid and random), hidden from MkDocs (a dot)."""
    return path.with_name(f".{path.name[:100]}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def write_file(path: Path, data: bytes | str, shown: str | None = None) -> None:
    """Write `data` to `path` atomically; on failure nothing is left and one line names the file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = temporary_name(path)
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as err:  # a full disk, or Ctrl-C: nothing half-written stays
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(err, OSError):
            raise write_error(err, shown or str(path)) from None
        raise


def write_error(err: OSError, shown: str) -> BriefbookError:
    return BriefbookError(f"could not write {shown}: {err.strerror or err}")


# ---------------------------------------------------------------- which folders are briefbook's

def _inside(inner: Path, outer: Path) -> bool:
    return outer in inner.parents


def source_overlap(project: Project, target: Path) -> str | None:
    """How a resolved output path collides with the project's sources, if it does."""
    for name, source in project.source_folders():
        if target == source:
            return f"is the {name}"
        if _inside(source, target):
            return f"contains the {name}"
        if _inside(target, source) and source not in (project.root.resolve(), project.config_file.parent.resolve()):
            return f"lies inside the {name}"
    return None


def made_by_briefbook(folder: Path) -> str | None:
    """Who made this site folder, when it was briefbook: "briefbook", "an earlier briefbook"
    (its corpus.json, from before the marker), "MkDocs" (a plain `mkdocs build` of the project)."""
    marker = folder / SITE_MARKER
    if marker.is_file() and not marker.is_symlink():
        return "briefbook"
    corpus = folder / "corpus.json"
    if corpus.is_file() and not corpus.is_symlink():
        with contextlib.suppress(OSError), open(corpus, "rb") as fh:
            if fh.read(len(_EXPORT_START)) == _EXPORT_START:
                return "an earlier briefbook"
    index = folder / "search" / "search_index.json"
    if (folder / "sitemap.xml.gz").is_file() and index.is_file() and not index.is_symlink():
        with contextlib.suppress(OSError), open(index, "rb") as fh:
            if fh.read(len(_MKDOCS_INDEX_START)).replace(b" ", b"") == _MKDOCS_INDEX_START.replace(b" ", b""):
                return "MkDocs"
    return None


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def check_site_dir(project: Project, site_dir: Path, option: str = "--site-dir") -> tuple[Path, str | None]:
    """The resolved site folder and a note (who made the folder being replaced), or a one-line error."""
    resolved = site_dir.resolve()
    overlap = source_overlap(project, resolved)
    refusal = f"{option} {site_dir}"
    if overlap:
        raise BriefbookError(f"{refusal} {overlap}: briefbook never writes its site over the project's own "
                             "files; choose a folder of its own, such as site/")
    if not resolved.exists():
        return resolved, None
    if not resolved.is_dir():
        raise BriefbookError(f"{refusal} is not a folder")
    maker = made_by_briefbook(resolved)
    if maker is None and not _is_empty(resolved):
        raise BriefbookError(f"{refusal} exists and was not made by briefbook (it has no {SITE_MARKER}): "
                             "briefbook replaces only folders it made; choose a new or empty folder")
    note = None
    if maker in ("an earlier briefbook", "MkDocs"):
        note = (f"{site_dir} was built by {maker} (it has no {SITE_MARKER} yet): replacing it, as before; "
                "from now on it is marked")
    return resolved, note


def check_pdf_out(project: Project, out: Path, option: str = "--out") -> Path:
    """The resolved folder that receives pdf/, or a one-line error."""
    resolved = out.resolve()
    overlap = source_overlap(project, resolved)
    if overlap:
        raise BriefbookError(f"{option} {out} {overlap}: briefbook never writes PDFs among the project's own "
                             "files; choose a folder of its own, such as site/")
    pdf = resolved / "pdf"
    if pdf.is_symlink() or (pdf.exists() and not pdf.is_dir()):
        raise BriefbookError(f"{option} {out}: {pdf} is not a folder")
    if pdf.is_dir() and not _is_empty(pdf) and pdf_folder_owner(pdf, resolved) is None:
        raise BriefbookError(f"{option} {out}: {pdf} holds files not written by briefbook (it has no "
                             f"{PDF_MANIFEST}); choose another folder, or empty that one")
    return resolved


def pdf_folder_owner(pdf: Path, out: Path) -> str | None:
    if (pdf / PDF_MANIFEST).is_file() or made_by_briefbook(out):
        return "briefbook"
    return "an earlier briefbook" if legacy_pdfs(pdf) is not None else None


def legacy_pdfs(pdf: Path) -> set[str] | None:
    """The PDFs of an earlier briefbook's pdf/ folder (no manifest then), when it holds nothing else."""
    if not (pdf / "briefing-book.pdf").is_file():
        return None
    found = set()
    for path in pdf.rglob("*"):
        rel = path.relative_to(pdf)
        if path.is_symlink() or (path.is_file() and not (
                rel.as_posix() == "briefing-book.pdf" or (len(rel.parts) == 2 and rel.parts[0] in ("actors", "events")
                                                          and path.suffix == ".pdf"))):
            return None
        if path.is_file():
            found.add(f"pdf/{rel.as_posix()}")
    return found


def check_export_file(project: Project, out: Path, option: str = "--out") -> Path:
    """The resolved file to export to, or a one-line error: never a source, never a file not ours."""
    resolved = out.resolve()
    refusal = f"{option} {out}"
    for name, source in project.source_folders():
        if resolved == source or (_inside(resolved, source) and source not in (
                project.root.resolve(), project.config_file.parent.resolve())):
            raise BriefbookError(f"{refusal} lies inside the {name}: briefbook never writes there; "
                                 "choose a file of its own, such as corpus.json")
    if not resolved.parent.is_dir():
        raise BriefbookError(f"{refusal}: the folder {resolved.parent} does not exist")
    if resolved.exists() or resolved.is_symlink():
        if not resolved.is_file():
            raise BriefbookError(f"{refusal} is not a regular file (a device, a FIFO or a folder)")
        with contextlib.suppress(OSError), open(resolved, "rb") as fh:
            if fh.read(len(_EXPORT_START)) == _EXPORT_START:
                return resolved
        raise BriefbookError(f"{refusal} exists and is not a corpus.json briefbook wrote: briefbook replaces "
                             "only its own exports; choose another file name")
    return resolved
