"""Centrality: which actors matter most in the web of ties, by nine measures.

Every measure runs on the simple graph of :func:`geokg.analysis.simple.simple_graph` (parallel ties
collapsed, weight ``none``, ``count`` or ``abs-stance``; signed stances are never used as weights). A tie
points from the actor that acts to the one it acts upon ("Pakistan supports the Taliban").

=============  ===========================================================================================
measure        what a high score means for an actor, and the tie direction used
=============  ===========================================================================================
degree         many ties (in + out; with a weight, the summed strength), divided by ``n - 1``
in-degree      many actors act upon it (incoming ties); needs direction
out-degree     it acts upon many actors (outgoing ties); needs direction
betweenness    it lies on many shortest paths between other actors: a broker or a bridge. Directed
               paths follow ties forward; with ``undirected`` any tie links both ways. Normalized by
               ``(n - 1)(n - 2)``; with ``sample=K`` estimated from K random sources
closeness      the others reach it in few steps (incoming distances on a directed graph; Wasserman-Faust
               scaling for a disconnected graph)
harmonic       the mean of ``1 / distance`` from every other actor (incoming), 0 for the unreachable; robust
               on a disconnected graph. Divided by ``n - 1`` so it lies in [0, 1]
eigenvector    tied to actors that are themselves well tied. Always computed on the undirected graph
               (ties of this graph rarely form directed cycles, where the directed version is undefined),
               exactly, **per connected component**: each component's vector has norm
               ``sqrt(size / n)``, so a connected graph gets networkx's values; isolated actors score 0
pagerank       a random walk along ties (damping 0.85) often ends at it: actors acted upon by
               actors that are themselves acted upon (incoming)
katz           counts the walks that end at it, longer walks discounted by ``alpha``; ``alpha`` is 0.1, or
               ``0.85 / spectral radius`` when that is smaller, so the series always converges (incoming).
               Above :data:`DENSE_LIMIT` nodes, eigenvector and katz use sparse SciPy solvers
=============  ===========================================================================================

With ``undirected=True`` every measure reads ties both ways and in/out-degree are not available.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .simple import check_weight, label_of, simple_graph

if TYPE_CHECKING:
    import networkx as nx

MEASURES = (
    "degree",
    "in-degree",
    "out-degree",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "katz",
)
"""Every measure :func:`centrality` computes, in the order ``all`` lists them."""

DIRECTED_ONLY = frozenset({"in-degree", "out-degree"})

DENSE_LIMIT = 1000
"""Eigenvector and Katz use dense NumPy linear algebra up to this many nodes (per component), sparse SciPy above."""

BETWEENNESS_IMPLEMENTATIONS = ("networkx", "igraph")
DEFAULT_BETWEENNESS_IMPLEMENTATION = "networkx"
"""Which library computes betweenness unless told otherwise, on graphs below :data:`IGRAPH_FROM` actors."""
IGRAPH_FROM = 300
"""From this many actors betweenness defaults to igraph when it is installed: same answers, and bench/run
measured it about 90x faster (exact, 2,000 actors: 15.3 s networkx, 0.17 s igraph). networkx stays the
reference and the default on small graphs."""


def default_implementation(actors: int) -> str:
    """The betweenness implementation used when none is asked for, for a graph of ``actors`` nodes."""
    if actors >= IGRAPH_FROM:
        try:
            import igraph  # noqa: F401
        except ImportError:  # pragma: no cover - igraph is a declared dependency
            return DEFAULT_BETWEENNESS_IMPLEMENTATION
        return "igraph"
    return DEFAULT_BETWEENNESS_IMPLEMENTATION


@dataclass(frozen=True)
class ActorScore:
    """One actor's scores.

    Attributes
    ----------
    actor : str
        The node (an IRI in a geokg projection).
    label : str
    rank : int
        1 for the highest score of the first measure; equal scores share a rank.
    scores : dict
        Measure name to value, in the order asked for.
    """

    actor: str
    label: str
    rank: int
    scores: Mapping[str, float] = field(default_factory=dict)


def parse_measures(measures: str | Iterable[str], *, undirected: bool = False) -> list[str]:
    """Expand and check measure names (``"all"`` stands for every measure).

    Parameters
    ----------
    measures : str or iterable of str
    undirected : bool
        With ``"all"``, leave out in-degree and out-degree; asked for by name, they are an error.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        An unknown measure, or a directed-only measure on an undirected graph.

    Examples
    --------
    >>> parse_measures("all", undirected=True)[:3]
    ['degree', 'betweenness', 'closeness']
    >>> parse_measures(["pagerank", "degree"])
    ['pagerank', 'degree']
    """
    names = [measures] if isinstance(measures, str) else list(measures)
    out: list[str] = []
    for name in names:
        key = name.strip().lower().replace("_", "-")
        if key == "all":
            out += [m for m in MEASURES if not (undirected and m in DIRECTED_ONLY)]
            continue
        if key not in MEASURES:
            raise InputError(
                f"unknown measure {name!r}; choose one of: {', '.join(MEASURES)}, all", parameter="measures"
            )
        if undirected and key in DIRECTED_ONLY:
            raise InputError(
                f"{key} needs tie direction; do not ask for undirected, or use degree", parameter="undirected"
            )
        out.append(key)
    if not out:
        raise InputError("no measure given", parameter="measures")
    return list(dict.fromkeys(out))


def centrality(
    graph: nx.Graph,
    measures: str | Iterable[str] = "degree",
    *,
    weight: str = "none",
    undirected: bool = False,
    sample: int | None = None,
    seed: int | None = 0,
    implementation: str | None = None,
) -> list[ActorScore]:
    """Score every actor of a projection and rank them by the first measure.

    Parameters
    ----------
    graph : networkx graph
        Usually the :class:`~networkx.MultiDiGraph` projection; parallel ties are collapsed first.
    measures : str or iterable of str
        Names from :data:`MEASURES`, or ``"all"``.
    weight : {"none", "count", "abs-stance"}
        Tie strength (see :mod:`geokg.analysis.simple`). Distance-based measures use ``1 / weight``.
    undirected : bool
        Read every tie both ways.
    sample : int, optional
        Estimate betweenness from this many source actors drawn at random (reproducible with ``seed``).
    seed : int, optional
        Seed of the draw of ``sample`` sources.
    implementation : {"networkx", "igraph"}, optional
        Which library computes betweenness (default :func:`default_implementation`).

    Returns
    -------
    list of ActorScore
        Highest first score first; equal scores ordered by label.

    Raises
    ------
    InputError
        Unknown measure or weight, ``sample`` not in 1..number of actors, igraph missing.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> [(s.actor, s.rank, round(s.scores["betweenness"], 3)) for s in centrality(g, "betweenness")]
    [('c', 1, 0.333), ('a', 2, 0.0), ('b', 2, 0.0), ('d', 2, 0.0)]
    >>> [s.actor for s in centrality(g, ["pagerank", "degree"])][:1]
    ['d']
    """
    names = parse_measures(measures, undirected=undirected)
    check_weight(weight)
    if sample is not None and "betweenness" not in names:
        raise InputError("sample applies to betweenness only (ask for measures betweenness or all)",
                         parameter=("sample", "measures"))  # fmt: skip
    simple = simple_graph(graph, weight=weight, directed=not undirected)
    weighted = weight != "none"
    columns: dict[str, dict[Any, float]] = {}
    for name in names:
        columns[name] = measure(
            simple, name, weighted=weighted, sample=sample, seed=seed, implementation=implementation
        )
    first = names[0]
    nodes = sorted(simple, key=lambda n: (-_clean(columns[first][n]), label_of(simple, n), str(n)))
    out: list[ActorScore] = []
    for i, node in enumerate(nodes):
        same = out and _clean(columns[first][node]) == _clean(columns[first][nodes[i - 1]])
        rank = out[-1].rank if same else i + 1
        scores = {name: _clean(columns[name][node]) for name in names}
        out.append(ActorScore(str(node), label_of(simple, node), rank, scores))
    return out


def measure(
    simple: nx.Graph,
    name: str,
    *,
    weighted: bool = False,
    sample: int | None = None,
    seed: int | None = 0,
    implementation: str | None = None,
) -> dict[Any, float]:
    """One measure on a simple graph made by :func:`~geokg.analysis.simple.simple_graph`.

    Parameters
    ----------
    simple : networkx.DiGraph or networkx.Graph
        Edges carry ``weight`` and ``distance``.
    name : str
        A name from :data:`MEASURES`.
    weighted : bool
        Use the ``weight`` (and ``distance``) attributes; else every edge counts 1.
    sample, seed, implementation
        For betweenness, as in :func:`centrality`.

    Returns
    -------
    dict
        Node to a finite float.

    Examples
    --------
    >>> import networkx as nx
    >>> measure(nx.Graph([("a", "b")]), "degree")
    {'a': 1.0, 'b': 1.0}
    """
    import networkx as nx

    n = simple.number_of_nodes()
    directed = simple.is_directed()
    strength = "weight" if weighted else None
    length = "distance" if weighted else None
    if n == 0:
        return {}
    if name in ("degree", "in-degree", "out-degree"):
        if name != "degree" and not directed:
            raise InputError(f"{name} needs tie direction")
        view = {"degree": simple.degree, "in-degree": getattr(simple, "in_degree", None),
                "out-degree": getattr(simple, "out_degree", None)}[name]  # fmt: skip
        assert view is not None
        scale = 1.0 / (n - 1) if n > 1 else 0.0
        return {v: float(d) * scale for v, d in view(weight=strength)}
    if name == "betweenness":
        return betweenness(simple, weight=length, sample=sample, seed=seed, implementation=implementation)
    if name == "closeness":
        return {v: float(c) for v, c in nx.closeness_centrality(simple, distance=length).items()}
    if name == "harmonic":
        scale = 1.0 / (n - 1) if n > 1 else 0.0
        return {v: float(c) * scale for v, c in nx.harmonic_centrality(simple, distance=length).items()}
    if name == "eigenvector":
        return eigenvector_by_component(simple, weight=strength)
    if name == "pagerank":
        return {v: float(c) for v, c in nx.pagerank(simple, weight=strength).items()}
    if name == "katz":
        return katz(simple, weight=strength)
    raise InputError(f"unknown measure {name!r}; choose one of: {', '.join(MEASURES)}, all")


def betweenness(
    simple: nx.Graph,
    *,
    weight: str | None = None,
    sample: int | None = None,
    seed: int | None = 0,
    implementation: str | None = None,
) -> dict[Any, float]:
    """Normalized betweenness, exact or estimated from a sample of sources, by networkx or igraph.

    This is the one betweenness function of geokg. Both implementations count the same thing: for
    each source ``s`` (every node, or ``sample`` nodes drawn with ``random.Random(seed).sample`` from the
    nodes sorted as text) and each target ``t``, the share of shortest ``s``-``t`` paths through ``v``.
    The sum is scaled by ``n / k`` (``k`` sources) and divided by ``(n - 1)(n - 2)``, which for an exact
    run equals ``networkx.betweenness_centrality(normalized=True)`` on directed and undirected graphs.

    Parameters
    ----------
    simple : networkx.DiGraph or networkx.Graph
    weight : str, optional
        Edge attribute holding a length (e.g. ``"distance"``); None counts hops.
    sample : int, optional
        Number of sources, 1..n.
    seed : int, optional
        Seed of the draw.
    implementation : {"networkx", "igraph"}, optional
        Default :func:`default_implementation`: networkx below :data:`IGRAPH_FROM` actors, else igraph.

    Returns
    -------
    dict
        Node to betweenness in [0, 1].

    Raises
    ------
    InputError
        ``sample`` out of range, an unknown implementation, or igraph not installed.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> betweenness(nx.path_graph(3), sample=2, seed=1) == betweenness(nx.path_graph(3), sample=2, seed=1)
    True
    """
    import networkx as nx

    impl = implementation or default_implementation(simple.number_of_nodes())
    if impl not in BETWEENNESS_IMPLEMENTATIONS:
        raise InputError(f"unknown betweenness implementation {impl!r}; choose networkx or igraph",
                         parameter="implementation")  # fmt: skip
    nodes = list(simple)
    n = len(nodes)
    sources: list[Any] | None = None
    if sample is not None:
        if sample < 1:
            raise InputError(f"sample must be at least 1, not {sample}", parameter="sample")
        if sample > n:
            raise InputError(f"sample {sample} is larger than the graph ({n} actors)", parameter="sample")
        sources = random.Random(seed).sample(sorted(nodes, key=str), sample)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    from ..progress import task

    with task(f"betweenness of {n} actors ({impl})"):
        if impl == "igraph":
            raw = _igraph_betweenness(simple, weight, sources)
        elif sources is None:
            raw = nx.betweenness_centrality(simple, normalized=False, weight=weight)
        else:
            raw = nx.betweenness_centrality_subset(simple, sources, nodes, normalized=False, weight=weight)
    k = n if sources is None else len(sources)
    # both libraries halve the counts of an undirected graph; undo that, then normalize
    scale = (1.0 if simple.is_directed() else 2.0) * (n / k) / ((n - 1) * (n - 2))
    return {v: float(raw[v]) * scale for v in nodes}


def _igraph_betweenness(simple: nx.Graph, weight: str | None, sources: Sequence[Any] | None) -> dict[Any, float]:
    try:
        import igraph
    except ImportError as exc:  # pragma: no cover - igraph is a declared dependency
        raise InputError("the igraph implementation needs python-igraph (pip install igraph)") from exc
    nodes = list(simple)
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(simple.edges(data=True))
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges], directed=simple.is_directed())
    weights = [float(d[weight]) for _, _, d in edges] if weight else None
    if sources is None:
        values = g.betweenness(directed=simple.is_directed(), weights=weights)
    else:
        values = g.betweenness(
            directed=simple.is_directed(), weights=weights, sources=[index[s] for s in sources], targets=None
        )
    return {v: float(values[index[v]]) for v in nodes}


def eigenvector_by_component(simple: nx.Graph, *, weight: str | None = None) -> dict[Any, float]:
    """Eigenvector centrality of the undirected graph, exactly, one connected component at a time.

    A graph that is not connected has no single leading eigenvector worth the name (networkx's power
    iteration gives 0 to every component but the dominant one, or does not converge). Here each
    component's leading eigenvector (``numpy.linalg.eigh`` of its symmetric adjacency) is scaled to norm
    ``sqrt(size / n)``: the whole vector has norm 1, a connected graph gets networkx's values, and
    values compare within a component. Isolated nodes score 0.

    Parameters
    ----------
    simple : networkx graph
        Directed edges are read both ways (their weights summed).
    weight : str, optional
        Edge attribute holding a non-negative strength; None counts 1 per edge.

    Returns
    -------
    dict
        Node to a value in [0, 1].

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("c", "d")]); g.add_node("e")
    >>> {k: round(v, 3) for k, v in eigenvector_by_component(g).items()}
    {'a': 0.447, 'b': 0.447, 'c': 0.447, 'd': 0.447, 'e': 0.0}
    """
    import networkx as nx
    import numpy as np

    undirected = _symmetric(simple, weight)
    n = undirected.number_of_nodes()
    out = dict.fromkeys(simple, 0.0)
    components = [c for c in nx.connected_components(undirected) if len(c) > 1]
    for comp in components:
        members = sorted(comp, key=str)
        if len(members) > DENSE_LIMIT:
            from scipy.sparse.linalg import eigsh

            sparse = nx.to_scipy_sparse_array(undirected, nodelist=members, weight="w", format="csr")
            _, vectors = eigsh(sparse.astype(float), k=1, which="LA")
            vec = vectors[:, 0]
        else:
            matrix = nx.to_numpy_array(undirected, nodelist=members, weight="w")
            values, vectors = np.linalg.eigh(matrix)
            vec = vectors[:, int(np.argmax(values))]
        vec = np.abs(vec) if vec.sum() >= 0 else np.abs(-vec)
        norm = float(np.linalg.norm(vec))
        if norm == 0 or not math.isfinite(norm):
            continue
        vec = vec / norm * math.sqrt(len(members) / n)
        for node, value in zip(members, vec, strict=True):
            out[node] = float(value)
    return out


def katz(simple: nx.Graph, *, weight: str | None = None, alpha: float | None = None) -> dict[Any, float]:
    """Katz centrality with an attenuation that always converges.

    Parameters
    ----------
    simple : networkx graph
    weight : str, optional
        Edge attribute holding a non-negative strength.
    alpha : float, optional
        Attenuation; by default :func:`katz_alpha`.

    Returns
    -------
    dict
        Node to value (vector of norm 1; every node has at least the base score ``beta = 1``).

    Examples
    --------
    >>> import networkx as nx
    >>> sorted((round(v, 3), k) for k, v in katz(nx.DiGraph([("a", "b")])).items())
    [(0.673, 'a'), (0.74, 'b')]
    """
    import networkx as nx
    import numpy as np

    if simple.number_of_nodes() == 0:
        return {}
    if alpha is None:
        alpha = katz_alpha(simple, weight=weight)
    nodes = list(simple)
    if len(nodes) > DENSE_LIMIT:
        # x = 1 + alpha A^T x by fixed-point iteration: a contraction, since alpha times the largest
        # weighted degree is at most 0.85 (see katz_alpha); a direct sparse solve fills in badly
        step = (alpha * nx.to_scipy_sparse_array(simple, nodelist=nodes, weight=weight, format="csr")).T.tocsr()
        ones = np.ones(len(nodes))
        vec = ones.copy()
        for _ in range(10_000):
            nxt = ones + step @ vec
            done = float(np.abs(nxt - vec).max()) <= 1e-13 * float(np.abs(nxt).max())
            vec = nxt
            if done or not np.isfinite(vec).all():
                break
        if not done or not np.isfinite(vec).all():
            raise InputError(f"Katz centrality does not converge with alpha={alpha}; use a smaller alpha")
    else:
        matrix = nx.to_numpy_array(simple, nodelist=nodes, weight=weight)
        vec = np.linalg.solve(np.eye(len(nodes)) - alpha * matrix.T, np.ones(len(nodes)))
    vec = vec / np.linalg.norm(vec)
    return {v: float(x) for v, x in zip(nodes, vec, strict=True)}


def katz_alpha(simple: nx.Graph, *, weight: str | None = None) -> float:
    """The attenuation :func:`katz` uses: 0.1, or 0.85 / spectral radius when smaller.

    Above :data:`DENSE_LIMIT` nodes the spectral radius is replaced by an upper bound, the smaller of the
    largest weighted in-degree and out-degree, so no eigenvalue problem is solved.

    Examples
    --------
    >>> import networkx as nx
    >>> round(katz_alpha(nx.complete_graph(20)), 4)
    0.0447
    """
    import networkx as nx
    import numpy as np

    if simple.number_of_edges() == 0:
        return 0.1
    if simple.number_of_nodes() > DENSE_LIMIT:
        # an upper bound of the spectral radius: the largest weighted in- or out-degree (cheap, always safe)
        sparse = nx.to_scipy_sparse_array(simple, weight=weight, format="csr").astype(float)
        radius = float(min(sparse.sum(axis=0).max(), sparse.sum(axis=1).max()))
        return min(0.1, 0.85 / radius) if radius > 0 else 0.1
    matrix = nx.to_numpy_array(simple, weight=weight)
    radius = float(np.max(np.abs(np.linalg.eigvals(matrix))))
    return min(0.1, 0.85 / radius) if radius > 0 else 0.1


def _symmetric(simple: nx.Graph, weight: str | None) -> nx.Graph:
    import networkx as nx

    out = nx.Graph()
    out.add_nodes_from(simple)
    for u, v, data in simple.edges(data=True):
        w = float(data.get(weight, 1.0)) if weight else 1.0
        if out.has_edge(u, v):
            out[u][v]["w"] = out[u][v]["w"] + w if weight else 1.0
        else:
            out.add_edge(u, v, w=w)
    return out


def _clean(value: float) -> float:
    """Round away float noise (so equal scores rank equal) and refuse NaN or infinity."""
    if not math.isfinite(value):  # pragma: no cover - every measure above is finite by construction
        raise InputError("a centrality score is not a finite number; please report this graph")
    out = round(float(value), 10)
    return 0.0 if out == 0 else out
