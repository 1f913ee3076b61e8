"""Neighbourhoods: the ego network of an actor, ring by ring.

From the centre, the one breadth-first search of ego views (:func:`geokg.projection.ego_rings`, also
behind ``View(actor=..., depth=...)``) follows ties outward (``out``: ties the actor holds towards
others), inward (``in``: ties others hold towards it) or both ways, up to ``depth`` steps. Each actor
reached is listed once, at its smallest distance, with the actor it was reached through (``via``,
the first by label among equally near ones) and the ties joining the two.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import NoResultError
from ..projection import DIRECTIONS, NOTHING_MATCHES, ego_rings
from .simple import label_of

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DIRECTIONS", "Neighbor", "ego_network"]


@dataclass(frozen=True)
class Neighbor:
    """An actor of the ego network.

    Attributes
    ----------
    actor, label : str
    distance : int
        Steps from the centre (1 = tied to it directly).
    via, via_label : str
        The actor one step nearer the centre it was reached through.
    ties : tuple of str
        The ties between ``via`` and this actor, e.g. ``("support ->", "opposition <-")``: ``->`` when the
        tie points from ``via`` to this actor, ``<-`` when it points back; ``x3`` when three ties
        of that type join them.
    """

    actor: str
    label: str
    distance: int
    via: str
    via_label: str
    ties: tuple[str, ...]


def ego_network(graph: nx.MultiDiGraph, center: Any, *, depth: int = 1, direction: str = "both") -> list[Neighbor]:
    """List the actors within ``depth`` steps of ``center``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection.
    center : node
    depth : int
        At least 1.
    direction : {"in", "out", "both"}
        Which ties to follow, seen from the actor nearer the centre.

    Returns
    -------
    list of Neighbor
        By distance, then label.

    Raises
    ------
    InputError
        ``depth`` below 1 or an unknown direction.
    NoResultError
        ``center`` is not in the graph, or has no neighbour in that direction.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("Pakistan", "Taliban", relation_label="support")
    >>> _ = g.add_edge("Russia", "Taliban", relation_label="opposition")
    >>> [(n.label, n.distance, n.ties) for n in ego_network(g, "Pakistan", depth=2)]
    [('Taliban', 1, ('support ->',)), ('Russia', 2, ('opposition <-',))]
    >>> [n.label for n in ego_network(g, "Pakistan", depth=2, direction="out")]
    ['Taliban']
    """
    found = [
        Neighbor(
            actor=str(other),
            label=label_of(graph, other),
            distance=distance,
            via=str(via),
            via_label=label_of(graph, via),
            ties=_ties(graph, via, other, direction),
        )
        for distance, ring in enumerate(ego_rings(graph, center, depth=depth, direction=direction), start=1)
        for other, via in sorted(ring.items(), key=lambda kv: (label_of(graph, kv[0]), str(kv[0])))
    ]
    if not found:
        raise NoResultError(f"{NOTHING_MATCHES}: {label_of(graph, center)} has no ties in direction {direction!r}")
    return found


def _ties(graph: nx.MultiDiGraph, via: Any, other: Any, direction: str) -> tuple[str, ...]:
    out: list[str] = []
    if direction in ("out", "both"):
        for data in graph.get_edge_data(via, other, default={}).values():
            out.append(f"{data.get('relation_label', data.get('relation', 'tie'))} ->")
    if direction in ("in", "both"):
        for data in graph.get_edge_data(other, via, default={}).values():
            out.append(f"{data.get('relation_label', data.get('relation', 'tie'))} <-")
    counts = Counter(out)
    return tuple(name if n == 1 else f"{name} x{n}" for name, n in sorted(counts.items()))
