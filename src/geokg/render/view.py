"""What a drawing needs besides the projection: the other names of the actors shown.

What to draw or export is chosen by :class:`geokg.projection.View` and made by
:func:`geokg.projection.project`, the one projection analysis, render and export share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..knowledge import KnowledgeGraph


def entity_aliases(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """The other names (``skos:altLabel``) of the graph's nodes, for hover cards and search.

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> "USSR" in entity_aliases(kg, kg.to_networkx())[kg.actor("Soviet Union").iri]
    True
    """
    return {node: kg.entities[node].aliases for node in graph if node in kg.entities}
