"""Atomic file output: write to a temporary file beside the target, then rename it into place.

A failure while writing leaves the target as it was (absent or old), never half-written; a set of files
written together (:func:`atomic_write_many`) is all new or all old. Output to something that is not a
regular file (``/dev/null``, ``/dev/full``, a FIFO, a terminal) is written to directly, never replaced.
A file the user made read-only is refused, not replaced. Every failure is an
:class:`~geokg.errors.OutputError` naming the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import InputError, OutputError


def _shown(path: Path | str) -> str:
    return repr(str(path))


def check_output_path(path: str | Path) -> Path:
    """Check that ``path`` can be written: its folder exists, it is not a folder, and not a read-only file.

    Raises
    ------
    InputError
        The folder does not exist, or the path is a directory.
    OutputError
        The file exists and is read-only (its owner's write permission is off).
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"output path {_shown(target)} is a directory; give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"output folder {_shown(parent)} does not exist")
    try:
        info = target.stat()
    except OSError:
        return target
    if stat.S_ISREG(info.st_mode) and not info.st_mode & stat.S_IWUSR:
        raise OutputError(f"output file {_shown(target)} is read-only; not replaced (remove it or make it writable)")
    return target


def _is_special(target: Path) -> bool:
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {_shown(target)}: {exc.strerror or exc}")


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file that replaces ``path`` only when the block finishes without error.

    A ``path`` that exists and is not a regular file (a device such as ``/dev/null``, a FIFO) is opened
    and written directly instead.

    Parameters
    ----------
    path : str or Path
        The final file.
    mode : {"w", "wb"}
    encoding : str or None
        For text mode; None in binary mode.

    Raises
    ------
    OutputError
        The file is read-only, or writing fails (a full disk, a folder that refuses new files).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_open(target) as fh:
    ...     _ = fh.write("hello")
    >>> target.read_text()
    'hello'
    """
    target = check_output_path(path)
    text_encoding = None if "b" in mode else encoding
    if _is_special(target):
        try:
            with open(target, mode, encoding=text_encoding) as handle:
                yield handle
        except OSError as exc:
            raise _failed(target, exc) from None
        return
    _clean_stale(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, mode, encoding=text_encoding) as handle:
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _failed(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _clean_stale(target: Path) -> None:
    for kind, leftover in stale_leftovers(target):
        if kind == "tmp" and not leftover.is_dir():
            with contextlib.suppress(OSError):
                leftover.unlink()


def _mode_for(target: Path) -> int:
    """The mode a new file gets from the umask, or the mode of the file being replaced."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically.

    Raises
    ------
    OutputError
    """
    if isinstance(data, bytes):
        with atomic_open(path, "wb", encoding=None) as handle:
            handle.write(data)
    else:
        with atomic_open(path, "w") as handle:
            handle.write(data)


def atomic_write_many(items: Sequence[tuple[str | Path, str | bytes]]) -> list[Path]:
    """Write several files as one: every file is written to a temporary file first, and they are renamed
    into place only when all are complete, so a failure (a full disk) leaves every target as it was.

    Raises
    ------
    OutputError
    """
    targets = [check_output_path(path) for path, _data in items]
    if any(_is_special(t) for t in targets):
        raise OutputError(
            f"{', '.join(_shown(t) for t in targets if _is_special(t))} is not a regular file; "
            "files written together must be regular files"
        )
    temps: list[str] = []
    try:
        for target, (_path, data) in zip(targets, items, strict=True):
            _clean_stale(target)
            parent = target.parent if str(target.parent) else Path(".")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=parent)
            except OSError as exc:
                raise _failed(target, exc) from None
            temps.append(tmp)
            try:
                os.chmod(tmp, _mode_for(target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            except OSError as exc:
                raise _failed(target, exc) from None
        for target, tmp in zip(targets, temps, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _failed(target, exc) from None
        temps = []
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return targets


# -- leftovers of interrupted writes ------------------------------------------------------------------
def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return False
    return True


def stale_leftovers(target: Path) -> list[tuple[str, Path]]:
    """Entries an interrupted build (or write) left beside ``target`` whose process is gone: (kind, path).

    Names carry the process id (``.NAME.building-PID-…``, ``.NAME.old-PID-…``, ``.NAME.PID….tmp``); a name
    without one (left by an older geokg) counts as gone.
    """
    parent = target.parent if str(target.parent) else Path(".")
    name = re.escape(target.name)
    pattern = re.compile(rf"^\.{name}\.(building|old)-(?:(\d+)-)?[^/]*$|^\.{name}\..*\.tmp$")
    found = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            continue
        kind = match.group(1) or "tmp"
        pid = match.group(2)
        if kind == "tmp":
            digits = re.search(r"\.(\d+)\.", entry.name[len(target.name) + 1 :])
            pid = digits.group(1) if digits else None
        if pid is not None and _pid_alive(int(pid)):
            continue
        found.append((kind, entry))
    return found
