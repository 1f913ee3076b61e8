"""The derivation rules: what the graph says that nobody writes by hand.

The rules are the SPARQL CONSTRUCT queries in ``ontology/rules/``, run in file-name order: every event,
relation, attitude and causal link is a ``geo:Statement``; the integer year bounds the as-of rule reads
(``geo:mayFrom``, ``geo:holdsFrom``, ``geo:holdsUntil``, ``geo:mayUntil``); the year a superseded statement
is superseded from; and the plain ("truthy") triples. They run once, at load time (and, as SPARQL UPDATEs,
inside a store when it is built), so that Python, SPARQL and the HTML page read the same derived years.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .resources import rule_files

if TYPE_CHECKING:
    from rdflib import Graph


@lru_cache(maxsize=1)
def rules() -> tuple[str, ...]:
    """The texts of the derivation rules (SPARQL CONSTRUCT queries), in the order they run."""
    return tuple(path.read_text(encoding="utf-8") for path in rule_files())


def derive(graph: Graph) -> int:
    """Add what the rules derive from ``graph`` to ``graph``.

    The rules run in Oxigraph (an in-memory store holding a copy of the graph), the same engine that runs
    them in a store built with ``geokg store build``: the derived years are the same whichever way a graph
    is read, and Oxigraph evaluates them far faster than rdflib's SPARQL engine.

    Parameters
    ----------
    graph : rdflib.Graph
        Holds the ontology, the code lists and the statements.

    Returns
    -------
    int
        The number of triples added (those already present are not counted).

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> kg.derived > 0
    True
    """
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    before = len(graph)
    for rule in rules():
        found = list(store.query(rule))  # type: ignore[arg-type]
        store.extend(_quads(found))
        for triple in found:
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
    return len(graph) - before


def _quads(triples: list[Any]) -> list[Any]:
    from pyoxigraph import DefaultGraph, Quad

    return [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]


def _term(term: Any) -> Any:
    """An rdflib term for an Oxigraph term."""
    from pyoxigraph import BlankNode, NamedNode
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
