"""Centrality: hand-checked small graphs, networkx called directly, degenerate projections, sampling,
igraph against networkx, and the as-of filter on the bundled graph."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from geokg.analysis.centrality import (
    DENSE_LIMIT,
    MEASURES,
    betweenness,
    centrality,
    eigenvector_by_component,
    katz,
    katz_alpha,
    parse_measures,
)
from geokg.analysis.simple import simple_graph
from geokg.errors import InputError, NoResultError
from geokg.namespaces import ID
from geokg.projection import project


def multi(edges):
    """A MultiDiGraph from (u, v) or (u, v, stance) tuples, labelled by node name."""
    g = nx.MultiDiGraph()
    for e in edges:
        u, v = e[0], e[1]
        g.add_edge(u, v, stance=e[2] if len(e) > 2 else 0.5, relation="Support", relation_label="support")
    for n in g:
        g.nodes[n]["label"] = n
    return g


def scores(ranked, measure):
    return {s.actor: s.scores[measure] for s in ranked}


def all_finite(ranked):
    return all(math.isfinite(v) for s in ranked for v in s.scores.values())


@pytest.fixture(scope="module")
def bundled(kg):
    return project(kg)


# -- hand-checked ------------------------------------------------------------------------------------
def test_star_degrees_by_hand():
    g = multi([("hub", "a"), ("hub", "b"), ("hub", "c")])
    ranked = centrality(g, ["degree", "in-degree", "out-degree"])
    assert ranked[0].actor == "hub"
    assert scores(ranked, "degree") == {"hub": 1.0, "a": pytest.approx(1 / 3), "b": pytest.approx(1 / 3),
                                        "c": pytest.approx(1 / 3)}  # fmt: skip
    assert scores(ranked, "out-degree")["hub"] == 1.0 and scores(ranked, "in-degree")["hub"] == 0.0
    assert scores(ranked, "in-degree")["a"] == pytest.approx(1 / 3)


def test_parallel_ties_collapse_unless_counted():
    g = multi([("a", "b"), ("a", "b"), ("a", "b"), ("b", "c")])
    plain = scores(centrality(g, "out-degree"), "out-degree")
    counted = scores(centrality(g, "out-degree", weight="count"), "out-degree")
    assert plain["a"] == pytest.approx(0.5)  # one neighbour of two possible
    assert counted["a"] == pytest.approx(1.5)  # three ties / (n - 1)


def test_path_betweenness_by_hand():
    g = multi([("a", "b"), ("b", "c"), ("c", "d")])
    directed = scores(centrality(g, "betweenness"), "betweenness")
    # directed: b lies on a->c, a->d; c on a->d, b->d; 6 ordered pairs of others
    assert directed["b"] == pytest.approx(2 / 6) and directed["c"] == pytest.approx(2 / 6)
    assert directed["a"] == 0.0
    undirected = scores(centrality(g, "betweenness", undirected=True), "betweenness")
    assert undirected["b"] == pytest.approx(2 / 3)


def test_ranks_share_on_equal_scores_and_order_by_label():
    g = multi([("x", "m"), ("y", "m")])
    ranked = centrality(g, "in-degree")
    assert [(s.actor, s.rank) for s in ranked] == [("m", 1), ("x", 2), ("y", 2)]


def test_abs_stance_weight_ignores_sign_and_drops_neutral():
    g = multi([("a", "b", -1.0), ("a", "b", 0.6), ("b", "c", 0.0)])
    simple = simple_graph(g, weight="abs-stance")
    assert simple["a"]["b"]["weight"] == pytest.approx(0.8)
    assert simple["a"]["b"]["stance"] == pytest.approx(-0.2)
    assert not simple.has_edge("b", "c")
    assert "c" in simple


def test_directed_only_measures_refused_when_undirected():
    with pytest.raises(InputError, match="in-degree needs tie direction"):
        parse_measures("in-degree", undirected=True)
    assert "in-degree" not in parse_measures("all", undirected=True)
    assert parse_measures("all") == list(MEASURES)
    with pytest.raises(InputError, match="unknown measure 'fame'"):
        parse_measures("fame")


# -- against networkx called directly -------------------------------------------------------------------
def _eigenvector_per_component(graph):
    """networkx's eigenvector centrality of each connected component, scaled to norm sqrt(size / n)."""
    n = len(graph)
    out = {}
    for component in nx.connected_components(graph):
        if len(component) == 1:
            out.update(dict.fromkeys(component, 0.0))
            continue
        vector = nx.eigenvector_centrality(graph.subgraph(component), max_iter=1000, tol=1e-10)
        out.update({node: value * (len(component) / n) ** 0.5 for node, value in vector.items()})
    return out


@pytest.mark.parametrize("undirected", [False, True])
def test_bundled_matches_networkx(bundled, undirected):
    ranked = centrality(bundled, "all", undirected=undirected)
    simple = nx.Graph(bundled.to_undirected()) if undirected else nx.DiGraph(bundled)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    n = len(simple)
    expected = {
        "degree": nx.degree_centrality(simple),
        "betweenness": nx.betweenness_centrality(simple),
        "closeness": nx.closeness_centrality(simple),
        "harmonic": {k: v / (n - 1) for k, v in nx.harmonic_centrality(simple).items()},
        "pagerank": nx.pagerank(simple),
        "katz": nx.katz_centrality_numpy(simple, alpha=katz_alpha(simple)),
        "eigenvector": _eigenvector_per_component(nx.Graph(simple)),
    }
    if not undirected:
        expected["in-degree"] = nx.in_degree_centrality(simple)
        expected["out-degree"] = nx.out_degree_centrality(simple)
    got = {m: scores(ranked, m) for m in expected}
    for measure, values in expected.items():
        for node, value in values.items():
            assert got[measure][node] == pytest.approx(value, abs=1e-6), (measure, node)


def test_weighted_measures_use_inverse_weight_as_length(bundled):
    ranked = centrality(bundled, ["betweenness", "closeness", "pagerank"], weight="count", undirected=True)
    simple = simple_graph(bundled, weight="count", directed=False)
    assert scores(ranked, "betweenness") == pytest.approx(nx.betweenness_centrality(simple, weight="distance"))
    assert scores(ranked, "closeness") == pytest.approx(nx.closeness_centrality(simple, distance="distance"))
    assert scores(ranked, "pagerank") == pytest.approx(nx.pagerank(simple, weight="weight"))
    russia = ID + "Russia"
    assert max(simple[russia][v]["weight"] for v in simple[russia]) > 1  # counting really changes weights


# -- degenerate projections ------------------------------------------------------------------------------
def test_empty_graph_gives_no_rows():
    assert centrality(nx.MultiDiGraph(), "all") == []


def test_one_node_scores_zero_not_nan():
    g = nx.MultiDiGraph()
    g.add_node("alone", label="alone")
    ranked = centrality(g, "all")
    assert len(ranked) == 1 and all_finite(ranked)
    scores_ = ranked[0].scores
    assert scores_["degree"] == 0.0 and scores_["betweenness"] == 0.0 and scores_["eigenvector"] == 0.0


def test_no_edges_all_finite():
    g = nx.MultiDiGraph()
    g.add_nodes_from(["a", "b", "c"])
    ranked = centrality(g, "all")
    assert all_finite(ranked)
    assert {s.scores["eigenvector"] for s in ranked} == {0.0}
    assert {round(s.scores["katz"], 9) for s in ranked} == {round(1 / math.sqrt(3), 9)}
    assert {s.rank for s in ranked} == {1}


def test_disconnected_eigenvector_per_component():
    g = multi([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    g.add_node("lonely", label="lonely")
    ranked = centrality(g, ["eigenvector", "katz"])
    assert all_finite(ranked)
    eig = scores(ranked, "eigenvector")
    # both components get values; networkx's power iteration would give the pair (x, y) nothing useful
    assert eig["x"] > 0 and eig["a"] > 0 and eig["lonely"] == 0.0
    n = 6
    assert eig["a"] == pytest.approx(math.sqrt(3 / n) / math.sqrt(3))
    assert eig["x"] == pytest.approx(math.sqrt(2 / n) / math.sqrt(2))
    assert math.fsum(v * v for v in eig.values()) == pytest.approx(5 / 6)


def test_eigenvector_of_star_component_is_exact():
    g = nx.star_graph(4)
    got = eigenvector_by_component(g)
    assert got == pytest.approx(nx.eigenvector_centrality_numpy(g), abs=1e-9)


def test_only_hostile_ties():
    g = multi([("a", "b", -1.0), ("b", "c", -0.7), ("c", "a", -0.2)])
    for weight in ("none", "count", "abs-stance"):
        ranked = centrality(g, "all", weight=weight)
        assert len(ranked) == 3 and all_finite(ranked)
        assert all(v >= 0 for s in ranked for v in s.scores.values())


def test_katz_alpha_keeps_dense_graphs_convergent():
    g = nx.complete_graph(30)
    alpha = katz_alpha(g)
    assert alpha < 1 / 29  # spectral radius of K30 is 29
    values = katz(g)
    assert all(math.isfinite(v) and v > 0 for v in values.values())


def test_empty_projection_says_no_actors_match(kg):
    with pytest.raises(NoResultError, match="no actors match"):
        project(kg, classes=["MilitaryAlliance"], relations=["support"], as_of=1985)


# -- sampling and implementations ------------------------------------------------------------------------
def test_sampled_betweenness_is_reproducible(bundled):
    one = centrality(bundled, "betweenness", sample=8, seed=3, undirected=True)
    two = centrality(bundled, "betweenness", sample=8, seed=3, undirected=True)
    assert one == two
    others = [centrality(bundled, "betweenness", sample=8, seed=s, undirected=True) for s in range(4, 9)]
    assert any(scores(o, "betweenness") != scores(one, "betweenness") for o in others)


def test_sample_of_every_node_is_exact(bundled):
    simple = simple_graph(bundled, directed=False)
    n = len(simple)
    assert betweenness(simple, sample=n, seed=1) == pytest.approx(betweenness(simple))


def test_sample_bounds(bundled):
    n = bundled.number_of_nodes()
    with pytest.raises(InputError, match=f"sample {n + 1} is larger than the graph \\({n} actors\\)"):
        centrality(bundled, "betweenness", sample=n + 1)
    with pytest.raises(InputError, match="at least 1"):
        centrality(bundled, "betweenness", sample=0)
    with pytest.raises(InputError, match="betweenness only"):
        centrality(bundled, "degree", sample=3)


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weight", ["none", "count"])
@pytest.mark.parametrize("sample", [None, 7])
def test_igraph_agrees_with_networkx(bundled, directed, weight, sample):
    pytest.importorskip("igraph")
    simple = simple_graph(bundled, weight=weight, directed=directed)
    length = "distance" if weight != "none" else None
    by_nx = betweenness(simple, weight=length, sample=sample, seed=11, implementation="networkx")
    by_ig = betweenness(simple, weight=length, sample=sample, seed=11, implementation="igraph")
    assert by_ig == pytest.approx(by_nx, abs=1e-9)
    assert max(by_nx.values()) > 0


def test_unknown_implementation(bundled):
    with pytest.raises(InputError, match="implementation"):
        betweenness(simple_graph(bundled), implementation="graph-tool")


# -- as-of on the bundled graph ---------------------------------------------------------------------------
def test_as_of_1985_and_2022(kg):
    soviet, taliban_gov = ID + "SovietUnion", ID + "TalibanGovernment"
    # 2022 is after the undated source's earliest date: what it reports as present "may hold" then.
    early = {s.actor for s in centrality(project(kg, as_of=1985), "degree")}
    late = {s.actor for s in centrality(project(kg, as_of=2022, may_hold=True), "degree")}
    assert soviet in early and taliban_gov not in early
    assert soviet not in late
    assert late == {
        a
        for t in kg.ties(as_of=2022, may_hold=True, kinds=["relation"])
        for a in (t.source, t.target)
        if kg.entities[a].is_actor
    }


def test_russia_brokers_the_whole_graph(bundled):
    ranked = centrality(bundled, "betweenness", undirected=True)
    assert ranked[0].label == "Russia" and ranked[0].rank == 1
    assert ranked[0].scores["betweenness"] > 2 * ranked[1].scores["betweenness"]


def test_sparse_path_of_large_graphs_matches_dense():
    big = nx.gnm_random_graph(1300, 4000, seed=2, directed=True)
    big.add_edges_from([(1300, 1301)])  # a second component
    eig = eigenvector_by_component(big)
    assert len(big) > DENSE_LIMIT and all(math.isfinite(v) for v in eig.values())
    main = max(nx.connected_components(big.to_undirected()), key=len)
    expected = nx.eigenvector_centrality_numpy(nx.Graph(big.subgraph(main).to_undirected()))
    scale = math.sqrt(len(main) / len(big))
    assert {k: eig[k] for k in main} == pytest.approx({k: v * scale for k, v in expected.items()}, abs=1e-8)
    alpha = katz_alpha(big)
    bound = min(max(d for _, d in big.in_degree()), max(d for _, d in big.out_degree()))
    assert alpha == pytest.approx(min(0.1, 0.85 / bound))  # the cheap, safe bound of the spectral radius
    values = katz(big)
    assert values == pytest.approx(nx.katz_centrality_numpy(big, alpha=alpha), abs=1e-9)
