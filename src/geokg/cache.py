"""A cache of loaded graphs, so that commands on the bundled graph answer without parsing Turtle again.

:func:`geokg.load` asks :func:`lookup` for an entry keyed by the SHA-256 of everything that determines the
loaded graph: the content, path and order of every file, the derivation rule, the code that parses and
derives, and the versions of geokg, rdflib and Python. Any change to any of them gives another key, so an
entry is never served for files that changed. An entry is two plain data files, never code:

- ``graph-KEY.json``: the rows of the SELECT queries the record readers ran (keyed by query text, so a
  changed query simply misses and is run on the graph), which answer ``info``, ``show``, ``ties``,
  ``centrality`` ... without touching rdflib, plus the namespace bindings and the SHA-256 of
- ``graph-KEY.nt``: the graph as N-Triples, parsed only when something needs the graph itself (``query``,
  ``validate``, a query the entry does not hold).

Nothing in the cache is executed (no pickle): at worst a planted entry gives wrong answers, and the cache
is used only in a folder owned by the user and writable by no one else (a folder that is not is ignored,
neither read nor written).

Entries live in ``$XDG_CACHE_HOME/geokg`` (default ``~/.cache/geokg``), or ``$GEOKG_CACHE_DIR``. Set
``GEOKG_NO_CACHE=1`` to turn the cache off. A read-only, missing or corrupt cache is ignored: loading
then works exactly as without it. Only loads of up to :data:`MAX_BYTES` of input are cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import RdflibBackend, Row
from .errors import GeokgError

if TYPE_CHECKING:
    from rdflib import Graph

FORMAT = 2
"""Bumped whenever the layout of an entry changes (2: JSON rows and N-Triples instead of a pickle)."""

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


def trusted_folder(folder: Path, *, create: bool = False) -> bool:
    """Whether ``folder`` is safe to keep a cache in: a folder owned by the user, writable by no one else.

    Parameters
    ----------
    folder : Path
    create : bool
        Create it (mode 0700) when it does not exist.
    """
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):  # a symbolic link (to wherever) or a file
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _code_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "parsing.py", here / "guards.py", here / "derive.py", here / "knowledge.py", here / "namespaces.py"]


def cache_key(
    files: Sequence[Path],
    extra: Sequence[Path] = (),
    *,
    allow_network: bool = False,
    contents: Mapping[Path, bytes] | None = None,
) -> str | None:
    """The key of a load of ``files``: a SHA-256 over everything that determines the loaded graph.

    Parameters
    ----------
    files : sequence of Path
        The files :func:`geokg.load` parses, in order.
    extra : sequence of Path
        Other files whose content determines the graph (the derivation rule).
    allow_network : bool
    contents : mapping of Path to bytes, optional
        The bytes of ``files`` already read (each input is read once, see :func:`geokg.guards.read_input`).

    Returns
    -------
    str or None
        The hex digest; None when caching is off, or the files are too big to cache or cannot be read.
    """
    from . import __version__

    if cache_dir() is None:
        return None

    digest = hashlib.sha256()
    digest.update(f"geokg-cache {FORMAT} {__version__} {sys.version} net={allow_network}\n".encode())
    rdflib_version = _rdflib_version()
    if rdflib_version is None:  # rdflib's metadata missing: be safe, do not cache
        return None
    digest.update(f"rdflib {rdflib_version}\n".encode())
    size = 0
    for kind, group in (("data", files), ("extra", extra), ("code", _code_files())):
        for path in group:
            known = contents.get(path) if contents is not None and kind == "data" else None
            if known is not None:
                data = known
            else:
                if kind == "data":
                    return None  # data files are read once, by the caller
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


def _rdflib_version() -> str | None:
    """rdflib's installed version, read from its ``.dist-info`` folder name without importing
    :mod:`importlib.metadata` (30 ms of start-up); that module is the fallback."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("rdflib-") and name.endswith(".dist-info"):
                return name[len("rdflib-") : -len(".dist-info")]
        if "rdflib" in names:
            break  # rdflib found here without a dist-info beside it: ask importlib.metadata
    try:
        from importlib.metadata import version

        return version("rdflib")
    except Exception:
        return None


@dataclass
class Entry:
    """What the cache holds for one load.

    Parameters
    ----------
    key : str
    derived : int
        Derived plain triples.
    memo : dict
        Query text to result rows.
    graph_nt : bytes, optional
        The graph as N-Triples (None in an entry read back: the file is read on use).
    namespaces : list of (prefix, IRI)
    extra : dict
    """

    key: str
    derived: int
    memo: dict[str, list[Row]]
    graph_nt: bytes | None = None
    namespaces: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    graph_sha256: str = ""
    folder: Path | None = None


def entry_for(key: str, derived: int, memo: dict[str, list[Row]], graph: Graph) -> Entry:
    """A new entry for a load: its rows, and its graph as N-Triples with its namespace bindings."""
    data = graph.serialize(format="nt", encoding="utf-8")
    namespaces = [(str(p), str(iri)) for p, iri in graph.namespaces() if p]
    return Entry(key, derived, memo, data, namespaces, graph_sha256=hashlib.sha256(data).hexdigest())


def _entry_path(folder: Path, key: str) -> Path:
    return folder / f"graph-{key[:40]}.json"


def _graph_path(folder: Path, key: str) -> Path:
    return folder / f"graph-{key[:40]}.nt"


def _valid_memo(memo: Any) -> bool:
    if not isinstance(memo, dict):
        return False
    for query, rows in memo.items():
        if not isinstance(query, str) or not isinstance(rows, list):
            return False
        for row in rows:
            if not isinstance(row, dict):
                return False
            if not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in row.items()):
                return False
    return True


def lookup(key: str) -> Entry | None:
    """Return the entry stored under ``key``, or None (missing, unreadable, corrupt, another key, or a
    cache folder that is not the user's own)."""
    folder = cache_dir()
    if folder is None or not trusted_folder(folder):
        return None
    path = _entry_path(folder, key)
    try:
        with path.open("rb") as fh:
            doc = json.load(fh)
    except Exception:  # missing, unreadable or corrupt: a miss
        return None
    try:
        if doc["format"] != FORMAT or doc["key"] != key or not _valid_memo(doc["memo"]):
            return None
        entry = Entry(
            key,
            int(doc["derived"]),
            doc["memo"],
            None,
            [(str(p), str(i)) for p, i in doc.get("namespaces", [])],
            dict(doc.get("extra", {})),
            str(doc["graph_sha256"]),
            folder,
        )
    except (KeyError, TypeError, ValueError):
        return None
    if not _graph_path(folder, key).is_file():
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # least recently used entries are pruned first
    return entry


def _write(target: Path, data: bytes) -> None:
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def store(entry: Entry) -> Path | None:
    """Write ``entry`` atomically; return its path, or None when the cache cannot (or must not) be written."""
    folder = cache_dir()
    if folder is None or entry.graph_nt is None:
        return None
    try:
        if not trusted_folder(folder, create=True):
            return None
        target = _entry_path(folder, entry.key)
        doc = {
            "format": FORMAT,
            "key": entry.key,
            "derived": entry.derived,
            "memo": entry.memo,
            "namespaces": entry.namespaces,
            "extra": entry.extra,
            "graph_sha256": entry.graph_sha256 or hashlib.sha256(entry.graph_nt).hexdigest(),
        }
        _write(_graph_path(folder, entry.key), entry.graph_nt)  # the graph first: the rows point at it
        _write(target, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        _prune(folder)
        return target
    except (OSError, TypeError, ValueError):  # read-only or full: run without a cache
        return None


def _prune(folder: Path) -> None:
    for stale in folder.glob("graph-*.pickle"):  # left by geokg before 2026-11; never read
        with contextlib.suppress(OSError):
            stale.unlink()
    entries = sorted(folder.glob("graph-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
        with contextlib.suppress(OSError):
            old.with_suffix(".nt").unlink()


def clear() -> int:
    """Remove every cache entry (and any pickle an older geokg left); return how many were removed."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for pattern in ("graph-*.json", "graph-*.nt", "graph-*.pickle"):
        for path in folder.glob(pattern):
            try:
                path.unlink()
                removed += pattern != "graph-*.nt"
            except OSError:
                pass
    return removed


class _SameLabels(dict):  # type: ignore[type-arg]
    """A blank-node context that keeps the labels of the N-Triples (rows in the entry name them)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return key


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
    """Answers the SELECTs a cache entry holds from memory; anything else from the graph, parsed on use.

    Parameters
    ----------
    entry : Entry
    """

    def __init__(self, entry: Entry) -> None:  # no call to super: the graph is parsed on use
        self._entry = entry
        self._graph: Graph | None = None

    @property  # type: ignore[override]
    def graph(self) -> Graph:
        """The rdflib graph, read from the entry's N-Triples on first use."""
        if self._graph is None:
            self._graph = _read_graph(self._entry)
        return self._graph

    @graph.setter
    def graph(self, value: Graph) -> None:
        self._graph = value

    @property
    def graph_loaded(self) -> bool:
        """Whether the graph itself was needed (and parsed)."""
        return self._graph is not None

    def select(self, query: str) -> list[Row]:
        # Once the graph is out, it may have been changed in place: from then on, ask the graph only.
        rows = None if self._graph is not None else self._entry.memo.get(query)
        if rows is not None:
            return [dict(r) for r in rows]
        return super().select(query)


def _read_graph(entry: Entry) -> Graph:
    from rdflib import Graph

    from .namespaces import PREFIXES

    data = entry.graph_nt
    if data is None:
        assert entry.folder is not None
        try:
            data = _graph_path(entry.folder, entry.key).read_bytes()
        except OSError as exc:
            raise GeokgError(f"the load cache lost its graph ({exc}); run again with GEOKG_NO_CACHE=1") from None
    if hashlib.sha256(data).hexdigest() != entry.graph_sha256:
        raise GeokgError(
            f"the load cache entry in {str(entry.folder)!r} is corrupt; remove that folder or set GEOKG_NO_CACHE=1"
        )
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for prefix, iri in entry.namespaces:
        graph.bind(prefix, iri, override=False)
    graph.parse(data=data.decode("utf-8"), format="nt", bnode_context=_SameLabels())
    return graph
