"""Paths: through whom is one actor tied to another?

A path is a chain of actors where each consecutive pair is joined by at least one tie. By default ties
are read both ways (a "through whom" chain: A supports B, C opposes B, so A and C are linked through B);
with ``directed=True`` each hop must follow a tie from the earlier actor to the later one. Length counts
hops; weights are not used. Every hop lists all the ties joining its two actors in the projection, each
with its type, years, stance, evidence and whether it points along the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NoResultError
from .simple import label_of

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Hop:
    """One tie on one step of a path.

    Attributes
    ----------
    step : int
        1 for the first step of the path.
    source, target : str
        The nodes the step goes from and to (along the path).
    source_label, target_label : str
    tie : str
        The tie (edge key; an IRI in a geokg projection).
    relation : str
        The tie type's label.
    forward : bool
        True when the tie points from ``source`` to ``target``; False when it points back.
    start, end : str
        ``start`` holds the time as the source gives it (the ``when`` edge attribute); ``end`` is "".
        The tie's span as written ("" when unknown).
    stance : float
    evidence : tuple of str
        The quotes that support the tie.
    """

    step: int
    source: str
    target: str
    source_label: str
    target_label: str
    tie: str
    relation: str
    forward: bool
    start: str
    end: str
    stance: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Path:
    """A path: its actors in order and the ties of every step.

    Attributes
    ----------
    nodes : tuple of str
    labels : tuple of str
    hops : tuple of Hop
        Several per step when several ties join the same two actors.
    """

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        """The number of steps."""
        return len(self.nodes) - 1


def shortest_paths(
    graph: nx.MultiDiGraph,
    source: Any,
    target: Any,
    *,
    all_paths: bool = False,
    max_length: int | None = None,
    directed: bool = False,
) -> list[Path]:
    """The shortest path (or all of them) between two nodes of a projection.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection; edges carry ``relation_label``, ``start_text``, ``end_text``, ``stance``,
        ``evidence`` (any of them may be missing).
    source, target : node
        E.g. actor IRIs.
    all_paths : bool
        Every shortest path (ordered by the labels along them) instead of one.
    max_length : int, optional
        Refuse paths of more steps than this.
    directed : bool
        Follow ties only from their source to their target.

    Returns
    -------
    list of Path

    Raises
    ------
    InputError
        ``source`` equals ``target``, or ``max_length`` is below 1.
    NoResultError
        An end is not in the graph, the two are not connected, or only by paths longer than
        ``max_length``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("US", "Mujahideen", relation_label="support", stance=0.7)
    >>> _ = g.add_edge("Mujahideen", "USSR", relation_label="armed conflict", stance=-1.0)
    >>> [p.labels for p in shortest_paths(g, "US", "USSR")]
    [('US', 'Mujahideen', 'USSR')]
    >>> [(h.relation, h.forward) for h in shortest_paths(g, "USSR", "US")[0].hops]
    [('armed conflict', False), ('support', False)]
    """
    import networkx as nx

    if max_length is not None and max_length < 1:
        raise InputError(f"max_length must be at least 1, not {max_length}", parameter="max_length")
    for end in (source, target):
        if end not in graph:
            raise NoResultError(f"no path: {label_of_any(graph, end)} is not in this projection")
    if source == target:
        raise InputError("no path to find: both ends are the same actor")
    search: nx.Graph = nx.DiGraph(graph) if directed else nx.Graph(graph.to_undirected(as_view=True))
    what = f"{label_of(graph, source)} and {label_of(graph, target)}"
    try:
        if all_paths:
            found = sorted(
                nx.all_shortest_paths(search, source, target),
                key=lambda p: [label_of(graph, n) for n in p],
            )
        else:
            found = [nx.shortest_path(search, source, target)]
    except nx.NetworkXNoPath:
        how = " following tie direction" if directed else ""
        raise NoResultError(f"no path between {what}{how}") from None
    if max_length is not None and len(found[0]) - 1 > max_length:
        raise NoResultError(
            f"no path between {what} of at most {max_length} ties (the shortest has {len(found[0]) - 1})"
        )
    return [_path(graph, nodes, directed) for nodes in found]


def label_of_any(graph: nx.Graph, node: Any) -> str:
    """The node's label if it is in ``graph``, else the node as text."""
    return label_of(graph, node) if node in graph else str(node)


def _path(graph: nx.MultiDiGraph, nodes: list[Any], directed: bool) -> Path:
    hops: list[Hop] = []
    for step, (u, v) in enumerate(pairwise(nodes), start=1):
        ties = [(key, data, True) for key, data in graph.get_edge_data(u, v, default={}).items()]
        if not directed:
            ties += [(key, data, False) for key, data in graph.get_edge_data(v, u, default={}).items()]
        ties.sort(key=lambda t: (str(t[1].get("start_text", "")), str(t[1].get("relation_label", "")), str(t[0])))
        for key, data, forward in ties:
            hops.append(
                Hop(
                    step=step,
                    source=str(u),
                    target=str(v),
                    source_label=label_of(graph, u),
                    target_label=label_of(graph, v),
                    tie=str(key),
                    relation=str(data.get("relation_label", data.get("relation", ""))),
                    forward=forward,
                    start=str(data.get("when", "") or ""),
                    end="",
                    stance=float(data.get("stance", 0.0)),
                    evidence=tuple(data.get("evidence", ()) or ()),
                )
            )
    return Path(tuple(str(n) for n in nodes), tuple(label_of(graph, n) for n in nodes), tuple(hops))
