"""Communities and structural balance: hand-checked graphs, brute force, networkx directly, bundled graph."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from geokg.analysis.balance import _exact_split, _local_split, balance, signed_graph
from geokg.analysis.communities import communities
from geokg.analysis.simple import simple_graph
from geokg.errors import InputError, NoResultError
from geokg.projection import project


def signed(edges):
    g = nx.MultiDiGraph()
    for u, v, s in edges:
        g.add_edge(u, v, stance=s)
    for n in g:
        g.nodes[n]["label"] = n
    return g


@pytest.fixture()
def two_triangles():
    return signed([("a", "b", 0.5), ("b", "c", 0.5), ("a", "c", 0.5),
                   ("d", "e", 0.5), ("e", "f", 0.5), ("d", "f", 0.5), ("c", "d", 0.5)])  # fmt: skip


# -- communities -------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["louvain", "greedy-modularity", "label-propagation"])
def test_two_triangles_split_in_two(two_triangles, method):
    part = communities(two_triangles, method=method, seed=1)
    assert [c.members for c in part.communities] == [("a", "b", "c"), ("d", "e", "f")]
    # 7 edges; each triangle: 3 inner edges, degree sum 7 -> Q = 2 * (3/7 - (7/14)**2)
    assert part.modularity == pytest.approx(2 * (3 / 7 - 0.25))


def test_modularity_matches_networkx(kg):
    graph = project(kg)
    part = communities(graph, method="louvain", seed=0)
    simple = simple_graph(graph, directed=False)
    expected = nx.community.modularity(simple, [set(c.members) for c in part.communities])
    assert part.modularity == pytest.approx(expected)
    members = [m for c in part.communities for m in c.members]
    assert sorted(members) == sorted(graph.nodes) and len(members) == len(set(members))
    assert part.modularity > 0.2


def test_seeded_methods_are_reproducible(kg):
    graph = project(kg)
    for method in ("louvain", "label-propagation"):
        assert communities(graph, method=method, seed=5) == communities(graph, method=method, seed=5)


def test_communities_need_ties():
    g = nx.MultiDiGraph()
    g.add_nodes_from(["a", "b"])
    with pytest.raises(NoResultError, match="no ties match"):
        communities(g)
    hostile = signed([("a", "b", -1.0)])
    with pytest.raises(NoResultError, match="no cooperative ties match"):
        communities(hostile, cooperative_only=True)
    with pytest.raises(InputError, match="unknown method"):
        communities(hostile, method="k-means")


def test_one_tie_is_one_community():
    part = communities(signed([("a", "b", -1.0)]))
    assert [c.members for c in part.communities] == [("a", "b")]
    assert part.modularity == 0.0


# -- balance -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stances", "signs", "balanced", "frustration", "splits"),
    [
        ((0.5, 0.5, 0.5), "+++", True, 0, 1),
        ((0.5, -0.5, -0.5), "+--", True, 0, 1),
        ((0.5, 0.5, -0.5), "++-", False, 1, 3),
        ((-0.5, -0.5, -0.5), "---", False, 1, 3),
    ],
)
def test_triangle_by_hand(stances, signs, balanced, frustration, splits):
    ab, ac, bc = stances
    result = balance(signed([("a", "b", ab), ("a", "c", ac), ("b", "c", bc)]))
    (triad,) = result.triads
    assert (triad.labels, triad.signs, triad.balanced) == (("a", "b", "c"), signs, balanced)
    assert result.frustration == frustration and result.optimal_splits == splits and result.exact


def test_sign_is_the_mean_stance_and_neutral_pairs_drop():
    g = signed([("a", "b", 0.7), ("b", "a", -0.2), ("a", "c", 0.0), ("c", "d", -0.4), ("d", "c", 0.4)])
    assert sorted(signed_graph(g).edges(data="sign")) == [("a", "b", 1)]


def test_no_signed_ties():
    with pytest.raises(NoResultError, match="no signed ties match"):
        balance(signed([("a", "b", 0.0)]))


def test_hostile_only_star_is_balanced():
    result = balance(signed([("hub", "x", -1.0), ("hub", "y", -0.5), ("hub", "z", -0.2)]))
    assert result.frustration == 0 and result.triads == ()
    camps = {c.label: c.camp for c in result.camps}
    assert camps == {"hub": "A", "x": "B", "y": "B", "z": "B"}


def brute_force(nodes, edges):
    best = None
    for bits in itertools.product((0, 1), repeat=len(nodes)):
        side = dict(zip(nodes, bits, strict=True))
        cost = sum(1 for u, v, s in edges if (side[u] == side[v]) != (s > 0))
        best = cost if best is None else min(best, cost)
    return best


def test_exact_frustration_matches_brute_force():
    rng = random.Random(42)
    for _ in range(5):
        nodes = list(range(9))
        edges = [(u, v, rng.choice([1, -1])) for u, v in itertools.combinations(nodes, 2) if rng.random() < 0.4]
        _, broken, count = _exact_split(len(nodes), edges)
        assert broken == brute_force(nodes, edges)
        assert count >= 1
        local_side, local_broken = _local_split(len(nodes), edges, restarts=20, seed=0)
        assert local_broken >= broken
        assert sum(1 for u, v, s in edges if (local_side[u] == local_side[v]) != (s > 0)) == local_broken


def test_local_search_finds_a_balanced_split():
    # a balanced graph of two camps: + inside, - across
    camp = {n: n % 2 for n in range(30)}
    edges = [(u, v, 1 if camp[u] == camp[v] else -1) for u, v in itertools.combinations(range(30), 2) if (u + v) % 3]
    _, broken = _local_split(30, edges, restarts=10, seed=0)
    assert broken == 0


def test_triads_are_the_triangles_of_the_signed_graph(kg):
    graph = project(kg, as_of=2022, may_hold=True)  # 2022: after the undated source, "may hold"
    result = balance(graph)
    assert len(result.triads) == sum(nx.triangles(signed_graph(graph)).values()) // 3
    assert result.exact


def test_bundled_1985_camps(kg):
    result = balance(project(kg, as_of=1985, may_hold=True))  # Cold War backing: some year of 1979-1989
    camps = {c.label: c.camp for c in result.camps}
    assert result.frustration == 0 and result.unbalanced_triads == 0
    assert camps["Soviet Union"] == camps["Afghanistan's communist government"]
    for cold_war_rival in ("United States", "Pakistan", "Saudi Arabia", "Afghan mujahideen"):
        assert camps[cold_war_rival] != camps["Soviet Union"]
