"""What a careless or hostile contributor finds: every path, file and value from the user is untrusted.

Each case was first tried against briefbook as it was (and failed: a deleted project, a leaked
/etc/passwd, a 72 MB page, a traceback, code run from a template), then fixed in the mechanism:

- output folders: briefbook replaces only folders it made (its marker file), never the sources;
- inputs: regular files inside the project only, never links, devices or FIFOs;
- seeds: a size limit and the same character checks as YAML, at seed:line:col;
- concurrency and faults: one build at a time, unique temporary names, a full disk is one line;
- templates run in Jinja's sandbox; the preview server answers malformed paths without a traceback.

A command run here never prints a traceback (`clean` checks standard error).
See CONTRIBUTING.md for the principle and how to add a case.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ACTORS_YAML, ALPHA_SEED, Html, article, interruptible, invoke, run_cli, tree_hashes, write_project


def clean(run, *, code: int = 1) -> str:
    """The command ended with `code`, without a traceback; its standard error."""
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr
    assert run.exit_code == code, (run.exit_code, run.stdout, run.stderr)
    return run.stderr


def sources_of(root: Path) -> dict[str, str]:
    """Every file of the project that is the analyst's work (not docs/ pages briefbook generates)."""
    hashes = {}
    for folder in ("briefings", "seeds", "templates", "docs/guide", "docs/assets"):
        hashes.update({f"{folder}/{k}": v for k, v in tree_hashes(root / folder).items()})
    hashes["mkdocs.yml"] = tree_hashes(root)["mkdocs.yml"]
    return hashes


def build(root: Path, *args: str):
    return invoke("build", "--project", str(root), "--no-pdf", *args)


# ================================================================ data loss: output folders

# --site-dir values that are, contain or lie inside the project's sources
SOURCE_TARGETS = {
    "the project root": lambda root: root,
    "docs/": lambda root: root / "docs",
    "docs/guide/": lambda root: root / "docs" / "guide",
    "briefings/": lambda root: root / "briefings",
    "briefings/registry/": lambda root: root / "briefings" / "registry",
    "seeds/": lambda root: root / "seeds",
    "a new folder in seeds/": lambda root: root / "seeds" / "site",
    "templates/": lambda root: root / "templates",
    "a new folder in templates/": lambda root: root / "templates" / "out",
    ".git/": lambda root: root / ".git",
    "the folder above the project": lambda root: root.parent,
    "the PDF cache": lambda root: root / ".briefbook-cache",
}


@pytest.fixture
def project(make_project):
    root = make_project()
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "notes.txt").write_text("uncommitted work\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("target", sorted(SOURCE_TARGETS), ids=str)
def test_a_site_dir_in_or_around_the_sources_is_refused(project, target):
    before = sources_of(project)
    site_dir = SOURCE_TARGETS[target](project)
    err = clean(build(project, "--site-dir", str(site_dir)))
    assert "--site-dir" in err and "briefbook" in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1, err
    assert sources_of(project) == before
    assert (project / "notes.txt").read_text(encoding="utf-8") == "uncommitted work\n"
    assert (project / ".git" / "HEAD").is_file()


@pytest.mark.parametrize("target", sorted(SOURCE_TARGETS), ids=str)
def test_a_pdf_out_in_or_around_the_sources_is_refused(project, target):
    before = sources_of(project)
    err = clean(invoke("pdf", "--project", str(project), "--out", str(SOURCE_TARGETS[target](project))))
    assert "--out" in err
    assert sources_of(project) == before
    assert not (project / "pdf").exists() and not (project / "docs" / "pdf").exists()


def test_a_site_dir_reached_through_a_link_is_compared_by_where_it_leads(project, tmp_path):
    (tmp_path / "innocent").symlink_to(project / "docs")
    before = sources_of(project)
    err = clean(build(project, "--site-dir", str(tmp_path / "innocent")))
    assert "docs" in err
    assert sources_of(project) == before


def test_a_site_dir_written_the_long_way_round_is_compared_by_where_it_leads(project):
    before = sources_of(project)
    err = clean(build(project, "--site-dir", str(project / "site" / ".." / "seeds" / ".." / "docs")))
    assert "docs" in err
    assert sources_of(project) == before


def test_an_existing_folder_briefbook_did_not_make_is_refused(project, tmp_path):
    other = tmp_path / "my-documents"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"years of work")
    (other / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    err = clean(build(project, "--site-dir", str(other)))
    assert "not made by briefbook" in err
    assert sorted(p.name for p in other.iterdir()) == ["index.html", "thesis.docx"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no staging left


def test_an_empty_or_new_folder_is_built_into_and_marked(project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    clean(build(project, "--site-dir", str(empty)), code=0)
    assert (empty / "index.html").is_file()
    marker = (empty / ".briefbook-site").read_text(encoding="utf-8")
    assert "briefbook" in marker
    new = tmp_path / "new" / "site"
    clean(build(project, "--site-dir", str(new)), code=0)
    assert (new / ".briefbook-site").is_file()
    # a folder briefbook made is replaced by the next build
    (new / "stale.html").write_text("old", encoding="utf-8")
    clean(build(project, "--site-dir", str(new)), code=0)
    assert not (new / "stale.html").exists() and (new / ".briefbook-site").is_file()


def test_a_site_built_before_the_marker_existed_is_still_replaced(project):
    """Sites built by an older briefbook carry no marker: their corpus.json says who made them."""
    clean(build(project), code=0)
    (project / "site" / ".briefbook-site").unlink()
    (project / "site" / "old-page.html").write_text("old", encoding="utf-8")
    err = clean(build(project), code=0)
    assert not (project / "site" / "old-page.html").exists()
    assert (project / "site" / ".briefbook-site").is_file()
    assert "an earlier briefbook" in err


def test_a_site_built_by_plain_mkdocs_is_replaced(project):
    """`mkdocs build` of the project (the README says it works) leaves MkDocs' own layout."""
    clean(build(project), code=0)  # writes the pages into docs/
    shutil.rmtree(project / "site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True,
                          text=True, timeout=300)  # MkDocs itself: its sitemap and 404 page, no briefbook marker
    assert proc.returncode == 0, proc.stderr
    assert not (project / "site" / ".briefbook-site").exists() and (project / "site" / "sitemap.xml.gz").is_file()
    clean(build(project), code=0)
    assert (project / "site" / ".briefbook-site").is_file()


def test_a_folder_that_only_looks_like_a_site_is_not_taken_for_one(project, tmp_path):
    other = tmp_path / "blog"
    (other / "search").mkdir(parents=True)
    (other / "index.html").write_text("<p>my blog</p>", encoding="utf-8")
    (other / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (other / "corpus.json").write_text('{"format": "something-else"}', encoding="utf-8")
    clean(build(project, "--site-dir", str(other)))
    assert (other / "index.html").read_text(encoding="utf-8") == "<p>my blog</p>"


def test_a_site_dir_that_is_a_file_is_refused(project, tmp_path):
    target = tmp_path / "file"
    target.write_text("keep me", encoding="utf-8")
    clean(build(project, "--site-dir", str(target)), code=2)  # click: "is a file"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_pdf_out_never_deletes_pdfs_it_did_not_write(project, tmp_path):
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    (out / "pdf" / "contract.pdf").write_bytes(b"%PDF-1.4 someone else's")
    err = clean(invoke("pdf", "--project", str(project), "--out", str(out)))
    assert "pdf" in err and "not written by briefbook" in err
    assert (out / "pdf" / "contract.pdf").read_bytes() == b"%PDF-1.4 someone else's"


def test_pdf_out_into_a_new_folder_then_again_removes_only_its_own_pdfs(project, tmp_path):
    out = tmp_path / "out"
    clean(invoke("pdf", "--project", str(project), "--out", str(out)), code=0)
    assert (out / "pdf" / "actors" / "norland.pdf").is_file()
    assert "pdf/actors/norland.pdf" in json.loads((out / "pdf" / ".briefbook-pdfs.json").read_text())
    (out / "pdf" / "mine.pdf").write_bytes(b"%PDF-1.4 mine")  # added by hand afterwards
    (out / "pdf" / "actors" / "added.pdf").write_bytes(b"%PDF-1.4 mine too")
    actors = (project / "briefings" / "registry" / "actors.yaml")
    actors.write_text(ACTORS_YAML + "  extra-state:\n    name: Extra State\n    kind: state\n"
                      "    description: A state.\n", encoding="utf-8")
    clean(invoke("pdf", "--project", str(project), "--out", str(out)), code=0)
    assert (out / "pdf" / "actors" / "extra-state.pdf").is_file()
    actors.write_text(ACTORS_YAML, encoding="utf-8")
    clean(invoke("pdf", "--project", str(project), "--out", str(out)), code=0)
    assert not (out / "pdf" / "actors" / "extra-state.pdf").exists()  # its own, now stale: removed
    assert (out / "pdf" / "mine.pdf").read_bytes() == b"%PDF-1.4 mine"
    assert (out / "pdf" / "actors" / "added.pdf").read_bytes() == b"%PDF-1.4 mine too"


def test_pdf_into_the_built_site_is_allowed(project):
    clean(build(project), code=0)
    clean(invoke("pdf", "--project", str(project)), code=0)
    assert (project / "site" / "pdf" / "briefing-book.pdf").is_file()


EXPORT_TARGETS = {
    "a seed": lambda root: root / "seeds" / "alpha.txt",
    "a briefing": lambda root: root / "briefings" / "alpha-statement.yaml",
    "a new file in briefings/": lambda root: root / "briefings" / "corpus.json",
    "mkdocs.yml": lambda root: root / "mkdocs.yml",
    "a hand-written page": lambda root: root / "docs" / "guide" / "hosting.md",
    "a template": lambda root: root / "templates" / "actor.md.j2",
    "a file in .git": lambda root: root / ".git" / "HEAD",
    "someone's notes": lambda root: root / "notes.txt",
    "a FIFO": lambda root: root.parent / "pipe",
}


@pytest.mark.parametrize("target", sorted(EXPORT_TARGETS), ids=str)
def test_export_out_never_replaces_a_source_or_a_file_it_did_not_write(project, target):
    # Never a real system file here: a test run against a broken briefbook must not break the machine.
    path = EXPORT_TARGETS[target](project)
    if target == "a FIFO":
        os.mkfifo(path)
    before = path.read_bytes() if path.is_file() else None
    sources = sources_of(project)
    err = clean(run_cli("export", "--project", str(project), "--out", str(path), timeout=60))
    assert "--out" in err
    assert sources_of(project) == sources
    if before is not None:
        assert path.read_bytes() == before
    assert target != "a FIFO" or path.is_fifo()


def test_export_out_through_a_link_to_a_file_elsewhere_is_refused(project, tmp_path):
    elsewhere = tmp_path / "etc" / "passwd"  # stands for /etc/passwd
    elsewhere.parent.mkdir()
    elsewhere.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "corpus.json"
    link.symlink_to(elsewhere)
    clean(invoke("export", "--project", str(project), "--out", str(link)))
    assert elsewhere.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n" and link.is_symlink()


def test_export_out_replaces_its_own_earlier_export(project, tmp_path):
    out = tmp_path / "corpus.json"
    clean(invoke("export", "--project", str(project), "--out", str(out)), code=0)
    first = out.read_text(encoding="utf-8")
    clean(invoke("export", "--project", str(project), "--out", str(out)), code=0)
    assert out.read_text(encoding="utf-8") == first and json.loads(first)["format"] == "briefbook-corpus"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json", "project"]  # no temporary left


# ================================================================ leaks: inputs are regular files inside the project

PASSWD_LINE = "root:x:0:0"  # in /etc/passwd on every Linux machine


def outside_folder(tmp_path: Path) -> Path:
    """A folder outside the project holding a valid copy of the project's seed and registry."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "alpha.txt").write_text(ALPHA_SEED, encoding="utf-8")
    (folder / "actors.yaml").write_text(ACTORS_YAML, encoding="utf-8")
    (folder / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    return folder


def make_fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)


def replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# name → (what to do to the project, the problem line that must be printed)
INPUT_CASES = {
    "seed linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "seeds/alpha.txt", Path("/etc/passwd")),
         "seeds/alpha.txt: symbolic-link:"),
    "seed linked inside the project":
        (lambda root, out: replace_with_link(root / "seeds/alpha.txt", root / "briefings/alpha-statement.yaml"),
         "seeds/alpha.txt: symbolic-link:"),
    "seed linked with a relative link":
        (lambda root, out: replace_with_link(root / "seeds/alpha.txt", Path("../../outside/alpha.txt")),
         "seeds/alpha.txt: symbolic-link:"),
    "seeds/ linked to a folder outside":
        (lambda root, out: replace_with_link(root / "seeds", out), "seeds: symbolic-link:"),
    "seed is a FIFO":
        (lambda root, out: make_fifo(root / "seeds/alpha.txt"), "seeds/alpha.txt: special-file:"),
    "seed is a folder":
        (lambda root, out: ((root / "seeds/alpha.txt").unlink(), (root / "seeds/alpha.txt").mkdir()),
         "seeds/alpha.txt: special-file:"),
    "seed linked to a device":
        (lambda root, out: replace_with_link(root / "seeds/alpha.txt", Path("/dev/null")),
         "seeds/alpha.txt: symbolic-link:"),
    "registry file linked to /etc/shadow":
        (lambda root, out: replace_with_link(root / "briefings/registry/zz.yaml", Path("/etc/shadow")),
         "briefings/registry/zz.yaml: symbolic-link:"),
    "registry file linked to a valid file outside":
        (lambda root, out: replace_with_link(root / "briefings/registry/actors.yaml", out / "actors.yaml"),
         "briefings/registry/actors.yaml: symbolic-link:"),
    "registry/ linked to a folder outside":
        (lambda root, out: (shutil.copy(root / "briefings/registry/events.yaml", out / "events.yaml"),
                            replace_with_link(root / "briefings/registry", out)),
         "briefings/registry: symbolic-link:"),
    "briefing linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "briefings/zz.yaml", Path("/etc/passwd")),
         "briefings/zz.yaml: symbolic-link:"),
    "briefing is a FIFO":
        (lambda root, out: make_fifo(root / "briefings/zz.yaml"), "briefings/zz.yaml: special-file:"),
    "registry file is a FIFO":
        (lambda root, out: make_fifo(root / "briefings/registry/zz.yaml"),
         "briefings/registry/zz.yaml: special-file:"),
    "a page in docs/ linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "docs/leak.md", Path("/etc/passwd")),
         "docs/leak.md: symbolic-link:"),
    "a file in docs/guide/ linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "docs/guide/notes.txt", Path("/etc/passwd")),
         "docs/guide/notes.txt: symbolic-link:"),
    "docs/actors/ linked to a folder outside":
        (lambda root, out: replace_with_link(root / "docs/actors", out), "docs/actors: symbolic-link:"),
    "docs/assets/ linked to a folder outside":
        (lambda root, out: replace_with_link(root / "docs/assets", out), "docs/assets: symbolic-link:"),
    "a FIFO in docs/":
        (lambda root, out: make_fifo(root / "docs/pipe.md"), "docs/pipe.md: special-file:"),
    "an actor's template linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "templates/actor/ada-vance.md.j2", Path("/etc/passwd")),
         "templates/actor/ada-vance.md.j2: symbolic-link:"),
    "a page template linked outside":
        (lambda root, out: replace_with_link(root / "templates/home.md.j2", out / "main.html"),
         "templates/home.md.j2: symbolic-link:"),
    "the theme override linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "templates/theme/main.html", Path("/etc/passwd")),
         "templates/theme/main.html: symbolic-link:"),
    "a theme asset linked to /etc/passwd":
        (lambda root, out: replace_with_link(root / "templates/theme/assets/leak.js", Path("/etc/passwd")),
         "templates/theme/assets/leak.js: symbolic-link:"),
    "templates/ linked to a folder outside":
        (lambda root, out: (shutil.copytree(root / "templates", out / "templates"),
                            replace_with_link(root / "templates", out / "templates")),
         "templates: symbolic-link:"),
    "mkdocs.yml linked outside":
        (lambda root, out: (shutil.copy(root / "mkdocs.yml", out / "mkdocs.yml"),
                            replace_with_link(root / "mkdocs.yml", out / "mkdocs.yml")),
         "mkdocs.yml: symbolic-link:"),
    "the theme folder outside the project":
        (lambda root, out: (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                                                           .replace("custom_dir: templates/theme",
                                                                    f"custom_dir: {out}"), encoding="utf-8"),
         "mkdocs.yml: outside-project:"),
}


@pytest.mark.parametrize("case", sorted(INPUT_CASES), ids=str)
def test_an_input_that_is_not_a_regular_file_inside_the_project_is_refused(make_project, tmp_path, case):
    root = make_project()
    out = outside_folder(tmp_path)
    prepare, expected = INPUT_CASES[case]
    prepare(root, out)
    outside_before = tree_hashes(out)
    result = run_cli("build", "--project", str(root), "--no-pdf", timeout=60)
    err = clean(result)
    assert expected in err, err
    assert PASSWD_LINE not in err + result.stdout
    assert not (root / "site").exists(), "nothing may be published"
    assert tree_hashes(out) == outside_before, "nothing is written outside the project"


def test_a_device_as_a_seed_is_refused(make_project):
    root = make_project()
    (root / "seeds/alpha.txt").unlink()
    try:
        os.mknod(root / "seeds/alpha.txt", 0o644 | __import__("stat").S_IFCHR, os.makedev(1, 3))  # /dev/null: harmless even if it were read
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    err = clean(run_cli("validate", "--project", str(root), timeout=30))
    assert "seeds/alpha.txt: special-file:" in err


def test_validate_and_export_refuse_a_linked_seed_too(make_project, monkeypatch):
    """/proc/self/environ holds the CI's deploy tokens: it must reach no page, no index, no corpus.json."""
    monkeypatch.setenv("BRIEFBOOK_DEPLOY_TOKEN", "tok-5ecret-in-env")
    root = make_project()
    replace_with_link(root / "seeds/alpha.txt", Path("/proc/self/environ"))
    for command in ("validate", "export", "check"):
        result = run_cli(command, "--project", str(root))
        err = clean(result)
        assert "seeds/alpha.txt: symbolic-link:" in err
        assert "tok-5ecret" not in err + result.stdout


def test_a_link_in_the_pdf_cache_place_is_never_followed(make_project, tmp_path):
    root = make_project()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.pdf").write_bytes(b"%PDF-1.4 years of work")
    (victim / "draft.tmp").write_bytes(b"unsaved")
    (root / ".briefbook-cache").symlink_to(victim)
    err = clean(invoke("build", "--project", str(root)))
    assert ".briefbook-cache: symbolic-link:" in err
    assert sorted(p.name for p in victim.iterdir()) == ["draft.tmp", "thesis.pdf"]


def test_messages_about_a_file_that_is_not_briefing_data_quote_only_a_short_excerpt(make_project):
    """A secrets file copied into registry/ by mistake: its lines must not be echoed."""
    secret_lines = [f"user{i}:$6$rounds=5000$saltsaltsalt$" + "Q" * 60 + f"{i}:19000:0:99999:7:::"
                    for i in range(30)]
    root = make_project(registry={"zz.yaml": "\n".join(secret_lines) + "\n",
                                  "zy.yaml": "actors:\n  " + "k" * 300 + ": {kind: " + "v" * 300 + "}\n"})
    err = clean(invoke("validate", "--project", str(root)))
    for line in err.splitlines():
        assert len(line) < 300, line
    assert "Q" * 30 not in err and "k" * 100 not in err and "v" * 100 not in err


def test_the_preview_copies_no_linked_file_from_docs(make_project):
    from briefbook.project import Project
    from briefbook.serve import Preview
    root = make_project()
    replace_with_link(root / "docs/guide/leak.md", Path("/etc/passwd"))
    preview = Preview(Project(root))
    try:
        assert preview.rebuild() is False
        assert not (preview.docs_dir / "guide" / "leak.md").exists()
        assert not any(PASSWD_LINE in p.read_text(encoding="utf-8", errors="replace")
                       for p in preview.work.rglob("*") if p.is_file())
    finally:
        preview.close()


# ================================================================ seeds: limits and raw input

def seed_problems(root: Path) -> tuple[list[str], str]:
    result = invoke("validate", "--project", str(root))
    err = result.stderr
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("seeds/")], err


def test_a_seed_over_the_size_limit_is_refused_before_it_is_read(make_project):
    from briefbook.corpus.seeds import MAX_SEED_BYTES
    root = make_project()
    with open(root / "seeds/alpha.txt", "r+b") as fh:  # 50 MB, as tried: sparse, costs no disk
        fh.truncate(50 * 1024 * 1024)
    started = time.monotonic()
    lines, err = seed_problems(root)
    assert time.monotonic() - started < 20
    assert lines == [f"seeds/alpha.txt:1:1: file-too-large: {50 * 1024 * 1024:,} bytes; a seed may have at most "
                     f"{MAX_SEED_BYTES:,} bytes (2 MB): split the document into parts, one seed each"], err


def test_a_seed_just_under_the_size_limit_is_read(make_project):
    from briefbook.corpus.seeds import MAX_SEED_BYTES
    filler = ("Words of a long transcript. " * 40 + "\n\n")
    text = ALPHA_SEED + "\n" + filler * ((MAX_SEED_BYTES - len(ALPHA_SEED) - 1) // len(filler))
    assert len(text.encode()) <= MAX_SEED_BYTES
    root = make_project(seeds={"alpha.txt": text})
    lines, err = seed_problems(root)
    assert lines == [] and "OK:" in invoke("validate", "--project", str(root)).stdout


def test_too_many_paragraphs_or_lines_are_refused_with_where_the_limit_was_passed(make_project):
    from briefbook.corpus.seeds import MAX_LINES, MAX_PARAGRAPHS
    root = make_project(seeds={"alpha.txt": ALPHA_SEED + "\n" + "a\n\n" * MAX_PARAGRAPHS})
    lines, _ = seed_problems(root)
    first_over = ALPHA_SEED.count("\n") + 2 + 2 * (MAX_PARAGRAPHS - 5)  # ALPHA_SEED has 5 paragraphs
    assert lines == [f"seeds/alpha.txt:{first_over}:1: too-many-paragraphs: a seed may have at most "
                     f"{MAX_PARAGRAPHS:,} paragraphs: split the document into parts, one seed each"]
    root = make_project(name="lines", seeds={"alpha.txt": ALPHA_SEED + "\n" + "line\n" * MAX_LINES})
    lines, _ = seed_problems(root)
    assert lines == [f"seeds/alpha.txt:{MAX_LINES + 1}:1: too-many-lines: a seed may have at most "
                     f"{MAX_LINES:,} lines: split the document into parts, one seed each"]


BAD_CHARACTERS = {
    "NUL": "\x00", "a terminal escape": "\x1b[31m", "a C1 control (CSI)": "\x9b", "DEL": "\x7f",
    "backspace": "\x08", "vertical tab": "\x0b", "a right-to-left override": "\u202e",
    "a left-to-right embedding": "\u202a", "a first-strong isolate": "\u2068", "a pop-directional isolate": "\u2069",
    "the line separator": "\u2028", "the paragraph separator": "\u2029",
}


@pytest.mark.parametrize("name", sorted(BAD_CHARACTERS), ids=str)
def test_a_bad_character_in_a_seed_is_reported_at_its_line_and_column(make_project, name):
    char = BAD_CHARACTERS[name]
    seed = ALPHA_SEED.replace("hosted by Norland.", f"hosted by{char} Norland.")
    root = make_project(seeds={"alpha.txt": seed})
    lines, err = seed_problems(root)
    assert len(lines) == 1, err
    assert lines[0].startswith(f"seeds/alpha.txt:4:10: bad-character: character U+{ord(char[0]):04X} ("), lines
    assert "is not allowed in a seed" in lines[0]
    assert "Error:" in err and not (root / "site").exists()


def test_every_bad_character_is_reported_and_crlf_lines_count_as_lines(make_project):
    seed = "Title\r\n\r\nOne \x1b here\r\nand \u202e there\r\n"
    root = make_project(seeds={"alpha.txt": seed})
    lines, _ = seed_problems(root)
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in lines] == [
        "seeds/alpha.txt:3:5: bad-character", "seeds/alpha.txt:4:5: bad-character"]


def test_a_seed_byte_order_mark_is_removed_and_noted(make_project):
    root = make_project(seeds={"alpha.txt": b"\xef\xbb\xbf" + ALPHA_SEED.encode()})
    result = invoke("validate", "--project", str(root))
    clean(result, code=0)
    assert "seeds/alpha.txt:1:1: warning: byte-order-mark: " in result.stderr
    clean(build(root), code=0)
    page = (root / "site" / "sources" / "alpha-statement.html").read_text(encoding="utf-8")
    assert "\ufeff" not in page and "Joint statement on the Lakeside talks" in page
    assert "\ufeff" not in (root / "site" / "corpus.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-32"])
def test_a_utf16_seed_says_what_it_is_and_what_to_do(make_project, encoding):
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        raw = ("\ufeff" + ALPHA_SEED).encode(codec)
    else:
        raw = ALPHA_SEED.encode(encoding)
    root = make_project(seeds={"alpha.txt": raw})
    lines, err = seed_problems(root)
    kind = "UTF-32" if encoding == "utf-32" else "UTF-16"
    assert lines == [f"seeds/alpha.txt:1:1: not-utf8: the file is {kind}; save it as UTF-8"], err


def test_a_seed_that_is_not_utf8_is_reported_at_the_byte(make_project):
    root = make_project(seeds={"alpha.txt": ALPHA_SEED.replace("Geneva", "Gen\u00e8va").encode("latin-1")})
    lines, _ = seed_problems(root)
    assert lines == ["seeds/alpha.txt:3:36: not-utf8: byte 0xe8 is not UTF-8; save the file as UTF-8"]


def test_a_form_feed_from_pdftotext_is_a_page_break_not_an_error(make_project):
    root = make_project(seeds={"alpha.txt": ALPHA_SEED.replace("\nMinister Vance", "\f\nMinister Vance")})
    lines, err = seed_problems(root)
    assert lines == [], err


# Real text of the languages the corpus will take next: the joiners, marks and letters they
# use must pass (ZWNJ U+200C in Dari and Persian, ZWJ U+200D, the marks U+200E/U+200F/U+061C).
RTL_SEED = """\
بیانیه مشترک درباره گفت‌وگوهای صلح

نشست در تاریخ ۱۸ ژوئیه ۲۰۲۰ در دوحه برگزار شد و نمایندگان ۱۲ کشور حضور داشتند.

وزیر ونس گفت: «ما تا رسیدن به صلح به گفت‌وگو ادامه می‌دهیم.»

اردو: امن مذاکرات جاری ہیں اور وفود نے شرکت کی۔

پښتو: د سولې خبرې اترې روانې دي.

قالت الوزيرة \u200f(Vance)\u200f إن المحادثات مستمرة، وحضر ممثلو ١٢ دولة. \u061c١٢\u061c كـــتاب

ه\u200dا و ٪۱۰ و גם השיחות נמשכות \u200e(2020)\u200e בז׳נבה.
"""

RTL_BRIEFING = """\
seed: dari.txt
title: بیانیه مشترک درباره گفت‌وگوهای صلح
kind: statement
published: {value: "2020-07-18"}
language: fa
summary: گفت‌وگوهای صلح ادامه دارد.
key_points:
  - text: نشست در دوحه برگزار شد.
    cite: 2
quotes:
  - speaker: ada-vance
    text: ما تا رسیدن به صلح به گفت‌وگو ادامه می‌دهیم.
    cite: 3
"""


def test_arabic_dari_urdu_pashto_and_hebrew_text_with_its_joiners_and_marks_is_accepted(make_project):
    root = make_project(seeds={"dari.txt": RTL_SEED}, briefings={"dari-statement.yaml": RTL_BRIEFING})
    result = invoke("validate", "--project", str(root))
    clean(result, code=0)
    assert not [line for line in result.stderr.splitlines() if line.startswith("seeds/")], result.stderr
    clean(build(root), code=0)
    page = Html(article(root / "site" / "sources" / "dari-statement.html")).text
    for words in ("گفت‌وگو", "ه\u200dا", "\u200f(Vance)\u200f", "\u061c١٢\u061c", "\u200e(2020)\u200e", "ہیں"):
        assert words in page, words


def test_a_template_cannot_grow_a_page_without_bound(make_project):
    root = make_project(files={"templates/actor/ada-vance.md.j2":
                               "{% for i in range(100000) %}{{ 'x' * 400 }}{% endfor %}\n"})
    started = time.monotonic()
    err = clean(build(root))
    assert time.monotonic() - started < 60
    assert "templates/actor/ada-vance.md.j2" in err and "template-error" in err and "MB" in err


# ================================================================ concurrency: one build at a time

def _popen_build(root: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return subprocess.Popen([sys.executable, "-m", "briefbook", "build", "--project", str(root), *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _site_without_dates(site: Path) -> dict[str, str]:
    return {k: v for k, v in tree_hashes(site).items() if not k.startswith("sitemap.xml")}


SUMMARIES = ("summary: The Lakeside talks were held in Geneva.", "summary: The Lakeside talks went on in Geneva.")


def _set_summary(root: Path, state: int) -> None:
    """One of two versions of the briefing: every change rewrites pages, so both builds write docs/."""
    briefing = root / "briefings" / "alpha-statement.yaml"
    text = briefing.read_text(encoding="utf-8")
    for summary in SUMMARIES:
        text = text.replace(summary, SUMMARIES[state])
    briefing.write_text(text, encoding="utf-8")


def test_two_builds_started_at_once_many_times_leave_the_site_of_a_clean_build(make_project):
    # the same changes built one at a time: each build an edition compared with the one before
    expected = []
    reference = make_project(name="reference")
    for attempt in range(6):
        _set_summary(reference, attempt % 2)
        clean(build(reference), code=0)
        expected.append(_site_without_dates(reference / "site"))
    assert expected[0] != expected[1]
    root = make_project()
    for attempt in range(6):
        _set_summary(root, attempt % 2)
        procs = [_popen_build(root, "--no-pdf"), _popen_build(root, "--no-pdf")]
        results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        for code, out, err in results:
            assert code == 0 and "Traceback" not in err, (attempt, err)
        assert _site_without_dates(root / "site") == expected[attempt], attempt
        assert not [p.name for p in root.iterdir() if p.name.startswith((".site.", "site."))]
        assert not [p for p in (root / "docs").rglob("*.tmp")]
    waited = [err for _, _, err in results if "another build is running in this project" in err]
    assert all("waiting" in err for err in waited)


def test_two_builds_with_pdfs_at_once_both_succeed(make_project):
    root = make_project()
    procs = [_popen_build(root), _popen_build(root)]
    for proc in procs:
        code = proc.wait(timeout=600)
        out, err = proc.communicate()
        assert code == 0 and "Traceback" not in err and "FileNotFoundError" not in err, err
    assert (root / "site" / "pdf" / "briefing-book.pdf").is_file()
    assert not list((root / ".briefbook-cache").rglob("*.tmp"))


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from briefbook.lock import project_lock
from briefbook.project import Project
with project_lock(Project(Path(sys.argv[1])), wait=0):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(root: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(root), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_build_waits_for_the_first_and_says_so(make_project):
    root = make_project()
    holder = _hold_lock(root, 3)
    try:
        result = run_cli("build", "--project", str(root), "--no-pdf")
    finally:
        holder.wait(timeout=30)
    err = clean(result, code=0)
    assert f"another build is running in this project (pid {holder.pid}); waiting for it to finish" in err
    assert (root / "site" / "index.html").is_file()


def test_a_build_that_cannot_get_the_lock_in_time_stops_cleanly(make_project):
    from briefbook.lock import project_lock
    from briefbook.problems import BriefbookError
    from briefbook.project import Project
    root = make_project()
    holder = _hold_lock(root, 10)
    try:
        with pytest.raises(BriefbookError) as caught:
            with project_lock(Project(root), wait=0.5):
                pytest.fail("the lock was given twice")
        assert str(caught.value.message) == f"another build is running in this project, pid {holder.pid}"
    finally:
        holder.kill()
        holder.wait()
    with project_lock(Project(root), wait=0):  # the holder is gone: its lock went with it
        pass


def test_a_stale_lock_of_a_build_that_was_killed_is_taken_over(make_project):
    root = make_project()
    holder = _hold_lock(root, 60)
    holder.kill()  # as kill -9 would: the lock file stays, naming a process that is gone
    holder.wait()
    lock = root / ".briefbook-cache" / "build.lock"
    assert lock.is_file() and str(holder.pid) in lock.read_text(encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert "another build" not in clean(result, code=0)


WRITER = """
import sys
from pathlib import Path
from briefbook.publish.docs import write_pages
docs, who = Path(sys.argv[1]), int(sys.argv[2])
pages_a = {f"actors/a{i}.md": f"# A {i}\\n" for i in range(30)}
pages_b = {f"actors/a{i}.md": f"# B {i}\\n" for i in range(0, 30, 2)} | {"events/e.md": "# E\\n"}
for n in range(40):
    write_pages(pages_a if (n + who) % 2 else pages_b, docs)
"""


def test_two_processes_writing_docs_at_once_never_collide(tmp_path):
    """As tried: two processes calling write_pages failed 20 of 40 times on a shared temporary name."""
    docs = tmp_path / "docs"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(docs), str(who)], stderr=subprocess.PIPE, text=True)
             for who in (0, 1)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert not [p.name for p in docs.rglob("*") if p.name.endswith(".tmp")]
    json.loads((docs / ".briefbook-generated.json").read_text(encoding="utf-8"))


PDF_WRITER = """
import sys
from pathlib import Path
from briefbook.publish.pdf import write_pdfs
out, cache, who = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
for n in range(4):  # each round new to the cache: both runs render the same PDFs at the same time
    docs = {f"pdf/actors/a{i}.pdf": f"<html><body><h1>Actor {i}, round {n}</h1></body></html>" for i in range(6)}
    own = {"pdf/actors/own.pdf": f"<html><body><h1>Own {who} {n}</h1></body></html>"}  # pruned by the other
    write_pdfs(docs | own, out, cache, jobs=1)
"""


def test_two_processes_sharing_the_pdf_cache_never_collide(tmp_path):
    cache = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-c", PDF_WRITER, str(tmp_path / f"out{who}"), str(cache), str(who)],
                              stderr=subprocess.PIPE, text=True) for who in (0, 1)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    for who in (0, 1):
        assert (tmp_path / f"out{who}" / "pdf" / "actors" / "a3.pdf").read_bytes().startswith(b"%PDF")


# ================================================================ faults: a full disk

def _no_space(path) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.fixture
def full_disk(monkeypatch):
    """full_disk(predicate): every write to a file whose path satisfies predicate fails with ENOSPC,
    after the file was created (as a full disk does: a 0-byte file is what would be left behind)."""
    import builtins
    import io
    real_open = builtins.open
    real_copyfile = shutil.copyfile

    class Full:
        """A file on a full disk: it exists, but nothing can be written into it."""

        def __init__(self, handle):
            self._handle = handle

        def write(self, *_args, **_kwargs):
            raise _no_space(self._handle.name)

        writelines = write

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._handle.close()

    def install(predicate):
        def fake_open(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            name = getattr(handle, "name", file)
            if any(c in mode for c in "wax+") and isinstance(name, (str, os.PathLike)) and predicate(Path(name)):
                return Full(handle)
            return handle

        def fake_copyfile(src, dst, *args, **kwargs):
            if predicate(Path(dst)):
                real_open(dst, "wb").close()
                raise _no_space(dst)
            return real_copyfile(src, dst, *args, **kwargs)
        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(shutil, "copyfile", fake_copyfile)
    return install


def _leftovers(root: Path) -> list[str]:
    """Temporary files and staging folders a failed build must not leave behind."""
    found = []
    for path in root.rglob("*"):
        name = path.name
        if name.endswith(".tmp") or name.startswith((".site.new-", "site.old", ".corpus.json", ".site.")) or \
                (path.is_file() and path.stat().st_size == 0 and "site" not in path.parts
                 and not name.endswith(".lock")):
            found.append(path.relative_to(root).as_posix())
    return found


def _is(path: Path, ext: str) -> bool:
    """The file, or the temporary file it is written under first (`.name.pdf.<pid>-<random>.tmp`)."""
    return path.suffix == ext or f"{ext}." in path.name


def _staged(path: Path) -> bool:
    return any(part.startswith(".site.new-") for part in path.parts)


# where the disk fills up → what the one line must name
DISK_FULL = {
    "a docs page": (lambda p: _is(p, ".md") and "docs" in p.parts, "docs/"),
    "the docs manifest": (lambda p: ".briefbook-generated.json" in p.name, ".briefbook-generated.json"),
    "MkDocs writing a page": (lambda p: _is(p, ".html") and _staged(p), "site/"),
    "MkDocs copying an asset": (lambda p: (_is(p, ".css") or _is(p, ".js")) and _staged(p), "site/"),
    "corpus.json": (lambda p: "corpus.json" in p.name, "corpus.json"),
    "the PDF cache": (lambda p: ".briefbook-cache" in p.parts and "pdf" in p.parts, ".briefbook-cache/pdf"),
    "the PDF copy": (lambda p: _is(p, ".pdf") and _staged(p), "site/pdf/"),
}


@pytest.mark.parametrize("where", sorted(DISK_FULL), ids=str)
def test_a_full_disk_is_one_line_leaves_nothing_behind_and_keeps_the_old_site(make_project, full_disk, where):
    root = make_project()
    clean(invoke("build", "--project", str(root)), code=0)
    old_site = tree_hashes(root / "site")
    briefing = root / "briefings" / "alpha-statement.yaml"  # a change, so that every page is written again
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("were held in Geneva.", "were held."),
                        encoding="utf-8")
    shutil.rmtree(root / ".briefbook-cache")
    predicate, named = DISK_FULL[where]
    full_disk(predicate)
    result = invoke("build", "--project", str(root), "--jobs", "1")
    err = clean(result)
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0] and "could not write" in errors[0], err
    assert named in errors[0], errors
    assert tree_hashes(root / "site") == old_site
    assert _leftovers(root) == []


def _can_mount_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A real 30 MB file system (tmpfs), as the issue tried; skipped where it cannot be mounted."""
    folder = tmp_path / "disk"
    if not _can_mount_tmpfs(folder):
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_at_several_points_of_the_build(small_disk):
    root = write_project(small_disk / "project")
    first = run_cli("build", "--project", str(root), "--jobs", "1")
    clean(first, code=0)
    old_site = tree_hashes(root / "site")
    free = shutil.disk_usage(small_disk).free
    filler = small_disk / "filler"
    seen = set()
    # from a nearly full disk to one with room for all but the last files
    for left in (4096, 200_000, 1_000_000, 3_000_000, free // 2, free - 400_000):
        briefing = root / "briefings" / "alpha-statement.yaml"
        text = briefing.read_text(encoding="utf-8")
        briefing.write_text(text.replace("Talks were held in Geneva.", f"Talks were held in Geneva ({left}).")
                            if "(" not in text else text.replace(text[text.index("("):text.index(")") + 1],
                                                                 f"({left})"), encoding="utf-8")
        shutil.rmtree(root / ".briefbook-cache", ignore_errors=True)
        with open(filler, "wb") as fh:
            try:
                fh.truncate(0)
                fh.write(b"\0" * max(0, shutil.disk_usage(small_disk).free - left))
            except OSError:
                pass
        result = run_cli("build", "--project", str(root), "--jobs", "1", timeout=300)
        filler.unlink()
        if result.exit_code == 0:
            old_site = tree_hashes(root / "site")
            continue
        err = clean(result)
        errors = [line for line in err.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "No space left on device" in errors[0], err
        seen.add(errors[0].split(":")[1].strip())
        assert tree_hashes(root / "site") == old_site
        assert _leftovers(root) == [], left
    assert seen, "the disk never filled up"


# ================================================================ templates are code: the sandbox

ESCAPES = {
    "cycler globals": '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
    "joiner globals": '{{ joiner.__init__.__globals__.os.popen("id").read() }}',
    "namespace globals": '{{ namespace.__init__.__globals__.os.popen("id").read() }}',
    "lipsum globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "the mro of a string": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "self": "{{ self.__init__.__globals__ }}",
    "self's context": "{{ self._TemplateReference__context }}",
    "config (Flask's)": "{{ config.items() }}",
    "the attr filter": "{{ ''|attr('__class__')|attr('__mro__') }}",
    "a format string": "{{ '{0.__class__.__mro__}'.format(1) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "a format string on a loop": "{% for a in [1] %}{{ '{0.__init__.__globals__}'.format(loop) }}{% endfor %}",
    "an underscore attribute": "{{ actor._private }}",
    "a record's class": "{{ actor.__class__.__init__.__globals__ }}",
    "a record's dict": "{{ ln.__dict__ }}",
    "reading a file through a record's path": "{{ corpus.sources['alpha-statement'].seed_path.read_text() }}",
    "walking a path out of the project": "{{ corpus.sources['alpha-statement'].seed_path.parents[0].parent"
                                         ".joinpath('mkdocs.yml').read_text() }}",
    "writing a file through a path": "{{ corpus.sources['alpha-statement'].seed_path.write_text('x') }}",
    "changing the corpus": "{{ corpus.actors.clear() }}",
    "changing a list": "{% set xs = [] %}{{ xs.append(1) }}",
    "a huge string": "{{ 'x' * 10**9 }}",
    "a huge power": "{{ 10 ** (10 ** 10) }}",
    "a huge range": "{% for i in range(10**10) %}{% endfor %}",
    "recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "a frame": "{{ (lipsum|attr('__code__')) }}",
    "a generator's frame": "{% set g = (corpus.actors.values()|map('string')) %}{{ g.gi_frame }}",
}


@pytest.mark.parametrize("name", sorted(ESCAPES), ids=str)
def test_a_page_template_cannot_escape_the_sandbox(make_project, name):
    root = make_project(files={"templates/actor/ada-vance.md.j2": "# Ada\n\n" + ESCAPES[name] + "\n"})
    before = sources_of(root)
    started = time.monotonic()
    err = clean(build(root))
    assert time.monotonic() - started < 60
    assert "templates/actor/ada-vance.md.j2:3: template-error:" in err, err
    assert "uid=" not in err and "root:" not in err
    assert sources_of(root) == before and not (root / "site").exists()


@pytest.mark.parametrize("name", ["cycler globals", "a format string", "reading a file through a record's path",
                                  "a huge string", "recursion"])
def test_a_print_template_cannot_escape_the_sandbox(make_project, name):
    root = make_project(files={"templates/print/entity/ada-vance.html.j2": "<h1>Ada</h1>\n" + ESCAPES[name] + "\n"})
    err = clean(invoke("pdf", "--project", str(root)))
    assert "templates/print/entity/ada-vance.html.j2:2: template-error:" in err, err
    assert "uid=" not in err


@pytest.mark.parametrize("name", ["cycler globals", "a format string", "lipsum globals"])
def test_the_theme_override_cannot_escape_the_sandbox(make_project, name):
    root = make_project(files={"templates/theme/main.html":
                               "{% extends 'base.html' %}\n{% block htmltitle %}" + ESCAPES[name]
                               + "{% endblock %}\n"})
    err = clean(build(root))
    assert "templates/theme/main.html" in err and "template-error" in err, err
    assert "uid=" not in err


def test_a_template_that_calls_a_filter_wrongly_is_one_line(make_project):
    root = make_project(files={"templates/actor/ada-vance.md.j2": "# Ada\n{{ 'not a date' | date }}\n"})
    err = clean(build(root))
    assert "templates/actor/ada-vance.md.j2:2: template-error:" in err


def test_the_templates_still_render_what_they_did(make_project):
    """The sandbox changes nothing for honest templates: the pages are the golden files' (see test_golden)."""
    from briefbook.publish.render import make_environment
    from jinja2.sandbox import SandboxedEnvironment
    root = make_project()
    assert isinstance(make_environment(root / "templates"), SandboxedEnvironment)
    from briefbook.publish.printing import make_print_environment
    assert isinstance(make_print_environment(root / "templates"), SandboxedEnvironment)
    clean(build(root), code=0)
    assert "Ada Vance" in Html(article(root / "site" / "actors" / "ada-vance.html")).text


# ================================================================ the preview server

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _raw_status(port: int, path: bytes) -> int | None:
    """The status of a request sent byte for byte (urllib would quote the path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        reply = sock.recv(200)
    try:
        return int(reply.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


class Serving:
    """`briefbook serve` in its own process, with its own TMPDIR (to see what it leaves behind)."""

    def __init__(self, root: Path, tmp: Path, addr: str | None = None, name: str = "serve"):
        self.port = _free_port()
        self.tmp = tmp / "tmpdir"
        self.tmp.mkdir(exist_ok=True)
        self.log = tmp / f"{name}.log"
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", TMPDIR=str(self.tmp))
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "briefbook", "serve", "--project", str(root),
                 "--dev-addr", addr or f"127.0.0.1:{self.port}"], stdout=out, stderr=subprocess.STDOUT, env=env,
                preexec_fn=interruptible)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_serving(self, url: str | None = None) -> None:
        deadline = time.monotonic() + 60
        while _status(url or f"http://127.0.0.1:{self.port}/index.html") != 200:
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail("serve did not stop on " + str(sig))


MALFORMED = [b"/%00", b"/index.html%00", b"/%00/../../etc/passwd", b"/..%2f..%2f..%2fetc%2fpasswd",
             b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/../../../etc/passwd", b"/actors/..%5c..%5cmkdocs.yml",
             b"/%ff%fe", b"/%c0%ae%c0%ae/etc/passwd", b"/a%01b.html", b"/" + b"a" * 5000,
             b"//etc/passwd", b"/index.html/", b"/%", b"/%zz"]


def test_the_preview_answers_malformed_paths_without_a_traceback(make_project, tmp_path):
    root = make_project()
    server = Serving(root, tmp_path)
    try:
        server.wait_until_serving()
        for path in MALFORMED:
            status = _raw_status(server.port, path)
            assert status in (400, 404), (path, status)
        assert _status(f"http://127.0.0.1:{server.port}/index.html") == 200  # still serving
    finally:
        server.stop()
    output = server.output()
    assert "Traceback" not in output and "root:x:0" not in output and "Internal Server Error" not in output, output


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_the_preview_removes_its_folder_when_stopped(make_project, tmp_path, sig):
    root = make_project()
    server = Serving(root, tmp_path)
    try:
        server.wait_until_serving()
        assert [p.name for p in server.tmp.iterdir() if p.name.startswith("briefbook-serve-")]
    finally:
        server.stop(sig)
    assert list(server.tmp.iterdir()) == []
    assert "Traceback" not in server.output()


def test_the_preview_removes_folders_left_by_a_killed_preview(make_project, tmp_path):
    root = make_project()
    server = Serving(root, tmp_path)
    server.wait_until_serving()
    server.stop(signal.SIGKILL)
    left = [p for p in server.tmp.iterdir() if p.name.startswith("briefbook-serve-")]
    assert left, "kill -9 leaves the folder (nothing can run)"
    second = Serving(root, tmp_path, name="second")  # the same TMPDIR
    try:
        second.wait_until_serving()
        assert not any(p.exists() for p in left)
    finally:
        second.stop()
    assert list(second.tmp.iterdir()) == []


def test_serving_beyond_this_machine_warns_that_the_network_can_read_it(make_project, tmp_path):
    root = make_project()
    port = _free_port()
    server = Serving(root, tmp_path, addr=f"0.0.0.0:{port}")
    try:
        server.wait_until_serving(f"http://127.0.0.1:{port}/index.html")
    finally:
        server.stop()
    output = server.output()
    assert "reachable from the network" in output and "drafts" in output, output


def test_serving_on_this_machine_only_gives_no_warning(make_project, tmp_path):
    from briefbook.serve import reachable_from_network
    assert not reachable_from_network("127.0.0.1") and not reachable_from_network("localhost")
    assert not reachable_from_network("::1") and not reachable_from_network("127.0.0.53")
    assert reachable_from_network("0.0.0.0") and reachable_from_network("::")
    assert reachable_from_network("192.168.1.10")


# ================================================================ fuzz: the seed reader

from hypothesis import HealthCheck, example, given, settings, strategies as st  # noqa: E402

SCALE = int(os.environ.get("BRIEFBOOK_FUZZ", "1"))
FUZZ = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_CODES = {"bad-character", "not-utf8", "file-too-large", "too-many-paragraphs", "too-many-lines",
              "byte-order-mark"}

# text an analyst's seed may hold: any script, punctuation, tabs, line ends (LF, CRLF), the joiners and marks
seed_text_st = st.text(alphabet=st.one_of(
    st.sampled_from("aZ09 .,;:!?«»\"'-\t\n\r\f\u200c\u200d\u200e\u200f\u061cمیژ한жé"),
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))), max_size=300)


def _bad(char: str) -> bool:
    from briefbook.corpus.loading import BAD_CHAR
    return bool(BAD_CHAR.search(char))


@FUZZ
@given(st.binary(max_size=600))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf\xef\xbb\xbf")
@example(b"\xed\xa0\x80")  # an encoded lone surrogate
@example(b"a\r\n\x00\r\nb")
def test_any_bytes_give_text_or_problems_never_an_exception(raw):
    from briefbook.corpus.seeds import seed_text
    text, problems = seed_text(raw, "seeds/x.txt")
    assert all(p.code in SEED_CODES and p.path == "seeds/x.txt" and p.line >= 1 and p.column >= 1
               for p in problems), problems
    assert (text is None) == any(p.is_error for p in problems)
    if text is not None:
        assert not _bad(text.replace("\f", " ")) and not text.startswith("\ufeff")


@FUZZ
@given(seed_text_st)
@example("\ufeff")
@example("\ufeff\ufeffa\ufeff")
def test_clean_text_comes_back_as_it_was(text):
    from briefbook.corpus.seeds import seed_text
    if _bad(text.replace("\f", " ")):
        return
    got, problems = seed_text(text.encode("utf-8"), "seeds/x.txt")
    if text.startswith("\ufeff"):  # a byte-order mark (or several) at the start: removed and noted
        assert got == text.lstrip("\ufeff") and [p.code for p in problems] == ["byte-order-mark"]
    else:
        assert problems == [] and got == text


@FUZZ
@given(seed_text_st, st.sampled_from(sorted(set(BAD_CHARACTERS.values()) - {"\x1b[31m"}) + ["\x1b"]),
       st.integers(min_value=0))
def test_a_bad_character_anywhere_is_found_where_it_is(text, bad, at):
    from briefbook.corpus.seeds import seed_text
    if _bad(text.replace("\f", " ")):
        return
    at = at % (len(text) + 1)
    damaged = text[:at] + bad + text[at:]
    got, problems = seed_text(damaged.encode("utf-8"), "seeds/x.txt")
    assert got is None
    line = damaged[:at].count("\n") + 1
    column = at - (damaged.rfind("\n", 0, at) + 1) + 1
    assert [(p.line, p.column, p.code) for p in problems] == [(line, column, "bad-character")]


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ALPHA_SEED.encode()) - 1), st.integers(0, 255)), max_size=6))
def test_a_damaged_seed_file_never_breaks_the_reader(tmp_path_factory, damage):
    from briefbook.corpus.seeds import SeedError, read_seed
    raw = bytearray(ALPHA_SEED.encode())
    for at, byte in damage:
        raw[at] = byte
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "seeds").mkdir()
    path = folder / "seeds" / "alpha.txt"
    path.write_bytes(bytes(raw))
    try:
        seed = read_seed(path)
    except SeedError as err:
        assert err.problems and all(p.code in SEED_CODES for p in err.problems)
    else:
        assert [p.number for p in seed.paragraphs] == list(range(1, len(seed.paragraphs) + 1))


def test_pdf_into_a_new_site_folder_then_build_replaces_it(project):
    """`briefbook pdf` before the first build makes site/ for the PDFs: that folder is briefbook's."""
    clean(invoke("pdf", "--project", str(project)), code=0)
    clean(build(project), code=0)
    assert (project / "site" / "index.html").is_file()


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab \n\t\r\f\u3000x"), max_size=80))
def test_the_line_a_paragraph_starts_on_is_where_its_text_is(text):
    from briefbook.corpus.paragraphs import paragraph_line, split_paragraphs
    paragraphs = split_paragraphs(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for paragraph in paragraphs:
        line = paragraph_line(text, paragraph.number)
        assert line is not None and paragraph.text.split("\n")[0] in lines[line - 1]
    assert paragraph_line(text, len(paragraphs) + 1) is None
