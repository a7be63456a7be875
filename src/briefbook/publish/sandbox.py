"""The Jinja sandbox every template runs in (pages, print layout, theme): templates are code.

Analysts override templates per entity (`templates/actor/<id>.md.j2`), and a template of an
ordinary Environment can reach Python's globals (`cycler.__init__.__globals__.os`). Here it
cannot: Jinja's ImmutableSandboxedEnvironment refuses `_` names, Python internals, format-string
tricks and changes to the data; on top of it, no path or file object and no pydantic method is
reachable (a record's `seed_path.read_text()` would read any file), strings and numbers made by
`*` and `**` stay small, templates load only as regular files inside their folder, and a page
may not grow past MAX_PAGE_CHARS.
"""

from __future__ import annotations

import functools
import io
import math
import os
import types
from pathlib import Path, PurePath

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..project import UnsafeInput, check_input

# The longest page: a 2 MB seed makes a source page of about 2.5 MB, an actor named in every
# source of a 10,000-document corpus a page of a few MB. Past this, a template is running away.
MAX_PAGE_CHARS = 32 * 1024 * 1024
MAX_MADE_LENGTH = 1024 * 1024  # a string or list made with `*`
MAX_POWER_DIGITS = 1000  # 10 ** 1000 is fine; 10 ** 10 ** 10 would run for hours


class CheckedLoader(jinja2.FileSystemLoader):
    """Loads a template only when it is a regular file inside its folder, reached through no link."""

    def __init__(self, template_dir: Path):
        super().__init__(str(template_dir))
        self.template_dir = Path(template_dir)

    def get_source(self, environment, template):
        for folder in self.searchpath:
            path = Path(folder).joinpath(*jinja2.loaders.split_template_path(template))
            if os.path.lexists(path):
                try:
                    check_input(path, Path(folder))
                except UnsafeInput as err:
                    raise SecurityError(f"{template}: {err.code}: {err.message}") from None
        return super().get_source(environment, template)


class PageTooLarge(SecurityError):
    """A page past max_output; `filename` names the template that made it."""

    filename: str | None = None
    lineno: int | None = None


class BoundedTemplate(jinja2.Template):
    """A template whose whole page is counted as it is made (Template.render as Jinja 3.1 writes it,
    with a counting join: the environment's own concat also joins every macro and block)."""

    def render(self, *args, **kwargs) -> str:
        limit = getattr(self.environment, "max_output", None)
        ctx = self.new_context(dict(*args, **kwargs))
        try:
            if limit is None:
                return self.environment.concat(self.root_render_func(ctx))
            return _bounded_join(self.root_render_func(ctx), limit)
        except PageTooLarge as err:
            err.filename = self.filename
            raise
        except Exception:
            self.environment.handle_exception()


def _bounded_join(chunks, limit: int) -> str:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise PageTooLarge(f"the page grew past {limit // (1024 * 1024)} MB; a template that repeats without end?")
        parts.append(chunk)
    return "".join(parts)


@functools.lru_cache(maxsize=None)
def _pydantic_type(cls: type) -> bool:
    return any(k.__module__.split(".")[0] == "pydantic" for k in cls.__mro__)


def _is_pydantic(obj) -> bool:
    return _pydantic_type(type(obj))


def _no_path_or_file(obj, value) -> bool:
    """Paths, files and modules reach the file system; pydantic methods do too (`parse_file`)."""
    if isinstance(obj, _REACH_FILES) or isinstance(value, _REACH_FILES):
        return False
    return not (callable(value) and _is_pydantic(obj))


_REACH_FILES = (PurePath, io.IOBase, types.ModuleType)
_SAFE: dict[tuple[type, str, type], bool] = {}


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with no way to the file system and no unbounded arithmetic."""

    intercepted_binops = frozenset({"*", "**"})
    template_class = BoundedTemplate
    max_output: int | None = MAX_PAGE_CHARS  # None for the print book, which holds every source

    def is_safe_attribute(self, obj, attr, value) -> bool:
        # Every check here and in Jinja's depends on the types and the name only, so the answer is
        # kept: checking each of the ~250,000 lookups of 1,000 documents doubled rendering time.
        key = (type(obj), attr, type(value))
        known = _SAFE.get(key)
        if known is None:
            known = _SAFE[key] = super().is_safe_attribute(obj, attr, value) and _no_path_or_file(obj, value)
        return known

    def is_safe_callable(self, obj) -> bool:
        if isinstance(getattr(obj, "__self__", None), _REACH_FILES):
            return False
        return super().is_safe_callable(obj)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * math.log10(abs(left)) > MAX_POWER_DIGITS:
            raise SecurityError(f"{left} ** {right} is too large a number for a template")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                        len(seq) * times > MAX_MADE_LENGTH:
                    raise SecurityError(f"a template may not make a string or list of {len(seq) * times:,} "
                                        f"items with * (at most {MAX_MADE_LENGTH:,})")
        return super().call_binop(context, operator, left, right)


def sandboxed(template_dir: Path | list[Path] | None = None, **options) -> Sandbox:
    """A sandboxed environment loading from template_dir (a folder, or several in order)."""
    if template_dir is not None and "loader" not in options:
        dirs = template_dir if isinstance(template_dir, list) else [template_dir]
        options["loader"] = jinja2.ChoiceLoader([CheckedLoader(d) for d in dirs]) if len(dirs) > 1 \
            else CheckedLoader(dirs[0])
    return Sandbox(**options)
