"""The NetworkX projection: nodes, edges, attributes and filters."""

from __future__ import annotations

import math

import networkx as nx


def test_projection_has_every_actor_and_every_relation_between_actors(kg):
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    actors = {e.iri for e in kg.entities.values() if e.is_actor}
    assert set(g.nodes) == actors
    expected = [
        t
        for t in kg.all_ties
        if t.kind == "relation" and t.source in actors and t.target in actors and t.rank != "deprecated"
    ]
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
        assert data["certainty"] in {c.notation for c in kg.codes.values() if c[1] == "Certainty"}
        assert data["kind"] in ("relation", "attitude", "event")
        assert len(data["years"]) == 5 and all(isinstance(y, int) for y in data["years"])


def test_as_of_keeps_what_holds_and_may_hold_adds_the_rest(kg):
    soviet, taliban_gov = kg.actor("Soviet Union").iri, kg.actor("Taliban government").iri
    g1985 = kg.to_networkx(as_of=1985)
    g2021 = kg.to_networkx(as_of=2021)
    assert soviet in g1985 and taliban_gov not in g1985
    assert taliban_gov in g2021 and soviet not in g2021
    for year, g in ((1985, g1985), (2021, g2021)):
        assert {k for _, _, k in g.edges(keys=True)} == {
            t.iri for t in kg.ties(as_of=year, kinds=["relation"]) if t.status(year) == "holds"
        }
        assert all(d["status"] == "holds" for _, _, d in g.edges(data=True))
    # the article's present-tense claims are only "may hold" after its earliest date (2021)
    g2026 = kg.to_networkx(as_of=2026, may_hold=True)
    assert g2026.number_of_edges() > kg.to_networkx(as_of=2026).number_of_edges()
    assert "may hold" in {d["status"] for _, _, d in g2026.edges(data=True)}


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
    issue = kg.actor("narcotics trafficking").iri
    assert issue not in kg.to_networkx(kinds=["relation", "attitude"])
    assert issue in kg.to_networkx(kinds=["relation", "attitude"], include_entities=True)


def test_attitudes_and_events_are_edges_only_on_request(kg):
    default = kg.to_networkx()
    assert {d["kind"] for _, _, d in default.edges(data=True)} == {"relation"}
    everything = kg.to_networkx(kinds=["relation", "attitude", "event"])
    assert {d["kind"] for _, _, d in everything.edges(data=True)} == {"relation", "attitude", "event"}


def test_estimates_and_prospects_can_be_left_out(kg):
    with_all = kg.to_networkx()
    asserted = kg.to_networkx(include_prospective=False)
    assert asserted.number_of_edges() < with_all.number_of_edges()
    assert all(d["certainty"] == "asserted" for _, _, d in asserted.edges(data=True))
