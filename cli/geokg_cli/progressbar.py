"""A progress bar on stderr for long work, drawn with rich, only when stderr is a terminal.

The library reports progress through :mod:`geokg.progress`; :func:`progress_bar` installs a callback that
draws it. Work that ends within :data:`DELAY` seconds shows nothing, and nothing at all is written when
stderr is not a terminal (pipes, files, CI logs).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

DELAY = 0.4
"""Seconds a task must run before the bar appears (``GEOKG_PROGRESS_DELAY`` overrides it)."""


def _delay() -> float:
    try:
        return float(os.environ.get("GEOKG_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY


class _RichBar:
    """Turns ``(description, done, total)`` reports into rich progress tasks."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.progress: Any = None  # rich is imported on the first report, not before
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.shown = False
        self.timer: threading.Timer | None = None

    def _make(self) -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(file=self.stream, force_terminal=True)
        return Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )

    def __call__(self, description: str, done: int, total: int | None) -> None:
        with self.lock:
            if self.progress is None:
                self.progress = self._make()
            task_id = self.tasks.get(description)
            if task_id is None:
                task_id = self.progress.add_task(description, total=total, completed=done)
                self.tasks[description] = task_id
                if not self.shown and self.timer is None:
                    self.timer = threading.Timer(_delay(), self._show)
                    self.timer.daemon = True
                    self.timer.start()
            else:
                self.progress.update(task_id, completed=done, total=total)
            if total is not None and done >= total:
                self.progress.remove_task(task_id)
                del self.tasks[description]

    def _show(self) -> None:
        with self.lock:
            if self.tasks and not self.shown:
                self.shown = True
                self.progress.start()
            self.timer = None

    def close(self) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            if self.shown and self.progress is not None:
                self.progress.stop()


@contextmanager
def progress_bar(stream: IO[str] | None = None) -> Iterator[None]:
    """Draw the progress of the library's long work on ``stream`` (stderr) while the block runs.

    Nothing is drawn (and rich is not imported) when the stream is not a terminal.
    """
    from geokg.progress import active, reporting

    out = stream if stream is not None else sys.stderr
    isatty = getattr(out, "isatty", None)
    if active() or not (isatty and isatty()):  # a bar is already drawn, or nobody would see it
        yield
        return
    bar = _RichBar(out)
    try:
        with reporting(bar):
            yield
    finally:
        bar.close()
