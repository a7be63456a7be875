"""Live preview: rebuild on every change, keep the last good site when input is broken.

The preview builds in its own folder under the temporary directory (never docs/ or site/),
removed when the server stops (Ctrl-C, SIGTERM, SIGHUP) and, when it was killed outright,
by the next preview. It answers malformed request paths with 400 and warns when it listens
beyond this machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import urllib.parse
from pathlib import Path

import click

from .problems import BriefbookError, Problem
from .project import Project, unsafe_in_tree
from .publish.banner import banner_app, banner_html
from .publish.docs import LOCK, MANIFEST, write_pages
from .publish.output import write_file
from .publish.site import mkdocs_build, publish

WORK_PREFIX = "briefbook-serve-"


class Preview:
    """Builds the preview outside docs/ and site/, so serving never touches published files."""

    def __init__(self, project: Project, serve_url: str | None = None):
        self.project = project
        self.serve_url = serve_url
        remove_abandoned_previews()
        self.work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        self.site_dir = self.work / "site"
        self.site_dir.mkdir()
        self.docs_dir = self.work / "docs"
        self.lock = threading.Lock()
        self.builds = 0
        self._theme: tuple = ()
        self.cache: dict = {}  # parsed and validated YAML, by path, mtime and size
        self._previous = None  # the last good render, to take unchanged pages over from
        self._templates: tuple = ()
        self.env = None
        self.kept = None  # what the site folder holds of its editions (read at the first render)
        self.banner: str | None = None  # while the input is broken: the error banner every page shows

    def _template_state(self) -> tuple:
        paths = sorted(self.project.templates.rglob("*"))
        return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())

    def _theme_state(self) -> tuple:
        """What a dirty build would not notice: mkdocs.yml and the theme overrides."""
        paths = [self.project.config_file, *sorted((self.project.templates / "theme").rglob("*"))]
        return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())

    def _sync_hand_written(self) -> set[str]:
        """Copy docs/ minus generated pages into the preview's own docs folder (no links, no FIFOs:
        MkDocs would follow them, and a copy would too)."""
        src = self.project.docs
        unsafe = unsafe_in_tree(src, self.project.root)
        if unsafe:
            raise BriefbookError(f"{len(unsafe)} file(s) in docs/ briefbook will not read", [
                Problem(self.project.display(path), 0, 0, err.code, err.message) for path, err in unsafe])
        generated: set[str] = set()
        manifest = src / MANIFEST
        if manifest.is_file():
            try:
                generated = set(json.loads(manifest.read_text(encoding="utf-8")))
            except (ValueError, TypeError, OSError):
                generated = set()
        keep = set()
        if src.is_dir():
            for path in src.rglob("*"):
                rel = path.relative_to(src).as_posix()
                if path.is_file() and not path.is_symlink() and rel not in generated and rel not in (MANIFEST, LOCK):
                    keep.add(rel)
                    target = self.docs_dir / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    if not target.exists() or target.read_bytes() != path.read_bytes():
                        shutil.copy2(path, target)
        return keep

    def rebuild(self) -> bool:
        """One rebuild; returns False (and keeps the previous pages) when the input is broken."""
        from .pipeline import generate, report
        with self.lock:
            try:
                templates = self._template_state()
                previous = self._previous if templates == self._templates else None
                if self.env is None:
                    from .publish.render import make_environment
                    self.env = make_environment(self.project.templates)  # Jinja reloads changed templates
                if self.kept is None:  # the published site's edition, read once: the preview marks what is new since
                    from .pipeline import kept_editions
                    self.kept, problems = kept_editions(self.project, self.project.site)
                    report(problems)
                generated = generate(self.project, include_drafts=True, cache=self.cache, previous=previous,
                                     env=self.env, kept=self.kept)
                report(list(generated.warnings))
                keep = self._sync_hand_written() | set(generated.pages) | {MANIFEST, LOCK}
                written, removed = write_pages(generated.pages, self.docs_dir)
                for path in list(self.docs_dir.rglob("*")):  # hand-written pages deleted meanwhile
                    if path.is_file() and path.relative_to(self.docs_dir).as_posix() not in keep:
                        path.unlink()
                        removed += 1
                theme = self._theme_state()
                if self.builds == 0 or removed or theme != self._theme:
                    # first build, a page gone, or the theme/config changed: everything again
                    staging = Path(tempfile.mkdtemp(prefix="site-", dir=self.work))
                    try:
                        mkdocs_build(self.project, staging, strict=False, docs_dir=self.docs_dir,
                                     serve_url=self.serve_url)
                        publish(staging, self.site_dir)
                    finally:
                        shutil.rmtree(staging, ignore_errors=True)
                elif written:
                    # MkDocs' dirty build renders only the pages whose Markdown changed; only
                    # changed pages were rewritten above, so an edit re-renders what it touched
                    index = self.site_dir / "search" / "search_index.json"
                    full_index = index.read_bytes() if index.is_file() else None
                    mkdocs_build(self.project, self.site_dir, strict=False, docs_dir=self.docs_dir,
                                 serve_url=self.serve_url, dirty=True)
                    if full_index is not None and index.is_file():
                        _merge_search_index(index, full_index)
                self._theme = theme
                self._templates, self._previous = templates, generated
            except BriefbookError as err:
                err.show()
                click.echo("Preview not updated: showing the last good pages.", err=True)
                self.banner = banner_html(err.problems, err.message)
                return False
            except OSError as err:  # a full disk, a file removed while it was read
                click.echo(f"Error: {err.filename or 'the preview'}: {err.strerror or err}", err=True)
                click.echo("Preview not updated: showing the last good pages.", err=True)
                self.banner = banner_html([], f"{err.filename or 'the preview'}: {err.strerror or err}")
                return False
            self.banner = None
            self.builds += 1
            click.echo(f"Preview rebuilt: {len(generated.pages)} pages", err=True)
            return True

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _merge_search_index(index: Path, full_index: bytes) -> None:
    """A dirty build's search index holds only the pages it rebuilt: put them into the
    full index of the last full build, so search in the preview still finds every page."""
    try:
        full = json.loads(full_index)
        partial = json.loads(index.read_bytes())
    except ValueError:
        return
    rebuilt = {doc["location"].split("#", 1)[0] for doc in partial.get("docs", ())}
    kept = [doc for doc in full.get("docs", ()) if doc["location"].split("#", 1)[0] not in rebuilt]
    full["docs"] = kept + list(partial.get("docs", ()))
    write_file(index, json.dumps(full, ensure_ascii=False, separators=(",", ":")))


def remove_abandoned_previews() -> None:
    """Preview folders whose server was killed outright (kill -9: nothing could run) are removed,
    when they are this user's and their process is gone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
        pid = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not pid.isdigit() or not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def reachable_from_network(host: str) -> bool:
    """Whether a server listening on `host` can be reached from other machines."""
    host = host.strip("[]")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0])
                         for info in socket.getaddrinfo(host, None)]
        except (socket.gaierror, ValueError, UnicodeError):
            return True  # cannot tell: warn
    return not addresses or not all(a.is_loopback for a in addresses)


_BAD_PATH = re.compile(r"[\x00-\x1f\x7f\\]")


def _bad_path(raw: str) -> bool:
    """NUL, control characters, backslashes, bytes that are not UTF-8 and `..` segments, also
    when percent-encoded, and paths no page has (over 2,048 characters)."""
    try:
        path = raw.encode("latin-1").decode("utf-8")
        decoded = urllib.parse.unquote(path, errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return True
    return bool(_BAD_PATH.search(decoded)) or ".." in decoded.split("/") or len(path) > 2048


def _checked_app(app):
    """The preview's WSGI app behind a check of the request path: a bad one gets 400 before
    MkDocs' server sees it (a NUL made it answer 500 with a traceback)."""
    def checked(environ, start_response):
        if _bad_path(environ.get("PATH_INFO", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request: not a path in the preview\n"]
        return app(environ, start_response)
    return checked


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the preview as Ctrl-C does, so its folder is removed."""
    def stop(signum, frame):
        raise KeyboardInterrupt
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def serve(project: Project, dev_addr: str) -> None:
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BriefbookError(f"--dev-addr must be HOST:PORT, not {dev_addr!r}")
    host = host.strip("[]")
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    if reachable_from_network(host):
        click.echo(f"Warning: the preview at {url} is reachable from the network: anyone who can reach this "
                   "machine can read every page, drafts included. Use --dev-addr 127.0.0.1:PORT to keep it "
                   "on this machine.", err=True)
    _stop_on_signals()
    preview = Preview(project, serve_url=url)
    try:
        preview.rebuild()
        server = LiveReloadServer(builder=preview.rebuild, host=host, port=int(port), root=str(preview.site_dir))
    except BaseException:
        preview.close()
        raise
    server.set_app(_checked_app(banner_app(server.serve_request, lambda: preview.banner)))
    for path in (project.briefings, project.seeds, project.templates, project.docs, project.config_file):
        if path.exists():
            server.watch(str(path))
    click.echo(f"Serving on {url} (Ctrl-C to stop)", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as err:
        raise BriefbookError(f"cannot serve on {dev_addr}: {err.strerror or err}") from None
    finally:
        server.shutdown()
        preview.close()
