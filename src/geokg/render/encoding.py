"""Visual encoding shared by the interactive page and the static images.

One table decides how an actor class looks (colour and shape), one function how a tie looks (colour by
stance, dashes for ties that may hold or are estimates or prospects), and one function how big a node is
(:func:`size_scores`, scaled by :func:`node_sizes`). The HTML page (:mod:`geokg.render.html`) and the images
(:mod:`geokg.render.static`) both read from here, so the two always agree.

Size scores are computed with :mod:`geokg.analysis.centrality` on the projection that is drawn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class ClassStyle:
    """How the nodes of one class look.

    Attributes
    ----------
    color : str
        Fill colour, ``#rrggbb``.
    shape : str
        A vis-network shape (``dot``, ``square``, ``triangle``, ``diamond``, ``star``, ``hexagon``,
        ``triangleDown``).
    marker : str
        The matching matplotlib marker.
    """

    color: str
    shape: str
    marker: str


CLASS_STYLES: dict[str, ClassStyle] = {
    "State": ClassStyle("#1f77b4", "dot", "o"),
    "HistoricalState": ClassStyle("#7f9fbf", "dot", "o"),
    "Government": ClassStyle("#17becf", "square", "s"),
    "ArmedGroup": ClassStyle("#d62728", "triangle", "^"),
    "InsurgentMovement": ClassStyle("#d62728", "triangle", "^"),
    "TerroristOrganization": ClassStyle("#8c1c13", "triangleDown", "v"),
    "InternationalOrganization": ClassStyle("#9467bd", "hexagon", "h"),
    "MilitaryAlliance": ClassStyle("#6a3d9a", "hexagon", "h"),
    "Region": ClassStyle("#2ca02c", "diamond", "D"),
    "Initiative": ClassStyle("#bcbd22", "star", "*"),
    "PopulationGroup": ClassStyle("#ff7f0e", "diamond", "D"),
    "Issue": ClassStyle("#7f7f7f", "star", "*"),
}
"""Styles of the classes the vocabulary defines, by class local name."""

_FALLBACK_COLORS = ("#8c564b", "#e377c2", "#393b79", "#637939", "#843c39", "#7b4173")

HOSTILE = (0xC6, 0x28, 0x28)
NEUTRAL = (0x9E, 0x9E, 0x9E)
COOPERATIVE = (0x2E, 0x7D, 0x32)

SIZE_MEASURES = ("pagerank", "degree", "betweenness", "none")
"""What a node's size can show (the choices of ``size_by``)."""
"""The accepted values of ``size_by``."""

MIN_SIZE, MAX_SIZE = 12.0, 42.0


def class_style(cls: str) -> ClassStyle:
    """The style of a class; classes the table does not know get a stable colour of their own.

    Parameters
    ----------
    cls : str
        A class local name, e.g. ``"State"``.

    Returns
    -------
    ClassStyle

    Examples
    --------
    >>> class_style("State").shape
    'dot'
    >>> class_style("Brigade") == class_style("Brigade")
    True
    """
    if cls in CLASS_STYLES:
        return CLASS_STYLES[cls]
    digest = int(hashlib.sha1(cls.encode("utf-8")).hexdigest(), 16)
    return ClassStyle(_FALLBACK_COLORS[digest % len(_FALLBACK_COLORS)], "ellipse", "p")


def stance_color(stance: float | None) -> str:
    """The colour of a tie with this stance: red (hostile, -1), grey (neutral, 0), green (cooperative, +1).

    Parameters
    ----------
    stance : float or None
        In [-1, 1]; values outside are clipped, None is neutral.

    Returns
    -------
    str
        ``#rrggbb``.

    Examples
    --------
    >>> stance_color(-1.0), stance_color(0), stance_color(1.0)
    ('#c62828', '#9e9e9e', '#2e7d32')
    """
    value = 0.0 if stance is None else max(-1.0, min(1.0, float(stance)))
    end = HOSTILE if value < 0 else COOPERATIVE
    t = abs(value)
    rgb = [round(n + (e - n) * t) for n, e in zip(NEUTRAL, end, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def is_dashed(edge: Mapping[str, object]) -> bool:
    """Whether a tie is drawn dashed: it only may hold in the year shown, or it is an estimate or prospect.

    Examples
    --------
    >>> is_dashed({"status": "may hold", "certainty": "asserted"}), is_dashed({"certainty": "possible"})
    (True, True)
    >>> is_dashed({"status": "holds", "certainty": "asserted"})
    False
    """
    return edge.get("status") == "may hold" or edge.get("certainty") not in (None, "", "asserted")


def size_scores(graph: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """The raw score behind each node's drawn size (before :func:`node_sizes` scales it).

    Not :func:`geokg.analysis.centrality.centrality`: ``degree`` here is the plain count of ties in and
    out (parallel ties counted, not normalised), ``pagerank`` counts parallel ties as weight, and
    ``betweenness`` is sampled on large graphs, because a size only needs the order of the actors.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection.
    measure : {"pagerank", "degree", "betweenness", "none"}
        ``pagerank`` on the directed ties, parallel ties adding weight; ``degree`` counts ties in and out;
        ``betweenness`` on the undirected graph (igraph on large graphs, sampled from 256 sources above
        2,000 actors); ``none`` gives every node 0.

    Returns
    -------
    dict
        Node -> score (not normalised; not comparable across measures).

    Raises
    ------
    InputError
        Unknown measure.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> max(size_scores(g, "degree").items(), key=lambda kv: kv[1])
    ('b', 2.0)
    """
    from ..analysis.centrality import measure as centrality_measure
    from ..analysis.simple import simple_graph

    if measure not in SIZE_MEASURES:
        raise InputError(f"unknown size measure {measure!r}; choose one of: {', '.join(SIZE_MEASURES)}",
                         parameter="size_by")  # fmt: skip
    if measure == "none" or graph.number_of_nodes() == 0:
        return {n: 0.0 for n in graph}
    if measure == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if measure == "pagerank":
        return centrality_measure(simple_graph(graph, weight="count"), "pagerank", weighted=True)
    undirected = simple_graph(graph, directed=False)
    sample = None if undirected.number_of_nodes() <= 2000 else 256
    return centrality_measure(undirected, "betweenness", sample=sample, seed=7)


def node_sizes(graph: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """Node sizes in [``MIN_SIZE``, ``MAX_SIZE``], scaled linearly from :func:`size_scores`.

    With ``measure="none"`` (or when every score is equal) every node gets the middle size.

    Examples
    --------
    >>> import networkx as nx
    >>> sizes = node_sizes(nx.MultiDiGraph([("a", "b"), ("c", "b")]), "degree")
    >>> sizes["b"] == MAX_SIZE and sizes["a"] == MIN_SIZE
    True
    """
    scores = size_scores(graph, measure)
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low <= 1e-12:
        middle = (MIN_SIZE + MAX_SIZE) / 2
        return {n: middle for n in scores}
    return {n: MIN_SIZE + (s - low) / (high - low) * (MAX_SIZE - MIN_SIZE) for n, s in scores.items()}


def parallel_offsets(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], float]:
    """A curvature per edge so that parallel ties between the same two nodes do not overlap.

    Returns
    -------
    dict
        ``(u, v, key)`` -> signed curvature in roughly [-0.6, 0.6]; 0 for a lone tie.
    """
    groups: dict[frozenset[str], list[tuple[str, str, str]]] = {}
    for u, v, k in graph.edges(keys=True):
        groups.setdefault(frozenset((u, v)), []).append((u, v, k))
    out: dict[tuple[str, str, str], float] = {}
    for edges in groups.values():
        edges.sort(key=lambda e: str(e[2]))
        n = len(edges)
        for i, (u, v, k) in enumerate(edges):
            if n == 1:
                out[(u, v, k)] = 0.0
                continue
            rad = (i - (n - 1) / 2) * (0.5 / max(1, n - 1)) * 2 * 0.6
            # the same geometric side for both directions: flip the sign of reversed pairs
            out[(u, v, k)] = rad if str(u) <= str(v) else -rad
    return out
