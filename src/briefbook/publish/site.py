"""The MkDocs edge: build the site from docs/ into a new folder, then swap it in atomically.

MkDocs reads mkdocs.yml, docs/ and the theme folder and follows links in them, so those
are checked before it runs (`site_inputs`); its theme templates run in the same Jinja sandbox
as ours; the new site is marked as briefbook's (`.briefbook-site`) before it replaces the old.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
import types
from pathlib import Path

from ..problems import BriefbookError, Problem, template_error
from ..project import Project, UnsafeInput, check_input
from .output import MARKER_TEXT, SITE_MARKER, temporary_name, write_error, write_file


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


class _NoIndex:
    """Material's search index that keeps nothing: `briefbook build` replaces it by Pagefind's
    (publish/search.py writes the stub Material's box loads), so building it was wasted: 15 % of the
    MkDocs build at 1,000 documents, and every page's text held until the end at 10,000."""

    def add_entry_from_context(self, page) -> None:
        pass

    def generate_search_index(self, prev) -> str:
        from .search import STUB
        import json
        return json.dumps(STUB)


def _skip_search_index_plugin():
    """A MkDocs plugin that gives the search plugin a `_NoIndex` once it has made its own; the plugin
    still runs (the theme shows its box, it still strips `data-search-*` attributes from the pages)."""
    from mkdocs.plugins import BasePlugin, event_priority

    class SkipSearchIndex(BasePlugin):
        @event_priority(-100)  # after the search plugin's on_config, which makes its index
        def on_config(self, config):
            for name in ("material/search", "search"):
                plugin = config.plugins.get(name)
                if plugin is not None and hasattr(plugin, "search_index"):
                    plugin.search_index = _NoIndex()
            return config

    return SkipSearchIndex()


def _theme_dir(project: Project) -> tuple[str | None, Problem | None]:
    """theme.custom_dir as mkdocs.yml writes it, read without constructing anything."""
    import yaml
    try:
        text = project.read_input(project.config_file, limit=1024 * 1024, what="mkdocs.yml").decode("utf-8")
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except UnsafeInput as err:
        return None, None if err.code == "unreadable" else Problem("mkdocs.yml", 0, 0, err.code, err.message)
    except (UnicodeDecodeError, yaml.YAMLError):
        return None, None  # MkDocs reports it in its own words
    for key, value in getattr(node, "value", []) if isinstance(node, yaml.MappingNode) else []:
        if key.value == "theme" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                if k.value == "custom_dir" and isinstance(v, yaml.ScalarNode):
                    return v.value, None
    return None, None


def site_inputs(project: Project) -> tuple[list[Path], list[Problem]]:
    """What MkDocs will read besides mkdocs.yml: the folders to check for links and special files
    (docs/, the theme folder), and what is wrong with mkdocs.yml or the theme folder's place."""
    custom_dir, problem = _theme_dir(project)
    if problem:
        return [], [problem]
    folders = [project.docs]
    if custom_dir:
        theme = project.config_file.parent / custom_dir
        try:
            check_input(theme, project.root, folder=True)
        except UnsafeInput as err:
            if err.code == "outside-project":
                return [], [Problem("mkdocs.yml", 0, 0, "outside-project",
                                    f"theme.custom_dir {custom_dir!r} lies outside the project: MkDocs would "
                                    "copy its files into the site; keep the theme in templates/theme")]
        folders.append(theme)
    return folders, []


def _sandboxed_theme_env(theme):
    """Theme.get_env as MkDocs 1.6 writes it, with the sandbox in place of jinja2.Environment."""
    from mkdocs import localization
    from mkdocs.utils import templates

    from .sandbox import sandboxed
    env = sandboxed([Path(d) for d in theme.dirs], auto_reload=False)
    env.filters["url"] = templates.url_filter
    env.filters["script_tag"] = templates.script_tag_filter
    localization.install_translations(env, theme.locale, theme.dirs)
    return env


def _load_config(project: Project, out_dir: Path, strict: bool, docs_dir: Path | None):
    from mkdocs.config import load_config
    # docs/ is where briefbook wrote the pages and what it checked, whatever mkdocs.yml says
    with open(project.config_file, "rb") as fh:
        config = load_config(fh, config_file_path=str(project.config_file), site_dir=str(out_dir),
                             strict=strict, docs_dir=str(docs_dir or project.docs))
    custom_dir = config.theme.custom_dir
    if custom_dir and project.root.resolve() not in Path(custom_dir).resolve().parents:
        raise BriefbookError(f"mkdocs.yml: outside-project: theme.custom_dir {custom_dir} lies outside the project")
    config.theme.get_env = types.MethodType(_sandboxed_theme_env, config.theme)
    return config


_NEED_SITE_URL = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def mkdocs_build(project: Project, out_dir: Path, *, strict: bool = True,
                 docs_dir: Path | None = None, serve_url: str | None = None, dirty: bool = False,
                 progress=None, search_index: bool = True) -> None:
    """Run MkDocs on the project's mkdocs.yml into out_dir; every warning is an error when strict.
    search_index=False: Material's search index is not made (the caller indexes the site itself)."""
    import jinja2
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    old_propagate = log.propagate
    log.propagate = False  # keep MkDocs' own lines out of our output; we report them
    try:
        config = _load_config(project, out_dir, strict, docs_dir)
        if serve_url:
            config.site_url = serve_url
        if progress is not None:
            config.plugins["briefbook-progress"] = _progress_plugin(progress)
        if not search_index:
            config.plugins["briefbook-skip-search-index"] = _skip_search_index_plugin()
        if dirty:
            # A dirty rebuild (the preview) keeps the 404 page and the sitemap of the full build
            # it follows: the navigation is fixed pages only, so neither changes with an edit;
            # rendering them again was a third of a rebuild at 1,000 documents.
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        build(config, serve_url=serve_url, dirty=dirty)
        if not config.site_url:
            # Without the address it is published at, a sitemap names no page and a 404 page's links
            # lead from the domain's root: neither is published (pipeline.site_url_problems says so).
            for name in _NEED_SITE_URL:
                (out_dir / name).unlink(missing_ok=True)
    except exceptions.Abort as err:
        raise BriefbookError("the site build failed:\n  " + "\n  ".join(collect.messages or [str(err)])) from None
    except jinja2.TemplateError as err:  # a theme override, or the sandbox refusing what it tried
        raise template_error(err, lambda p: project.display(Path(p)), "templates/theme") from None
    except FileNotFoundError as err:
        raise BriefbookError(f"{err.filename}: not found") from None
    except exceptions.ConfigurationError as err:
        raise BriefbookError(f"mkdocs.yml: {_short(str(err))}") from None
    finally:
        log.removeHandler(collect)
        log.propagate = old_propagate
    if strict and collect.messages:
        raise BriefbookError("the site build had warnings:\n  " + "\n  ".join(collect.messages))


def _short(message: str, lines: int = 6, width: int = 200) -> str:
    """A configuration error as MkDocs words it, without quoting a whole file back."""
    kept = [line if len(line) <= width else line[: width - 3] + "..." for line in message.splitlines()[:lines]]
    return "\n".join(kept)


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
            old = temporary_name(site_dir)  # a name of this build's own: another may be swapping too
            os.replace(site_dir, old)
            os.replace(new_site, site_dir)
            new_site = old
        shutil.rmtree(new_site, ignore_errors=True)
    else:
        os.replace(new_site, site_dir)


def _remove_abandoned_staging(site_dir: Path) -> None:
    """Staging folders (and old sites on their way out) left by builds that were killed (their
    process is gone) are removed."""
    left = [(f, f.name.removeprefix(f".{site_dir.name}.new-")) for f in site_dir.parent.glob(f".{site_dir.name}.new-*")]
    left += [(f, f.name.removeprefix(f".{site_dir.name}.")) for f in site_dir.parent.glob(f".{site_dir.name}.*-*.tmp")]
    for folder, rest in left:
        pid = rest.split("-", 1)[0]
        if not pid.isdigit() or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            pass


def build_into(project: Project, site_dir: Path, *, strict: bool = True, extra=None, progress=None,
               search_index: bool = True) -> None:
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
        try:
            mkdocs_build(project, staging, strict=strict, progress=progress, search_index=search_index)
            if extra is not None:
                extra(staging)
            write_file(staging / SITE_MARKER, MARKER_TEXT, shown=str(site_dir / SITE_MARKER))
            publish(staging, site_dir)
        except OSError as err:  # a full disk, most likely: name the file as it would have been published
            # a copy names its source first (err.filename) and what it could not write second
            raise write_error(err, _as_published(err.filename2 or err.filename, staging, site_dir)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _as_published(filename, staging: Path, site_dir: Path) -> str:
    if not filename:
        return str(site_dir)
    try:
        return str(site_dir / Path(os.fsdecode(filename)).resolve().relative_to(staging.resolve()))
    except ValueError:
        return os.fsdecode(filename)
