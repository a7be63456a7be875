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
from .publish.changes import Changes, compare
from .publish.editions import Edition, Kept, Plan


@dataclass(frozen=True)
class Generated:
    corpus: Corpus
    pages: dict[str, str]
    warnings: tuple[Problem, ...]
    edition: "Plan | None" = None  # this build's edition and the one it is compared with
    changes: "Changes | None" = None
    export: dict | None = None  # corpus.json's content, when the edition needed it


@dataclass(frozen=True)
class Built:
    """What `build` made: the page paths written into docs/, the warnings and its edition (the corpus and
    the pages' text are let go before MkDocs runs: at 10,000 documents they would double its peak)."""
    pages: tuple[str, ...]
    warnings: tuple[Problem, ...]
    edition: "Edition | None" = None


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
        if name == "edition":
            problems.append(Problem(where, line, column, "book-setting", "edition: briefbook numbers each edition "
                                    "itself (the cover and the \"since\" page give its number and date); "
                                    "this setting is left out", "warning"))
        elif name not in BookSettings.keys():
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


def feed_settings(project: Project, *, built=None, first_seen=None):
    """What the Atom feeds need from mkdocs.yml: site_url (absolute links) and use_directory_urls
    (MkDocs' default: true), read without constructing anything; `built` (default: today, UTC) and
    `first_seen` (source id → the date of the edition that first included it; default: `built`)."""
    from .publish.feeds import Settings
    directory = _config_scalar(project, "use_directory_urls").strip().lower()
    return Settings(site_url=_config_scalar(project, "site_url").strip(), built=built, first_seen=first_seen,
                    directory_urls=directory not in ("false", "no", "off"))


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


def edition_of_build(corpus: Corpus, kept: Kept | None, *, export: bool) -> tuple[Plan, Changes, dict | None]:
    """This build's edition (the kept one again, or the next) and what changed since the one before.
    corpus.json's content is made only when it is written (export) or compared with a kept edition."""
    from .publish import editions
    from .publish.export import corpus_dict
    kept = kept or Kept()
    as_of = corpus.as_of is not None
    data = corpus_dict(corpus) if export or kept.latest is not None else None
    plan = editions.plan(data or {}, kept if data is not None else Kept(), editions.today(),
                         editions.cutoff_of(corpus), as_of=as_of)
    if data is not None:
        data["edition"] = plan.edition.as_dict()
    changes = compare(plan.previous, data, plan.edition, plan.previous_edition) if data is not None \
        else Changes(plan.edition, None)
    return plan, changes, data


def _edition_day(plan: Plan):
    """The edition's day, for the feeds' `updated` (the build's day when it has none)."""
    try:
        return date.fromisoformat(plan.edition.date)
    except ValueError:
        return None


def generate(project: Project, *, pdf: bool = False, include_drafts: bool = False,
             cache: dict | None = None, previous: "Generated | None" = None,
             env=None, feedback: Feedback | None = None, kept: Kept | None = None,
             export: bool = False, as_of: date | None = None) -> Generated:
    """Everything up to Markdown in memory; nothing is written. `kept`: what the site holds of its
    editions (this build is compared with them); `export`: make corpus.json's content too; `as_of`: the
    view of the sources certainly published by that day (corpus/as_of.py)."""
    feedback = feedback or Feedback(QUIET)
    with feedback.stage("check the briefings"):
        corpus, warnings = validate(project, include_drafts=include_drafts, cache=cache, as_of=as_of)
    feedback.detail(f"  {len(corpus.sources)} sources, {len(corpus.actors)} actors, {len(corpus.events)} events, "
                    f"{len(corpus.topics)} issues; {len(warnings)} warnings")
    plan, changes, data = edition_of_build(corpus, kept, export=export)
    if not project.templates.is_dir():
        raise BriefbookError(f"no templates folder at {project.display(project.templates)}")
    check_files(project, [project.templates])
    with _rendering(project, "templates"), feedback.stage("render the pages"), feedback.bar("Pages", 0) as bar:
        pages = render_pages(corpus, env or make_environment(project.templates), site_name=site_name(project),
                             pdf=pdf, previous=(previous.corpus, previous.pages) if previous else None,
                             progress=bar, changes=changes, previous_changes=previous.changes if previous else None,
                             feeds=feed_settings(project, built=_edition_day(plan)))
    return Generated(corpus, pages, tuple(warnings), plan, changes, data)


def build(project: Project, site_dir: Path | None = None, *, strict: bool = True, pdf: bool = True,
          page_size: str = "A4", jobs: int | None = None, previous: Path | None = None,
          feedback: Feedback | None = None, as_of: date | None = None) -> Built:
    """`previous`: the corpus.json of the edition before (default: what the site folder holds)."""
    from .publish.output import check_site_dir
    feedback = feedback or Feedback(NORMAL)
    target, note = check_site_dir(project, site_dir or project.site)  # before anything is read or written
    with project_lock(project, say=feedback.info):
        if note:
            feedback.info(note)
        return _build_locked(project, target, strict=strict, pdf=pdf, page_size=page_size, jobs=jobs,
                             previous=previous, feedback=feedback, as_of=as_of)


def kept_editions(project: Project, site_dir: Path, previous: Path | None = None) -> tuple[Kept, list[Problem]]:
    from .publish.editions import read_kept
    return read_kept(site_dir, previous, shown=lambda p: project.display(p))


def _build_locked(project: Project, site_dir: Path, *, strict: bool, pdf: bool, page_size: str,
                  jobs: int | None, previous: Path | None, feedback: Feedback, as_of: date | None = None) -> Built:
    from .publish.site import build_into
    kept, problems = kept_editions(project, site_dir, previous)
    export, edition_files, docs, built = _prepare(project, pdf=pdf, page_size=page_size, kept=kept,
                                                  feedback=feedback, as_of=as_of)
    built = Built(built.pages, tuple(problems) + built.warnings, built.edition)
    gc.collect()  # the corpus holds reference cycles: free it now, not at some later allocation
    from .publish.output import write_file

    def extra(staging: Path) -> None:
        write_file(staging / "corpus.json", export, shown=f"{site_dir / 'corpus.json'}")
        for rel, text in edition_files.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            write_file(staging / rel, text, shown=f"{site_dir / rel}")
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


def _prepare(project: Project, *, pdf: bool, page_size: str, kept: Kept, feedback: Feedback,
             as_of: date | None = None):
    """Everything the site build needs from the corpus, made before it runs: the pages written into
    docs/, corpus.json, the edition files and the print HTML; (export, edition files, print docs or None,
    Built). The corpus and the pages' text go out of scope on return, so MkDocs reuses their memory."""
    from .publish.docs import write_pages
    from .publish.editions import files as edition_files
    from .publish.export import export_text
    from .publish.site import site_inputs
    generated = generate(project, pdf=pdf, feedback=feedback, kept=kept, export=True, as_of=as_of)
    check_files(project, *site_inputs(project))
    with feedback.stage("write docs/"):
        written, removed = write_pages(generated.pages, project.docs)
    feedback.detail(f"  {written} pages written, {removed} removed, "
                    f"{len(generated.pages) - written} unchanged in {project.display(project.docs)}")
    export = export_text(generated.export)
    plan = generated.edition
    kept_files = edition_files(plan, kept, as_of=generated.corpus.as_of is not None)
    docs = None
    if pdf:
        with feedback.stage("lay out the print pages"):
            docs = print_html(project, generated.corpus, page_size, svgs=generated.pages, feedback=feedback,
                              changes=generated.changes)
    built = Built(tuple(generated.pages), generated.warnings + tuple(site_url_problems(project)), plan.edition)
    return export, kept_files, docs, built


def print_html(project: Project, corpus: Corpus, page_size: str = "A4",
               svgs: dict[str, str] | None = None, feedback: Feedback | None = None,
               changes: Changes | None = None) -> dict[str, str]:
    from .publish.printing import print_documents
    check_files(project, [project.templates])
    settings, problems = book_settings(project)
    if feedback is None or feedback.level >= NORMAL:
        report(problems)
    with _rendering(project, "templates/print"):
        return print_documents(corpus, project.templates, site_name=site_name(project), page_size=page_size,
                               svgs=svgs, settings=settings, changes=changes)


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
             previous: Path | None = None, feedback: Feedback | None = None, as_of: date | None = None) -> None:
    """`briefbook pdf`: the PDF briefings into out/pdf/ (default: the site), nothing else. Their edition
    is the one the folder's site holds (or the next, when the corpus changed since)."""
    from .publish.output import check_pdf_out
    feedback = feedback or Feedback(NORMAL)
    target = check_pdf_out(project, out or project.site)
    made = not target.exists()  # a folder briefbook makes for the PDFs is its own: a build may replace it
    with project_lock(project, say=feedback.info):
        with feedback.stage("check the briefings"):
            corpus, warnings = validate(project, as_of=as_of)
        kept, problems = kept_editions(project, target, previous)
        if feedback.level >= NORMAL:
            report(problems + warnings)
        _, changes, _ = edition_of_build(corpus, kept, export=False)
        with feedback.stage("lay out the print pages"):
            docs = print_html(project, corpus, page_size, feedback=feedback, changes=changes)
        with feedback.stage("make the PDFs"):
            make_pdfs(project, docs, target, jobs=jobs, feedback=feedback)
        if made:
            from .publish.output import MARKER_TEXT, SITE_MARKER, write_file
            write_file(target / SITE_MARKER, MARKER_TEXT)
