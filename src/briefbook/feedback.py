"""What a command tells the person running it: progress bars on a terminal, stage timings
with --verbose, errors only with --quiet. Everything goes to standard error, so standard
output stays clean for data (`briefbook export`)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from typing import IO, Iterator

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Bar:
    """One progress bar, redrawn in place at most ten times a second; nothing unless on a terminal."""

    def __init__(self, feedback: "Feedback", label: str, total: int):
        self.feedback, self.label, self.total = feedback, label, max(total, 0)
        self.done = 0
        self._drawn_at = 0.0
        self._visible = False

    def __call__(self, done: int, total: int) -> None:
        """The bar as a `progress(done, total)` callback, for code that learns the total as it goes."""
        self.total = max(total, 0)
        self.update(done)

    def advance(self, step: int = 1) -> None:
        self.update(self.done + step)

    def update(self, done: int) -> None:
        self.done = min(done, self.total) if self.total else done
        if not self.feedback.live:
            return
        now = time.monotonic()
        if now - self._drawn_at < 0.1 and self.done < self.total:
            return
        self._drawn_at = now
        self.feedback.redraw(self._line())
        self._visible = True

    def _line(self) -> str:
        width = max(10, min(40, shutil.get_terminal_size((80, 24)).columns - len(self.label) - 25))
        if self.total:
            filled = int(width * self.done / self.total)
            return f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
        return f"{self.label} {self.done}"

    def close(self) -> None:
        if self._visible:
            self.feedback.redraw("")
            self._visible = False


class Feedback:
    """The verbosity a command was run with, and the ways of telling the person about progress."""

    def __init__(self, level: int = NORMAL, stream: IO[str] | None = None):
        self.level = level
        self.stream = stream or sys.stderr
        self.timings: list[tuple[str, float]] = []
        self.started = time.perf_counter()
        self._line_len = 0

    @property
    def live(self) -> bool:
        """Progress bars are drawn only on a terminal, and not with --quiet."""
        return self.level >= NORMAL and _isatty(self.stream)

    def info(self, message: str) -> None:
        if self.level >= NORMAL:
            self._print(message)

    def detail(self, message: str) -> None:
        if self.level >= VERBOSE:
            self._print(message)

    def redraw(self, line: str) -> None:
        pad = " " * max(0, self._line_len - len(line))
        self.stream.write(f"\r{line}{pad}\r" if not line else f"\r{line}{pad}")
        self.stream.flush()
        self._line_len = len(line)

    def _print(self, message: str) -> None:
        if self._line_len:  # a bar is on screen: clear it first
            self.redraw("")
        self.stream.write(message + "\n")
        self.stream.flush()

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage; --verbose prints it, a terminal shows it while it runs."""
        if self.live:
            self.redraw(f"{name} ...")
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.timings.append((name, seconds))
            if self.live:
                self.redraw("")
            self.detail(f"  {name}: {seconds:.2f} s")

    @contextlib.contextmanager
    def bar(self, label: str, total: int) -> Iterator[Bar]:
        bar = Bar(self, label, total)
        try:
            yield bar
        finally:
            bar.close()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
