"""The MkDocs edge: build the site from docs/ into a new folder, then swap it in atomically."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..problems import BriefbookError
from ..project import Project


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _progress_plugin(progress):
    """A MkDocs plugin that reports each page as it is written: progress(done, total)."""
    from mkdocs.plugins import BasePlugin

    class Progress(BasePlugin):
        total = done = 0

        def on_files(self, files, config):
            self.total = len(files.documentation_pages())
            progress(0, self.total)
            return files

        def on_post_page(self, output, page, config):
            self.done += 1
            progress(self.done, self.total)
            return output

    return Progress()


def mkdocs_build(project: Project, out_dir: Path, *, strict: bool = True,
                 docs_dir: Path | None = None, serve_url: str | None = None, dirty: bool = False,
                 progress=None) -> None:
    """Run MkDocs on the project's mkdocs.yml into out_dir; every warning is an error when strict."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    old_propagate = log.propagate
    log.propagate = False  # keep MkDocs' own lines out of our output; we report them
    try:
        overrides = {"docs_dir": str(docs_dir)} if docs_dir else {}
        with open(project.config_file, "rb") as fh:
            config = load_config(fh, config_file_path=str(project.config_file),
                                 site_dir=str(out_dir), strict=strict, **overrides)
        if serve_url:
            config.site_url = serve_url
        if progress is not None:
            config.plugins["briefbook-progress"] = _progress_plugin(progress)
        if dirty:
            # A dirty rebuild (the preview) keeps the 404 page and the sitemap of the full build
            # it follows: the navigation is fixed pages only, so neither changes with an edit;
            # rendering them again was a third of a rebuild at 1,000 documents.
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        build(config, serve_url=serve_url, dirty=dirty)
    except exceptions.Abort as err:
        raise BriefbookError("the site build failed:\n  " + "\n  ".join(collect.messages or [str(err)])) from None
    except FileNotFoundError as err:
        raise BriefbookError(f"{err.filename}: not found") from None
    except exceptions.ConfigurationError as err:
        raise BriefbookError(f"mkdocs.yml: {err}") from None
    finally:
        log.removeHandler(collect)
        log.propagate = old_propagate
    if strict and collect.messages:
        raise BriefbookError("the site build had warnings:\n  " + "\n  ".join(collect.messages))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    res = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return res == 0


def publish(new_site: Path, site_dir: Path) -> None:
    """Put a complete new site in place of the old one, never leaving a half site."""
    if site_dir.exists():
        if not _exchange(new_site, site_dir):
            old = site_dir.with_name(site_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(site_dir, old)
            os.replace(new_site, site_dir)
            new_site = old
        shutil.rmtree(new_site, ignore_errors=True)
    else:
        os.replace(new_site, site_dir)


def _remove_abandoned_staging(site_dir: Path) -> None:
    """Staging folders left by builds that were killed (their process is gone) are removed."""
    for folder in site_dir.parent.glob(f".{site_dir.name}.new-*"):
        pid = folder.name.removeprefix(f".{site_dir.name}.new-").split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            pass


def build_into(project: Project, site_dir: Path, *, strict: bool = True, extra=None, progress=None) -> None:
    """Build beside site_dir, then swap in; on any failure site_dir is left as it was.

    `extra(staging_dir)` adds files (the PDFs) to the new site before it is published.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-", dir=site_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a published site must be readable
    try:
        mkdocs_build(project, staging, strict=strict, progress=progress)
        if extra is not None:
            extra(staging)
        publish(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
