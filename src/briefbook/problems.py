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
