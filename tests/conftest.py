"""Shared fixtures: small real briefbook projects written into tmp_path, and ways to run the CLI.

A test says what it needs as file name → text; everything else comes from a small
valid project (one source, two actors, one event) so the test reads like a specification:

    def test_unknown_actor(make_project, validate):
        root = make_project(registry={"actors.yaml": "actors: {}\n"})
        result = validate(root)
        assert "briefings/alpha-statement.yaml:11:12: unknown-actor" in result.problem_lines

`run_cli` runs the real entry point (`python -m briefbook`) in a subprocess; `invoke`
runs the click command in-process (faster, for tests about output rather than the process).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefbook.cli import cli

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- the base project
# A small valid project. Paragraphs of alpha.txt, numbered from 1:
#   1 title, 2 when/where/host, 3 the quote, 4 a count, 5 a name found only by alias search.

ALPHA_SEED = """\
Joint statement on the Lakeside talks

The Lakeside talks were held in Geneva on 9 July 2020,
hosted by Norland.

Minister Vance said: "We will keep talking until there is peace."

Representatives of 12 countries attended.

The Republic of Norland thanked everyone.
"""

ACTORS_YAML = """\
actors:
  norland:
    name: Republic of Norland
    kind: state
    aliases: [Norland]
    description: A state that hosts talks.
  ada-vance:
    name: Ada Vance
    kind: person
    aliases: [Minister Vance, Vance]
    affiliation: norland
    description: Foreign minister of Norland.
"""

EVENTS_YAML = """\
events:
  lakeside-talks-2020:
    title: Lakeside talks
    kind: negotiations
    date: {value: "2020-07-09"}
    place: Geneva
    host: norland
    description: Talks at the lake.
"""

ALPHA_BRIEFING = """\
seed: alpha.txt
title: Joint statement on the Lakeside talks
kind: statement
published: {value: "2020-07-10"}
language: en
summary: The Lakeside talks were held in Geneva.
key_points:
  - text: Talks were held in Geneva.
    cite: 2
actors:
  - actor: ada-vance
    role: Minister
    cite: 3
events:
  - event: lakeside-talks-2020
    says: Held in Geneva, hosted by Norland.
    date: {value: "2020-07-09"}
    place: Geneva
    host: norland
    participants:
      - actor: ada-vance
        role: Minister
    counts:
      - {value: 12, of: countries, cite: 4}
    cite: [2, 4]
quotes:
  - speaker: ada-vance
    text: We will keep talking until there is peace.
    cite: 3
    event: lakeside-talks-2020
"""

def pinned(briefing: str, seed: str) -> str:
    """A briefing with the pin `briefbook pin` would write for this seed text (by its paragraph rule)."""
    from briefbook.authoring.pins import pinned_block
    from briefbook.corpus.paragraphs import RULES, split_paragraphs
    from briefbook.corpus.pinning import pin_of
    found = re.search(r"^paragraphs:[ \t]*(\S+)", briefing, re.M)
    rule = found.group(1) if found and found.group(1) in RULES else "blank-lines"
    return briefing + pinned_block(pin_of(seed.encode("utf-8"), split_paragraphs(seed, rule), rule))


BASE_SEEDS = {"alpha.txt": ALPHA_SEED}
BASE_REGISTRY = {"actors.yaml": ACTORS_YAML, "events.yaml": EVENTS_YAML}
BASE_BRIEFINGS = {"alpha-statement.yaml": ALPHA_BRIEFING}


def _write(folder: Path, files: dict[str, str | bytes | None]) -> None:
    for name, content in files.items():
        path = folder / name
        if content is None:  # None removes a file of the base project
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def copy_site_skeleton(root: Path) -> None:
    """The real templates, mkdocs.yml and hand-written docs (guide, assets) into root."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for sub in ("assets", "guide"):
        shutil.copytree(REPO / "docs" / sub, root / "docs" / sub)


def pin_briefings(root: Path) -> None:
    """Pin every briefing of the project that names a seed it has and carries no pin yet, as
    `briefbook pin` would: a test project looks like a finished one (tests of pinning pass pin=False)."""
    for path in sorted((root / "briefings").glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        seed = re.search(r"^seed:[ \t]*(\S+)[ \t]*$", text, re.M)
        if seed is None or re.search(r"^pinned:", text, re.M) or not (root / "seeds" / seed.group(1)).is_file():
            continue
        try:
            seed_text = (root / "seeds" / seed.group(1)).read_bytes().decode("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        path.write_text(pinned(text if text.endswith("\n") else text + "\n", seed_text), encoding="utf-8")


def write_project(root: Path, *, seeds=None, registry=None, briefings=None, files=None,
                  base: bool = True, pin: bool = True) -> Path:
    """A whole project in root: the real templates, mkdocs.yml and hand-written docs,
    the base project (unless base=False) and the given files over it; briefings pinned unless pin=False."""
    root.mkdir(parents=True)
    copy_site_skeleton(root)
    (root / "seeds").mkdir()
    (root / "briefings" / "registry").mkdir(parents=True)
    if base:
        _write(root / "seeds", BASE_SEEDS)
        _write(root / "briefings" / "registry", BASE_REGISTRY)
        _write(root / "briefings", BASE_BRIEFINGS)
    _write(root / "seeds", seeds or {})
    _write(root / "briefings" / "registry", registry or {})
    _write(root / "briefings", briefings or {})
    _write(root, files or {})
    if pin:
        pin_briefings(root)
    return root



def interruptible() -> None:
    """`preexec_fn` for a child the test stops with SIGINT: a shell's background job starts with SIGINT
    ignored, and the child would inherit that (Python installs no KeyboardInterrupt handler then), so a
    Ctrl-C test run that way would test the launcher, not briefbook."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def make_project(tmp_path):
    """Write a project into tmp_path/<name> and return its root.

    seeds / registry / briefings: file name → text (or bytes; None deletes a base file),
    merged over the base project unless base=False. files: any other project-relative
    path → text, written last.
    """
    def make(*, name: str = "project", **kwargs) -> Path:
        return write_project(tmp_path / name, **kwargs)
    return make


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ---------------------------------------------------------------- running the CLI

@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def problem_lines(self) -> list[str]:
        """`path:line:col: code` of every problem printed (warnings as `...: warning: code`)."""
        found = []
        for line in self.stderr.splitlines():
            match = PROBLEM_LINE.match(line)
            if match:
                found.append(match.group(1))
        return found

    def codes(self) -> list[str]:
        return [line.rsplit(": ", 1)[-1] for line in self.problem_lines]


PROBLEM_LINE = re.compile(r"^(\S+:\d+:\d+: (?:warning: )?[a-z0-9]+(?:-[a-z0-9]+)*):")


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> Run:
    """The real entry point, `python -m briefbook`, in a fresh process."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "briefbook", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def invoke(*args: str, input: str | None = None) -> Run:
    """The click command in this process (fast; no traceback swallowed: exceptions re-raise)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def validate():
    """Run `briefbook validate --project ROOT` in-process and return the Run."""
    def run(root: Path) -> Run:
        return invoke("validate", "--project", str(root))
    return run


# ---------------------------------------------------------------- looking at results

def tree_hashes(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Html(HTMLParser):
    """The parts of a built page the tests look at: elements, attributes, visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []
        self._skip = 0
        # every <table>: its rows, each a list of cell texts (th and td alike)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        # every <dl> (a facts list): term → the text of its value
        self.facts: list[dict[str, str]] = []
        self._term: list[str] | None = None
        self._value: list[str] | None = None
        self._last_term = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "dl":
            self.facts.append({})
        elif tag == "dt":
            self._term = []
        elif tag == "dd":
            self._value = []

    def handle_endtag(self, tag):
        if tag == "dt" and self._term is not None:
            self._last_term, self._term = fold("".join(self._term)), None
        elif tag == "dd" and self._value is not None and self.facts:
            self.facts[-1][self._last_term] = fold("".join(self._value))
            self._value = None
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(fold("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)
            for buffer in (self._cell, self._term, self._value):
                if buffer is not None:
                    buffer.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self._text))

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def hrefs(self) -> list[str]:
        return [a["href"] for a in self.tags("a") if a.get("href")]


def fold(text: str) -> str:
    """Whitespace folded, as HTML shows it."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- the real corpus

def _generated_docs() -> set[str]:
    """docs/ paths briefbook generates: the ones .gitignore lists under docs/."""
    lines = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    return {line[len("docs/"):].rstrip("/") for line in lines if line.startswith("docs/")}


def _copy_hand_written_docs(target: Path) -> None:
    generated = _generated_docs()
    for path in sorted((REPO / "docs").rglob("*")):
        rel = path.relative_to(REPO / "docs").as_posix()
        if path.is_file() and not any(rel == g or rel.startswith(g + "/") for g in generated):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / rel)


@pytest.fixture(scope="session")
def real(tmp_path_factory):
    """The real corpus copied into tmp_path and built strictly (without PDFs: test_pdf.py
    builds those) through the real entry point: (root, corpus)."""
    from briefbook import Project, build_corpus
    root = tmp_path_factory.mktemp("corpus") / "project"
    root.mkdir()
    for name in ("seeds", "briefings", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    _copy_hand_written_docs(root / "docs")
    result = run_cli("build", "--project", str(root), "--site-dir", str(root / "site"), "--no-pdf")
    assert result.exit_code == 0, f"the real corpus does not build:\n{result.stderr}"
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None
    return root, corpus


def article(path: Path) -> str:
    """The page's own content: Material's <article> element, without the theme around it."""
    text = path.read_text(encoding="utf-8")
    start = text.index("<article")
    end = text.index("</article>", start)
    return text[start:end + len("</article>")]


# ---------------------------------------------------------------- real clients (browser, checkers)

@pytest.fixture(scope="session")
def hostile_browser_site(tmp_path_factory):
    """A site built from hostile data (those of test_render's HOSTILE strings that could run
    code, and payloads that leave a mark if they run, see browser_support): the site folder."""
    from browser_support import BROWSER_PAYLOADS, could_run, write_hostile_project
    from test_render import HOSTILE
    root = tmp_path_factory.mktemp("hostile-browser") / "project"
    write_hostile_project(root, [s for s in HOSTILE if could_run(s)] + BROWSER_PAYLOADS)
    result = invoke("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's chromium (installed by apt-get when missing and root), driven by Playwright."""
    from browser_support import ensure_chromium
    path = ensure_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=path)
        yield browser
        browser.close()
