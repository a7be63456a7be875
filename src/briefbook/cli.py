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
previous_option = click.option(
    "--previous", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The corpus.json of the previous edition (e.g. downloaded from the published site). Default: the one "
         "the site folder holds.")
jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="PDFs rendered in parallel. Default: one per core.")


class _Day(click.ParamType):
    """A calendar day written YYYY-MM-DD, and only that: 2020-02-30 or 2020-12 is refused."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        import re
        from datetime import date
        if isinstance(value, date):
            return value
        text = str(value)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                self.fail(f"{text[:40]!r} is not a day of the calendar", param, ctx)
        self.fail(f"{text[:40]!r} is not a date written YYYY-MM-DD (e.g. 2020-12-31)", param, ctx)


as_of_option = click.option("--as-of", "as_of", type=_Day(), default=None,
                            help="Build the briefing as the sources stood on this day: sources published later "
                                 "(or possibly later) are left out, with what only they support.")


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
@previous_option
@as_of_option
@feedback_options
def build(project_dir: Path | None, site_dir: Path | None, pdf: bool, page_size: str,
          jobs: int | None, previous: Path | None, as_of, feedback) -> None:
    """Validate, render the pages into docs/, build the site (strict) and its PDFs: the next edition when
    the corpus changed since the site's, else the site's edition again (an as-of view is no edition)."""
    from .pipeline import build as run, report
    from .feedback import NORMAL
    project = _project(project_dir)
    built = run(project, site_dir, pdf=pdf, page_size=PAGE_SIZES[page_size], jobs=jobs, previous=previous,
                feedback=feedback, as_of=as_of)
    if feedback.level >= NORMAL:
        report(list(built.warnings))
        count = sum(1 for path in built.pages if path.endswith(".md"))
        edition = built.edition
        which = f"edition {edition.number} of {edition.date}: " if edition and edition.number and not as_of else ""
        view = f" as of {as_of.isoformat()}" if as_of else ""
        click.echo(f"Built {which}{count} pages{view} into {site_dir or project.site}")


@cli.command()
@project_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that receives pdf/. Default: the built site (site/).")
@page_size_option
@jobs_option
@previous_option
@as_of_option
@feedback_options
def pdf(project_dir: Path | None, out: Path | None, page_size: str, jobs: int | None, previous: Path | None,
        as_of, feedback) -> None:
    """Make the PDF briefings: one per actor, one per event, one per source, and the whole book."""
    from .pipeline import pdf_only
    pdf_only(_project(project_dir), out, PAGE_SIZES[page_size], jobs=jobs, previous=previous, feedback=feedback,
             as_of=as_of)


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


ACTOR_KINDS = ["person", "state", "organisation", "government-body", "armed-group", "negotiating-format", "group",
               "media"]
EVENT_KINDS = ["meeting", "conference", "video-conference", "agreement", "ceasefire", "attack", "negotiations",
               "prisoner-release", "withdrawal", "statement", "process", "other"]
FORMATS = ["in-person", "video", "hybrid", "written", "unknown"]


def _cite(ctx, param, values):
    """--cite SOURCE:3 or SOURCE:3,4 → {source: SOURCE, cite: [3, 4]}."""
    out = []
    for value in values:
        source, _, numbers = value.partition(":")
        try:
            cite = [int(n) for n in numbers.split(",") if n.strip()]
        except ValueError:
            cite = []
        if not source or not cite:
            raise click.BadParameter(f"{value!r}: write SOURCE:PARAGRAPHS, like kabul-statement-2017:3,4")
        out.append({"source": source, "cite": cite[0] if len(cite) == 1 else cite})
    return out


def _name_languages(ctx, param, values):
    """--name-language 'لاوروف=fa' → {لاوروف: fa}."""
    out = {}
    for value in values:
        name, sep, language = value.rpartition("=")
        if not sep or not name or not language:
            raise click.BadParameter(f"{value!r}: write NAME=LANGUAGE, like 'لاوروف=fa'")
        out[name] = language
    return out


cite_option = click.option("--cite", "description_cite", multiple=True, callback=_cite,
                           help="Where the sources support the description: SOURCE:PARAGRAPHS (repeatable).")


@cli.command("add-actor")
@project_option
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(ACTOR_KINDS))
@click.option("--description", required=True, help="One line: who or what this is.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling found in the sources (repeatable).")
@click.option("--abbreviation", default=None, help="An acronym such as UNRCCA, expanded on hover.")
@click.option("--affiliation", "affiliation", multiple=True, help="Id of an actor this one belongs to (repeatable).")
@cite_option
@click.option("--name-language", "name_languages", multiple=True, callback=_name_languages,
              help="NAME=LANGUAGE: the language of the name or an alias, where no source tells it (repeatable).")
@click.option("--id", "entry_id", default=None, help="Default: derived from the name (any script). Giving one "
              "also registers a name that looks like an existing actor's.")
def add_actor(project_dir, name, kind, description, aliases, abbreviation, affiliation, description_cite,
              name_languages, entry_id) -> None:
    """Register an actor, in its section of the registry; a likely duplicate is refused."""
    from .authoring.registry_edit import add_entry
    project = _project(project_dir)
    new_id, target = add_entry(project, "actors", name, {
        "name": name, "kind": kind, "aliases": list(aliases), "abbreviation": abbreviation,
        "affiliation": list(affiliation), "description": description, "description_cite": description_cite,
        "name_languages": name_languages}, entry_id)
    click.echo(f"Added actor {new_id!r} to {project.display(target)}")


@cli.command("add-event")
@project_option
@click.argument("title")
@click.option("--kind", required=True, type=click.Choice(EVENT_KINDS))
@click.option("--description", required=True, help="One line: what happened.")
@click.option("--date", "when", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the sources.")
@click.option("--end", default=None, help="The last day (month, year) of a range, as precise as --date.")
@click.option("--qualifier", type=click.Choice(["before", "after", "about"]), default=None,
              help="When the sources only bound the date.")
@click.option("--date-basis", default=None, help="The date is inferred: why it follows from the sources.")
@click.option("--date-as-written", default=None, help="The date as the sources write it (24 ноября 2020).")
@click.option("--place", default=None, help="A place id or name.")
@click.option("--place-basis", default=None, help="The place is inferred: why it follows from the sources.")
@click.option("--format", "event_format", type=click.Choice(FORMATS), default=None)
@click.option("--host", "host", multiple=True, help="Actor id or alias of a host (repeatable).")
@click.option("--part-of", default=None, help="The event or negotiating format this belongs to.")
@click.option("--related", multiple=True, help="Id of a related event (repeatable).")
@click.option("--follows", multiple=True, help="Id of an event a source says this one came after (repeatable).")
@click.option("--alias", "aliases", multiple=True, help="Another name of the event (repeatable).")
@cite_option
@click.option("--id", "entry_id", default=None, help="Default: derived from the title. Giving one also registers "
              "an event that looks like an existing one (same day and place).")
def add_event(project_dir, title, kind, description, when, end, qualifier, date_basis, date_as_written, place,
              place_basis,
              event_format, host, part_of, related, follows, aliases, description_cite, entry_id) -> None:
    """Register an event, in its section of the registry; a likely duplicate is refused."""
    from .authoring.registry_edit import add_entry
    if not when and (end or qualifier or date_basis or date_as_written):
        raise click.UsageError("--end, --qualifier, --date-basis and --date-as-written go with a --date")
    if place_basis and not place:
        raise click.UsageError("--place-basis goes with a --place")
    project = _project(project_dir)
    date = {"value": when, "end": end, "qualifier": qualifier, "inferred": True if date_basis else None,
            "basis": date_basis, "as_written": date_as_written}
    where = {"name": place, "inferred": True, "basis": place_basis} if place and place_basis else place
    new_id, target = add_entry(project, "events", title, {
        "title": title, "kind": kind, "date": {k: v for k, v in date.items() if v is not None} if when else None,
        "place": where, "format": event_format, "host": list(host), "part_of": part_of, "related": list(related),
        "follows": list(follows), "aliases": list(aliases), "description": description,
        "description_cite": description_cite}, entry_id)
    click.echo(f"Added event {new_id!r} to {project.display(target)}")


@cli.command("add-place")
@project_option
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another name or spelling, in any script (repeatable).")
@click.option("--id", "entry_id", default=None, help="Default: derived from the name.")
def add_place(project_dir, name, aliases, entry_id) -> None:
    """Register a place with its names in every script the sources use; a likely duplicate is refused."""
    from .authoring.registry_edit import add_entry
    project = _project(project_dir)
    new_id, target = add_entry(project, "places", name, {"name": name, "aliases": list(aliases)}, entry_id)
    click.echo(f"Added place {new_id!r} to {project.display(target)}")


def _report_edit(project, kind: str, entry_id: str, target, changed: list[str]) -> None:
    if changed:
        click.echo(f"Changed {kind} {entry_id!r} in {project.display(target)}: " + "; ".join(changed))
    else:
        click.echo(f"{kind.capitalize()} {entry_id!r} has all that already: nothing changed")


@cli.command("edit-actor")
@project_option
@click.argument("entry_id", metavar="ID")
@click.option("--add-alias", multiple=True, help="Another spelling found in the sources (repeatable).")
@click.option("--add-affiliation", multiple=True, help="Id of an actor this one belongs to (repeatable).")
@click.option("--add-cite", multiple=True, callback=_cite, help="SOURCE:PARAGRAPHS supporting the description.")
@click.option("--add-name-language", multiple=True, callback=_name_languages,
              help="NAME=LANGUAGE for the name or an alias, where no source tells it (repeatable).")
@click.option("--name", default=None, help="A new name to show.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default=None)
@click.option("--abbreviation", default=None)
@click.option("--description", default=None)
def edit_actor(project_dir, entry_id, add_alias, add_affiliation, add_cite, add_name_language, name, kind,
               abbreviation, description) -> None:
    """Add an alias, an affiliation or a citation to a registered actor, or change one of its fields."""
    from .authoring.entry_edit import edit_entry
    project = _project(project_dir)
    target, changed = edit_entry(project, "actors", entry_id, {
        "aliases": list(add_alias), "affiliation": list(add_affiliation), "description_cite": add_cite},
        {"name": name, "kind": kind, "abbreviation": abbreviation, "description": description,
         "name_languages": add_name_language or None})
    _report_edit(project, "actor", entry_id, target, changed)


@cli.command("edit-event")
@project_option
@click.argument("entry_id", metavar="ID")
@click.option("--add-alias", multiple=True, help="Another name of the event (repeatable).")
@click.option("--add-host", multiple=True, help="Actor id or alias of a host (repeatable).")
@click.option("--add-related", multiple=True, help="Id of a related event (repeatable).")
@click.option("--add-follows", multiple=True, help="Id of an event this one came after (repeatable).")
@click.option("--add-cite", multiple=True, callback=_cite, help="SOURCE:PARAGRAPHS supporting the description.")
@click.option("--assess", "assess_field", default=None,
              help="Add an assessment of a disagreement: its field (date, place, format, host, status, number of …).")
@click.option("--goes-by", default=None, help="With --assess: the value the book goes by, in words.")
@click.option("--reason", default=None, help="With --assess: why, in your words.")
@click.option("--assess-cite", multiple=True, callback=_cite,
              help="With --assess: SOURCE:PARAGRAPHS the reason rests on (repeatable, at least one).")
@click.option("--title", default=None)
@click.option("--kind", type=click.Choice(EVENT_KINDS), default=None)
@click.option("--format", "event_format", type=click.Choice(FORMATS), default=None)
@click.option("--part-of", default=None)
@click.option("--description", default=None)
def edit_event(project_dir, entry_id, add_alias, add_host, add_related, add_follows, add_cite, assess_field,
               goes_by, reason, assess_cite, title, kind, event_format, part_of, description) -> None:
    """Add an alias, a host, a related event, a citation or an assessment to a registered event, or change
    one of its fields."""
    from .authoring.entry_edit import edit_entry
    assessment = [v for v in (assess_field, goes_by, reason, assess_cite) if v]
    if assessment and len(assessment) < 4:
        raise click.UsageError("an assessment takes --assess, --goes-by, --reason and at least one --assess-cite")
    project = _project(project_dir)
    target, changed = edit_entry(project, "events", entry_id, {
        "aliases": list(add_alias), "host": list(add_host), "related": list(add_related),
        "follows": list(add_follows), "description_cite": add_cite,
        "assessments": [{"field": assess_field, "goes_by": goes_by, "reason": reason, "cite": list(assess_cite)}]
        if assessment else []},
        {"title": title, "kind": kind, "format": event_format, "part_of": part_of, "description": description})
    _report_edit(project, "event", entry_id, target, changed)


@cli.command("edit-place")
@project_option
@click.argument("entry_id", metavar="ID")
@click.option("--add-alias", multiple=True, help="Another name or spelling, in any script (repeatable).")
@click.option("--name", default=None, help="A new name to show.")
def edit_place(project_dir, entry_id, add_alias, name) -> None:
    """Add a name in another script or spelling to a registered place, or change the name it shows."""
    from .authoring.entry_edit import edit_entry
    project = _project(project_dir)
    target, changed = edit_entry(project, "places", entry_id, {"aliases": list(add_alias)}, {"name": name})
    _report_edit(project, "place", entry_id, target, changed)


@cli.command("add-not-actor")
@project_option
@click.argument("names", nargs=-1, required=True)
def add_not_actor(project_dir, names) -> None:
    """Record names in the sources that are not actors (places, titles, phrases): `check` stops asking."""
    from .authoring.entry_edit import add_not_actors
    project = _project(project_dir)
    target, added = add_not_actors(project, list(names))
    click.echo(f"Added to not_actors in {project.display(target)}: {', '.join(map(repr, added))}" if added
               else "not_actors has all of them already: nothing changed")


def main() -> None:  # console-script entry point
    cli()
