"""A build that is interrupted (Ctrl-C) or killed leaves the published site byte for byte
as it was, and the next build works and cleans up after it.

Each test starts a real `briefbook build` in its own process group, waits until the build
is inside the stage named (MkDocs writing the new site, or the PDFs), then sends the
signal to the whole group, as a terminal's Ctrl-C or a CI runner's kill would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ALPHA_BRIEFING, interruptible, run_cli, tree_hashes

STAGES = {
    # the MkDocs build has written part of the new site into the staging folder
    "site": lambda staging: (staging / "index.html").exists() or (staging / "search").exists(),
    # the PDFs are being rendered (the cache holds a half-written one)
    "pdf": None,
}


def _staging(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith(".site.new-")]


def _in_stage(root: Path, stage: str) -> bool:
    if stage == "pdf":
        cache = root / ".briefbook-cache" / "pdf"
        return cache.is_dir() and any(cache.glob("*.tmp"))
    return any(STAGES["site"](s) for s in _staging(root))


def _interrupt_build(root: Path, stage: str, sig: int, pdf: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    args = [sys.executable, "-m", "briefbook", "build", "--project", str(root), "--jobs", "2"]
    if not pdf:
        args.append("--no-pdf")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=interruptible,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while not _in_stage(root, stage):
            if proc.poll() is not None:
                pytest.fail(f"the build ended before reaching the {stage} stage:\n{proc.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the build never reached the {stage} stage")
            time.sleep(0.002)
        os.killpg(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _changed_project(make_project) -> tuple[Path, dict[str, str]]:
    """A built project, then an edit that a completed build would publish."""
    root = make_project()
    first = run_cli("build", "--project", str(root))
    assert first.exit_code == 0, first.stderr
    before = tree_hashes(root / "site")
    assert "index.html" in before and any(path.startswith("pdf/") for path in before)
    (root / "briefings" / "alpha-statement.yaml").write_text(
        ALPHA_BRIEFING.replace("summary: The Lakeside talks were held in Geneva.",
                               "summary: The Lakeside talks were held in Geneva, by the lake."), encoding="utf-8")
    return root, before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
@pytest.mark.parametrize("stage", ["site", "pdf"])
def test_an_interrupted_or_killed_build_leaves_the_published_site_byte_identical(make_project, sig, stage):
    root, before = _changed_project(make_project)
    result = _interrupt_build(root, stage, sig, pdf=True)
    assert result.returncode != 0
    if sig == signal.SIGINT:
        assert "Traceback" not in result.stderr, result.stderr
        assert result.stderr.rstrip().endswith("Aborted!"), result.stderr
        assert _staging(root) == [], "an interrupted build must clean up its staging folder"
    assert tree_hashes(root / "site") == before  # every file there, every byte the same

    # the next build is not confused by what the interrupted one left behind
    again = run_cli("build", "--project", str(root))
    assert again.exit_code == 0, again.stderr
    assert _staging(root) == []
    assert list((root / ".briefbook-cache" / "pdf").glob("*.tmp")) == []
    page = (root / "site" / "sources" / "alpha-statement.html").read_text(encoding="utf-8")
    assert "by the lake" in page


def test_a_build_stopped_while_writing_docs_does_not_make_its_pages_look_hand_written(make_project, monkeypatch):
    # A build stopped half-way through writing docs/ leaves new pages there; the next build
    # must still know they are generated (not refuse them as hand-written files).
    import json

    from briefbook.publish import docs as site
    root = make_project()
    assert run_cli("build", "--project", str(root), "--no-pdf").exit_code == 0
    pages = {"actors/new-one.md": "# New\n", "actors/new-two.md": "# Two\n", "index.md": "# Home\n"}
    real_write = site.write_file

    def dying_write(path, data, shown=None):
        if path.name == "new-two.md":
            raise KeyboardInterrupt  # stopped after the first page was written
        return real_write(path, data, shown)

    monkeypatch.setattr(site, "write_file", dying_write)
    with pytest.raises(KeyboardInterrupt):
        site.write_pages(pages, root / "docs")
    monkeypatch.setattr(site, "write_file", real_write)
    assert (root / "docs" / "actors" / "new-one.md").is_file()
    assert not (root / "docs" / "actors" / "new-two.md").exists()

    written, removed = site.write_pages(pages, root / "docs")  # no "hand-written file" refusal
    assert (root / "docs" / "actors" / "new-two.md").read_text(encoding="utf-8") == "# Two\n"
    assert json.loads((root / "docs" / site.MANIFEST).read_text(encoding="utf-8")) == sorted(pages)
