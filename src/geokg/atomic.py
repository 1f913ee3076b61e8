"""Atomic file output: write to a temporary file beside the target, then rename it into place.

A failure while writing leaves the target as it was (absent or old), never half-written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError


def check_output_path(path: str | Path) -> Path:
    """Check that ``path`` can be written: its folder exists and it is not a folder itself.

    Raises
    ------
    InputError
        The folder does not exist, or the path is a directory.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"output path {str(target)!r} is a directory; give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"output folder {str(parent)!r} does not exist")
    return target


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file that replaces ``path`` only when the block finishes without error.

    Parameters
    ----------
    path : str or Path
        The final file.
    mode : {"w", "wb"}
    encoding : str or None
        For text mode; None in binary mode.

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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    """The mode a new file gets from the umask, or the mode of the file being replaced."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb", encoding=None) as handle:
            handle.write(data)
    else:
        with atomic_open(path, "w") as handle:
            handle.write(data)
