"""The `briefbook` command line: thin wrappers over the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from .project import Project

project_option = click.option(
    "--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project folder (with mkdocs.yml and briefings/). Default: the nearest one upwards.")


PAGE_SIZES = {"a4": "A4", "letter": "letter"}
page_size_option = click.option("--page-size", type=click.Choice(sorted(PAGE_SIZES), case_sensitive=False),
                                default="a4", show_default=True, help="Paper size of the PDF briefings.")
jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="PDFs rendered in parallel. Default: one per core.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print errors only.")


def _project(project_dir: Path | None) -> Project:
    return Project(project_dir.resolve()) if project_dir else Project.find()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefbook")
def cli() -> None:
    """Briefings on a diplomatic process, from source documents to a searchable site."""


@cli.command()
@project_option
def validate(project_dir: Path | None) -> None:
    """Check every briefing and registry; report all problems at once (exit 1 on errors)."""
    from .build import report, validate as run
    project = _project(project_dir)
    corpus, warnings = run(project)
    report(warnings)
    click.echo(f"OK: {len(corpus.sources)} sources, {len(corpus.actors)} actors, "
               f"{len(corpus.events)} events; {len(warnings)} warnings")


@cli.command()
@project_option
def check(project_dir: Path | None) -> None:
    """Corpus health: every error and warning, counted by class (exit 1 on errors)."""
    from collections import Counter
    from .build import report
    from .health import CODES, ERROR_CODES, corpus_stats
    from .problems import BriefbookError
    from .resolve import build_corpus
    corpus, problems = build_corpus(_project(project_dir))
    report(problems)
    counts = Counter(p.code for p in problems)
    click.echo("")
    for code, text in {**ERROR_CODES, **CODES}.items():
        click.echo(f"{counts.pop(code, 0):6d}  {code}: {text}")
    for code, n in sorted(counts.items()):
        click.echo(f"{n:6d}  {code}")
    errors = sum(p.is_error for p in problems)
    if corpus is None:
        raise BriefbookError(f"{errors} error{'s' if errors != 1 else ''} in the briefings")
    stats = corpus_stats(corpus)
    click.echo(f"OK: {stats['sources']} sources, {stats['actors']} actors, {stats['events']} events, "
               f"{stats['quotes checked against their source']} quotes and {stats['citations checked']} "
               f"citations checked; {stats['warnings']} warnings")


@cli.command()
@project_option
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put the built site. Default: site/ in the project.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also make the PDF briefings.")
@page_size_option
@jobs_option
@quiet_option
def build(project_dir: Path | None, site_dir: Path | None, pdf: bool, page_size: str, jobs: int | None,
          quiet: bool) -> None:
    """Validate, render the pages into docs/, build the site (strict) and its PDFs."""
    from .build import build as run, report
    project = _project(project_dir)
    generated = run(project, site_dir, pdf=pdf, page_size=PAGE_SIZES[page_size], jobs=jobs, quiet=quiet)
    report(list(generated.warnings))
    target = site_dir or project.site
    click.echo(f"Built {len(generated.pages)} pages into {target}")


@cli.command()
@project_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that receives pdf/. Default: the built site (site/).")
@page_size_option
@jobs_option
@quiet_option
def pdf(project_dir: Path | None, out: Path | None, page_size: str, jobs: int | None, quiet: bool) -> None:
    """Make the PDF briefings: one per actor, one per event, and the whole book."""
    from .build import make_pdfs, print_html, report, validate as run
    project = _project(project_dir)
    corpus, warnings = run(project)
    report(warnings)
    docs = print_html(project, corpus, PAGE_SIZES[page_size])
    make_pdfs(project, docs, out or project.site, jobs=jobs, quiet=quiet)


@cli.command()
@project_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(project_dir: Path | None, dev_addr: str) -> None:
    """Live preview: rebuilds when a briefing, seed, template or doc changes."""
    from .serve import serve as run
    run(_project(project_dir), dev_addr)


def main() -> None:  # console-script entry point
    cli()
