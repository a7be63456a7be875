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


def feedback_options(command):
    """--quiet and --verbose, turned into one `feedback` argument."""
    def to_feedback(ctx, param, value):
        from .feedback import NORMAL, QUIET, VERBOSE, Feedback
        quiet, verbose = ctx.params.pop("quiet", False), value
        if quiet and verbose:
            raise click.UsageError("--quiet and --verbose exclude each other")
        return Feedback(QUIET if quiet else VERBOSE if verbose else NORMAL)
    command = click.option("--verbose", "-v", "feedback", is_flag=True, callback=to_feedback,
                           help="Also print each stage's time and counts.")(command)
    return click.option("--quiet", "-q", is_flag=True, is_eager=True,
                        help="Print errors only (no warnings, no progress).")(command)


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
    from .pipeline import report, validate as run
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
    from .pipeline import report
    from .corpus.files import yaml_files
    from .corpus.health import CODES, ERROR_CODES, corpus_stats, fidelity
    from .problems import BriefbookError
    from .corpus import build_corpus
    project = _project(project_dir)
    corpus, problems = build_corpus(project)
    report(problems)
    counts = Counter(p.code for p in problems)
    click.echo("\nFidelity to the sources:")
    documents = len(corpus.sources) if corpus is not None else len(yaml_files(project.briefings))
    for what, status in fidelity(corpus, problems, documents):
        click.echo(f"  {what}: {status}")
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
@click.argument("docs", nargs=-1)
@click.option("--accept", is_flag=True,
              help="Re-pin a briefing whose seed has changed, once you have re-checked it against the new text.")
def pin(project_dir: Path | None, docs: tuple[str, ...], accept: bool) -> None:
    """Pin briefings (by id; default: all) to their seed's text as it is now, so that any drift is caught."""
    from .authoring.pins import pin as run
    for line in run(_project(project_dir), docs, accept=accept):
        click.echo(line)


@cli.command()
@project_option
@click.argument("doc")
@click.option("--yes", "-y", is_flag=True, help="Write the change without asking.")
def remap(project_dir: Path | None, doc: str, yes: bool) -> None:
    """Renumber a briefing's citations after its seed's paragraphs moved (same text, new numbers)."""
    from .authoring.pins import plan_remap, write_atomically
    project = _project(project_dir)
    plan = plan_remap(project, doc)
    display = project.display(plan.path)
    if not plan.renumbered and plan.old_text == plan.new_text:
        click.echo(f"{display}: nothing to renumber")
        return
    click.echo(plan.diff(display), nl=False)
    click.echo(f"{display}: {plan.edits} citation(s) renumbered ({plan.moves or 'no paragraph moved'})")
    for line in plan.by_hand:
        click.echo(f"  check: {line}")
    if not yes and not click.confirm("Write the change?", default=False):
        click.echo("Nothing was written.")
        return
    write_atomically(plan.path, plan.new_text)
    click.echo(f"Wrote {display}")


@cli.command()
@project_option
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put the built site. Default: site/ in the project.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also make the PDF briefings.")
@page_size_option
@jobs_option
@feedback_options
def build(project_dir: Path | None, site_dir: Path | None, pdf: bool, page_size: str,
          jobs: int | None, feedback) -> None:
    """Validate, render the pages into docs/, build the site (strict) and its PDFs."""
    from .pipeline import build as run, report
    from .feedback import NORMAL
    project = _project(project_dir)
    built = run(project, site_dir, pdf=pdf, page_size=PAGE_SIZES[page_size], jobs=jobs, feedback=feedback)
    if feedback.level >= NORMAL:
        report(list(built.warnings))
        count = sum(1 for path in built.pages if path.endswith(".md"))
        click.echo(f"Built {count} pages into {site_dir or project.site}")


@cli.command()
@project_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that receives pdf/. Default: the built site (site/).")
@page_size_option
@jobs_option
@feedback_options
def pdf(project_dir: Path | None, out: Path | None, page_size: str, jobs: int | None, feedback) -> None:
    """Make the PDF briefings: one per actor, one per event, one per source, and the whole book."""
    from .pipeline import pdf_only
    pdf_only(_project(project_dir), out, PAGE_SIZES[page_size], jobs=jobs, feedback=feedback)


@cli.command()
@project_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on. Anything but this machine (127.0.0.1, localhost) lets the network "
                   "read the preview, drafts included.")
def serve(project_dir: Path | None, dev_addr: str) -> None:
    """Live preview: rebuilds when a briefing, seed, template or doc changes."""
    from .serve import serve as run
    run(_project(project_dir), dev_addr)


@cli.command()
@project_option
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write. Default: standard output.")
def export(project_dir: Path | None, out: Path | None) -> None:
    """The resolved corpus as JSON: actors, events, sources, claims with citations."""
    from .pipeline import report, validate as run
    from .publish.export import corpus_json
    from .publish.output import check_export_file, write_file
    project = _project(project_dir)
    target = check_export_file(project, out) if out is not None else None  # before the work, not after
    corpus, warnings = run(project)
    report(warnings)
    text = corpus_json(corpus)
    if target is None:
        click.echo(text, nl=False)
    else:
        write_file(target, text, shown=str(out))


@cli.command()
@project_option
def schema(project_dir: Path | None) -> None:
    """Write the JSON Schemas of briefings and registries into briefings/schema/ (for editors)."""
    import os

    from .authoring.schema import write_schemas
    from .problems import BriefbookError
    from .project import UnsafeInput
    project = _project(project_dir)
    folder = project.briefings / "schema"
    try:  # never written through a link (briefings/schema → elsewhere)
        for path in (folder, *(folder.iterdir() if folder.is_dir() and not folder.is_symlink() else ())):
            if os.path.lexists(path):
                project.check_input(path, folder=path == folder)
    except UnsafeInput as err:
        raise BriefbookError(f"{project.display(path)}: {err.code}: {err.message}") from None
    written = write_schemas(folder)
    click.echo(f"{len(written)} schema file(s) updated in {project.display(project.briefings / 'schema')}"
               if written else "The schemas are up to date.")


@cli.command("new")
@project_option
@click.argument("seed", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "doc_id", default=None, help="Document id (the YAML file name). Default: from the title.")
def new(project_dir: Path | None, seed: Path, doc_id: str | None) -> None:
    """Draft briefings/<id>.yaml for a seed: paragraphs, names, dates, kind, language and paragraph rule
    guessed; never overwrites a file, never drafts a seed a briefing already names."""
    from .authoring.drafts import new_draft
    project = _project(project_dir)
    target = new_draft(project, seed, doc_id)
    click.echo(f"Wrote the draft {project.display(target)}; fill in the TODOs, then `briefbook validate`.")


@cli.command("add-actor")
@project_option
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(
    ["person", "state", "organisation", "government-body", "armed-group", "negotiating-format", "group", "media"]))
@click.option("--description", required=True, help="One line: who or what this is.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling found in the sources (repeatable).")
@click.option("--abbreviation", default=None)
@click.option("--id", "entry_id", default=None, help="Default: derived from the name (any script).")
def add_actor(project_dir, name, kind, description, aliases, abbreviation, entry_id) -> None:
    """Register an actor, with an id derived safely from its name."""
    from .authoring.registry_edit import add_entry
    project = _project(project_dir)
    new_id, target = add_entry(project, "actors", name, {
        "name": name, "kind": kind, "aliases": list(aliases), "abbreviation": abbreviation,
        "description": description}, entry_id)
    click.echo(f"Added actor {new_id!r} to {project.display(target)}")


@cli.command("add-event")
@project_option
@click.argument("title")
@click.option("--kind", required=True, type=click.Choice(
    ["meeting", "conference", "video-conference", "agreement", "ceasefire", "attack", "negotiations",
     "prisoner-release", "withdrawal", "statement", "process", "other"]))
@click.option("--date", "when", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the sources.")
@click.option("--place", default=None)
@click.option("--description", required=True)
@click.option("--id", "entry_id", default=None, help="Default: derived from the title.")
def add_event(project_dir, title, kind, when, place, description, entry_id) -> None:
    """Register an event, with an id derived safely from its title."""
    from .authoring.registry_edit import add_entry
    project = _project(project_dir)
    new_id, target = add_entry(project, "events", title, {
        "title": title, "kind": kind, "date": {"value": when} if when else None, "place": place,
        "description": description}, entry_id)
    click.echo(f"Added event {new_id!r} to {project.display(target)}")


def main() -> None:  # console-script entry point
    cli()
