"""The store table: the records of a store (classes, entities, code lists, statement types, statements,
sources) and its summary counts, written beside the Oxigraph database at build time.

Reading every statement back out of Oxigraph with SPARQL costs seconds per hundred thousand statements
(each row's terms are decoded one by one), while the records themselves load from a compact JSON file in
a fraction of that. :func:`geokg.stores.build_store` writes ``geokg-table.json`` into the store's folder
(built aside and swapped in with the database, so the two always belong together); it is stamped with the
store's build id and with a fingerprint of the code that reads records, and :func:`read_table` refuses a
table whose stamp does not match (the records are then read with SPARQL as before).

Each record is one JSON array of its fields in declaration order (nested time specs, year bounds and
evidence as arrays too), so the file stays small and needs no pickle.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from functools import cache, cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .knowledge import KnowledgeGraph
from .model import Entity, Evidence, OntologyClass, Source, Statement, StatementType
from .timespan import TimeSpec, Years

if TYPE_CHECKING:
    from .backends import Backend
    from .records import Code

TABLE = "geokg-table.json"
"""The file, in a store's folder, holding its records."""
TABLE_VERSION = 1

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

    @property
    def info(self) -> dict[str, Any]:
        """The counts of :meth:`geokg.knowledge.KnowledgeGraph.info`, recorded at build time."""
        return dict(self.counts["info"])

    @cached_property
    def _data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            data = None
        if not isinstance(data, dict) or data.get("build") != self.build or data.get("code") != self.counts["code"]:
            raise StoreError(
                f"the store table {str(self.path)!r} is missing or does not belong to this store; rebuild it "
                "with: geokg store build DIR"
            )
        if not all(isinstance(data.get(k), list) for k in (*_RECORDS, "codes")):
            raise StoreError(f"the store table {str(self.path)!r} is malformed; rebuild it with: geokg store build DIR")
        return data

    @cached_property
    def classes(self) -> dict[str, OntologyClass]:
        decode = _decoder(OntologyClass)
        return {c.iri: c for c in (decode(r) for r in self._data["classes"])}

    @cached_property
    def entities(self) -> dict[str, Entity]:
        decode = _decoder(Entity)
        return {e.iri: e for e in (decode(r) for r in self._data["entities"])}

    @cached_property
    def codes(self) -> dict[str, Code]:
        from .records import Code

        return {r[0]: Code(tuple(r)) for r in self._data["codes"]}

    @cached_property
    def statement_types(self) -> dict[str, StatementType]:
        decode = _decoder(StatementType)
        return {t.iri: t for t in (decode(r) for r in self._data["types"])}

    @cached_property
    def statements(self) -> list[Statement]:
        decode = _decoder(Statement)
        return [decode(r) for r in self._data["statements"]]

    @cached_property
    def sources(self) -> list[Source]:
        decode = _decoder(Source)
        return [decode(r) for r in self._data["sources"]]


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
    """A record (or a field's value) as JSON-ready lists: nested records in their field order, sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


@cache
def _encoder(cls: type) -> Callable[[Any], list[Any]]:
    """A function that turns a ``cls`` record into a JSON array (the inverse of :func:`_decoder`); each field
    is converted by its annotation, decided once per class rather than once per value."""
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


def _decoder(cls: type) -> Callable[[list[Any]], Any]:
    """A function that turns a JSON array back into a ``cls`` (fields by their annotation)."""
    converters: list[Callable[[Any], Any] | None] = []
    for f in dataclasses.fields(cls):
        kind = str(f.type).replace(" ", "")
        if kind.startswith("tuple[Evidence"):
            converters.append(lambda v: tuple(Evidence(*e) for e in v))
        elif kind.startswith("tuple["):
            converters.append(tuple)
        elif kind.startswith("frozenset"):
            converters.append(frozenset)
        elif kind == "TimeSpec":
            converters.append(lambda v: TimeSpec(*v))
        elif kind == "Years":
            converters.append(lambda v: Years(*v))
        else:
            converters.append(None)
    pairs = list(enumerate(converters))

    def decode(row: list[Any]) -> Any:
        for i, convert in pairs:
            if convert is not None:
                row[i] = convert(row[i])
        return cls(*row)

    return decode


def write_table(backend: Backend, folder: str | Path, build: str, *, triples: int, derived: int) -> dict[str, Any]:
    """Read every record of the store behind ``backend`` (with SPARQL) and write them to
    ``folder/geokg-table.json``, stamped with ``build``.

    Returns
    -------
    dict
        ``{"code": fingerprint, "info": counts}``, for the store's marker.
    """
    kg = _Counted(backend, triples, derived)
    data = {
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
    path = Path(folder) / TABLE
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return {"code": data["code"], "info": data["info"]}


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

    @cached_property
    def statements(self) -> list[Statement]:
        return self.table.statements

    @cached_property
    def sources(self) -> list[Source]:
        return self.table.sources

    def __len__(self) -> int:
        return int(self.table.info["triples"])

    def info(self) -> dict[str, Any]:
        return dict(self.table.info)
