"""The pipeline, stage by stage: load → validate → resolve → render → write → site."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import click

from .feedback import NORMAL, QUIET, Feedback
from .problems import BriefbookError, Problem
from .project import Project
from .publish.render import make_environment, render_pages
from .corpus import Corpus, build_corpus


@dataclass(frozen=True)
class Generated:
    corpus: Corpus
    pages: dict[str, str]
    warnings: tuple[Problem, ...]


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def validate(project: Project, *, include_drafts: bool = False,
             cache: dict | None = None) -> tuple[Corpus, list[Problem]]:
    """The corpus, or a BriefbookError listing every problem at once."""
    corpus, problems = build_corpus(project, include_drafts=include_drafts, cache=cache)
    if corpus is None:
        errors = sum(p.is_error for p in problems)
        raise BriefbookError(f"{errors} error{'s' if errors != 1 else ''} in the briefings; nothing was built",
                             problems)
    return corpus, problems


def site_name(project: Project) -> str:
    """site_name from mkdocs.yml, read without constructing anything (it may use MkDocs' !ENV tags)."""
    import yaml
    try:
        node = yaml.compose(project.config_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "site_name" and isinstance(value, yaml.ScalarNode):
                return value.value
    return ""


def _template_error(err, default: str) -> BriefbookError:
    """A template mistake as one clean line naming the template and line."""
    where = getattr(err, "filename", None) or getattr(err, "name", None) or default
    line = getattr(err, "lineno", None)
    return BriefbookError(f"{where}{':' + str(line) if line else ''}: template-error: {err}")


def generate(project: Project, *, pdf: bool = False, include_drafts: bool = False,
             cache: dict | None = None, previous: "Generated | None" = None,
             env=None, feedback: Feedback | None = None) -> Generated:
    """Everything up to Markdown in memory; nothing is written."""
    feedback = feedback or Feedback(QUIET)
    with feedback.stage("check the briefings"):
        corpus, warnings = validate(project, include_drafts=include_drafts, cache=cache)
    feedback.detail(f"  {len(corpus.sources)} sources, {len(corpus.actors)} actors, {len(corpus.events)} events, "
                    f"{len(corpus.topics)} issues; {len(warnings)} warnings")
    if not project.templates.is_dir():
        raise BriefbookError(f"no templates folder at {project.display(project.templates)}")
    import jinja2
    try:
        with feedback.stage("render the pages"), feedback.bar("Pages", 0) as bar:
            pages = render_pages(corpus, env or make_environment(project.templates), site_name=site_name(project),
                                 pdf=pdf, previous=(previous.corpus, previous.pages) if previous else None,
                                 progress=bar)
    except jinja2.TemplateError as err:
        raise _template_error(err, "templates") from None
    return Generated(corpus, pages, tuple(warnings))


def build(project: Project, site_dir: Path | None = None, *, strict: bool = True, pdf: bool = True,
          page_size: str = "A4", jobs: int | None = None,
          feedback: Feedback | None = None, pagefind: bool = False) -> Generated:
    from .publish.docs import write_pages
    from .publish.site import build_into
    feedback = feedback or Feedback(NORMAL)
    generated = generate(project, pdf=pdf, feedback=feedback)
    with feedback.stage("write docs/"):
        written, removed = write_pages(generated.pages, project.docs)
    feedback.detail(f"  {written} pages written, {removed} removed, "
                    f"{len(generated.pages) - written} unchanged in {project.display(project.docs)}")
    from .publish.export import corpus_json
    export = corpus_json(generated.corpus)
    docs = None
    if pdf:
        with feedback.stage("lay out the print pages"):
            docs = print_html(project, generated.corpus, page_size, svgs=generated.pages)

    def extra(staging: Path) -> None:
        (staging / "corpus.json").write_text(export, encoding="utf-8")
        if pagefind:
            from .publish.pagefind import SEARCH_PAGE, add_to_site
            with feedback.stage("index for Pagefind"):
                sizes = add_to_site(staging, site_name(project))
            feedback.detail(f"  Pagefind: {sizes['pages']} pages, {sizes['chunks']} index chunks, "
                            f"{sizes['total_bytes'] / 1e6:.1f} MB; one query fetches about "
                            f"{sizes['query_bytes'] / 1e3:.0f} KB; search page {SEARCH_PAGE}")
        if docs is not None:
            with feedback.stage("make the PDFs"):
                make_pdfs(project, docs, staging, jobs=jobs, feedback=feedback)

    with feedback.stage("build the site"), feedback.bar("Site", 0) as bar:
        build_into(project, site_dir or project.site, strict=strict, extra=extra, progress=bar)
    feedback.detail(f"  total: {time.perf_counter() - feedback.started:.2f} s")
    return generated


def print_html(project: Project, corpus: Corpus, page_size: str = "A4",
               svgs: dict[str, str] | None = None) -> dict[str, str]:
    import jinja2

    from .publish.printing import print_documents
    try:
        return print_documents(corpus, project.templates, site_name=site_name(project), page_size=page_size,
                               svgs=svgs)
    except jinja2.TemplateError as err:
        raise _template_error(err, "templates/print") from None


def make_pdfs(project: Project, docs: dict[str, str], out_root: Path, *, jobs: int | None = None,
              feedback: Feedback | None = None):
    from .publish.pdf import write_pdfs
    feedback = feedback or Feedback(NORMAL)
    with feedback.bar("PDFs", len(docs)) as bar:  # drawn on a terminal only
        result = write_pdfs(docs, out_root, project.root / ".briefbook-cache" / "pdf", jobs=jobs,
                            progress=bar)
    feedback.info(f"PDFs: {result.built} rendered ({result.pages_rendered} pages), {result.cached} "
                  f"unchanged, {result.removed} removed, in {result.seconds:.1f} s")
    return result
