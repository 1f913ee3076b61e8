"""Implementations picked by measurement give the same answers as the networkx reference."""

from __future__ import annotations

import pytest

from geokg.analysis import centrality as c
from geokg.analysis.simple import simple_graph


@pytest.fixture(scope="module")
def projection(kg):
    return kg.to_networkx()


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("sample", [None, 10])
def test_igraph_betweenness_equals_networkx_on_the_bundled_graph(projection, directed, sample):
    simple = simple_graph(projection, directed=directed)
    reference = c.betweenness(simple, sample=sample, seed=3, implementation="networkx")
    fast = c.betweenness(simple, sample=sample, seed=3, implementation="igraph")
    assert reference.keys() == fast.keys()
    assert max(reference.values()) > 0
    for node, value in reference.items():
        assert fast[node] == pytest.approx(value, abs=1e-12)


def test_weighted_igraph_betweenness_equals_networkx(projection):
    simple = simple_graph(projection, weight="count")
    for _, _, data in simple.edges(data=True):
        data["length"] = 1.0 / data["weight"]
    reference = c.betweenness(simple, weight="length", implementation="networkx")
    fast = c.betweenness(simple, weight="length", implementation="igraph")
    assert fast == pytest.approx(reference, abs=1e-12)


def test_the_default_is_networkx_on_small_graphs_and_igraph_on_large_ones(projection):
    assert c.default_implementation(projection.number_of_nodes()) == "networkx"
    assert c.default_implementation(c.IGRAPH_FROM) == "igraph"
    # the default on the bundled graph is the reference itself
    simple = simple_graph(projection)
    assert c.betweenness(simple) == c.betweenness(simple, implementation="networkx")


def test_cli_centrality_answers_are_the_same_with_either_implementation(kg):
    import networkx as nx

    big = nx.MultiDiGraph()
    for i in range(c.IGRAPH_FROM + 20):
        big.add_edge(f"n{i}", f"n{(i * 7 + 3) % (c.IGRAPH_FROM + 20)}")
        big.add_edge(f"n{i}", f"n{(i + 1) % (c.IGRAPH_FROM + 20)}")
    simple = simple_graph(big)
    default = c.betweenness(simple)  # igraph, the graph is large enough
    reference = c.betweenness(simple, implementation="networkx")
    assert default == pytest.approx(reference, abs=1e-12)


def test_long_work_reports_progress(projection, tmp_path):
    from geokg.progress import reporting
    from geokg.render.html import render_html

    seen: list[tuple[str, int, int | None]] = []
    with reporting(lambda what, done, total: seen.append((what, done, total))):
        c.betweenness(simple_graph(projection), implementation="igraph")
        render_html(projection, tmp_path / "g.html", physics_threshold=1)
    names = [s[0] for s in seen]
    n = projection.number_of_nodes()
    assert f"betweenness of {n} actors (igraph)" in names
    assert f"laying out {n} nodes" in names
    # every task is closed: its last report has done == total
    for name in set(names):
        last = [s for s in seen if s[0] == name][-1]
        assert last[1] == last[2]
