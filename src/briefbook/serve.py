"""Live preview: rebuild on every change, keep the last good site when input is broken."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from pathlib import Path

import click

from .problems import BriefbookError
from .project import Project
from .publish.docs import MANIFEST, write_pages
from .publish.site import mkdocs_build, publish


class Preview:
    """Builds the preview outside docs/ and site/, so serving never touches published files."""

    def __init__(self, project: Project, serve_url: str | None = None):
        self.project = project
        self.serve_url = serve_url
        self.work = Path(tempfile.mkdtemp(prefix="briefbook-serve-"))
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

    def _template_state(self) -> tuple:
        paths = sorted(self.project.templates.rglob("*"))
        return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())

    def _theme_state(self) -> tuple:
        """What a dirty build would not notice: mkdocs.yml and the theme overrides."""
        paths = [self.project.config_file, *sorted((self.project.templates / "theme").rglob("*"))]
        return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())

    def _sync_hand_written(self) -> set[str]:
        """Copy docs/ minus generated pages into the preview's own docs folder."""
        src = self.project.docs
        generated: set[str] = set()
        manifest = src / MANIFEST
        if manifest.is_file():
            generated = set(json.loads(manifest.read_text(encoding="utf-8")))
        keep = set()
        if src.is_dir():
            for path in src.rglob("*"):
                rel = path.relative_to(src).as_posix()
                if path.is_file() and rel not in generated and rel != MANIFEST:
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
                generated = generate(self.project, include_drafts=True, cache=self.cache, previous=previous,
                                     env=self.env)
                report(list(generated.warnings))
                keep = self._sync_hand_written() | set(generated.pages) | {MANIFEST}
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
                return False
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
    tmp = index.with_name(index.name + ".tmp")
    tmp.write_text(json.dumps(full, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(index)


def serve(project: Project, dev_addr: str) -> None:
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise BriefbookError(f"--dev-addr must be HOST:PORT, not {dev_addr!r}")
    url = f"http://{host}:{port}/"
    preview = Preview(project, serve_url=url)
    preview.rebuild()
    server = LiveReloadServer(builder=preview.rebuild, host=host, port=int(port), root=str(preview.site_dir))
    for path in (project.briefings, project.seeds, project.templates, project.docs, project.config_file):
        if path.exists():
            server.watch(str(path))
    click.echo(f"Serving on {url} (Ctrl-C to stop)", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
