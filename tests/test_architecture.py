"""The house: stages in their own packages, data flowing one way, one job per module, short functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "briefbook"
MAX_FUNCTION_LINES = 60

# Which package may import which: the corpus knows nothing of publishing or authoring;
# publishing and authoring read the corpus but not each other; the commands sit on top.
ALLOWED = {
    "corpus": {"corpus", "problems", "project"},
    "publish": {"publish", "corpus", "problems", "project"},
    "authoring": {"authoring", "corpus", "problems", "project"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("briefbook", *parts))] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in the module, nested ones too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            if target.startswith("briefbook"):
                # `from . import models` imports a module, not a name
                for alias in names:
                    if f"{target}.{alias}" in MODULES:
                        found.append((f"{target}.{alias}", [], node.lineno))
                taken = [n for n in names if f"{target}.{n}" not in MODULES]
                if taken:
                    found.append((target, taken, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("briefbook")]
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {target for target, _, _ in _imports(name, path) if target in MODULES and target != name}
    return graph


def test_the_folder_list_shows_the_stages():
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert {"corpus", "publish", "authoring"} <= packages
    assert (SRC / "pipeline.py").is_file() and (SRC / "cli.py").is_file() and (SRC / "serve.py").is_file()
    assert len(list(SRC.glob("*.py"))) <= 10, "modules belong in the stage packages, not at the top"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, as the path round it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_no_import_cycles():
    cycle = find_cycle(_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_stages_import_only_what_comes_before_them(name):
    parts = name.split(".")
    if len(parts) < 3 or parts[1] not in ALLOWED:
        return
    for target, _, line in _imports(name, MODULES[name]):
        other = target.split(".")[1] if target.count(".") else ""
        assert other in ALLOWED[parts[1]], f"{name}:{line} imports {target}: {parts[1]}/ may not depend on it"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_takes_another_modules_private_names(name):
    for target, names, line in _imports(name, MODULES[name]):
        private = [n for n in names if n.startswith("_") and target != name]
        assert not private, f"{name}:{line} takes private {private} from {target}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_says_its_job_in_its_opening_line(name):
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    if MODULES[name].name == "__main__.py":
        return
    assert doc, f"{name} has no docstring"
    first = doc.split("\n", 1)[0]
    assert first.endswith(".") or first.endswith(":") or len(first) > 20, f"{name}: {first!r}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_function_is_longer_than_a_screen(name):
    long = []
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long.append(f"{node.name} ({length} lines, line {node.lineno})")
    assert not long, f"{name}: {', '.join(long)}"
