"""Communities: which actors cluster together, and how clearly (modularity).

Communities are found on the undirected simple graph (:func:`~geokg.analysis.simple.simple_graph`):
tie direction is ignored and parallel ties collapse into one weighted edge. Plain modularity knows no
sign: with every tie kept, enemies that fight each other a lot end up in the same community (they are
densely tied). Keep only cooperative ties (``cooperative_only=True``) to read communities as alignments;
the signed picture is the job of :mod:`geokg.analysis.balance`.

Methods
-------
``louvain``
    Louvain modularity optimisation (:func:`networkx.community.louvain_communities`), seeded.
``greedy-modularity``
    Clauset-Newman-Moore agglomeration (:func:`networkx.community.greedy_modularity_communities`),
    deterministic.
``label-propagation``
    Asynchronous label propagation (:func:`networkx.community.asyn_lpa_communities`), seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, NoResultError
from .simple import label_of, simple_graph

if TYPE_CHECKING:
    import networkx as nx

METHODS = ("louvain", "greedy-modularity", "label-propagation")


@dataclass(frozen=True)
class Community:
    """One group of actors.

    Attributes
    ----------
    number : int
        1 for the largest community.
    members, labels : tuple of str
        Nodes and their labels, ordered by label.
    """

    number: int
    members: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Partition:
    """A split of the actors into communities, and its modularity.

    Attributes
    ----------
    method : str
    seed : int or None
    modularity : float
        Newman's modularity of the partition, in [-0.5, 1]; above about 0.3 the groups are clearly
        denser inside than chance would give.
    communities : tuple of Community
        Largest first; an actor without ties is a community of its own.
    """

    method: str
    seed: int | None
    modularity: float
    communities: tuple[Community, ...]


def communities(
    graph: nx.Graph,
    *,
    method: str = "louvain",
    seed: int | None = 0,
    weight: str = "none",
    cooperative_only: bool = False,
) -> Partition:
    """Partition a projection's actors into communities.

    Parameters
    ----------
    graph : networkx graph
        The projection.
    method : {"louvain", "greedy-modularity", "label-propagation"}
    seed : int, optional
        Seed of the randomized methods (the same seed gives the same partition).
    weight : {"none", "count", "abs-stance"}
    cooperative_only : bool
        Keep only ties with a positive stance.

    Returns
    -------
    Partition

    Raises
    ------
    InputError
        An unknown method or weight.
    NoResultError
        No tie is left to cluster on.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    >>> p = communities(g, method="greedy-modularity")
    >>> [c.members for c in p.communities], round(p.modularity, 3)
    ([('a', 'b', 'c'), ('d', 'e', 'f')], 0.357)
    """
    import networkx as nx

    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}", parameter="method")
    simple = simple_graph(graph, weight=weight, directed=False, cooperative_only=cooperative_only)
    if simple.number_of_edges() == 0:
        what = "cooperative ties" if cooperative_only else "ties"
        raise NoResultError(f"no {what} match: communities need at least one tie between two actors")
    if method == "louvain":
        found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    elif method == "greedy-modularity":
        found = nx.community.greedy_modularity_communities(simple, weight="weight")
    else:
        found = list(nx.community.asyn_lpa_communities(simple, weight="weight", seed=seed))
    groups = [sorted(c, key=lambda n: (label_of(simple, n), str(n))) for c in found]
    groups.sort(key=lambda c: (-len(c), label_of(simple, c[0])))
    modularity = float(nx.community.modularity(simple, [set(g) for g in groups], weight="weight"))
    return Partition(
        method=method,
        seed=seed,
        modularity=round(modularity, 10),
        communities=tuple(
            Community(i, tuple(str(n) for n in g), tuple(label_of(simple, n) for n in g))
            for i, g in enumerate(groups, start=1)
        ),
    )
