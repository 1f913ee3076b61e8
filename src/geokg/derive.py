"""The derivation rules: what the graph says that nobody writes by hand.

The rules are the SPARQL CONSTRUCT queries in ``ontology/rules/``, run in file-name order: every event,
relation, attitude and causal link is a ``geo:Statement``; the integer year bounds the as-of rule reads
(``geo:mayFrom``, ``geo:holdsFrom``, ``geo:holdsUntil``, ``geo:mayUntil``); the year a superseded statement
is superseded from; and the plain ("truthy") triples. They run once, at load time (and, as SPARQL UPDATEs,
inside a store when it is built), so that Python, SPARQL and the HTML page read the same derived years.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .resources import rule_files

if TYPE_CHECKING:
    from rdflib import Graph


@lru_cache(maxsize=1)
def rules() -> tuple[str, ...]:
    """The texts of the derivation rules (SPARQL CONSTRUCT queries), in the order they run."""
    return tuple(path.read_text(encoding="utf-8") for path in rule_files())


def derive(graph: Graph) -> int:
    """Add what the rules derive from ``graph`` to ``graph``.

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
    before = len(graph)
    for rule in rules():
        for triple in list(graph.query(rule)):
            graph.add(triple)  # type: ignore[arg-type]
    return len(graph) - before
