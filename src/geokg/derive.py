"""Derivation of the plain ("truthy") triples from the qualified ties.

The rule is the SPARQL CONSTRUCT in ``ontology/rules/truthy.rq``: every asserted tie yields
``<from> <plain property of its type> <to>`` (and the reverse for symmetric types). It runs once, at load
time; the plain triples are never written by hand.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .resources import rule_file

if TYPE_CHECKING:
    from rdflib import Graph


@lru_cache(maxsize=1)
def truthy_rule() -> str:
    """The text of the derivation rule (a SPARQL CONSTRUCT query)."""
    return rule_file("truthy").read_text(encoding="utf-8")


def derive_truthy(graph: Graph) -> int:
    """Add the plain triples derived from the ties of ``graph`` to ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        Holds the ties and the tie types (with their ``geo:plainProperty``).

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
    for triple in graph.query(truthy_rule()):
        graph.add(triple)  # type: ignore[arg-type]
    return len(graph) - before
