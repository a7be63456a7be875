"""Invalid inputs as data files: tests/cases/invalid/*.yaml, each with the problems it must produce.

A case is a briefing (or, with `# target: briefings/registry/<name>.yaml`, a registry
file) dropped into the small valid project of conftest.py (its briefing moved to a copy
of the seed, companion.txt), which then runs `briefbook validate`. Its header comments say what must be printed:

    # expect: briefings/<case>.yaml:LINE:COL: code[: start of the message]

Every printed problem must be expected and every expected one printed. To add a case,
copy tests/cases/valid/control.yaml (which must stay valid), make one mistake, and
write the `# expect:` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ALPHA_BRIEFING, ALPHA_SEED, invoke

CASES = Path(__file__).resolve().parent / "cases"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def header(path: Path, key: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(rf"^# {key}: (.*)$", path.read_text(encoding="utf-8"), re.M)]


def run_case(make_project, case: Path):
    target = (header(case, "target") or [f"briefings/{case.name}"])[0]
    # The base briefing summarises alpha.txt too; a case replaces it rather than duplicating
    # the seed. The same briefing of a copy of the seed stays, so that every actor and event
    # of the base project is still used and the only problems printed are the case's own
    # (not unused-actor or unused-event warnings caused by a case that does not load).
    root = make_project(seeds={"companion.txt": ALPHA_SEED},
                        briefings={"alpha-statement.yaml": None,
                                   "companion.yaml": ALPHA_BRIEFING.replace("seed: alpha.txt", "seed: companion.txt")},
                        files={target: case.read_text(encoding="utf-8")})
    result = invoke("validate", "--project", str(root))
    printed = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    return result, printed


def test_there_are_cases():
    assert len(INVALID) >= 10 and VALID


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_case_passes(make_project, case):
    result, printed = run_case(make_project, case)
    assert result.exit_code == 0, result.stderr
    assert printed == []
    assert result.stdout.startswith("OK: 2 sources, 2 actors, 1 events; 0 warnings")


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_case_reports_exactly_its_problems(make_project, case):
    expected = header(case, "expect")
    assert expected, f"{case.name} has no '# expect:' line"
    result, printed = run_case(make_project, case)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    unmatched = list(printed)
    for want in expected:
        match = next((line for line in unmatched if line.startswith(want)), None)
        assert match is not None, f"expected {want!r}; printed:\n" + "\n".join(printed)
        unmatched.remove(match)
    assert not unmatched, "printed but not expected:\n" + "\n".join(unmatched)
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
