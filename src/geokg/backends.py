"""Where SPARQL SELECTs run: the interface every store offers, and the in-memory rdflib store.

Everything geokg reads from a graph (actors, ties, events, the NetworkX projection) goes through
:meth:`Backend.select`, so an in-memory rdflib graph, an on-disk Oxigraph store and a remote SPARQL
endpoint answer the same questions with the same code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .namespaces import sparql_prologue

if TYPE_CHECKING:
    from rdflib import Graph

Row = dict[str, "str | None"]
"""A result row: variable name to the value's lexical form or IRI, None when unbound."""


class Backend(Protocol):
    """A store that answers SPARQL SELECT queries with plain rows."""

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query (the project's prefixes are predeclared) and return its rows."""
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

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str) -> list[Row]:
        result = self.graph.query(sparql_prologue() + query)
        names = [str(v) for v in result.vars or []]
        return [
            {name: (None if value is None else str(value)) for name, value in zip(names, row, strict=True)}  # type: ignore[arg-type]
            for row in result
        ]
