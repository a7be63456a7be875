"""Read the project's YAML files (registries and briefings) into validated models, drafts apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..project import Project, UnsafeInput
from . import models as m
from .loading import Located, load_yaml_file
from .validation import salvage, validate_model


@dataclass
class LoadedFile:
    located: Located
    model: Any
    salvaged: bool = False  # validation failed; the model holds only the parts that validated


@dataclass
class Inputs:
    """Every YAML file of a project, loaded and validated: what the resolving stages start from."""

    registries: list[LoadedFile] = field(default_factory=list)
    documents: dict[str, LoadedFile] = field(default_factory=dict)  # document id → its briefing
    drafts: set[str] = field(default_factory=set)  # display paths of draft briefings
    unread: set[str] = field(default_factory=set)  # briefings that could not be read at all (a YAML error)
    # ids of registry entries that could not be read (a YAML error, or an entry that failed validation)
    unread_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def yaml_files(folder: Path) -> list[Path]:
    """The folder's *.yaml and *.yml entries, links and special files included: reading one
    reports what it is (a link, a FIFO), where skipping it would hide the mistake."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})


def _folder_problem(project: Project, folder: Path) -> Problem | None:
    """A folder of inputs that is a link (or not a folder) is one problem, not one per file in it."""
    try:
        project.check_input(folder, folder=True)
    except UnsafeInput as err:
        return None if err.code == "unreadable" else Problem(project.display(folder), 0, 0, err.code, err.message)
    return None


def load_inputs(project: Project, *, include_drafts: bool = False, cache: dict | None = None) -> Inputs:
    """Every registry file and briefing, each loaded once (in the preview, only when changed).

    A draft (`draft: true`) is checked, its TODOs listed; it joins the documents only
    with include_drafts and when it validated.
    """
    inputs = Inputs()
    reader = _Reader(project, cache, inputs.problems)
    inputs.registries = load_registries(project, reader, inputs.unread_ids)
    file_of: dict[str, str] = {}
    problem = _folder_problem(project, project.briefings)
    if problem:
        inputs.problems.append(problem)
    for path in yaml_files(project.briefings):
        display = project.display(path)
        doc_id = path.stem
        problem = _document_id_problem(doc_id, display, file_of)
        if problem:
            inputs.problems.append(problem)
            continue
        file_of[doc_id] = display
        loaded = reader.load(path, m.Briefing)
        if loaded and loaded.model.draft is True:
            inputs.drafts.add(display)
            inputs.problems.extend(draft_todos(loaded.located))
            if not include_drafts or loaded.salvaged:
                inputs.problems.append(Problem(display, 1, 1, "draft", "a draft: left out of the build "
                                               "until `draft: true` is removed", "warning"))
                continue
        if loaded:
            inputs.documents[doc_id] = loaded
        else:
            inputs.unread.add(display)
    return inputs


def load_registries(project: Project, reader: "_Reader | None" = None,
                    unread_ids: set[str] | None = None) -> list[LoadedFile]:
    """Every registry file that could be read (problems go to the reader's list); into unread_ids, the ids
    the files that could not be read seem to define (so that references to them are not reported too)."""
    reader = reader or _Reader(project, None, [])
    problem = _folder_problem(project, project.registry)
    if problem:
        reader.problems.append(problem)
        return []
    registry_files = yaml_files(project.registry)
    if not registry_files:
        reader.problems.append(Problem(project.display(project.registry), 0, 0,
                                       "missing-registry", "no registry files (*.yaml) found"))
    files = []
    for path in registry_files:
        loaded = reader.load(path, m.Registry)
        if loaded:
            files.append(loaded)
            if loaded.salvaged and unread_ids is not None:
                unread_ids |= _ids_left_out(loaded)
        elif unread_ids is not None:
            unread_ids |= _ids_written_in(project, path)
    return files


def _ids_left_out(loaded: LoadedFile) -> set[str]:
    """The ids of entries that failed validation (reported at their lines), left out of the registry."""
    out = set()
    for section in ("actors", "events", "places"):
        written = loaded.located.data.get(section) if isinstance(loaded.located.data, dict) else None
        kept = getattr(loaded.model, section, None) or {}
        if isinstance(written, dict):
            out |= {k for k in written if isinstance(k, str) and k not in kept}
    return out


_ENTRY_KEY = re.compile(r"^[ ]{1,8}([a-z0-9]+(?:-[a-z0-9]+)*):", re.M)


def _ids_written_in(project: Project, path: Path) -> set[str]:
    """The ids a registry file that YAML cannot read seems to define: its indented kebab-case keys."""
    from .loading import MAX_FILE_BYTES
    try:
        text = project.read_input(path, limit=MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except (UnsafeInput, OSError):
        return set()
    return set(_ENTRY_KEY.findall(text))


def _document_id_problem(doc_id: str, display: str, file_of: dict[str, str]) -> Problem | None:
    """Why a briefing's file name cannot be its document id, if it cannot."""
    if not re.match(m.ID_PATTERN, doc_id) or len(doc_id) > 80:
        return Problem(display, 1, 1, "bad-id", f"file name {Path(display).name!r} must be a lowercase "
                                                "kebab-case id, e.g. 'kabul-process-2017.yaml'")
    if doc_id in m.RESERVED_IDS:
        return Problem(display, 1, 1, "reserved-id", f"{doc_id!r} names a fixed page; choose another file name")
    if doc_id in file_of:  # a.yaml and a.yml would both be the page sources/a
        return Problem(display, 1, 1, "duplicate-document",
                       f"{file_of[doc_id]} has the same id {doc_id!r}; rename or remove one of them")
    return None


def draft_todos(located: Located) -> list[Problem]:
    """A draft says what is still to be written: every value still marked TODO."""
    found: list[Problem] = []

    def walk(value, loc):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, loc + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, loc + (i,))
        elif isinstance(value, str) and "TODO" in value:
            field_name = ".".join(str(p) for p in loc)
            found.append(located.problem(loc, "draft-todo", f"{field_name}: still to do: {value[:80]}",
                                         "warning"))
    walk(located.data, ())
    return found


class _Reader:
    """Loads and validates one file; with a cache (the preview), unchanged files are not parsed again."""

    def __init__(self, project: Project, cache: dict | None, problems: list[Problem]):
        self.project = project
        self.cache = cache
        self.problems = problems

    def load(self, path: Path, model_cls) -> LoadedFile | None:
        if self.cache is None:
            return self._load_uncached(path, model_cls)
        try:
            stat = path.lstat()  # a file swapped for a link is a new version, not the cached one
            key = (str(path), stat.st_mtime_ns, stat.st_size, model_cls.__name__)
        except OSError:
            key = None
        if key is not None and key in self.cache:
            loaded, problems = self.cache[key]
            self.problems.extend(problems)
            return loaded
        before = len(self.problems)
        loaded = self._load_uncached(path, model_cls)
        if key is not None:
            latest = self.cache.setdefault(("latest",), {})  # (path, model) → its cached key
            stale = latest.get((key[0], key[3]))
            if stale is not None:
                self.cache.pop(stale, None)  # the file's older version
            latest[(key[0], key[3])] = key
            self.cache[key] = (loaded, self.problems[before:])
        return loaded

    def _load_uncached(self, path: Path, model_cls) -> LoadedFile | None:
        located, problems = load_yaml_file(path, self.project.display(path), self.project.root)
        self.problems.extend(problems)
        if located is None:
            return None
        model, problems = validate_model(located, model_cls)
        self.problems.extend(problems)
        if model is None:
            # Keep checking what is valid (references, citations, quotes) so that one
            # run reports every problem; the corpus is never built from salvaged data.
            model = salvage(located.data, model_cls)
            return LoadedFile(located, model, salvaged=True) if model is not None else None
        return LoadedFile(located, model)


def registry_memo(cache: dict | None) -> dict:
    """A memo for results that hold while the registry is unchanged (scans of text for names).

    In the preview it lives in the cache, keyed by the registry files' versions; a build starts empty.
    """
    if cache is None:
        return {}
    signature = tuple(sorted(k for k in cache if isinstance(k, tuple) and len(k) == 4 and k[3] == "Registry"))
    for stale in [k for k in cache if k[0] == "names" and k[1] != signature]:
        del cache[stale]  # scans made with an older registry are never valid again
    return cache.setdefault(("names", signature), {})
