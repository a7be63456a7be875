"""Where a briefbook project keeps its inputs and outputs, and which files count as its own.

Every input must be a regular file inside the project, reached without a symbolic link:
a link in seeds/ to /proc/self/environ would otherwise publish the build's environment
(deploy tokens included), and git stores links as readily as files. The project's
sources (`source_folders`) are never an output.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


class UnsafeInput(Exception):
    """An input that is not a regular file inside the project: `code` and `message` for a Problem."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def file_kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


LINK_ADVICE = "briefbook reads no links (they can lead anywhere, /etc or /proc included); copy the file in"


def link_message(path: Path, where: str = "") -> str:
    try:
        target = f" to {excerpt_path(os.readlink(path))}"
    except OSError:
        target = ""
    return f"a symbolic link{target}{where}: {LINK_ADVICE}"


def excerpt_path(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_input(path: Path, boundary: Path, *, folder: bool = False) -> None:
    """Raise UnsafeInput unless `path` is a regular file (or, with folder, a folder) inside `boundary`,
    with no symbolic link between them. `path` is taken as it is written, never resolved."""
    path, boundary = Path(os.path.abspath(path)), Path(os.path.abspath(boundary))
    try:
        parts = path.relative_to(boundary).parts
    except ValueError:
        raise UnsafeInput("outside-project", f"{path} is outside the project ({boundary})") from None
    current = boundary
    for i, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            raise UnsafeInput("unreadable", "no such file") from None
        except OSError as err:
            raise UnsafeInput("unreadable", err.strerror or str(err)) from None
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode):
            if last:
                raise UnsafeInput("symbolic-link", link_message(current))
            raise UnsafeInput("symbolic-link", f"{current.relative_to(boundary).as_posix()}/ is "
                                               f"{link_message(current)}")
        if last and not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
            raise UnsafeInput("special-file", f"{file_kind(mode)}, not a {'folder' if folder else 'regular file'}")


def read_input(path: Path, boundary: Path, *, limit: int | None = None, what: str = "a file") -> bytes:
    """The bytes of one input file, checked as check_input does; at most `limit` bytes.

    Opened without following a link and without blocking (a FIFO would wait for a writer
    forever), then checked again on the open file, so a swap after the check changes nothing.
    """
    check_input(path, boundary)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:  # ELOOP: the file became a link after the check
        code = "symbolic-link" if err.errno == errno.ELOOP else "unreadable"
        raise UnsafeInput(code, LINK_ADVICE if code == "symbolic-link" else err.strerror or str(err)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeInput("special-file", f"{file_kind(info.st_mode)}, not a regular file")
        if limit is not None and info.st_size > limit:
            raise UnsafeInput("file-too-large", _too_large(info.st_size, limit, what))
        chunks, size = [], 0
        while True:  # what fstat says may be wrong (a file still growing): count what is read
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if limit is not None and size > limit:
                raise UnsafeInput("file-too-large", _too_large(size, limit, what, at_least=True))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise UnsafeInput("unreadable", err.strerror or str(err)) from None
    finally:
        os.close(fd)


def unsafe_in_tree(folder: Path, boundary: Path) -> list[tuple[Path, UnsafeInput]]:
    """Every entry under `folder` that is not a regular file or a real folder (links, FIFOs, devices),
    and the folder itself when it is not one; links are reported, never followed."""
    try:
        check_input(folder, boundary, folder=True)
    except UnsafeInput as err:
        return [] if err.code == "unreadable" else [(folder, err)]
    found: list[tuple[Path, UnsafeInput]] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as err:
            found.append((current, UnsafeInput("unreadable", err.strerror or str(err))))
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append((Path(entry.path), UnsafeInput("symbolic-link", link_message(Path(entry.path)))))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif not entry.is_file(follow_symlinks=False):
                kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
                found.append((Path(entry.path), UnsafeInput("special-file", f"{kind}, not a regular file")))
    return sorted(found, key=lambda item: str(item[0]))


def _too_large(size: int, limit: int, what: str, at_least: bool = False) -> str:
    mb = f" ({limit / (1024 * 1024):g} MB)" if limit >= 1024 * 1024 else ""
    return (f"{'more than ' if at_least else ''}{size:,} bytes; {what} may have at most {limit:,} bytes{mb}")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def briefings(self) -> Path:
        return self.root / "briefings"

    @property
    def registry(self) -> Path:
        return self.briefings / "registry"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        """briefbook's own working files (the PDF cache, the build lock); git-ignored."""
        return self.root / ".briefbook-cache"

    def display(self, path: Path) -> str:
        """The path as the analyst knows it: relative to the project, as written (links not followed)."""
        absolute = Path(os.path.abspath(path))
        for root in (Path(os.path.abspath(self.root)), self.root.resolve()):
            try:
                return absolute.relative_to(root).as_posix() or "."
            except ValueError:
                continue
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    def check_input(self, path: Path, *, folder: bool = False) -> None:
        check_input(path, self.root, folder=folder)

    def read_input(self, path: Path, *, limit: int | None = None, what: str = "a file") -> bytes:
        return read_input(path, self.root, limit=limit, what=what)

    def source_folders(self) -> list[tuple[str, Path]]:
        """(name, resolved path) of every place that holds the analyst's work: never an output."""
        found = [("project folder", self.root), ("briefings/", self.briefings), ("seeds/", self.seeds),
                 ("templates/", self.templates), ("docs/", self.docs), (".git", self.root / ".git"),
                 ("mkdocs.yml's folder", self.config_file.parent), (".briefbook-cache/", self.cache)]
        git = self.root / ".git"
        if git.is_file():  # a worktree: .git names the real git folder
            try:
                line = git.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                line = ""
            if line.startswith("gitdir:"):
                found.append((".git", (self.root / line.removeprefix("gitdir:").strip())))
        return [(name, path.resolve()) for name, path in found]

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The nearest folder upwards that has a mkdocs.yml and a briefings/ folder."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "mkdocs.yml").is_file() and (candidate / "briefings").is_dir():
                return cls(candidate)
        return cls(here)
