"""Persistent Oxigraph stores: build one from the graph, open it, and query it like the in-memory graph.

A geokg store is a folder holding an Oxigraph (pyoxigraph) database in ``oxigraph/`` and a small
``geokg-store.json`` that says what was loaded. It holds the same triples as the in-memory graph,
including the derived plain triples (``geo:supports``, ``geo:memberOf``, ...).

:func:`build_store` writes the new store into a temporary folder beside the target and swaps it in only
once it is complete, so an interrupted build leaves the old store usable. :class:`OxigraphBackend`
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

import gc
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import Row
from .errors import InputError, NotAStoreError
from .namespaces import PREFIXES
from .results import QueryResult, Term

if TYPE_CHECKING:
    from pyoxigraph import Store

    from .knowledge import KnowledgeGraph

MARKER = "geokg-store.json"
"""The file that marks a folder as a geokg store."""
DATABASE = "oxigraph"
"""The sub-folder holding the Oxigraph database."""
FORMAT_VERSION = 1


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
        raise NotAStoreError(f"store folder {str(folder)!r} does not exist (build one with: geokg store build DIR)")
    if not is_store(folder):
        raise NotAStoreError(
            f"{str(folder)!r} is not a geokg store: no {MARKER} and {DATABASE}/ (build one with: geokg store build DIR)"
        )
    try:
        meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        return StoreInfo(folder, int(meta["triples"]), int(meta["derived"]), tuple(meta.get("files", ())))
    except (OSError, ValueError, KeyError, TypeError):
        raise NotAStoreError(f"{str(folder)!r} is not a geokg store: {MARKER} is unreadable") from None


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
    except OSError as exc:
        raise NotAStoreError(f"cannot open the store in {str(directory)!r}: {exc}") from None


def open_knowledge_graph(directory: str | Path) -> KnowledgeGraph:
    """A :class:`~geokg.knowledge.KnowledgeGraph` reading from a store.

    Raises
    ------
    NotAStoreError
    """
    from .knowledge import KnowledgeGraph

    info = store_info(directory)
    return KnowledgeGraph(OxigraphBackend(open_store(directory)), None, (), info.derived)


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
    from pyoxigraph import RdfFormat, Store

    from .knowledge import KnowledgeGraph, load

    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise InputError(f"store path {str(target)!r} is a file; give a folder")
    if target.is_dir() and any(target.iterdir()) and not is_store(target):
        raise NotAStoreError(f"{str(target)!r} is a folder that is not a geokg store; refusing to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"folder {str(parent)!r} does not exist")
    from .bulk import bulk_files, bulk_load

    files = None if isinstance(source, KnowledgeGraph) else bulk_files(source, bundled=bundled)
    kg = source if isinstance(source, KnowledgeGraph) else None
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    building.chmod(0o777 & ~umask)
    try:
        store = Store(str(building / DATABASE))
        derived = bulk_load(store, files) if files is not None else None
        if derived is None:  # from a loaded graph, or files Oxigraph cannot read: through rdflib
            if kg is None:
                del store
                gc.collect()
                shutil.rmtree(building / DATABASE)
                store = Store(str(building / DATABASE))
                kg = load(list(source), bundled=bundled)  # type: ignore[arg-type]
            from .endpoint import graph_ntriples

            store.bulk_load(graph_ntriples(kg).encode("utf-8"), RdfFormat.N_TRIPLES)
            derived = kg.derived
            files = list(kg.files)
        store.flush()
        triples = len(store)
        del store
        gc.collect()  # close the database before it is moved
        meta = {
            "format": FORMAT_VERSION,
            "triples": triples,
            "derived": derived,
            "files": [str(f) for f in files or ()],
        }
        (building / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return store_info(target)


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    if not any(target.iterdir()):
        target.rmdir()
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=new.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


# -- terms -------------------------------------------------------------------------------------------
def term_from_oxigraph(value: Any) -> Term:
    """Convert a pyoxigraph NamedNode, BlankNode or Literal to a :class:`~geokg.results.Term`."""
    from pyoxigraph import BlankNode, NamedNode

    if isinstance(value, NamedNode):
        return Term("uri", value.value)
    if isinstance(value, BlankNode):
        return Term("bnode", value.value)
    return Term("literal", value.value, value.datatype.value, value.language)


def term_to_oxigraph(term: Term) -> Any:
    """Convert a :class:`~geokg.results.Term` to a pyoxigraph term."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    if term.kind == "uri":
        return NamedNode(term.value)
    if term.kind == "bnode":
        return BlankNode(term.value)
    if term.lang:
        return Literal(term.value, language=term.lang)
    if term.datatype:
        return Literal(term.value, datatype=NamedNode(term.datatype))
    return Literal(term.value)


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
            return self.query(query).plain_rows()  # raises QuerySyntaxError
        if not isinstance(answer, QuerySolutions):
            return self.query(query).plain_rows()
        # straight to strings (the record readers read many rows; no Term objects on the way)
        names = [v.value for v in answer.variables]
        columns = list(enumerate(names))
        return [{name: (None if (value := row[i]) is None else value.value) for i, name in columns} for row in answer]

    def query(self, query: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run any read query and return a :class:`~geokg.results.QueryResult`.

        Parameters
        ----------
        query : str
            SPARQL; the project's prefixes are predeclared.
        bindings : mapping of str to Term, optional
            Initial values of variables, added as a ``VALUES`` block of serialized terms at the start of
            the WHERE group (:func:`geokg.sparql.insert_values`), never by pasting text.

        Raises
        ------
        QuerySyntaxError
            Oxigraph cannot parse the query.
        """
        from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, serialize

        from .errors import QuerySyntaxError
        from .sparql import insert_values

        if bindings:
            query = insert_values(query, bindings)
        try:
            answer = self.store.query(query, prefixes=dict(PREFIXES))
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc).splitlines()[0] if str(exc) else "invalid query") from None
        if isinstance(answer, QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = term_from_oxigraph(value)
                rows.append(row)
            return QueryResult("SELECT", names, rows)
        text = serialize(answer, format=RdfFormat.N_TRIPLES) or b""
        return QueryResult("CONSTRUCT", ntriples=text.decode("utf-8"))

    def ntriples(self) -> str:
        """Every triple of the store's default graph, as N-Triples."""
        from pyoxigraph import DefaultGraph, RdfFormat

        data = self.store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()) or b""
        return data.decode("utf-8")

    def __len__(self) -> int:
        return len(self.store)
