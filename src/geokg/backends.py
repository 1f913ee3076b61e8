"""Where queries run: the interface every store offers, and the in-memory rdflib store.

Everything geokg reads from a graph goes through a :class:`Backend`: the record readers (actors, ties,
events) use :meth:`Backend.select`, ``geokg query`` uses :meth:`Backend.query` (a checked query, bindings
and a time limit, answered as a :class:`~geokg.results.QueryResult`: ASK, CONSTRUCT or SELECT), and
export, push and reasoning take the graph's triples from :meth:`Backend.ntriples`. An in-memory rdflib
graph (:class:`RdflibBackend`, and the load cache's :class:`geokg.cache.CachedBackend`), an on-disk
Oxigraph store (:class:`geokg.stores.OxigraphBackend`) and a remote endpoint
(:class:`geokg.endpoint.EndpointBackend`) each implement it once, so no caller asks which one it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from .namespaces import sparql_prologue

if TYPE_CHECKING:
    from rdflib import Graph

    from .results import QueryResult, Term
    from .sparql import CheckedQuery

Row = dict[str, "str | None"]
"""A result row: variable name to the value's lexical form or IRI, None when unbound."""


class Backend(Protocol):
    """A store that answers SPARQL queries and gives its triples."""

    in_memory: bool
    """Whether queries are evaluated by rdflib in this process (where ``FROM`` would download a graph)."""

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query (the project's prefixes are predeclared) and return its rows."""
        ...

    def query(
        self,
        checked: CheckedQuery,
        bindings: Mapping[str, Term] | None = None,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a query checked by :func:`geokg.sparql.check_query` with initial ``bindings`` of its variables,
        stopped after ``timeout`` seconds (None: no limit), and return its answer.

        Where the bindings become text (a ``VALUES`` block of serialized terms), the exact text sent is
        verified to be the checked query with that block added (:func:`geokg.sparql.bound_text`), SERVICE
        refused unless ``allow_network``.
        """
        ...

    def ntriples(self) -> str:
        """Every triple of the graph (with the derived ones), as N-Triples."""
        ...


class RdflibBackend:
    """An in-memory rdflib graph as a :class:`Backend`.

    Parameters
    ----------
    graph : rdflib.Graph

    Examples
    --------
    >>> from rdflib import Graph
    >>> RdflibBackend(Graph()).select("SELECT ?s WHERE { ?s ?p ?o }")
    []
    """

    in_memory = True

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str) -> list[Row]:
        result = self.graph.query(sparql_prologue() + query)
        names = [str(v) for v in result.vars or []]
        return [
            {name: (None if value is None else str(value)) for name, value in zip(names, row, strict=True)}  # type: ignore[arg-type]
            for row in result
        ]

    def query(
        self,
        checked: CheckedQuery,
        bindings: Mapping[str, Term] | None = None,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Evaluate the very algebra that was checked, with rdflib's ``initBindings``."""
        from .sparql import run_on_graph

        return run_on_graph(self.graph, checked, bindings or {}, timeout=timeout, allow_network=allow_network)

    def ntriples(self) -> str:
        return str(self.graph.serialize(format="nt"))
