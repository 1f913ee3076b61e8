"""Guards on everything geokg reads from users: one module that every path (memory, store build, endpoint) uses.

- :func:`read_input` reads a data file exactly once, refusing anything that is not a regular file (a FIFO
  would hang, ``/dev/zero`` never ends) and files larger than :data:`MAX_FILE_BYTES`; the same bytes then
  go to the cache key and to the parser.
- :func:`check_regular` does the same checks for files that Oxigraph streams itself (``store build``).
- :func:`check_xml` refuses XML that declares entities (billion laughs, XXE) or names an external DTD,
  and XML nested deeper than :data:`MAX_DEPTH` elements, before any RDF/XML parser sees it.
- :func:`load_json` reads JSON (JSON-LD files, endpoint answers) with a nesting limit of
  :data:`MAX_DEPTH`, so deep documents give a plain error instead of a ``RecursionError``.

Every refusal is a :class:`~geokg.errors.DataError` naming the file (or an
:class:`~geokg.errors.InputError` for text that is not a file).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from .errors import DataError

MAX_FILE_BYTES = 1 << 30
"""The largest data file read into memory (1 GiB); bigger graphs belong in a store (``geokg store build``)."""

MAX_DEPTH = 100
"""The deepest nesting accepted in RDF/XML (elements) and JSON / JSON-LD (objects and arrays)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open ``path`` without blocking (a FIFO opens at once) and check it is a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError("no such file or folder", str(path)) from None
    except PermissionError:
        raise DataError("permission denied: cannot read the file", str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        why = f"{_kind(info.st_mode)}, not a regular file; geokg reads data only from regular files"
        raise DataError(why, str(path))
    return fd, info


def check_regular(path: Path, limit: int | None = None) -> int:
    """Check that ``path`` is a readable regular file (of at most ``limit`` bytes); return its size.

    Raises
    ------
    DataError
    """
    fd, info = _open_regular(path)
    os.close(fd)
    if limit is not None and info.st_size > limit:
        raise DataError(f"the file holds {info.st_size} bytes, more than the limit of {limit}", str(path))
    return info.st_size


def read_input(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a data file once: a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : Path
    limit : int
        The most bytes read; a bigger file is refused.

    Returns
    -------
    bytes

    Raises
    ------
    DataError
        Missing, unreadable, not a regular file (FIFO, device, socket; a symbolic link is followed and its
        target checked), or too big.

    Examples
    --------
    >>> read_input(Path("/dev/null"))
    Traceback (most recent call last):
    ...
    geokg.errors.DataError: /dev/null: a device, not a regular file; geokg reads data only from regular files
    """
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise DataError(f"the file holds {info.st_size} bytes, more than the limit of {limit}", str(path))
        os.set_blocking(fd, True)
        chunks = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            except OSError as exc:
                raise DataError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise DataError(f"the file holds more than the limit of {limit} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


class _Refused(Exception):
    pass


def check_xml(data: bytes, path: Path | str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse XML that declares entities, names an external DTD, or nests deeper than ``max_depth``.

    Checked with expat before any RDF/XML parser (rdflib's or Oxigraph's) sees the document; nothing is
    expanded or fetched. A document that is not well-formed XML is left to the RDF/XML parser, whose
    message names the position.

    Raises
    ------
    DataError
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def entity(*_args: Any) -> None:
        raise _Refused(
            "XML entity declarations are not allowed (they can expand without end, read files or the network)"
        )

    def doctype(_name: str, system_id: str | None, _public_id: str | None, _internal: int) -> None:
        if system_id:
            raise _Refused("an external XML DTD is not allowed (it would be fetched)")

    def start(*_args: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            line = parser.CurrentLineNumber
            raise _Refused(f"XML nested deeper than {max_depth} elements (line {line})")

    def end(*_args: Any) -> None:
        nonlocal depth
        depth -= 1

    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise DataError(str(exc), str(path)) from None
    except expat.ExpatError:
        return  # not well-formed: the RDF/XML parser reports where


def json_depth(value: Any) -> int:
    """The nesting depth of a parsed JSON value (0 for a scalar), without recursion.

    Examples
    --------
    >>> json_depth({"a": [1, {"b": []}]})
    4
    """
    deepest = 0
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, dict):
            todo.extend((v, level + 1) for v in node.values())
            deepest = max(deepest, level + 1)
        elif isinstance(node, list):
            todo.extend((v, level + 1) for v in node)
            deepest = max(deepest, level + 1)
    return deepest


class JSONTooDeep(ValueError):
    """A JSON document nests deeper than the limit."""


def load_json(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with a nesting limit.

    Raises
    ------
    json.JSONDecodeError
        Not JSON.
    JSONTooDeep
        Nested deeper than ``max_depth`` (including documents too deep for Python's parser).
    UnicodeDecodeError
        Bytes that are not UTF-8.
    """
    import json

    try:
        value = json.loads(text)
    except RecursionError:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels") from None
    if json_depth(value) > max_depth:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels")
    return value


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is dropped), naming file, line and column on failure.

    Raises
    ------
    DataError
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError("not UTF-8 text (is it an RDF file?)", str(path), line, column) from None
