"""A cache of loaded graphs, so that commands on the bundled graph answer without parsing Turtle again.

:func:`geokg.load` asks :func:`lookup` for an entry keyed by the SHA-256 of everything that determines the
loaded graph: the content, path and order of every file, the derivation rule, the code that parses and
derives, and the versions of geokg, rdflib and Python. Any change to any of them gives another key, so an
entry is never served for files that changed. An entry holds

- the rows of the SELECT queries the record readers ran (keyed by query text, so a changed query simply
  misses and is run on the graph), which answers ``info``, ``show``, ``ties``, ``centrality`` ... without
  touching rdflib's SPARQL engine, and
- the pickled rdflib graph, unpickled only when something needs the graph itself (``query``, ``validate``,
  a query the entry does not hold).

Entries live in ``$XDG_CACHE_HOME/geokg`` (default ``~/.cache/geokg``), or ``$GEOKG_CACHE_DIR``. Set
``GEOKG_NO_CACHE=1`` to turn the cache off. A read-only, missing or corrupt cache is ignored: loading
then works exactly as without it. Only loads of up to :data:`MAX_BYTES` of input are cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import RdflibBackend, Row

if TYPE_CHECKING:
    from rdflib import Graph

FORMAT = 1
"""Bumped whenever the layout of an entry changes."""

MAX_BYTES = 8_000_000
"""Loads whose files hold more bytes than this are not cached (use a store for big graphs)."""

KEEP = 16
"""How many entries the cache keeps (the least recently used are removed)."""


def cache_dir() -> Path | None:
    """The folder of the cache, or None when caching is turned off.

    Returns
    -------
    pathlib.Path or None
        ``$GEOKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/geokg``, else ``~/.cache/geokg``; None when
        ``GEOKG_NO_CACHE`` is set to anything but ``""`` or ``"0"``.
    """
    if os.environ.get("GEOKG_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("GEOKG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "geokg"


def _code_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "parsing.py", here / "derive.py", here / "knowledge.py", here / "namespaces.py"]


def cache_key(files: Sequence[Path], extra: Sequence[Path] = (), *, allow_network: bool = False) -> str | None:
    """The key of a load of ``files``: a SHA-256 over everything that determines the loaded graph.

    Parameters
    ----------
    files : sequence of Path
        The files :func:`geokg.load` parses, in order.
    extra : sequence of Path
        Other files whose content determines the graph (the derivation rule).
    allow_network : bool

    Returns
    -------
    str or None
        The hex digest; None when caching is off, or the files are too big to cache or cannot be read.
    """
    from importlib.metadata import version

    from . import __version__

    if cache_dir() is None:
        return None

    digest = hashlib.sha256()
    digest.update(f"geokg-cache {FORMAT} {__version__} {sys.version} net={allow_network}\n".encode())
    try:
        digest.update(f"rdflib {version('rdflib')}\n".encode())
    except Exception:  # rdflib's metadata missing: be safe, do not cache
        return None
    size = 0
    for kind, group in (("data", files), ("extra", extra), ("code", _code_files())):
        for path in group:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            size += len(data) if kind == "data" else 0
            if size > MAX_BYTES:
                return None
            digest.update(f"{kind} {path.resolve()} {len(data)}\n".encode())
            digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@dataclass
class Entry:
    """What the cache holds for one load."""

    key: str
    derived: int
    memo: dict[str, list[Row]]
    graph_pickle: bytes
    extra: dict[str, Any] = field(default_factory=dict)


def pickle_graph(graph: Graph) -> bytes:
    """The bytes of ``graph`` as an entry stores it."""
    return pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)


def _entry_path(folder: Path, key: str) -> Path:
    return folder / f"graph-{key[:40]}.pickle"


def lookup(key: str) -> Entry | None:
    """Return the entry stored under ``key``, or None (missing, unreadable, corrupt or another key)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = _entry_path(folder, key)
    try:
        with path.open("rb") as fh:
            entry = pickle.load(fh)
    except Exception:  # missing, unreadable or corrupt: a miss
        return None
    if not isinstance(entry, Entry) or entry.key != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # least recently used entries are pruned first
    return entry


def store(entry: Entry) -> Path | None:
    """Write ``entry`` atomically; return its path, or None when the cache cannot be written."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = _entry_path(folder, entry.key)
        tmp = folder / f".{target.name}.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
        _prune(folder)
        return target
    except OSError:  # read-only or full: run without a cache
        return None


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("graph-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def clear() -> int:
    """Remove every cache entry; return how many were removed."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("graph-*.pickle"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


class RecordingBackend(RdflibBackend):
    """An rdflib backend that remembers the rows of every SELECT, to fill a cache entry."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph)
        self.memo: dict[str, list[Row]] = {}

    def select(self, query: str) -> list[Row]:
        rows = super().select(query)
        self.memo[query] = [dict(r) for r in rows]
        return rows


class CachedBackend(RdflibBackend):
    """Answers the SELECTs a cache entry holds from memory; anything else from the graph, unpickled on use.

    Parameters
    ----------
    entry : Entry
    """

    def __init__(self, entry: Entry) -> None:  # no call to super: the graph is unpickled on use
        self._entry = entry
        self._graph: Graph | None = None

    @property  # type: ignore[override]
    def graph(self) -> Graph:
        """The rdflib graph, unpickled on first use."""
        if self._graph is None:
            self._graph = pickle.loads(self._entry.graph_pickle)
        return self._graph

    @graph.setter
    def graph(self, value: Graph) -> None:
        self._graph = value

    @property
    def graph_loaded(self) -> bool:
        """Whether the graph itself was needed (and unpickled)."""
        return self._graph is not None

    def select(self, query: str) -> list[Row]:
        # Once the graph is out, it may have been changed in place: from then on, ask the graph only.
        rows = None if self._graph is not None else self._entry.memo.get(query)
        if rows is not None:
            return [dict(r) for r in rows]
        return super().select(query)
