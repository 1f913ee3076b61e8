"""Structural balance of the signed actor graph (Heider; Cartwright and Harary, 1956).

The signed graph has one undirected edge per pair of actors joined by ties, signed by the mean stance of
those ties: ``+`` (cooperative) when above 0, ``-`` (hostile) when below. Pairs whose ties average to
exactly 0 (neutral ties such as interest or control, or cooperation and hostility that cancel out) carry no
sign and are left out.

A triad (three actors pairwise tied) is *balanced* when the product of its signs is positive: "the friend
of my friend is my friend" (``+++``) and "the enemy of my enemy is my friend" (``+--``). ``++-`` and
``---`` are unbalanced: such alignments are under strain. By Cartwright and Harary's theorem a signed graph
is balanced exactly when its actors split into two camps with every ``+`` inside a camp and every ``-``
across. The *frustration index* is the fewest edges that break that rule under the best split: 0 for a
balanced graph; the higher, the further the alignments are from two clean camps.

Method
------
Each connected component is split on its own. A component of at most :data:`EXACT_LIMIT` actors is
searched exhaustively (all ``2**(size - 1)`` splits, vectorised with NumPy), so its frustration index is
exact and the number of equally good splits is known. A larger component is split by local search: from
the all-in-one-camp start and from ``restarts`` seeded random starts, actors are moved one at a time while
that lowers the count of broken edges; the best result is an upper bound on the frustration index
(``exact`` is then False). In each component the camp of its most-tied actor is called camp ``A``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..errors import NoResultError
from .simple import label_of, simple_graph

if TYPE_CHECKING:
    import networkx as nx

EXACT_LIMIT = 20
"""Components up to this many actors are split by exhaustive search."""


@dataclass(frozen=True)
class Triad:
    """Three actors pairwise tied, with the signs of their three pairs.

    Attributes
    ----------
    actors, labels : tuple of str
        Ordered by label.
    signs : str
        The signs of (first, second), (first, third), (second, third), e.g. ``"+--"``.
    balanced : bool
    """

    actors: tuple[str, str, str]
    labels: tuple[str, str, str]
    signs: str
    balanced: bool


@dataclass(frozen=True)
class CampMember:
    """An actor's camp in the best split.

    Attributes
    ----------
    actor, label : str
    camp : str
        ``"A"`` or ``"B"``.
    component : int
        The connected component (1 = largest); camps of different components are independent.
    frustrated : tuple of str
        Labels of the actors this one has a broken edge with (``+`` across camps or ``-`` inside).
    """

    actor: str
    label: str
    camp: str
    component: int
    frustrated: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """The structural balance of a signed graph.

    Attributes
    ----------
    triads : tuple of Triad
        Unbalanced first.
    camps : tuple of CampMember
        By component, camp, label.
    positive, negative : int
        Signed edges of each sign.
    frustration : int
        Edges broken by the best split (the frustration index when ``exact``).
    exact : bool
        Whether every component was searched exhaustively.
    optimal_splits : int or None
        How many splits reach that frustration (exact search only; a split and its mirror count once).
    """

    triads: tuple[Triad, ...]
    camps: tuple[CampMember, ...]
    positive: int
    negative: int
    frustration: int
    exact: bool
    optimal_splits: int | None

    @property
    def balanced_triads(self) -> int:
        return sum(1 for t in self.triads if t.balanced)

    @property
    def unbalanced_triads(self) -> int:
        return sum(1 for t in self.triads if not t.balanced)

    @property
    def frustration_ratio(self) -> float:
        """Broken edges as a share of signed edges (0 = perfectly balanced)."""
        edges = self.positive + self.negative
        return self.frustration / edges if edges else 0.0


def signed_graph(graph: nx.Graph) -> nx.Graph:
    """The undirected signed graph: edge attribute ``sign`` is +1 or -1 (see the module docstring).

    Examples
    --------
    >>> import networkx as nx
    >>> m = nx.MultiDiGraph()
    >>> for u, v, s in [("a", "b", 0.7), ("b", "a", -0.2), ("a", "c", 0.0)]:
    ...     _ = m.add_edge(u, v, stance=s)
    >>> sorted(signed_graph(m).edges(data="sign"))
    [('a', 'b', 1)]
    """
    import networkx as nx

    simple = simple_graph(graph, weight="none", directed=False)
    out = nx.Graph()
    for u, v, data in simple.edges(data=True):
        if data["stance"] != 0:
            for node in (u, v):
                out.add_node(node, **simple.nodes[node])
            out.add_edge(u, v, sign=1 if data["stance"] > 0 else -1, stance=data["stance"])
    return out


def balance(graph: nx.Graph, *, restarts: int = 50, seed: int = 0) -> Balance:
    """Triads, frustration and the best two-camp split of a projection's signed graph.

    Parameters
    ----------
    graph : networkx graph
        The projection (edges carry ``stance``).
    restarts : int
        Random starts of the local search (components larger than :data:`EXACT_LIMIT` only).
    seed : int
        Seed of those starts.

    Returns
    -------
    Balance

    Raises
    ------
    NoResultError
        No pair of actors has a signed (non-neutral) tie.

    Examples
    --------
    >>> import networkx as nx
    >>> m = nx.MultiDiGraph()
    >>> for u, v, s in [("US", "Mujahideen", 0.7), ("Mujahideen", "USSR", -1.0), ("US", "USSR", -0.7)]:
    ...     _ = m.add_edge(u, v, stance=s)
    >>> b = balance(m)
    >>> [(t.signs, t.balanced) for t in b.triads], b.frustration
    ([('+--', True)], 0)
    >>> [(c.label, c.camp) for c in b.camps]
    [('Mujahideen', 'A'), ('US', 'A'), ('USSR', 'B')]
    """
    import networkx as nx

    signed = signed_graph(graph)
    if signed.number_of_edges() == 0:
        raise NoResultError("no signed ties match: balance needs cooperative or hostile ties between actors")

    def key(n: Any) -> tuple[str, str]:
        return (label_of(signed, n), str(n))

    triads = []
    for u in signed:
        for v, w in combinations(sorted(signed[u], key=key), 2):
            if key(u) < key(v) and signed.has_edge(v, w):
                a, b, c = u, v, w
                signs = [signed[a][b]["sign"], signed[a][c]["sign"], signed[b][c]["sign"]]
                text = "".join("+" if s > 0 else "-" for s in signs)
                triads.append(
                    Triad((str(a), str(b), str(c)), (key(a)[0], key(b)[0], key(c)[0]), text, signs.count(-1) % 2 == 0)
                )
    triads.sort(key=lambda t: (t.balanced, t.labels))

    components = sorted(nx.connected_components(signed), key=lambda c: (-len(c), min(key(n) for n in c)))
    camps: list[CampMember] = []
    frustration = 0
    optimal: int | None = 1
    exact = True
    for number, comp in enumerate(components, start=1):
        members = sorted(comp, key=key)
        edges = [(members.index(u), members.index(v), d["sign"]) for u, v, d in signed.subgraph(comp).edges(data=True)]
        if len(members) <= EXACT_LIMIT:
            side, broken, count = _exact_split(len(members), edges)
            optimal = optimal * count if optimal is not None else None
        else:
            side, broken = _local_split(len(members), edges, restarts, seed)
            exact, optimal = False, None
        frustration += broken
        hub = min(range(len(members)), key=lambda i: (-signed.degree(members[i]), key(members[i])))
        flip = side[hub] == 1
        for i, node in enumerate(members):
            camp = "A" if (side[i] == 1) == flip else "B"
            bad = [
                label_of(signed, members[j if k == i else k])
                for k, j, s in edges
                if i in (k, j) and (side[k] == side[j]) != (s > 0)
            ]
            camps.append(CampMember(str(node), label_of(signed, node), camp, number, tuple(sorted(bad))))
    camps.sort(key=lambda c: (c.component, c.camp, c.label))
    positive = sum(1 for *_, s in signed.edges(data="sign") if s > 0)
    return Balance(
        triads=tuple(triads),
        camps=tuple(camps),
        positive=positive,
        negative=signed.number_of_edges() - positive,
        frustration=frustration,
        exact=exact,
        optimal_splits=optimal,
    )


def _broken(side: Sequence[int], edges: Sequence[tuple[int, int, int]]) -> int:
    return sum(1 for u, v, s in edges if (side[u] == side[v]) != (s > 0))


def _exact_split(size: int, edges: Sequence[tuple[int, int, int]]) -> tuple[list[int], int, int]:
    """Every split with node 0 in camp 0; returns (best side, broken edges, number of best splits)."""
    import numpy as np

    masks = np.arange(2 ** (size - 1), dtype=np.int64) << 1  # bit i = camp of node i; node 0 fixed
    cost = np.zeros(masks.shape, dtype=np.int32)
    for u, v, s in edges:
        differ = ((masks >> u) ^ (masks >> v)) & 1
        cost += differ if s > 0 else 1 - differ
    best = int(cost.min())
    first = int(masks[int(np.argmax(cost == best))])
    return [(first >> i) & 1 for i in range(size)], best, int((cost == best).sum())


def _local_split(size: int, edges: Sequence[tuple[int, int, int]], restarts: int, seed: int) -> tuple[list[int], int]:
    """Best of single-move local searches from the one-camp start and seeded random starts."""
    rng = random.Random(seed)
    adjacent: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for u, v, s in edges:
        adjacent[u].append((v, s))
        adjacent[v].append((u, s))
    best_side: list[int] = [0] * size
    best = _broken(best_side, edges)
    starts = [[0] * size] + [[rng.randint(0, 1) for _ in range(size)] for _ in range(restarts)]
    for side in starts:
        improved = True
        while improved:
            improved = False
            for i in range(size):
                # gain of moving i: broken edges at i now minus after the move
                now = sum(1 for j, s in adjacent[i] if (side[i] == side[j]) != (s > 0))
                if 2 * now > len(adjacent[i]):
                    side[i] ^= 1
                    improved = True
        cost = _broken(side, edges)
        if cost < best:
            best, best_side = cost, list(side)
    return best_side, best
