"""The store table: the records of a store (classes, entities, code lists, statement types, statements,
sources) and its summary counts, written beside the Oxigraph database at build time.

Reading every statement back out of Oxigraph with SPARQL costs seconds per hundred thousand statements
(each row's terms are decoded one by one), while the records themselves load from a compact JSON file in
a fraction of that. :func:`geokg.stores.build_store` writes ``geokg-table.json`` into the store's folder
(built aside and swapped in with the database, so the two always belong together); it is stamped with the
store's build id and with a fingerprint of the code that reads records, and :func:`read_table` refuses a
table whose stamp does not match (the records are then read with SPARQL as before).

The records are stored column by column (:func:`_pack`), so the file stays small, needs no pickle and
decodes fast: per record kind, each field is left out when every record has its default, stored as the
distinct values and one index per record when values repeat, and as one value per record otherwise;
nested time specs and year bounds are JSON arrays of their fields, and the evidence of statements is a
list of indexes into one shared column-wise table of distinct quotes (``"evidence"``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, cached_property
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .collector import paused
from .errors import StoreError
from .knowledge import KnowledgeGraph
from .model import Entity, Evidence, OntologyClass, Source, Statement, StatementType
from .timespan import TimeSpec, Years

if TYPE_CHECKING:
    from .backends import Backend
    from .records import Code

TABLE = "geokg-table.json"
"""The file, in a store's folder, holding its records."""
TABLE_VERSION = 2

_RECORDS = {"classes": OntologyClass, "entities": Entity, "types": StatementType, "statements": Statement,
            "sources": Source}  # fmt: skip


class StoreTable:
    """The records of a store, decoded from its table on first use.

    Parameters
    ----------
    data : dict
        The table's JSON.
    """

    def __init__(self, path: Path, build: str, counts: Mapping[str, Any]) -> None:
        self.path = path
        self.build = build
        self.counts = dict(counts)
        self._of_kinds: dict[frozenset[str], list[Statement]] = {}

    @property
    def info(self) -> dict[str, Any]:
        """The counts of :meth:`geokg.knowledge.KnowledgeGraph.info`, recorded at build time."""
        return dict(self.counts["info"])

    @cached_property
    def _data(self) -> dict[str, Any]:
        try:
            with paused():
                data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            data = None
        if not isinstance(data, dict) or data.get("build") != self.build or data.get("code") != self.counts["code"]:
            raise StoreError(
                f"the store table {str(self.path)!r} is missing or does not belong to this store; rebuild it "
                "with: geokg store build DIR"
            )
        if not isinstance(data.get("codes"), list) or not all(
            isinstance(data.get(k), dict) for k in (*_RECORDS, "evidence")
        ):
            raise self._malformed()
        return data

    def _malformed(self) -> StoreError:
        return StoreError(f"the store table {str(self.path)!r} is malformed; rebuild it with: geokg store build DIR")

    def _records(self, kind: str, kinds: frozenset[str] | None = None) -> list[Any]:
        """The records of one kind (a key of ``_RECORDS``, or ``"evidence"``), decoded; for statements, with
        ``kinds``, only those of these kinds."""
        cls = Evidence if kind == "evidence" else _RECORDS[kind]
        evidence = self._evidence if kind == "statements" else None
        try:
            with paused():
                return _unpack(cls, self._data[kind], evidence, kinds)
        except (KeyError, IndexError, TypeError, ValueError):
            raise self._malformed() from None

    @cached_property
    def _evidence(self) -> list[Evidence]:
        return self._records("evidence")

    @cached_property
    def classes(self) -> dict[str, OntologyClass]:
        return {c.iri: c for c in self._records("classes")}

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return {e.iri: e for e in self._records("entities")}

    @cached_property
    def codes(self) -> dict[str, Code]:
        from .records import Code

        return {r[0]: Code(tuple(r)) for r in self._data["codes"]}

    @cached_property
    def statement_types(self) -> dict[str, StatementType]:
        return {t.iri: t for t in self._records("types")}

    @cached_property
    def statements(self) -> list[Statement]:
        return self._records("statements")

    def statements_of(self, kinds: frozenset[str]) -> list[Statement]:
        """The statements of these kinds (``"relation"``, ...), in the order of :attr:`statements`; only
        they are decoded, unless every statement already is (a projection of relations decodes about half
        of a large table)."""
        if "statements" in self.__dict__:
            return [s for s in self.statements if s.kind in kinds]
        found = self._of_kinds.get(kinds)
        if found is None:
            found = self._of_kinds[kinds] = self._records("statements", kinds)
        return found

    @cached_property
    def sources(self) -> list[Source]:
        return self._records("sources")


def fingerprint() -> str:
    """A hash of the record classes' fields and of the code that reads records (a table from other code is
    refused)."""
    from . import model, records, timespan

    digest = hashlib.sha256(str(TABLE_VERSION).encode())
    for cls in (*_RECORDS.values(), Evidence, TimeSpec, Years):
        digest.update(",".join(f.name for f in dataclasses.fields(cls)).encode())
    for module in (model, records, timespan):
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


# -- encoding ----------------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    """One record as a JSON array of its fields in declaration order (nested records as arrays too)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


@cache
def _encoder(cls: type) -> Callable[[Any], list[Any]]:
    """A function that turns a ``cls`` record into a JSON array (then packed by column by :func:`_pack`);
    each field is converted by its annotation, decided once per class rather than once per value."""
    steps: list[tuple[str, Callable[[Any], Any] | None]] = []
    for f in dataclasses.fields(cls):
        kind = str(f.type).replace(" ", "")
        if kind.startswith("tuple[Evidence"):
            steps.append((f.name, _encode_evidence))
        elif kind.startswith("frozenset"):
            steps.append((f.name, sorted))
        elif kind in ("TimeSpec", "Years"):
            steps.append((f.name, _encoder(TimeSpec if kind == "TimeSpec" else Years)))
        elif kind.startswith("tuple[") or kind in ("str", "int", "float", "bool") or kind.endswith("|None"):
            steps.append((f.name, None))  # JSON writes tuples as arrays
        else:
            steps.append((f.name, _encode))

    names = [name for name, _ in steps]
    get = attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),))
    nested = [(i, convert) for i, (_, convert) in enumerate(steps) if convert is not None]

    def encode(record: Any) -> list[Any]:
        row = list(get(record))
        for i, convert in nested:
            row[i] = convert(row[i])
        return row

    return encode


def _encode_evidence(quotes: tuple[Evidence, ...]) -> list[list[Any]]:
    encode = _encoder(Evidence)
    return [encode(e) for e in quotes]


def _key(value: Any) -> Any:
    """A hashable key equal only for JSON values that decode to the same value (``1``, ``1.0`` and ``true``
    differ, as do ``0.0`` and ``-0.0``; a tuple and a list with the same items are the same JSON array).

    An array's key is the ``repr`` of its items, which tells those values apart (nested arrays are told
    apart as written, a list from a tuple: they are then merely stored twice)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is list or kind is tuple:  # both are JSON arrays
        return (list, repr(tuple(value)))
    if kind is float:
        return (float, repr(value))
    return (kind, value)


_SCALARS = frozenset((int, bool, type(None)))  # their key is (type, value)
_ARRAYS = frozenset((list, tuple))
_OPTIONAL_STR = {str, type(None)}
_NONE_KEY = (type(None), None)


def _is_evidence(f: dataclasses.Field[Any]) -> bool:
    return str(f.type).replace(" ", "").startswith("tuple[Evidence")


def _pack(data: Mapping[str, Any]) -> dict[str, Any]:
    """The table as written: ``data`` (the header, then each record kind as a list of :func:`_encode`
    arrays) with each record kind stored column by column (see the module docstring)."""
    out = {k: v for k, v in data.items() if k not in _RECORDS}  # the header first: the build id is read there
    evidence = _Distinct()  # the evidence arrays of every statement, each once
    for kind, cls in _RECORDS.items():
        out[kind] = _pack_records(cls, data[kind], evidence)
    out["evidence"] = _pack_records(Evidence, evidence.values, _Distinct())
    return out


def _pack_records(cls: type, rows: Sequence[Sequence[Any]], evidence: _Distinct) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    fields = dataclasses.fields(cls)
    for f, column in zip(fields, zip(*rows, strict=True) if rows else [()] * len(fields), strict=True):
        values = list(column)
        if _is_evidence(f):
            add = evidence.add
            values = [[add(e) for e in v] for v in values]
        keys = _keys(values)
        if f.default is not dataclasses.MISSING and keys.count(_key(_encode(f.default))) == len(keys):
            continue  # every record has the default
        columns[f.name] = _column(values, keys)
    return {"n": len(rows), "columns": columns}


def _keys(values: list[Any]) -> list[Any]:
    """The :func:`_key` of each value (a column of strings, of integers and nulls, or of arrays at C speed)."""
    types = set(map(type, values))
    if types == {str}:
        return values
    if types <= _SCALARS:
        return list(zip(map(type, values), values, strict=True))
    if types == _OPTIONAL_STR:
        return [_NONE_KEY if v is None else v for v in values]
    if types <= _ARRAYS:
        return [(list, key) for key in map(repr, map(tuple, values))]
    return list(map(_key, values))


class _Distinct:
    """Distinct JSON values (by :func:`_key`) in the order first seen, each with its index."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def add(self, value: Any) -> int:
        key = _key(value)
        at = self.index.get(key)
        if at is None:
            at = self.index[key] = len(self.values)
            self.values.append(value)
        return at


def _column(values: list[Any], keys: list[Any]) -> Any:
    """One field of every record (``keys``: their :func:`_key`): the distinct values and an index per record
    when values repeat (at most half are distinct), else the values themselves."""
    index = {key: i for i, key in enumerate(dict.fromkeys(keys))}  # in the order first seen
    if 2 * len(index) > len(values):
        return values
    # values with equal keys are written as the same JSON text: any one of them stands for all
    distinct = list(dict(zip(keys, values, strict=True)).values())
    return {"values": distinct, "index": list(map(index.__getitem__, keys))}


# -- decoding ----------------------------------------------------------------------------------------
def _converter(f: dataclasses.Field[Any], evidence: Sequence[Evidence] | None) -> Callable[[Any], Any] | None:
    """The function that turns a field's JSON value back into its value (None: the JSON value is it)."""
    kind = str(f.type).replace(" ", "")
    if kind.startswith("tuple[Evidence"):
        if evidence is None:
            raise ValueError(f"no evidence table to decode {f.name}")
        at = evidence.__getitem__
        return lambda v: tuple(map(at, v))
    if kind.startswith("tuple["):
        return tuple
    if kind.startswith("frozenset"):
        return frozenset
    if kind == "TimeSpec":
        return lambda v: _build(TimeSpec, _TIMESPEC_FIELDS, [v])[0]
    if kind == "Years":
        return lambda v: _build(Years, _YEARS_FIELDS, [v])[0]
    return None


def _unpack(
    cls: type, packed: Mapping[str, Any], evidence: Sequence[Evidence] | None, kinds: frozenset[str] | None = None
) -> list[Any]:
    """The records of ``cls`` from their :func:`_pack_records` form; with ``kinds``, only those whose
    ``kind`` field is one of them (statements).

    Raises
    ------
    KeyError, IndexError, TypeError, ValueError
        The form is malformed.
    """
    n = packed["n"]
    columns = packed["columns"]
    if type(n) is not int or not isinstance(columns, dict) or not set(columns) <= _NAMES[cls]:
        raise ValueError("malformed records")
    rows = None if kinds is None else _rows_of_kinds(columns, n, kinds)
    values: list[Sequence[Any]] = []
    for f in dataclasses.fields(cls):
        convert = _converter(f, evidence)
        column = columns.get(f.name)
        if column is None:
            if f.default is dataclasses.MISSING:
                raise ValueError(f"no column {f.name}")
            values.append([f.default] * (n if rows is None else len(rows)))
            continue
        index = column["index"] if isinstance(column, dict) else column
        if len(index) != n:
            raise ValueError(f"column {f.name} has {len(index)} values, not {n}")
        if rows is not None:
            index = list(map(index.__getitem__, rows))
        if isinstance(column, dict):
            distinct = column["values"]
            if convert is not None:
                distinct = [convert(v) for v in distinct]
            if index and min(index) < 0:  # a negative index would silently pick a value from the end
                raise ValueError(f"bad index in column {f.name}")
            decoded = list(map(distinct.__getitem__, index))
        else:
            decoded = index if convert is None else [convert(v) for v in index]
        values.append(decoded)
    return _build(cls, [f.name for f in dataclasses.fields(cls)], zip(*values, strict=True))


def _rows_of_kinds(columns: Mapping[str, Any], n: int, kinds: frozenset[str]) -> list[int]:
    """The positions of the records whose ``kind`` column holds one of ``kinds``."""
    column = columns["kind"]
    if isinstance(column, dict):
        values, index = column["values"], column["index"]
        if len(index) != n or (index and (min(index) < 0 or max(index) >= len(values))):
            raise ValueError("bad index in column kind")  # (a record would silently be left out)
        wanted = {i for i, v in enumerate(values) if v in kinds}
        return [row for row, i in enumerate(index) if i in wanted]
    if len(column) != n:
        raise ValueError(f"column kind has {len(column)} values, not {n}")
    return [row for row, v in enumerate(column) if v in kinds]


def _build(cls: type, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[Any]:
    """Records of ``cls`` with these field values, made without running its ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which dominates the
    decoding of a large table; the records made here get a ``__dict__`` holding the very same fields in
    the same order, and are equal to (and hash like) those ``cls(*row)`` makes. Classes with a
    ``__post_init__`` or slots are made with ``cls(*row)``.

    Raises
    ------
    ValueError
        A row that has not one value per field.
    """
    if hasattr(cls, "__post_init__") or "__slots__" in vars(cls):
        return [cls(*row) for row in rows]
    fields = [dict(zip(names, row, strict=True)) for row in rows]
    records: list[Any] = list(map(object.__new__, repeat(cls, len(fields))))
    deque(map(object.__setattr__, records, repeat("__dict__"), fields), maxlen=0)  # frozen: set beneath
    return records


_NAMES = {cls: frozenset(f.name for f in dataclasses.fields(cls)) for cls in (*_RECORDS.values(), Evidence)}
_TIMESPEC_FIELDS = [f.name for f in dataclasses.fields(TimeSpec)]
_YEARS_FIELDS = [f.name for f in dataclasses.fields(Years)]


def write_table(backend: Backend, folder: str | Path, build: str, *, triples: int, derived: int) -> dict[str, Any]:
    """Read every record of the store behind ``backend`` (with the readers of :mod:`geokg.records`) and write them to
    ``folder/geokg-table.json``, stamped with ``build``.

    Returns
    -------
    dict
        ``{"code": fingerprint, "info": counts}``, for the store's marker.
    """
    with paused():  # hundreds of thousands of new, lasting objects and no garbage among them
        data = _table_data(backend, build, triples=triples, derived=derived)
        text = json.dumps(_pack(data), separators=(",", ":"), ensure_ascii=False)
    path = Path(folder) / TABLE
    path.write_text(text, encoding="utf-8")
    return {"code": data["code"], "info": data["info"]}


def _table_data(backend: Backend, build: str, *, triples: int, derived: int) -> dict[str, Any]:
    """The table before packing: its header, then each record kind as a list of :func:`_encode` arrays."""
    kg = _Counted(backend, triples, derived)
    return {
        "format": TABLE_VERSION,
        "build": build,
        "code": fingerprint(),
        "info": kg.info(),
        "classes": [_encode(c) for c in kg.classes.values()],
        "entities": [_encode(e) for e in kg.entities.values()],
        "codes": [list(c) for c in kg.codes.values()],
        "types": [_encode(t) for t in kg.statement_types.values()],
        "statements": [_encode(s) for s in kg.statements],
        "sources": [_encode(s) for s in kg.sources],
    }


class _Counted(KnowledgeGraph):
    """A graph whose triple count is already known (``len(store)`` is a full scan)."""

    def __init__(self, backend: Backend, triples: int, derived: int) -> None:
        super().__init__(backend, None, (), derived)
        self.triples = triples

    def __len__(self) -> int:
        return self.triples


def read_table(folder: str | Path, build: str | None, counts: Mapping[str, Any] | None) -> StoreTable | None:
    """The table of the store in ``folder`` when its marker says one was written by this build with this
    code (``counts`` holds the code's fingerprint and the summary counts); None otherwise (the records are
    then read with SPARQL, as also when ``GEOKG_NO_STORE_TABLE`` is set). The table itself is read, and its
    build id checked again, on first use."""
    path = Path(folder) / TABLE
    if os.environ.get("GEOKG_NO_STORE_TABLE"):  # benchmarks: the SPARQL path, for comparison
        return None
    if not build or not counts or counts.get("code") != fingerprint() or not isinstance(counts.get("info"), dict):
        return None
    try:  # the build id is in the first bytes: a table of another build is refused without reading it
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return None
    if f'"build":{json.dumps(build)}'.encode() not in head:
        return None
    return StoreTable(path, build, counts)


class StoreKnowledgeGraph(KnowledgeGraph):
    """A :class:`~geokg.knowledge.KnowledgeGraph` on a store whose records come from its table, written at
    build time: no SPARQL to read actors and ties, and ``info()`` and ``len()`` from the counts recorded
    then. SPARQL queries (``geokg query``) still go to the store.

    Parameters
    ----------
    backend : Backend
        The store.
    table : StoreTable
    derived : int
    """

    def __init__(self, backend: Backend, table: StoreTable, derived: int = 0) -> None:
        super().__init__(backend, None, (), derived)
        self.table = table

    @cached_property
    def classes(self) -> dict[str, OntologyClass]:
        return self.table.classes

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return self.table.entities

    @cached_property
    def codes(self) -> dict[str, Code]:
        return self.table.codes

    @cached_property
    def statement_types(self) -> dict[str, StatementType]:
        return self.table.statement_types

    def _read_statements(self) -> list[Statement]:
        return self.table.statements

    def _ties_of(self, kinds: frozenset[str]) -> list[Statement]:
        if "statements" in self.__dict__:  # every statement is read already
            return super()._ties_of(kinds)
        return self._graded([s for s in self.table.statements_of(kinds) if s.is_tie])

    @cached_property
    def sources(self) -> list[Source]:
        return self.table.sources

    def __len__(self) -> int:
        return int(self.table.info["triples"])

    def info(self) -> dict[str, Any]:
        if self.min_grade:  # the counts recorded at build time are of every statement: count what is kept
            return super().info()
        return dict(self.table.info)
