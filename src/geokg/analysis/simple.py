"""From the multigraph of ties to a simple graph that graph algorithms can use.

The projection (:func:`geokg.projection.project`) is a :class:`networkx.MultiDiGraph`: two actors may
be joined by several ties (support, then armed conflict, ...), each with a signed ``stance`` in [-1, 1].
Most graph algorithms want a simple graph with non-negative weights. A signed stance is **not** a valid
weight: shortest-path measures would read a hostile tie (-1) as a negative length, and spectral measures
(eigenvector, PageRank, Katz) assume non-negative entries. So the ties between two actors are collapsed
into one edge, and the weight is chosen by name:

``none``
    Every edge weighs 1 (the edge exists when at least one tie does).
``count``
    The number of ties between the two actors.
``abs-stance``
    The mean ``|stance|`` of those ties: how intense the relation is, whether cooperative or hostile.
    Ties with stance 0 (interest, concern, control, shared border) then weigh 0; a pair joined only by
    such ties gets no edge under this weight.

Every collapsed edge carries ``weight`` (the chosen strength), ``distance`` (``1 / weight``, the length
used by betweenness, closeness and harmonic centrality, so that stronger ties are shorter), ``count``,
``abs_stance``, ``stance`` (the mean signed stance, kept for reading, never used as a weight) and
``relations`` (the sorted tie types).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    import networkx as nx

WEIGHTS = ("none", "count", "abs-stance")
"""The weight schemes of :func:`simple_graph`."""


def check_weight(weight: str) -> str:
    """Return ``weight`` if it names a weight scheme, else raise :class:`InputError`.

    Examples
    --------
    >>> check_weight("count")
    'count'
    """
    if weight not in WEIGHTS:
        raise InputError(f"unknown weight {weight!r}; choose one of: {', '.join(WEIGHTS)}", parameter="weight")
    return weight


def label_of(graph: nx.Graph, node: Any) -> str:
    """The ``label`` attribute of a node, or the node itself as text."""
    return str(graph.nodes[node].get("label", node))


def simple_graph(
    multigraph: nx.MultiDiGraph | nx.DiGraph | nx.Graph,
    *,
    weight: str = "none",
    directed: bool = True,
    cooperative_only: bool = False,
) -> nx.Graph:
    """Collapse parallel ties into one weighted edge per pair (see the module docstring).

    Parameters
    ----------
    multigraph : networkx graph
        Edges may carry ``stance`` (missing = 0).
    weight : {"none", "count", "abs-stance"}
    directed : bool
        Keep tie direction (a :class:`~networkx.DiGraph`); else one edge per unordered pair (a
        :class:`~networkx.Graph`) gathering the ties of both directions.
    cooperative_only : bool
        Keep only ties with a positive stance.

    Returns
    -------
    networkx.DiGraph or networkx.Graph
        Every node of ``multigraph`` (with its attributes); self-loops are dropped.

    Raises
    ------
    InputError
        An unknown weight scheme.

    Examples
    --------
    >>> import networkx as nx
    >>> m = nx.MultiDiGraph()
    >>> m.add_edge("a", "b", stance=0.7); m.add_edge("a", "b", stance=-0.5); m.add_edge("b", "a", stance=0.0)
    0
    1
    0
    >>> g = simple_graph(m, weight="abs-stance")
    >>> g["a"]["b"]["weight"], g["a"]["b"]["count"], "a" in g["b"]
    (0.6, 2, False)
    >>> simple_graph(m, weight="count", directed=False)["a"]["b"]["weight"]
    3
    """
    import networkx as nx

    check_weight(weight)
    grouped: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for u, v, data in multigraph.edges(data=True):
        if u == v:
            continue
        if cooperative_only and float(data.get("stance", 0.0)) <= 0:
            continue
        key = (u, v) if directed else tuple(sorted((u, v), key=str))
        grouped.setdefault(key, []).append(data)
    out: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(multigraph.nodes(data=True))
    for (u, v), ties in grouped.items():
        stances = [float(t.get("stance", 0.0)) for t in ties]
        abs_stance = round(sum(map(abs, stances)) / len(stances), 12)
        strength: float = len(ties) if weight == "count" else abs_stance if weight == "abs-stance" else 1
        if strength <= 0:
            continue
        if len(ties) == 1:
            relations = [str(ties[0].get("relation", ""))]
        else:
            relations = sorted({str(t.get("relation", "")) for t in ties})
        out.add_edge(
            u,
            v,
            weight=strength,
            distance=1.0 / strength,
            count=len(ties),
            abs_stance=abs_stance,
            stance=round(sum(stances) / len(stances), 12),
            relations=relations,
        )
    return out
