"""From a project's YAML files to one immutable, cross-linked corpus, with every problem found on the way.

The stages, each handing the next what it made: load and validate the files
(`files`), index the registries (`registry`), resolve their own references
(`references`), resolve each document against its seed (`documents`), assemble
the corpus (`assemble`, with what the sources support of the registries: `support`),
then check its health (`health`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..problems import Problem
from ..project import Project
from .as_of import plan_view, view_inputs
from .assemble import assemble
from .documents import DocumentFacts, DocumentResolver
from .files import Inputs, load_inputs, load_registries, registry_memo, yaml_files
from .health import check_health
from .pinning import drift_problems
from .records import Corpus
from .references import resolve_links
from .registry import RegistryIndex, index_registries
from .scanning import NameScanner
from .seeds import SeedError, find_seed, read_seed
from .support import assessment_key, registry_citations, unmatched_assessments


def build_corpus(project: Project, *, include_drafts: bool = False, cache: dict | None = None,
                 as_of: date | None = None) -> tuple[Corpus | None, list[Problem]]:
    """Every problem in the project at once; a corpus only when there are no errors.

    The corpus carries the warnings (its health report) so that pages can show them.
    Drafts (`draft: true`) are checked too, but their problems are warnings: a draft
    never breaks a build. They join the corpus only with include_drafts (the preview).
    With as_of, every briefing is checked as always, then the corpus is built again from the
    sources certainly published by that date (`as_of.py`): what a project holding only those
    would build, its warnings those of the view.
    """
    inputs = load_inputs(project, include_drafts=include_drafts, cache=cache)
    corpus, problems, documents, index = _checked(project, inputs, cache)
    if corpus is None or as_of is None:
        return corpus, problems
    view = plan_view(inputs, documents, index, as_of)
    # no cache: its memo of name scans holds for the whole registry, not the view's
    seen, found, _, _ = _checked(project, view_inputs(inputs, index, view), None,
                                 hidden={entry.id for entry in view.left_out})
    if seen is None:  # a bug in the view, not in the briefings: the errors say what
        return None, problems + found
    return replace(seen, as_of=view), problems


def _checked(project: Project, inputs: Inputs, cache: dict | None, hidden: set[str] = frozenset()):
    """(corpus or None, problems, the documents resolved, the registry index) for one set of inputs;
    hidden: briefings left out of an as-of view, whose citations in the registry are skipped."""
    problems = list(inputs.problems)
    index, found = index_registries(inputs.registries)
    problems += found
    scanner = NameScanner(index, registry_memo(cache))
    links, found = resolve_links(index)
    problems += found
    documents, found = resolve_documents(project, inputs, index, scanner, cache)
    problems += found
    left_out = {Path(display).stem for display in inputs.drafts} - {f.source.id for f in documents}
    unread_documents = {Path(display).stem for display in inputs.unread} | hidden | (
        {f.stem for f in yaml_files(project.briefings)} - {f.source.id for f in documents} - left_out)
    cited, found = registry_citations(index, {f.source.id: f.source for f in documents}, left_out,
                                      unread_documents)
    problems += found
    corpus = assemble(index, links, documents, cited)
    problems += unmatched_assessments(index, {e.id: {assessment_key(d.field) for d in e.disagreements}
                                              for e in corpus.events.values()})
    problems += check_health(corpus, index, {d: f.located for d, f in inputs.documents.items()}, scanner,
                             all_read=not inputs.unread, registry_read=not inputs.unread_ids)
    problems = [p for p in problems if not _names_unread_entry(p, inputs.unread_ids)]
    problems = [replace(p, severity="warning", message=f"(draft) {p.message}")
                if p.path in inputs.drafts and p.is_error else p for p in problems]
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.code))
    if any(p.is_error for p in problems):
        return None, problems, documents, index
    return replace(corpus, warnings=tuple(problems)), problems, documents, index


_REFERENCE = re.compile(r"^(?:no (?:actor|event) |part_of )'([a-z0-9-]+)'")


def _names_unread_entry(problem: Problem, unread_ids: set[str]) -> bool:
    """A reference to an entry of a registry file YAML could not read: that file's error is the one to fix,
    not one more for every reference to what it defines."""
    if problem.code not in {"unknown-actor", "unknown-event", "unknown-reference"} or not unread_ids:
        return False
    match = _REFERENCE.match(problem.message)
    return match is not None and match.group(1) in unread_ids


def resolve_documents(project: Project, inputs: Inputs, index: RegistryIndex, scanner: NameScanner,
                      cache: dict | None = None) -> tuple[list[DocumentFacts], list[Problem]]:
    """Each document against its seed, in id order; a seed summarised twice is reported."""
    problems: list[Problem] = []
    documents: list[DocumentFacts] = []
    seeds_used: dict[str, str] = {}
    for doc_id, loaded in sorted(inputs.documents.items()):
        doc, located = loaded.model, loaded.located
        seed_path, problem = find_seed(project.seeds, doc.seed, located)
        if seed_path is None:
            problems += [problem] if problem else []
            continue
        if doc.seed in seeds_used:
            problems.append(located.problem(("seed",), "duplicate-seed",
                                            f"seed {doc.seed!r} is already summarised by {seeds_used[doc.seed]!r}"))
        seeds_used[doc.seed] = doc_id
        try:
            seed = read_seed(seed_path, cache, doc.paragraphs)
        except SeedError as err:  # each problem at the seed's own line and column
            problems += err.problems
            continue
        except (OSError, UnicodeDecodeError) as err:
            problems.append(located.problem(("seed",), "unreadable-seed", f"cannot read {doc.seed}: {err}"))
            continue
        problems += seed.warnings
        paragraphs = seed.paragraphs
        try:
            problems += drift_problems(doc_id, located, doc.seed, seed_path, paragraphs, doc.paragraphs)
        except OSError as err:
            problems.append(located.problem(("seed",), "unreadable-seed", f"cannot read {doc.seed}: {err}"))
            continue
        facts, found = DocumentResolver(doc_id, loaded, seed_path, paragraphs, index, scanner).resolve()
        documents.append(facts)
        problems += found
    return documents, problems


def registry_scanner(project: Project) -> NameScanner:
    """The registry's names, for tools that scan a text not yet briefed (a new draft)."""
    index, _ = index_registries(load_registries(project))
    return NameScanner(index)
