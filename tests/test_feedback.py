"""What the commands print: progress bars on a terminal only, stage timings with --verbose,
errors only with --quiet."""

from __future__ import annotations

import io
import re

from briefbook.feedback import NORMAL, QUIET, VERBOSE, Feedback
from conftest import invoke, run_cli

STAGES = ["check the briefings", "render the pages", "write docs/", "lay out the print pages", "make the PDFs",
          "build the site"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_drawn_in_place_on_a_terminal_and_cleared_at_the_end():
    screen = Terminal()
    feedback = Feedback(NORMAL, screen)
    with feedback.bar("Pages", 4) as bar:
        for _ in range(4):
            bar.advance()
    out = screen.getvalue()
    assert "\n" not in out  # redrawn with carriage returns, never a new line per step
    assert "Pages [" in out and "] 4/4" in out
    assert out.endswith("\r")  # cleared: the next message starts on a clean line
    assert feedback.live


def test_nothing_is_drawn_when_the_output_is_not_a_terminal_or_quiet():
    for feedback in (Feedback(NORMAL, io.StringIO()), Feedback(QUIET, Terminal())):
        with feedback.bar("Pages", 3) as bar:
            bar.advance(3)
        with feedback.stage("render the pages"):
            pass
        assert feedback.stream.getvalue() == ""
        assert not feedback.live


def test_verbose_prints_each_stage_with_its_time():
    stream = io.StringIO()
    feedback = Feedback(VERBOSE, stream)
    with feedback.stage("render the pages"):
        feedback.detail("  3 pages")
    assert re.fullmatch(r"  3 pages\n  render the pages: \d+\.\d\d s\n", stream.getvalue())
    assert [name for name, _ in feedback.timings] == ["render the pages"]


def test_a_message_clears_the_bar_before_it_is_printed():
    screen = Terminal()
    feedback = Feedback(NORMAL, screen)
    with feedback.bar("PDFs", 10) as bar:
        bar.update(10)
        feedback.info("PDFs: 10 rendered")
    first_line = screen.getvalue().split("\n")[0]
    assert first_line.split("\r")[-1] == "PDFs: 10 rendered"  # the bar was erased first


def test_build_verbose_names_every_stage_and_the_counts(make_project):
    root = make_project()
    result = run_cli("build", "--project", str(root), "--verbose")
    assert result.exit_code == 0, result.stderr
    for stage in STAGES:
        assert re.search(rf"^  {re.escape(stage)}: \d+\.\d\d s$", result.stderr, re.M), (stage, result.stderr)
    assert re.search(r"^  1 sources, 2 actors, 1 events, \d+ issues; 0 warnings$", result.stderr, re.M)
    assert re.search(r"^  total: \d+\.\d\d s$", result.stderr, re.M)
    assert "\r" not in result.stderr  # not a terminal: no bars
    assert result.stdout.startswith("Built ")


def test_build_quiet_prints_nothing_when_all_is_well(make_project):
    root = make_project()
    result = run_cli("build", "--project", str(root), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_quiet_still_prints_errors(make_project):
    root = make_project()
    (root / "briefings" / "alpha-statement.yaml").write_text("seed: alpha.txt\n", encoding="utf-8")
    result = run_cli("build", "--project", str(root), "--quiet", "--no-pdf")
    assert result.exit_code == 1
    assert "briefings/alpha-statement.yaml:1:1: missing-field" in result.stderr


def test_quiet_and_verbose_together_are_refused(make_project):
    result = invoke("build", "--project", str(make_project()), "--quiet", "--verbose")
    assert result.exit_code == 2
    assert "--quiet and --verbose exclude each other" in result.stderr


def test_pdf_verbose_reports_its_stages(make_project):
    root = make_project()
    result = run_cli("pdf", "--project", str(root), "-v")
    assert result.exit_code == 0, result.stderr
    for stage in ("check the briefings", "lay out the print pages", "make the PDFs"):
        assert f"  {stage}: " in result.stderr
    assert re.search(r"^PDFs: \d+ rendered", result.stderr, re.M)
