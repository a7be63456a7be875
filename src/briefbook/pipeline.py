"""The pipeline, stage by stage: load → validate → resolve → render → write → site."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from .feedback import NORMAL, QUIET, Feedback
from .lock import project_lock
from .problems import BriefbookError, Problem, template_error
from .project import Project, UnsafeInput, unsafe_in_tree
from .publish.render import make_environment, render_pages
from .corpus import Corpus, build_corpus


@dataclass(frozen=True)
class Generated:
    corpus: Corpus
    pages: dict[str, str]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Built:
    """What `build` made: the page paths written into docs/ and the warnings (the corpus and the
    pages' text are let go before MkDocs runs: at 10,000 documents they would double its peak)."""
    pages: tuple[str, ...]
    warnings: tuple[Problem, ...]


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def validate(project: Project, *, include_drafts: bool = False, cache: dict | None = None,
             as_of: date | None = None) -> tuple[Corpus, list[Problem]]:
    """The corpus (as of a date: the sources published by then), or a BriefbookError listing every problem."""
    corpus, problems = build_corpus(project, include_drafts=include_drafts, cache=cache, as_of=as_of)
    if corpus is None:
        errors = sum(p.is_error for p in problems)
        raise BriefbookError(f"{errors} error{'s' if errors != 1 else ''} in the briefings; nothing was built",
                             problems)
    return corpus, problems


def _config_node(project: Project):
    """mkdocs.yml as a YAML node tree, composed without constructing anything (it may use MkDocs'
    !ENV tags); None when it cannot be read."""
    import yaml
    try:
        return yaml.compose(project.read_input(project.config_file, limit=1024 * 1024).decode("utf-8"),
                            Loader=yaml.BaseLoader)
    except (UnsafeInput, UnicodeDecodeError, yaml.YAMLError):
        return None


def _key(node, name: str):
    import yaml
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return value
    return None


def site_name(project: Project) -> str:
    """site_name from mkdocs.yml, read without constructing anything (it may use MkDocs' !ENV tags)."""
    return _config_scalar(project, "site_name")


def _config_scalar(project: Project, name: str) -> str:
    import yaml
    value = _key(_config_node(project), name)
    return value.value if isinstance(value, yaml.ScalarNode) else ""


BOOK_SETTING_CHARS = 2000  # a purpose or an `about` paragraph runs to a few hundred characters


def book_settings(project: Project):
    """The book's cover settings from mkdocs.yml (`extra: briefbook:`), with a warning for each key
    briefbook does not know and each value that is not a short line of text (left out, not guessed)."""
    import yaml
    from .corpus.loading import bad_characters, excerpt
    from .publish.printing import BookSettings
    node = _key(_key(_config_node(project), "extra"), "briefbook")
    values: dict[str, str] = {}
    problems: list[Problem] = []
    if node is None:
        return BookSettings(), problems
    where = project.display(project.config_file)
    if not isinstance(node, yaml.MappingNode):
        return BookSettings(), [Problem(where, node.start_mark.line + 1, node.start_mark.column + 1, "book-setting",
                                        "extra: briefbook: must be a mapping of settings (author, office, ...)",
                                        "warning")]
    for key, value in node.value:
        line, column = key.start_mark.line + 1, key.start_mark.column + 1
        name = key.value if isinstance(key, yaml.ScalarNode) else ""
        if name not in BookSettings.keys():
            problems.append(Problem(where, line, column, "book-setting", f"unknown setting {excerpt(name)}; "
                                    f"known: {', '.join(BookSettings.keys())}", "warning"))
        elif not isinstance(value, yaml.ScalarNode) or len(value.value) > BOOK_SETTING_CHARS \
                or bad_characters(value.value, where):  # control, bidi-override, invisible-separator characters
            problems.append(Problem(where, line, column, "book-setting", f"{name} must be a line of text of at "
                                    f"most {BOOK_SETTING_CHARS} characters, with no control or bidirectional-"
                                    "override characters; left out", "warning"))
        else:
            values[name] = " ".join(value.value.split())
    return BookSettings(**values), problems


def site_url_problems(project: Project) -> list[Problem]:
    """Without `site_url` the sitemap can name no page and a 404 page's links only work at a domain's
    root: briefbook leaves both out, and says so (a warning, so a file:// or preview build still works)."""
    if _config_scalar(project, "site_url").strip() or not project.config_file.is_file():
        return []
    return [Problem("mkdocs.yml", 1, 1, "no-site-url",
                    "site_url is not set: the site is built without sitemap.xml and without a 404 page "
                    "(both need the address it is published at); set site_url: https://… in mkdocs.yml",
                    "warning")]


def check_files(project: Project, folders: list[Path], problems: list[Problem] | None = None) -> None:
    """Links, FIFOs and devices anywhere in folders MkDocs or Jinja read, all reported at once,
    before anything is read or written (MkDocs follows links itself)."""
    found = [path_problem for folder in folders for path_problem in unsafe_in_tree(folder, project.root)]
    problems = list(problems or []) + [Problem(project.display(path), 0, 0, err.code, err.message)
                                       for path, err in found]
    if problems:
        raise BriefbookError(f"{len(problems)} file{'s' if len(problems) != 1 else ''} briefbook will not read; "
                             "nothing was built", problems)


def _rendering(project: Project, default: str):
    """Turns whatever a template does wrong (or the sandbox refuses) into one line."""
    import contextlib
    import jinja2

    @contextlib.contextmanager
    def guard():
        try:
            yield
        except jinja2.TemplateError as err:
            raise template_error(err, lambda p: project.display(Path(p)), default) from None
        except (RecursionError, ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as err:
            if not _raised_in_a_template(err):
                raise
            raise template_error(err, lambda p: project.display(Path(p)), default) from None
    return guard()


def _raised_in_a_template(err: BaseException) -> bool:
    import traceback
    return any(not f.filename.endswith(".py") and not f.filename.startswith("<")
               for f in traceback.extract_tb(err.__traceback__))


def generate(project: Project, *, pdf: bool = False, include_drafts: bool = False,
             cache: dict | None = None, previous: "Generated | None" = None,
             env=None, feedback: Feedback | None = None, as_of: date | None = None) -> Generated:
    """Everything up to Markdown in memory; nothing is written."""
    feedback = feedback or Feedback(QUIET)
    with feedback.stage("check the briefings"):
        corpus, warnings = validate(project, include_drafts=include_drafts, cache=cache, as_of=as_of)
    feedback.detail(f"  {len(corpus.sources)} sources, {len(corpus.actors)} actors, {len(corpus.events)} events, "
                    f"{len(corpus.topics)} issues; {len(warnings)} warnings")
    if not project.templates.is_dir():
        raise BriefbookError(f"no templates folder at {project.display(project.templates)}")
    check_files(project, [project.templates])
    with _rendering(project, "templates"), feedback.stage("render the pages"), feedback.bar("Pages", 0) as bar:
        pages = render_pages(corpus, env or make_environment(project.templates), site_name=site_name(project),
                             pdf=pdf, previous=(previous.corpus, previous.pages) if previous else None,
                             progress=bar)
    return Generated(corpus, pages, tuple(warnings))


def build(project: Project, site_dir: Path | None = None, *, strict: bool = True, pdf: bool = True,
          page_size: str = "A4", jobs: int | None = None,
          feedback: Feedback | None = None, as_of: date | None = None) -> Built:
    from .publish.output import check_site_dir
    feedback = feedback or Feedback(NORMAL)
    target, note = check_site_dir(project, site_dir or project.site)  # before anything is read or written
    with project_lock(project, say=feedback.info):
        if note:
            feedback.info(note)
        return _build_locked(project, target, strict=strict, pdf=pdf, page_size=page_size, jobs=jobs,
                             feedback=feedback, as_of=as_of)


def _build_locked(project: Project, site_dir: Path, *, strict: bool, pdf: bool, page_size: str,
                  jobs: int | None, feedback: Feedback, as_of: date | None = None) -> Built:
    from .publish.site import build_into
    export, docs, built = _prepare(project, pdf=pdf, page_size=page_size, feedback=feedback, as_of=as_of)
    gc.collect()  # the corpus holds reference cycles: free it now, not at some later allocation
    from .publish.output import write_file

    def extra(staging: Path) -> None:
        write_file(staging / "corpus.json", export, shown=f"{site_dir / 'corpus.json'}")
        from .publish.search import index_site
        with feedback.stage("index for search"):
            sizes = index_site(staging)
        feedback.detail(f"  search: {sizes['pages']} pages in {len(sizes['languages'])} language indexes, "
                        f"{sizes['bundle_bytes'] / 1e6:.1f} MB (+{sizes['file_copy_bytes'] / 1e6:.1f} MB "
                        f"for file://), {sizes['seconds']:.1f} s")
        if docs is not None:
            with feedback.stage("make the PDFs"):
                make_pdfs(project, docs, staging, jobs=jobs, feedback=feedback, shown_root=site_dir)

    with feedback.stage("build the site"), feedback.bar("Site", 0) as bar:
        # extra() indexes the site with Pagefind, which replaces Material's index: MkDocs makes none
        build_into(project, site_dir, strict=strict, extra=extra, progress=bar, search_index=False)
    feedback.detail(f"  total: {time.perf_counter() - feedback.started:.2f} s")
    return built


def _prepare(project: Project, *, pdf: bool, page_size: str, feedback: Feedback, as_of: date | None = None):
    """Everything the site build needs from the corpus, made before it runs: the pages written into
    docs/, corpus.json and the print HTML; (export, print docs or None, Built). The corpus and the
    pages' text go out of scope on return, so MkDocs reuses their memory."""
    from .publish.docs import write_pages
    from .publish.export import corpus_json
    from .publish.site import site_inputs
    generated = generate(project, pdf=pdf, feedback=feedback, as_of=as_of)
    check_files(project, *site_inputs(project))
    with feedback.stage("write docs/"):
        written, removed = write_pages(generated.pages, project.docs)
    feedback.detail(f"  {written} pages written, {removed} removed, "
                    f"{len(generated.pages) - written} unchanged in {project.display(project.docs)}")
    export = corpus_json(generated.corpus)
    docs = None
    if pdf:
        with feedback.stage("lay out the print pages"):
            docs = print_html(project, generated.corpus, page_size, svgs=generated.pages, feedback=feedback)
    built = Built(tuple(generated.pages), generated.warnings + tuple(site_url_problems(project)))
    return export, docs, built


def print_html(project: Project, corpus: Corpus, page_size: str = "A4",
               svgs: dict[str, str] | None = None, feedback: Feedback | None = None) -> dict[str, str]:
    from .publish.printing import print_documents
    check_files(project, [project.templates])
    settings, problems = book_settings(project)
    if feedback is None or feedback.level >= NORMAL:
        report(problems)
    with _rendering(project, "templates/print"):
        return print_documents(corpus, project.templates, site_name=site_name(project), page_size=page_size,
                               svgs=svgs, settings=settings)


def make_pdfs(project: Project, docs: dict[str, str], out_root: Path, *, jobs: int | None = None,
              feedback: Feedback | None = None, shown_root: Path | None = None):
    """The PDFs under out_root/pdf/ (out_root checked by the caller: the site's staging folder, or
    a folder check_pdf_out accepted); shown_root is the folder named in messages."""
    from .publish.pdf import write_pdfs
    feedback = feedback or Feedback(NORMAL)
    with feedback.bar("PDFs", len(docs)) as bar:  # drawn on a terminal only
        result = write_pdfs(docs, out_root, project.cache / "pdf", jobs=jobs, progress=bar,
                            shown_root=shown_root)
    feedback.info(f"PDFs: {result.built} rendered ({result.pages_rendered} pages), {result.cached} "
                  f"unchanged, {result.removed} removed, in {result.seconds:.1f} s")
    return result


def pdf_only(project: Project, out: Path | None, page_size: str, *, jobs: int | None = None,
             feedback: Feedback | None = None, as_of: date | None = None) -> None:
    """`briefbook pdf`: the PDF briefings into out/pdf/ (default: the site), nothing else."""
    from .publish.output import check_pdf_out
    feedback = feedback or Feedback(NORMAL)
    target = check_pdf_out(project, out or project.site)
    made = not target.exists()  # a folder briefbook makes for the PDFs is its own: a build may replace it
    with project_lock(project, say=feedback.info):
        with feedback.stage("check the briefings"):
            corpus, warnings = validate(project, as_of=as_of)
        if feedback.level >= NORMAL:
            report(warnings)
        with feedback.stage("lay out the print pages"):
            docs = print_html(project, corpus, page_size, feedback=feedback)
        with feedback.stage("make the PDFs"):
            make_pdfs(project, docs, target, jobs=jobs, feedback=feedback)
        if made:
            from .publish.output import MARKER_TEXT, SITE_MARKER, write_file
            write_file(target / SITE_MARKER, MARKER_TEXT)
