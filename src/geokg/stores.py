"""Persistent Oxigraph stores: build one from the graph, open it, and query it like the in-memory graph.

A geokg store is a folder holding an Oxigraph (pyoxigraph) database in ``oxigraph/`` and a small
``geokg-store.json`` that says what was loaded. It holds the same triples as the in-memory graph,
including the derived plain triples (``geo:supports``, ``geo:memberOf``, ...).

:func:`build_store` writes the new store into a temporary folder beside the target and swaps it in only
once it is complete, so an interrupted build leaves the old store usable. The swap is two renames (the
old store aside, the new one in); a build killed between them is repaired by :func:`recover` on the next
open or build (the old store is put back), which also removes what dead builds left behind. :class:`OxigraphBackend`
implements :class:`geokg.backends.Backend`, so ``KnowledgeGraph(OxigraphBackend(store))`` answers every
question the in-memory graph answers.

Examples
--------
>>> import tempfile, pathlib, geokg
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "kg"
>>> info = build_store(geokg.load(), folder)
>>> kg = open_knowledge_graph(folder)
>>> kg.actor("USSR").label
'Soviet Union'
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import Row
from .errors import InputError, NotAStoreError, StoreError
from .namespaces import PREFIXES
from .results import QueryResult, Term, term_from_oxigraph
from .results import term_to_oxigraph as term_to_oxigraph  # where it was defined before

if TYPE_CHECKING:
    from pyoxigraph import Store

    from .knowledge import KnowledgeGraph
    from .sparql import CheckedQuery

MARKER = "geokg-store.json"
"""The file that marks a folder as a geokg store."""
DATABASE = "oxigraph"
"""The sub-folder holding the Oxigraph database."""
FORMAT_VERSION = 1
IN_MEMORY_BYTES = 128 * 1024 * 1024
"""Data files up to this size in all (about 3.5 million triples of Turtle) are loaded and derived in memory
before being written to the database (1M triples: about 1 GB of memory at the peak); larger inputs are loaded
and derived in the database itself, which is slower but needs little memory."""


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds, as recorded in its ``geokg-store.json``.

    Parameters
    ----------
    path : Path
        The store's folder.
    triples : int
        Triples in the store (asserted and derived).
    derived : int
        Derived plain triples among them.
    files : tuple of str
        The files that were loaded.
    """

    path: Path
    triples: int
    derived: int
    files: tuple[str, ...]
    build: str | None = None
    counts: Mapping[str, Any] | None = None


def is_store(directory: str | Path) -> bool:
    """Whether ``directory`` holds a geokg store."""
    folder = Path(directory)
    return (folder / MARKER).is_file() and (folder / DATABASE).is_dir()


def store_info(directory: str | Path) -> StoreInfo:
    """Read a store's ``geokg-store.json``.

    Raises
    ------
    NotAStoreError
        The folder does not exist or is not a geokg store.
    """
    folder = Path(directory)
    if not folder.exists():
        recover(folder)  # a build killed between the two renames of its swap left the old store aside
    if not folder.exists():
        raise NotAStoreError(f"store folder {str(folder)!r} does not exist (build one with: geokg store build DIR)")
    if not is_store(folder):
        raise NotAStoreError(
            f"{str(folder)!r} is not a geokg store: no {MARKER} and {DATABASE}/ (build one with: geokg store build DIR)"
        )
    try:
        from .guards import load_json

        meta = load_json((folder / MARKER).read_text(encoding="utf-8"))
        build = meta.get("build")
        info = StoreInfo(
            folder,
            int(meta["triples"]),
            int(meta["derived"]),
            tuple(meta.get("files", ())),
            str(build) if build else None,
            meta.get("counts") if isinstance(meta.get("counts"), dict) else None,
        )
        version = meta.get("format")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise NotAStoreError(f"{str(folder)!r} is not a geokg store: {MARKER} is unreadable") from None
    if version != FORMAT_VERSION:
        raise StoreError(
            f"store {str(folder)!r} has format {version!r}; this geokg reads format {FORMAT_VERSION} "
            "(rebuild it with: geokg store build DIR)"
        )
    return info


def open_store(directory: str | Path, *, read_only: bool = True) -> Store:
    """Open the Oxigraph database of a geokg store.

    Parameters
    ----------
    directory : str or Path
        A folder written by :func:`build_store`.
    read_only : bool
        Open read-only (several processes may read one store at once).

    Returns
    -------
    pyoxigraph.Store

    Raises
    ------
    NotAStoreError
        The folder is not a store, or its database cannot be opened.
    """
    from pyoxigraph import Store

    store_info(directory)
    path = str(Path(directory) / DATABASE)
    try:
        return Store.read_only(path) if read_only else Store(path)
    except Exception as exc:  # OSError, or RuntimeError("Corruption: ...") from RocksDB
        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        built = _built_with(Path(directory))
        ours = _oxigraph_version()
        hint = f"built with pyoxigraph {built}, this is {ours}; " if built and built != ours else ""
        raise StoreError(
            f"cannot open the store in {str(directory)!r} ({hint}{why}); it may be corrupt or made by another "
            "version: rebuild it with geokg store build DIR"
        ) from None


def _oxigraph_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyoxigraph")
    except PackageNotFoundError:
        return "unknown"


def _built_with(folder: Path) -> str | None:
    from .guards import load_json

    try:
        value = load_json((folder / MARKER).read_text(encoding="utf-8")).get("oxigraph")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


# -- leftovers of interrupted builds -------------------------------------------------------------------
def recover(directory: str | Path) -> list[Path]:
    """Finish what an interrupted build left: restore the previous store if the folder is gone, and remove
    the ``.NAME.building-*``, ``.NAME.old-*`` and ``.NAME.*.tmp`` entries of processes that no longer run.

    Returns
    -------
    list of Path
        What was removed or restored.

    Raises
    ------
    StoreError
        The previous store must be restored but cannot be (a read-only folder).
    """
    target = Path(directory)
    done: list[Path] = []
    from .atomic import stale_leftovers

    leftovers = stale_leftovers(target)
    olds = sorted(
        (p for kind, p in leftovers if kind == "old" and is_store(p)), key=lambda p: p.stat().st_mtime, reverse=True
    )
    if olds and not target.exists() and not target.is_symlink():
        try:
            os.replace(olds[0], target)
        except OSError as exc:
            raise StoreError(
                f"store {str(target)!r} is missing; an interrupted build left it in {str(olds[0])!r}, which "
                f"cannot be moved back ({exc.strerror or exc}): rename it yourself"
            ) from None
        done.append(target)
    for _kind, path in leftovers:
        if path.exists() and path != target:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()
            done.append(path)
    return done


def open_knowledge_graph(directory: str | Path) -> KnowledgeGraph:
    """A :class:`~geokg.knowledge.KnowledgeGraph` reading from a store.

    Raises
    ------
    NotAStoreError
    """
    from .knowledge import KnowledgeGraph

    info = store_info(directory)
    from .storetable import StoreKnowledgeGraph, read_table

    backend = OxigraphBackend(open_store(directory))
    table = read_table(directory, info.build, info.counts)
    if table is None:  # a store built before tables, or by other code: records read with SPARQL
        return KnowledgeGraph(backend, None, (), info.derived)
    return StoreKnowledgeGraph(backend, table, info.derived)


def table_unused(directory: str | Path) -> bool:
    """Whether the store in ``directory`` has a table that its commands do not use: written by another build
    or by another version of geokg's record code. Its records are then read with SPARQL, which is right but
    slow on a large store; ``geokg store build`` writes a table that fits. False when
    ``GEOKG_NO_STORE_TABLE`` asks for the SPARQL path.

    Raises
    ------
    NotAStoreError
    """
    from .storetable import TABLE, read_table

    if os.environ.get("GEOKG_NO_STORE_TABLE") or not (Path(directory) / TABLE).is_file():
        return False
    info = store_info(directory)
    return read_table(directory, info.build, info.counts) is None


def build_store(
    source: KnowledgeGraph | Iterable[str | Path], directory: str | Path, *, bundled: bool = True
) -> StoreInfo:
    """Write a persistent Oxigraph store of a graph, with its derived plain triples.

    The store is built in a temporary folder beside ``directory`` and renamed into place only when it is
    complete; an existing store at ``directory`` stays usable until then.

    Parameters
    ----------
    source : KnowledgeGraph or iterable of paths
        A loaded graph (with its in-memory rdflib graph), or data files to load with the ontology (and
        the bundled graph). Files are bulk-loaded by Oxigraph itself and the plain triples derived in
        the store, which is much faster and leaner than parsing with rdflib (1M triples: seconds, not
        minutes); JSON-LD, or a file Oxigraph cannot read, falls back to rdflib (and its error messages).
    directory : str or Path
        The store's folder: absent, empty, or an existing geokg store (which is replaced).
    bundled : bool
        With data files: include the bundled graph.

    Returns
    -------
    StoreInfo

    Raises
    ------
    InputError
        ``directory`` is a file, or its parent folder does not exist.
    NotAStoreError
        ``directory`` is a non-empty folder that is not a geokg store (it is never overwritten).
    DataError
        A data file cannot be read.
    """
    from concurrent.futures import ThreadPoolExecutor

    from pyoxigraph import DefaultGraph, RdfFormat, Store

    from .knowledge import KnowledgeGraph, load

    target = Path(directory)
    if target.is_symlink():  # build where the link points, and leave the link in place
        if not target.exists():
            raise InputError(f"store path {str(target)!r} is a symbolic link to nothing; give a folder")
        target = target.resolve()
    if target.exists() and not target.is_dir():
        raise InputError(f"store path {str(target)!r} is a file; give a folder")
    with contextlib.suppress(StoreError):  # the store at target is about to be replaced anyway
        recover(target)
    if target.is_dir() and any(target.iterdir()) and not is_store(target):
        raise NotAStoreError(f"{str(target)!r} is a folder that is not a geokg store; refusing to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"folder {str(parent)!r} does not exist")
    from .bulk import bulk_files, bulk_load

    files = None if isinstance(source, KnowledgeGraph) else bulk_files(source, bundled=bundled)
    kg = source if isinstance(source, KnowledgeGraph) else None
    try:
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise StoreError(
            f"cannot build a store in {str(parent)!r}: {exc.strerror or exc} (is the folder read-only?)"
        ) from None
    umask = os.umask(0)
    os.umask(umask)
    building.chmod(0o777 & ~umask)
    try:
        store = Store(str(building / DATABASE))
        work = store  # where the rules run and the table is read from
        derived = None
        with ThreadPoolExecutor(max_workers=1) as pool:  # the database is written here (Oxigraph frees the GIL)
            written: list[Future[None]] = []
            if files is not None:
                if sum(f.stat().st_size for f in files) <= IN_MEMORY_BYTES:
                    # Small enough: load and derive in memory (the rules' joins are several times faster there
                    # than in the on-disk database) while the database loads the same files on the thread.
                    work, derived, written = _derive_in_memory(store, files, building, pool)
                else:
                    derived = bulk_load(store, files)
            if files is not None and (derived is None or (work is not store and not written)):
                # The database holds part of the data, or its blank nodes are named otherwise: start it afresh.
                _wait(written)
                written = []
                if work is store:  # (then derived is None, and the database becomes the work store below)
                    work = Store()
                del store
                gc.collect()
                shutil.rmtree(building / DATABASE)
                store = Store(str(building / DATABASE))
            if derived is None:  # from a loaded graph, or files Oxigraph cannot read: through rdflib
                if kg is None:
                    kg = load(list(source), bundled=bundled)  # type: ignore[arg-type]
                work = store
                store.bulk_load(kg.backend.ntriples().encode("utf-8"), RdfFormat.N_TRIPLES)
                derived = kg.derived
                files = list(kg.files)
            from .progress import task
            from .storetable import write_table

            triples = len(work)
            build = uuid.uuid4().hex
            with task("writing the database and the store table"):
                # The database is written by Oxigraph on the thread while Python writes the table.
                if work is not store and not written:  # the whole graph, through a file beside the database
                    dump = building / "derived.nt"
                    work.dump(output=str(dump), format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
                    written.append(pool.submit(_load_file, store, dump))
                counts = write_table(OxigraphBackend(work), building, build, triples=triples, derived=derived)
                for future in written:
                    future.result()
                with contextlib.suppress(FileNotFoundError):
                    (building / "derived.nt").unlink()
        store.flush()
        del work
        del store
        gc.collect()  # close the database before it is moved
        meta = {
            "format": FORMAT_VERSION,
            "build": build,
            "triples": triples,
            "derived": derived,
            "files": [str(f) for f in files or ()],
            "oxigraph": _oxigraph_version(),
            "counts": counts,
        }
        (building / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        _swap(building, target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise StoreError(
            f"cannot write the store {str(target)!r}: {exc.strerror or exc} (a read-only folder or a full disk?)"
        ) from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return store_info(target)


def _derive_in_memory(
    database: Store, files: Sequence[Path], building: Path, pool: Executor
) -> tuple[Store, int | None, list[Future[None]]]:
    """Load ``files`` into an in-memory store and derive there, while ``pool`` bulk-loads the same files
    into ``database``; then the derived triples follow them into ``database`` (through a file in
    ``building``).

    Returns
    -------
    tuple
        The in-memory store; how many triples the rules derived (None when a file needs rdflib: the
        database may then hold part of the data); the database's pending loads (none when it must be
        written from the in-memory store instead: a derived triple has a blank node, which the
        database's own load of the files names otherwise).
    """
    from pyoxigraph import Store

    from .bulk import derive_aside, load_inputs, oxigraph_inputs

    memory = Store()
    inputs = oxigraph_inputs(files)
    if inputs is None:
        return memory, None, []
    written = [pool.submit(_load_inputs_or_fail, database, inputs)]
    if not load_inputs(memory, inputs):
        return memory, None, written
    aside = building / "derived.nt"
    derived, complete = derive_aside(memory, aside)
    if not complete:
        _wait(written)
        return memory, derived, []  # the caller starts the database afresh
    written.append(pool.submit(_load_file, database, aside))
    return memory, derived, written


def _load_inputs_or_fail(store: Store, inputs: Sequence[Any]) -> None:
    from .bulk import load_inputs

    if not load_inputs(store, inputs, report=False):
        raise StoreError("Oxigraph could not read a file it read before")


def _load_file(store: Store, path: Path) -> None:
    from pyoxigraph import RdfFormat

    if path.stat().st_size:
        store.bulk_load(path=str(path), format=RdfFormat.N_TRIPLES)


def _wait(futures: Iterable[Future[None]]) -> None:
    """Wait for the database's loads to end, whatever their outcome (their store is about to be discarded)."""
    for future in futures:
        with contextlib.suppress(Exception):
            future.result()


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    if not any(target.iterdir()):
        target.rmdir()
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=new.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


class OxigraphBackend:
    """An Oxigraph store (pyoxigraph) as a :class:`geokg.backends.Backend`.

    Parameters
    ----------
    store : pyoxigraph.Store or str or Path
        An open store, or the folder of a geokg store (opened read-only).

    Examples
    --------
    >>> from pyoxigraph import Store
    >>> OxigraphBackend(Store()).select("SELECT ?s WHERE { ?s ?p ?o }")
    []
    """

    def __init__(self, store: Store | str | Path) -> None:
        self.store = open_store(store) if isinstance(store, (str, Path)) else store

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query (the project's prefixes are predeclared) and return plain rows."""
        from pyoxigraph import QuerySolutions

        try:
            answer = self.store.query(query, prefixes=dict(PREFIXES))
        except SyntaxError:
            return self.answer(query).plain_rows()  # raises QuerySyntaxError
        except OSError as exc:
            raise StoreError(f"reading the store failed ({exc}); it may be corrupt: rebuild it") from None
        if not isinstance(answer, QuerySolutions):
            return self.answer(query).plain_rows()
        # straight to strings (the record readers read many rows; no Term objects on the way)
        names = [v.value for v in answer.variables]
        columns = list(enumerate(names))
        return [{name: (None if (value := row[i]) is None else value.value) for i, name in columns} for row in answer]

    in_memory = False

    def query(
        self,
        checked: CheckedQuery,
        bindings: Mapping[str, Term] | None = None,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a checked query: bindings as a ``VALUES`` block of serialized terms (the text sent is verified
        token by token: :func:`geokg.sparql.bound_text`), in a child process stopped after ``timeout`` seconds.

        Raises
        ------
        QuerySyntaxError, NetworkRefusedError, QueryTimeoutError
        """
        from .sparql import bound_text, with_timeout

        final = bound_text(checked, bindings or {}, allow_network=allow_network)
        return _unpack(with_timeout(lambda: self._ordered_answer(checked, final), timeout))

    def _ordered_answer(self, checked: CheckedQuery, text: str) -> QueryResult | PackedSelect:
        """The packed answer to ``text``; a final ``ORDER BY`` of plain variables is done by
        :mod:`geokg.ordering` when it can (the same order, without Oxigraph's slow comparisons)."""
        from .ordering import sort_rows, split_order

        order = split_order(text) if checked.kind == "SELECT" else None
        if order is None or not {name for name, _ in order.keys} <= checked.projected:
            return self._packed_answer(text)
        answer = self._packed_answer(order.text)
        if not isinstance(answer, PackedSelect):
            return self._packed_answer(text)
        rows = sort_rows(answer.variables, answer.terms, answer.rows, order.keys)
        if rows is None:  # a sort column Python does not order the way Oxigraph does: let Oxigraph sort
            return self._packed_answer(text)
        return PackedSelect(answer.variables, answer.terms, rows)

    def answer(self, query: str) -> QueryResult:
        """Run a query text as it is (the project's prefixes are predeclared) and return its answer.

        Raises
        ------
        QuerySyntaxError
            Oxigraph cannot parse the query.
        """
        return _unpack(self._packed_answer(query))

    def _packed_answer(self, query: str) -> QueryResult | PackedSelect:
        """The answer to a query, a SELECT's rows packed as :class:`PackedSelect` (cheap to send from the
        child process that enforces the time limit, and each distinct term converted once)."""
        from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, serialize

        from .errors import QuerySyntaxError

        try:
            answer = self.store.query(query, prefixes=dict(PREFIXES))
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc).splitlines()[0] if str(exc) else "invalid query") from None
        except OSError as exc:
            raise StoreError(f"reading the store failed ({exc}); it may be corrupt: rebuild it") from None
        if isinstance(answer, QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, QuerySolutions):
            names = [v.value for v in answer.variables]
            index: dict[Any, int] = {}
            terms: list[tuple[str, str, str | None, str | None]] = []
            rows: list[tuple[int | None, ...]] = []
            for solution in answer:
                row: list[int | None] = []
                for value in solution:  # the values in the order of the variables, None when unbound
                    if value is None:
                        row.append(None)
                        continue
                    position = index.get(value)
                    if position is None:
                        position = index[value] = len(terms)
                        term = term_from_oxigraph(value)
                        terms.append((term.kind, term.value, term.datatype, term.lang))
                    row.append(position)
                rows.append(tuple(row))
            return PackedSelect(names, terms, rows)
        text = serialize(answer, format=RdfFormat.N_TRIPLES) or b""
        return QueryResult("CONSTRUCT", ntriples=text.decode("utf-8"))

    def subject_values(self, predicate: str) -> list[tuple[str, str]]:
        """``(subject, object)`` of every triple of the default graph whose predicate is ``predicate``, as
        values (an IRI, a blank node's label, a literal's lexical form), read from the store's index: the
        record readers' :class:`geokg.records.TripleReader` (no SPARQL solution row per value)."""
        from pyoxigraph import DefaultGraph, NamedNode

        try:
            quads = self.store.quads_for_pattern(None, NamedNode(predicate), None, DefaultGraph())
            # (no predicate or graph objects made; a triple term, which geokg data never holds, has no value)
            return [(q.subject.value, q.object.value) for q in quads]  # type: ignore[union-attr]
        except OSError as exc:
            raise StoreError(f"reading the store failed ({exc}); it may be corrupt: rebuild it") from None

    def ntriples(self) -> str:
        """Every triple of the store's default graph, as N-Triples."""
        from pyoxigraph import DefaultGraph, RdfFormat

        data = self.store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()) or b""
        return data.decode("utf-8")

    def __len__(self) -> int:
        return len(self.store)


@dataclass(frozen=True)
class PackedSelect:
    """A SELECT answer in a compact form: each distinct term once, rows as positions in that list.

    Parameters
    ----------
    variables : list of str
        The projected variables, in order.
    terms : list of tuple
        ``(kind, value, datatype, lang)`` of each distinct term of the answer.
    rows : list of tuple
        For each row, the position in ``terms`` of each variable's value (None when unbound).
    """

    variables: list[str]
    terms: list[tuple[str, str, str | None, str | None]]
    rows: list[tuple[int | None, ...]]


def _unpack(answer: QueryResult | PackedSelect) -> QueryResult:
    """The :class:`~geokg.results.QueryResult` of a packed answer (rows share their equal terms)."""
    if isinstance(answer, QueryResult):
        return answer
    table = [Term(*term) for term in answer.terms]  # type: ignore[arg-type]
    names = answer.variables
    rows = [{name: table[i] for name, i in zip(names, row, strict=True) if i is not None} for row in answer.rows]
    return QueryResult("SELECT", list(names), rows)
