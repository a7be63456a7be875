"""Problems found in the input: one record per problem, reported all together."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, pinned to a place in a file.

    `code` is a stable, greppable kebab-case name (`duplicate-key`,
    `unknown-actor`, ...); `message` says what is wrong and, where it can,
    what to do about it.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.code}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"



class BriefbookError(click.ClickException):
    """An expected failure: printed as clean lines, exit status 1, no traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {self.message}", err=True)


def template_error(err: BaseException, display=str, default: str = "templates") -> BriefbookError:
    """A template's mistake, or the sandbox refusing what it tried, as one line: template:line.

    The place is Jinja's own for a syntax error; otherwise the innermost template frame of the
    traceback (Jinja gives template code the template's file name and line numbers).
    """
    import traceback

    where, line = getattr(err, "filename", None) or getattr(err, "name", None), getattr(err, "lineno", None)
    if where is None or line is None:
        frames = [f for f in traceback.extract_tb(err.__traceback__) if not f.filename.endswith(".py")
                  and not f.filename.startswith("<")]
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    where = display(where) if where else default
    if isinstance(err, RecursionError):
        reason = "the template calls itself without end (maximum recursion depth)"
    else:
        import jinja2
        reason = str(err) if isinstance(err, jinja2.TemplateError) else f"{type(err).__name__}: {err}"
    reason = " ".join(reason.split())
    if len(reason) > 300:
        reason = reason[:297] + "..."
    return BriefbookError(f"{where}{':' + str(line) if line else ''}: template-error: {reason}")
