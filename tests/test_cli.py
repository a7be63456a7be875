"""The command line through its real entry point, `python -m briefbook`, in a fresh process."""

from __future__ import annotations

import json
import re

from conftest import ACTORS_YAML, ALPHA_BRIEFING, EVENTS_YAML, run_cli, tree_hashes


def test_validate_on_a_good_project_exits_0_and_says_ok(make_project):
    result = run_cli("validate", "--project", str(make_project()))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 1 sources, 2 actors, 1 events; 0 warnings\n"
    assert result.stderr == ""


def test_validate_finds_the_project_upwards_from_the_working_directory(make_project):
    root = make_project()
    result = run_cli("validate", cwd=root / "briefings" / "registry")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK: 1 sources")


def test_validate_on_a_bad_project_prints_every_problem_as_a_line_and_exits_1(make_project):
    root = make_project(
        briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace("\n  - actor: ada-vance\n", "\n  - actor: nobody\n")
                                                          .replace("    cite: 2\n", "    cite: 9\n")},
        registry={"events.yaml": EVENTS_YAML.replace("host: norland", "host: nowhere")})
    result = run_cli("validate", "--project", str(root))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "briefings/alpha-statement.yaml:9:11: citation-out-of-range: paragraph 9 does not exist; "
        "alpha.txt has 5 paragraphs",
        "briefings/alpha-statement.yaml:11:12: unknown-actor: no actor 'nobody' in the registry",
        "briefings/registry/events.yaml:7:11: unknown-actor: no actor 'nowhere' in the registry",
        "Error: 3 errors in the briefings; nothing was built",
    ]
    assert "Traceback" not in result.stderr


def test_warnings_are_printed_but_do_not_fail_validation(make_project):
    root = make_project(
        registry={"more.yaml": "actors:\n  ghost:\n    name: Ghost\n    kind: person\n    description: Absent.\n"},
        briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace("actors:\n", "actors:\n  - actor: ghost\n")})
    result = run_cli("validate", "--project", str(root))
    assert result.exit_code == 0
    assert result.stderr.startswith("briefings/alpha-statement.yaml:11:12: warning: mention-not-found: ")
    assert result.stdout == "OK: 1 sources, 3 actors, 1 events; 1 warnings\n"


def test_unreadable_input_is_an_error_line_not_a_traceback(make_project):
    root = make_project(briefings={"binary-doc.yaml": b"\xff\xfe\x00\x00garbage"})
    result = run_cli("validate", "--project", str(root))
    assert result.exit_code == 1
    assert "briefings/binary-doc.yaml:1:1: not-utf8:" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_into_a_chosen_site_dir(make_project, tmp_path):
    root = make_project()
    out = tmp_path / "elsewhere" / "site"
    result = run_cli("build", "--project", str(root), "--site-dir", str(out))
    assert result.exit_code == 0, result.stderr
    # 14 Markdown pages (no positions, so no topic page but the index; the field reference; what is new
    # since the last edition); the 4 SVG pictures are files, not pages
    assert re.fullmatch(rf"Built edition 1 of \d{{4}}-\d\d-\d\d: 14 pages into {re.escape(str(out))}\n", result.stdout)
    for page in ("index.html", "timeline.html", "disagreements.html", "health.html", "actors/index.html",
                 "actors/ada-vance.html", "actors/norland.html", "events/lakeside-talks-2020.html",
                 "sources/alpha-statement.html", "topics/index.html", "guide/writing-a-briefing.html",
                 "assets/briefbook.css", "pictures/network.svg", "pictures/timeline.svg",
                 "pictures/actors/ada-vance.svg", "pictures/actors/norland.svg"):
        assert (out / page).is_file(), page
    assert (root / "docs" / "actors" / "ada-vance.md").is_file()
    assert not (root / "site").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_a_failed_build_leaves_the_published_site_and_docs_untouched(make_project):
    root = make_project()
    assert run_cli("build", "--project", str(root), "--no-pdf").exit_code == 0
    site_before, docs_before = tree_hashes(root / "site"), tree_hashes(root / "docs")
    (root / "briefings" / "alpha-statement.yaml").write_text(
        ALPHA_BRIEFING.replace("title: Joint statement", "title: [Joint statement"), encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 1
    assert "briefings/alpha-statement.yaml:" in result.stderr and ": yaml-syntax: " in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(root / "site") == site_before
    assert tree_hashes(root / "docs") == docs_before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_a_failed_site_build_leaves_the_published_site_untouched(make_project):
    root = make_project()
    assert run_cli("build", "--project", str(root), "--no-pdf").exit_code == 0
    before = tree_hashes(root / "site")
    guide = root / "docs" / "guide" / "writing-a-briefing.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 1
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_removing_an_actor_removes_its_page_from_docs_and_site(make_project):
    root = make_project(files={"docs/assets/hand-written.txt": "kept\n"})
    assert run_cli("build", "--project", str(root), "--no-pdf").exit_code == 0
    assert (root / "docs/actors/ada-vance.md").is_file() and (root / "site/actors/ada-vance.html").is_file()
    hand_written = {**tree_hashes(root / "docs" / "guide"), **tree_hashes(root / "docs" / "assets")}

    # Ada Vance leaves the registry and the briefing.
    registry = ACTORS_YAML[:ACTORS_YAML.index("  ada-vance:")]
    briefing = ALPHA_BRIEFING[:ALPHA_BRIEFING.index("actors:\n")] + "events: []\n"
    (root / "briefings/registry/actors.yaml").write_text(registry, encoding="utf-8")
    (root / "briefings/alpha-statement.yaml").write_text(briefing, encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr

    assert not (root / "docs/actors/ada-vance.md").exists()
    assert not (root / "site/actors/ada-vance.html").exists()
    assert (root / "docs/actors/norland.md").is_file() and (root / "site/actors/norland.html").is_file()
    manifest = json.loads((root / "docs/.briefbook-generated.json").read_text(encoding="utf-8"))
    assert "actors/ada-vance.md" not in manifest and "actors/norland.md" in manifest
    assert {**tree_hashes(root / "docs" / "guide"), **tree_hashes(root / "docs" / "assets")} == hand_written
    assert (root / "site/assets/hand-written.txt").read_text() == "kept\n"


def test_hand_written_files_among_generated_pages_survive_rebuilds(make_project):
    root = make_project()
    assert run_cli("build", "--project", str(root), "--no-pdf").exit_code == 0
    note = root / "docs" / "actors" / "notes.txt"
    note.write_text("an analyst's notes\n", encoding="utf-8")
    # Remove every actor page briefbook generated by emptying the registry of actors.
    (root / "briefings/registry/actors.yaml").write_text("actors: {}\n", encoding="utf-8")
    (root / "briefings/registry/events.yaml").write_text(
        "events:\n  lakeside-talks-2020:\n    title: Lakeside talks\n    kind: negotiations\n"
        "    description: Talks.\n", encoding="utf-8")
    (root / "briefings/alpha-statement.yaml").write_text(
        ALPHA_BRIEFING[:ALPHA_BRIEFING.index("actors:\n")], encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    assert note.read_text(encoding="utf-8") == "an analyst's notes\n"
    assert not (root / "docs/actors/ada-vance.md").exists()
    assert (root / "docs/guide/writing-a-briefing.md").is_file()


def test_a_generated_page_never_overwrites_a_hand_written_one(make_project):
    root = make_project(files={"docs/actors/ada-vance.md": "# My own page\n"})
    result = run_cli("build", "--project", str(root), "--no-pdf")
    assert result.exit_code == 1
    assert "docs/actors/ada-vance.md is a hand-written file" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "docs/actors/ada-vance.md").read_text(encoding="utf-8") == "# My own page\n"
    assert not (root / "site").exists()


def test_serve_refuses_a_malformed_address(make_project):
    result = run_cli("serve", "--project", str(make_project()), "--dev-addr", "localhost")
    assert result.exit_code == 1
    assert "Error: --dev-addr must be HOST:PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    assert run_cli("--version").stdout.strip().endswith("0.1.0")
    help_text = run_cli("--help").stdout
    for command in ("validate", "check", "build", "serve"):
        assert command in help_text


def test_the_conftest_example_holds(make_project, validate):
    # The example in conftest.py's docstring, kept true.
    root = make_project(registry={"actors.yaml": "actors: {}\n"})
    result = validate(root)
    assert "briefings/alpha-statement.yaml:11:12: unknown-actor" in result.problem_lines
