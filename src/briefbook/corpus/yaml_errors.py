"""A YAML syntax error in the analyst's words: what is wrong, where, and how to fix it.

The parser says "mapping values are not allowed in this context"; an analyst needs "a second
': ' in this value starts a new field: put the whole value in quotes". Each message keeps the
parser's own words at the end, for searching.
"""

from __future__ import annotations

import yaml

# (the parser's problem starts with, its context starts with or "") → what it means, in words
_EXPLAINED = [
    ("mapping values are not allowed", "",
     "a colon followed by a space inside this value makes YAML read a new field here: put the whole value "
     "in quotes (role: \"Minister: foreign affairs\")"),
    ("found unexpected end of stream", "while scanning a quoted scalar",
     "a quotation mark opened here is never closed: close it at the end of the value"),
    ("found unexpected end of stream", "",
     "the file ends inside a value: a quotation mark or bracket is not closed"),
    ("did not find expected ',' or ']'", "", "a list opened here with [ is not closed with ]"),
    ("did not find expected ',' or '}'", "", "a mapping opened here with { is not closed with }"),
    ("did not find expected '-' indicator", "",
     "this line is not lined up with the list items above it: each item starts with '- ' at the same "
     "column, and its fields line up under the first one"),
    ("did not find expected key", "while parsing a block mapping",
     "this line is not lined up with the fields above it (fields of one mapping start at the same column), "
     "or text follows a closing quotation mark: quote the whole value"),
    ("could not find expected ':'", "",
     "this line is not a field (`name: value`): add the colon, indent it under the field it continues, "
     "or put a value that runs over several lines in quotes"),
    ("found undefined alias", "", "a value that begins with * is read as a YAML alias: put it in quotes"),
    ("found unknown escape character", "",
     "a backslash in double quotes starts an escape (\\n, \\\"): write \\\\ for a backslash, or use single quotes"),
]
_CHARACTERS = {"\t": "a tab: YAML indents with spaces only",
               "@": "a value cannot begin with @: put it in quotes",
               "`": "a value cannot begin with `: put it in quotes",
               "%": "a value cannot begin with %: put it in quotes"}


def explain(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and message for a parser error: at the opening quote or bracket when one is unclosed."""
    problem, context = err.problem or "", err.context or ""
    mark = err.problem_mark or err.context_mark
    for start, context_start, words in _EXPLAINED:
        if problem.startswith(start) and context.startswith(context_start):
            if err.context_mark is not None and any(w in context for w in ("quoted", "flow", "simple key")):
                mark = err.context_mark  # where the quotation, bracket or line began
            return _position(mark) + (f"{words} (YAML: {problem})",)
    if problem.startswith("found character that cannot start any token") and mark is not None:
        lines = text.split("\n")
        line = lines[mark.line] if mark.line < len(lines) else ""
        found = line[mark.column:mark.column + 1]
        if found in _CHARACTERS:
            return _position(mark) + (f"{_CHARACTERS[found]} (YAML: {problem})",)
    return _position(mark) + (problem or str(err).splitlines()[0],)


def _position(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
