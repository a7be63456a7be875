"""One build at a time in a project: a lock that names its holder and dies with it.

Two `briefbook build` runs in one project used to write the same docs/ pages, PDF cache
and site at once. The lock is an advisory file lock (flock) on `.briefbook-cache/build.lock`:
the kernel releases it when its holder ends, however it ends (Ctrl-C, kill -9, a crash), so
a lock file left behind by a killed build is stale by construction and simply taken over.
The file also holds the holder's pid, for the message a second build prints while it waits.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Iterator

from .problems import BriefbookError
from .project import Project, UnsafeInput

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "build.lock"


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 64, 0).decode("ascii", "replace").split()
        if text and text[0].isdigit():
            return text[0]
    return "unknown"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextlib.contextmanager
def project_lock(project: Project, *, wait: float | None = None, say=None) -> Iterator[None]:
    """Hold the project's build lock for the block. When another build holds it, wait for it
    (saying so once through `say`), for at most `wait` seconds (None: as long as it runs), then
    stop with "another build is running in this project, pid N"."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    folder = project.cache
    try:
        if os.path.lexists(folder):
            project.check_input(folder, folder=True)  # a link there would lead the lock (and the PDF cache) anywhere
        folder.mkdir(exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0), 0o644)
    except UnsafeInput as err:
        raise BriefbookError(f"{project.display(folder)}: {err.code}: {err.message}") from None
    except OSError as err:
        raise BriefbookError(f"cannot take the build lock {project.display(folder / LOCK_NAME)}: "
                             f"{err.strerror or err}") from None
    try:
        _acquire(fd, wait, say)
        with contextlib.suppress(OSError):  # the pid only helps the message; a full disk does not stop us
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, wait: float | None, say) -> None:
    if _try_lock(fd):
        return
    holder = _holder(fd)
    if wait is not None and wait <= 0:
        raise BriefbookError(f"another build is running in this project, pid {holder}")
    if say is not None:
        say(f"another build is running in this project (pid {holder}); waiting for it to finish "
            "(Ctrl-C to stop)")
    deadline = None if wait is None else time.monotonic() + wait
    delay = 0.05
    while not _try_lock(fd):
        if deadline is not None and time.monotonic() >= deadline:
            raise BriefbookError(f"another build is running in this project, pid {_holder(fd)}")
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
