"""The NetworkX projection: nodes, edges, attributes and filters."""

from __future__ import annotations

import math

import networkx as nx


def test_projection_has_every_actor_and_every_actor_tie(kg):
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    actors = {e.iri for e in kg.entities.values() if e.is_actor}
    assert set(g.nodes) == actors
    expected = [t for t in kg.all_ties if t.source in actors and t.target in actors]
    assert g.number_of_edges() == len(expected)
    for tie in expected:
        data = g.edges[tie.source, tie.target, tie.iri]
        assert data["relation"] == tie.relation
        assert data["stance"] == tie.stance
        assert data["evidence"] == [e.quote for e in tie.evidence]


def test_node_and_edge_attributes_are_flat_and_defined(kg):
    g = kg.to_networkx(include_entities=True)
    for _, data in g.nodes(data=True):
        assert isinstance(data["label"], str) and data["label"]
        assert isinstance(data["cls"], str)
    for _, _, data in g.edges(data=True):
        assert -1 <= data["stance"] <= 1 and not math.isnan(data["stance"])
        assert data["modality"] in ("Asserted", "Prospective")


def test_as_of_1985_and_2022(kg):
    soviet, taliban_gov = kg.actor("Soviet Union").iri, kg.actor("Taliban government").iri
    g1985 = kg.to_networkx(as_of=1985)
    g2022 = kg.to_networkx(as_of=2022)
    assert soviet in g1985 and taliban_gov not in g1985
    assert taliban_gov in g2022 and soviet not in g2022
    for _, _, data in g1985.edges(data=True):
        assert (data["start"] is None or data["start"] <= 1985) and (data["end"] is None or data["end"] >= 1985)


def test_relation_and_class_filters(kg):
    g = kg.to_networkx(relations=["membership"])
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"Membership"}
    csto = kg.actor("CSTO").iri
    members = {kg.label(u) for u, v in g.edges() if v == csto}
    assert members == {"Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}
    states = kg.to_networkx(classes=["State"])
    assert all("State" in kg.entities[n].kinds for n in states)
    assert kg.actor("Soviet Union").iri in states  # a HistoricalState is a State


def test_entities_only_on_request(kg):
    concern = kg.actor("narcotics trafficking").iri
    assert concern not in kg.to_networkx()
    assert concern in kg.to_networkx(include_entities=True)


def test_prospective_ties_can_be_left_out(kg):
    with_all = kg.to_networkx()
    asserted = kg.to_networkx(include_prospective=False)
    assert asserted.number_of_edges() < with_all.number_of_edges()
    assert all(d["modality"] == "Asserted" for _, _, d in asserted.edges(data=True))
