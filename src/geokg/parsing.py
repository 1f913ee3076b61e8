"""Reading RDF files safely: formats by file name, errors with file:line:column, nothing from the network.

Turtle, N-Triples, JSON-LD and RDF/XML are read. Nothing is fetched while parsing: JSON-LD documents that
name a remote ``@context`` (or ``@import``) and XML documents that declare entities are refused, and
``owl:imports`` is never followed. Every file goes through :mod:`geokg.guards` (read once, regular files
only, bounded size and nesting).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError
from .formats import input_suffixes

if TYPE_CHECKING:
    from rdflib import Graph

FORMATS: dict[str, str] = input_suffixes()
"""Data-file suffix to rdflib parser name (from the one table, :mod:`geokg.formats`)."""


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the RDF files they hold (recursively, sorted) and check every file exists.

    Parameters
    ----------
    paths : iterable of str or Path
        Files or folders.

    Returns
    -------
    list of Path

    Raises
    ------
    DataError
        A path does not exist, a file's suffix names no RDF format, or a folder holds no RDF file.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
            if not found:
                known = ", ".join(sorted(FORMATS))
                raise DataError(f"the folder holds no RDF file (none ends in {known})", str(path))
            files.extend(found)
        elif path.exists():
            if path.suffix.lower() not in FORMATS:
                known = ", ".join(sorted(FORMATS))
                raise DataError(f"unknown RDF format {path.suffix or '(no suffix)'!r}; use one of {known}", str(path))
            files.append(path)
        else:
            raise DataError("no such file or folder", str(path))
    return files


def read_text(path: Path) -> str:
    """Read a file once (a regular file of bounded size, see :func:`geokg.guards.read_input`) as UTF-8 text,
    naming the file and position on failure."""
    from .guards import decode_utf8, read_input

    return decode_utf8(read_input(path), path)


def parse_file(path: Path, graph: Graph, *, allow_network: bool = False, data: bytes | None = None) -> int:
    """Parse one RDF file into ``graph``.

    Parameters
    ----------
    path : Path
        A file whose suffix is in :data:`FORMATS`.
    graph : rdflib.Graph
        Receives the triples.
    allow_network : bool
        Allow remote JSON-LD contexts (off by default).
    data : bytes, optional
        The file's bytes, when already read (by :func:`geokg.guards.read_input`); else the file is read.

    Returns
    -------
    int
        The number of triples the file holds.

    Raises
    ------
    DataError
        Unreadable, empty, or not valid RDF; the message names file:line:column where known.
    """
    from rdflib import Graph

    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"unknown RDF format {path.suffix!r}", str(path))
    from .guards import check_xml, decode_utf8, read_input

    raw = read_input(path) if data is None else data
    text = decode_utf8(raw, path)
    if not text.strip():
        raise DataError("the file is empty", str(path))
    if fmt == "json-ld":
        _check_jsonld(text, path, allow_network)
    elif fmt == "xml":
        check_xml(raw, path)
    part = Graph()
    try:
        part.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except RecursionError:
        raise DataError("the data nests too deeply to be read (nested blank nodes or lists)", str(path)) from None
    except Exception as exc:  # rdflib raises many types; all mean "not valid RDF"
        raise _syntax_error(exc, text, path, fmt) from None
    if len(part) == 0:
        raise DataError("no RDF triples in the file", str(path))
    for prefix, ns in part.namespaces():
        if prefix:
            graph.bind(prefix, ns, override=False)
    graph += part
    return len(part)


def _syntax_error(exc: Exception, text: str, path: Path, fmt: str) -> DataError:
    line: int | None = None
    column: int | None = None
    why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if hasattr(exc, "lines") and hasattr(exc, "_i"):  # rdflib.plugins.parsers.notation3.BadSyntax
        index = int(exc._i)  # type: ignore[attr-defined]
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        why = f"bad {fmt} syntax: {getattr(exc, '_why', why)}"
        token = text[index : index + 20].split("\n")[0].strip()
        if token:
            why += f" near {token!r}"
    elif isinstance(exc, json.JSONDecodeError):
        line, column, why = exc.lineno, exc.colno, f"bad JSON: {exc.msg}"
    elif getattr(exc, "getLineNumber", None):  # xml.sax.SAXParseException
        line, column = exc.getLineNumber(), exc.getColumnNumber() + 1  # type: ignore[attr-defined]
        why = f"bad RDF/XML: {exc.getMessage()}"  # type: ignore[attr-defined]
    else:
        bad = re.search(r"Invalid line:\s*(.*)$", why)
        if bad:
            needle = bad.group(1).strip()
            for number, content in enumerate(text.splitlines(), 1):
                if content.strip() == needle:
                    line = number
                    break
        why = f"not valid {fmt}: {why}"
    return DataError(why, str(path), line, column)


def _check_jsonld(text: str, path: Path, allow_network: bool) -> None:
    from .guards import JSONTooDeep, load_json

    try:
        doc = load_json(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"bad JSON: {exc.msg}", str(path), exc.lineno, exc.colno) from None
    except JSONTooDeep as exc:
        raise DataError(str(exc), str(path)) from None
    if allow_network:
        return
    remote = _remote_contexts(doc)
    if remote:
        raise DataError(f"remote JSON-LD context {remote!r} is not fetched; inline the context in the file", str(path))


def _remote_contexts(node: Any) -> str | None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        return item
            found = _remote_contexts(value)
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _remote_contexts(item)
            if found:
                return found
    return None
