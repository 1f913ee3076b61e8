"""Paths and neighbourhoods: small hand-checked graphs, networkx directly, and the bundled graph."""

from __future__ import annotations

import networkx as nx
import pytest

from geokg.analysis.neighbors import ego_network
from geokg.analysis.paths import shortest_paths
from geokg.errors import InputError, NoResultError
from geokg.namespaces import ID
from geokg.projection import project


def tie(g, u, v, relation, stance=0.5, start="", end="", quote="q"):
    g.add_edge(
        u,
        v,
        relation_label=relation,
        stance=stance,
        when=f"{start} – {end}" if start and end else start or end,
        evidence=[quote],
    )
    g.nodes[u]["label"], g.nodes[v]["label"] = u, v


@pytest.fixture()
def diamond():
    """a -> b -> d and a -> c <- d, plus an island e - f."""
    g = nx.MultiDiGraph()
    tie(g, "a", "b", "support", 0.7, "1979", "1989", "a backs b")
    tie(g, "b", "d", "opposition", -0.2)
    tie(g, "a", "c", "support")
    tie(g, "d", "c", "armed conflict", -1.0)
    tie(g, "a", "b", "alliance", 0.6, "1991")
    tie(g, "e", "f", "support")
    return g


def test_shortest_path_hops_carry_ties(diamond):
    (path,) = shortest_paths(diamond, "a", "b")
    assert path.labels == ("a", "b") and path.length == 1
    assert sorted((h.relation, h.start, h.end, h.stance, h.evidence, h.forward) for h in path.hops) == [
        ("alliance", "1991", "", 0.6, ("q",), True),
        ("support", "1979 – 1989", "", 0.7, ("a backs b",), True),
    ]


def test_all_shortest_paths_read_ties_both_ways(diamond):
    found = shortest_paths(diamond, "a", "d", all_paths=True)
    assert [p.labels for p in found] == [("a", "b", "d"), ("a", "c", "d")]
    back = [h for h in found[1].hops if h.step == 2]
    assert back[0].relation == "armed conflict" and back[0].forward is False
    expected = sorted(nx.all_shortest_paths(nx.Graph(diamond.to_undirected()), "a", "d"))
    assert sorted(list(p.nodes) for p in found) == expected


def test_directed_paths_follow_tie_direction(diamond):
    assert [p.labels for p in shortest_paths(diamond, "a", "d", directed=True)] == [("a", "b", "d")]
    with pytest.raises(NoResultError, match="no path between c and a following tie direction"):
        shortest_paths(diamond, "c", "a", directed=True)


def test_no_path_and_bad_bounds(diamond):
    with pytest.raises(NoResultError, match="no path between a and e"):
        shortest_paths(diamond, "a", "e")
    with pytest.raises(NoResultError, match="at most 1 ties \\(the shortest has 2\\)"):
        shortest_paths(diamond, "a", "d", max_length=1)
    with pytest.raises(InputError, match="max_length must be at least 1"):
        shortest_paths(diamond, "a", "d", max_length=0)
    with pytest.raises(InputError, match="same actor"):
        shortest_paths(diamond, "a", "a")
    with pytest.raises(NoResultError, match="not in this projection"):
        shortest_paths(diamond, "a", "zz")


def test_bundled_us_to_soviet_union_in_1985(kg):
    graph = project(kg, as_of=1985, may_hold=True)  # the backing held in some year of 1979-1989: "may hold"
    found = shortest_paths(graph, ID + "Pakistan", ID + "SovietUnion", all_paths=True)
    (cold_war,) = [p for p in found if p.labels == ("Pakistan", "Afghan mujahideen", "Soviet Union")]
    assert all(p.length == 2 for p in found)
    relations = {h.relation for h in cold_war.hops}
    assert relations == {"support", "armed conflict"}
    assert all(h.evidence for h in cold_war.hops)


def test_neighbors_by_hand(diamond):
    ring = ego_network(diamond, "a")
    assert [(n.label, n.distance, n.ties) for n in ring] == [
        ("b", 1, ("alliance ->", "support ->")),
        ("c", 1, ("support ->",)),
    ]
    two = ego_network(diamond, "a", depth=2)
    assert [(n.label, n.distance, n.via_label) for n in two][-1] == ("d", 2, "b")
    assert [n.label for n in ego_network(diamond, "c", direction="in")] == ["a", "d"]
    with pytest.raises(NoResultError, match="no actors match"):
        ego_network(diamond, "c", direction="out")


def test_neighbors_match_networkx_ego_graph(kg):
    graph = project(kg, as_of=2022, may_hold=True)  # 2022: after the undated source, "may hold"
    russia = ID + "Russia"
    for depth in (1, 2):
        found = {n.actor for n in ego_network(graph, russia, depth=depth)}
        expected = set(nx.ego_graph(graph, russia, radius=depth, undirected=True)) - {russia}
        assert found == expected
    out = {n.actor for n in ego_network(graph, russia, direction="out")}
    assert out == set(graph.successors(russia))


def test_neighbors_bad_input(diamond):
    with pytest.raises(InputError, match="depth"):
        ego_network(diamond, "a", depth=0)
    with pytest.raises(InputError, match="direction"):
        ego_network(diamond, "a", direction="sideways")
    with pytest.raises(NoResultError, match="not in this projection"):
        ego_network(diamond, "nobody")


def test_counted_ties_in_neighbors(kg):
    graph = project(kg, as_of=2022, may_hold=True)  # 2022: after the undated source, "may hold"
    (taliban,) = [n for n in ego_network(graph, ID + "Russia") if n.label == "Taliban"]
    assert "diplomatic engagement -> x3" in taliban.ties  # three statements of one type, counted once
