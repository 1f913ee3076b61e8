"""Choose what to draw or export: the projection with its filters, an ego view, or the most central actors.

``render`` and ``export`` both call :func:`select_view`, so they accept the same filters and agree on
what "nothing left" means.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import InputError, NoResultError

if TYPE_CHECKING:
    import networkx as nx

    from ..knowledge import KnowledgeGraph


def select_view(
    kg: KnowledgeGraph,
    *,
    relations: Iterable[str] = (),
    classes: Iterable[str] = (),
    as_of: int | None = None,
    actor: str | None = None,
    depth: int = 1,
    top: int | None = None,
    include_entities: bool = False,
    include_prospective: bool = True,
) -> nx.MultiDiGraph:
    """The projection to draw or export, with the render/export filters applied.

    Parameters
    ----------
    kg : KnowledgeGraph
    relations, classes, as_of, include_entities, include_prospective
        Passed to :func:`geokg.projection.to_networkx`.
    actor : str, optional
        Ego view: keep this actor and everything within ``depth`` ties of it (either direction).
    depth : int
        Radius of the ego view (>= 1).
    top : int, optional
        Keep the ``top`` nodes with the highest PageRank (ties between them kept).

    Returns
    -------
    networkx.MultiDiGraph
        Attributes as in :mod:`geokg.projection`.

    Raises
    ------
    InputError
        ``depth`` < 1 or ``top`` < 1.
    UnknownNameError
        An actor, class or tie type name matches nothing.
    NoResultError
        The filters leave no node, or tie types were asked for and no tie of them is left.

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> g = select_view(kg, actor="Soviet Union", depth=1)
    >>> kg.actor("Mujahideen").iri in g
    True
    """
    import networkx as nx

    relations = list(relations)
    if depth < 1:
        raise InputError(f"--depth must be at least 1, not {depth}")
    if top is not None and top < 1:
        raise InputError(f"--top must be at least 1, not {top}")
    center = kg.actor(actor).iri if actor else None
    graph = kg.to_networkx(
        relations=relations,
        classes=classes,
        as_of=as_of,
        include_entities=include_entities or (center is not None and not kg.entities[center].is_actor),
        include_prospective=include_prospective,
    )
    if center is not None:
        if center not in graph:
            raise NoResultError(f"{kg.label(center)!r} is not in the graph with these filters")
        keep = nx.ego_graph(graph.to_undirected(as_view=True), center, radius=depth).nodes
        graph = graph.subgraph(keep).copy()
    if top is not None and graph.number_of_nodes() > top:
        from .encoding import centrality

        scores = centrality(graph, "pagerank")
        best = sorted(graph, key=lambda n: (-scores[n], str(n)))[:top]
        graph = graph.subgraph(best).copy()
    if graph.number_of_nodes() == 0:
        raise NoResultError("no actors match these filters")
    if relations and graph.number_of_edges() == 0:
        raise NoResultError("no ties match these filters")
    return graph


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
