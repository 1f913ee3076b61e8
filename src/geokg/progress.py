"""Progress of long work (loading big files, building a store, exact betweenness, rendering big graphs).

The library never prints. Long-running functions report through :func:`task`; whoever wants to show
progress installs a callback with :func:`reporting` (the command line draws a bar on stderr with it, and
only when stderr is a terminal). Without a callback, reporting costs next to nothing.

A callback receives ``(description, done, total)``: ``total`` is None when the amount of work is unknown,
and a task always ends with one call where ``done == total`` (or, for unknown totals, ``total`` set to
``done``), so a display can close the task.

Examples
--------
>>> from geokg.progress import reporting, task
>>> seen = []
>>> with reporting(lambda what, done, total: seen.append((what, done, total))):
...     with task("counting", total=3) as t:
...         for _ in range(3):
...             t.advance()
>>> seen[-1]
('counting', 3, 3)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``callback(description, done, total)``; ``total`` is None when unknown."""

_CALLBACK: ContextVar[ProgressCallback | None] = ContextVar("geokg_progress", default=None)

MIN_INTERVAL = 0.05
"""Seconds between two reports of the same task (the first and last reports are always sent)."""


@contextmanager
def reporting(callback: ProgressCallback | None) -> Iterator[None]:
    """Send the progress of the work done inside the ``with`` block to ``callback``.

    Parameters
    ----------
    callback : callable or None
        ``callback(description, done, total)``; None turns reporting off inside the block.

    Examples
    --------
    >>> with reporting(print):
    ...     with task("work", total=2) as t:
    ...         t.advance(2)
    work 0 2
    work 2 2
    """
    token = _CALLBACK.set(callback)
    try:
        yield
    finally:
        _CALLBACK.reset(token)


def active() -> bool:
    """Whether a callback is installed (lets callers skip preparing reports nobody reads)."""
    return _CALLBACK.get() is not None


class Task:
    """One piece of long work; advance it as the work goes. Made by :func:`task`.

    Parameters
    ----------
    description : str
    total : int, optional
        The amount of work (items, bytes, ...), None when unknown.
    callback : callable, optional
    """

    def __init__(self, description: str, total: int | None, callback: ProgressCallback | None) -> None:
        self.description = description
        self.total = total
        self.done = 0
        self._callback = callback
        self._last = 0.0

    def advance(self, amount: int = 1) -> None:
        """Count ``amount`` more units of work as done."""
        self.update(self.done + amount)

    def update(self, done: int) -> None:
        """Set the amount of work done so far."""
        self.done = done
        if self._callback is None:
            return
        now = time.monotonic()
        if now - self._last >= MIN_INTERVAL:
            self._last = now
            self._callback(self.description, done, self.total)

    def _start(self) -> None:
        if self._callback is not None:
            self._last = time.monotonic()
            self._callback(self.description, 0, self.total)

    def _finish(self) -> None:
        if self._callback is not None:
            end = self.total if self.total is not None else self.done
            self._callback(self.description, end, end)


@contextmanager
def task(description: str, total: int | None = None) -> Iterator[Task]:
    """Report the progress of one piece of work to the installed callback, if any.

    Parameters
    ----------
    description : str
        What is being done, e.g. ``"parsing ties.ttl"``.
    total : int, optional
        How much work there is; None when unknown.

    Yields
    ------
    Task
        Call :meth:`Task.advance` or :meth:`Task.update` as the work goes. The task is reported
        complete when the block ends without an error.
    """
    handle = Task(description, total, _CALLBACK.get())
    handle._start()
    yield handle
    handle._finish()


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate over ``items``, advancing a task by one for each.

    Parameters
    ----------
    items : iterable
    description : str
    total : int, optional
        Defaults to ``len(items)`` when items has a length.
    """
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with task(description, total) as handle:
        for item in items:
            yield item
            handle.advance()
