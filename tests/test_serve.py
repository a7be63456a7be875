"""Live preview: `briefbook serve` re-renders on edits and keeps the last good pages on broken input."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ACTORS_YAML

OLD = "Foreign minister of Norland."
NEW = "Chief negotiator of Norland, as of this edit."


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"serve exited with {proc.returncode} while waiting for {what}:\n"
                        + log.read_text(encoding="utf-8", errors="replace"))
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; serve's output:\n"
                + log.read_text(encoding="utf-8", errors="replace"))


@contextlib.contextmanager
def serving(root: Path, log: Path):
    """`briefbook serve` on a free local port, its output in log: (the process, the base URL); stopped after."""
    port = _free_port()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "briefbook", "serve", "--project", str(root),
                                 "--dev-addr", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_serve_rebuilds_on_edit_and_keeps_the_last_good_pages(make_project, tmp_path):
    root = make_project()
    log = tmp_path / "serve.log"
    with serving(root, log) as (proc, base):
        url = f"{base}/actors/ada-vance.html"
        first = _wait_for(lambda: _get(url), 30, "the first page", proc, log)
        assert OLD in first

        # an edit to a briefing registry file is re-rendered and served
        actors = root / "briefings" / "registry" / "actors.yaml"
        actors.write_text(ACTORS_YAML.replace(OLD, NEW), encoding="utf-8")
        updated = _wait_for(lambda: (page := _get(url)) and NEW in page and page, 30,
                            "the edited description", proc, log)
        assert OLD not in updated

        # broken input: reported with file and line, and the last good page stays
        actors.write_text(ACTORS_YAML.replace(OLD, NEW) + "  norland: [broken\n", encoding="utf-8")
        _wait_for(lambda: "briefings/registry/actors.yaml:" in log.read_text(encoding="utf-8", errors="replace"),
                  30, "the error report", proc, log)
        output = log.read_text(encoding="utf-8", errors="replace")
        error_lines = [line for line in output.splitlines() if line.startswith("briefings/registry/actors.yaml:")]
        assert error_lines and all(line.split(":")[1].isdigit() for line in error_lines), output
        assert "Traceback" not in output
        still = _get(url)
        assert still is not None and NEW in still
        assert proc.poll() is None, "serve stopped on broken input"

        # the published docs/ and site/ are never touched by the preview
        assert not (root / "site").exists()
        assert not (root / "docs" / "actors").exists()


def test_the_preview_search_index_keeps_every_page_after_an_incremental_rebuild(make_project):
    import json

    from briefbook.project import Project
    from briefbook.serve import Preview
    root = make_project()
    preview = Preview(Project(root))
    try:
        assert preview.rebuild()
        index = preview.site_dir / "search" / "search_index.json"

        def pages() -> dict[str, str]:
            """Each page's location → all its indexed text (the page and its sections)."""
            found: dict[str, str] = {}
            for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
                page = doc["location"].split("#", 1)[0]
                found[page] = found.get(page, "") + " " + doc["title"] + " " + doc["text"]
            return found

        before = pages()
        assert "sources/alpha-statement.html" in before and len(before) > 8
        briefing = root / "briefings" / "alpha-statement.yaml"
        briefing.write_text(briefing.read_text(encoding="utf-8").replace(
            "summary: The Lakeside talks were held in Geneva.", "summary: Marmalade talks were held in Geneva."),
            encoding="utf-8")
        assert preview.rebuild()
        after = pages()
        assert set(after) == set(before)  # the dirty build's partial index was merged, not swapped in
        assert "Marmalade" in after["sources/alpha-statement.html"]
        assert after["index.html"] == before["index.html"]  # untouched pages kept as they were
    finally:
        preview.close()
