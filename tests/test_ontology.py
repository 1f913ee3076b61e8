"""The vocabulary: labels and definitions everywhere, code lists complete and consistent."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from geokg.namespaces import GEO, GEO_IRI
from geokg.resources import ontology_files


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


def test_every_class_and_property_has_label_and_definition(onto):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(GEO_IRI)}
    assert len(terms) > 40
    missing = [str(t) for t in terms if onto.value(t, RDFS.label) is None or onto.value(t, SKOS.definition) is None]
    assert missing == []


def test_actor_classes_required_by_the_design_exist(onto):
    for name in ["State", "HistoricalState", "Government", "ArmedGroup", "InsurgentMovement",
                 "TerroristOrganization", "InternationalOrganization", "MilitaryAlliance",
                 "Region", "Initiative", "PopulationGroup", "Issue",
                 "Statement", "Event", "Relation", "Attitude", "CausalLink"]:  # fmt: skip
        assert (GEO[name], RDF.type, OWL.Class) in onto, name


def test_every_statement_type_has_kind_label_and_scoring(onto):
    types = list(onto.subjects(RDF.type, GEO.StatementType))
    assert len(types) >= 30
    for t in types:
        kind = onto.value(t, GEO.kind)
        assert kind in (GEO.EventKind, GEO.RelationKind, GEO.AttitudeKind, GEO.CausalKind), t
        assert onto.value(t, SKOS.prefLabel) is not None and onto.value(t, SKOS.definition) is not None
        if kind in (GEO.RelationKind, GEO.AttitudeKind):
            plain = onto.value(t, GEO.plainProperty)
            assert plain is not None and (plain, RDF.type, OWL.ObjectProperty) in onto, t
        # how it is scored: a relation by its default level, an attitude by its score, an event by its code
        if kind == GEO.RelationKind:
            assert (onto.value(t, GEO.defaultLevel), RDF.type, GEO.RelationLevel) in onto, t
        if kind == GEO.AttitudeKind:
            assert -1 <= float(onto.value(t, GEO.score)) <= 1, t
        assert list(onto.objects(t, GEO.cue)), f"{t} has no cue words for extract"


def test_relation_scale_is_ordered_from_war_to_allied(onto):
    levels = sorted(onto.subjects(RDF.type, GEO.RelationLevel), key=lambda c: int(onto.value(c, SKOS.notation)))
    assert [int(onto.value(c, SKOS.notation)) for c in levels] == [-3, -2, -1, 0, 1, 2, 3]
    scores = [float(onto.value(c, GEO.score)) for c in levels]
    assert scores == sorted(scores) and scores[0] == -1 and scores[-1] == 1
    assert all(abs(s - int(onto.value(c, SKOS.notation)) / 3) < 0.01 for s, c in zip(scores, levels, strict=True))


def test_certainties_follow_icd_203(onto):
    likely = (GEO.Likely, GEO.probabilityMin, None)
    assert float(onto.value(GEO.Likely, GEO.probabilityMin)) == 0.55 and likely
    assert float(onto.value(GEO.Unlikely, GEO.probabilityMax)) == 0.45
    assert onto.value(GEO.Conditional, SKOS.definition) is not None
    graded = [c for c in onto.subjects(RDF.type, GEO.Certainty) if onto.value(c, GEO.probabilityMin) is not None]
    ranges = [(float(onto.value(c, GEO.probabilityMin)), float(onto.value(c, GEO.probabilityMax))) for c in graded]
    assert all(0 <= lo <= hi <= 1 for lo, hi in ranges) and len(ranges) >= 8


def test_no_name_is_both_a_class_and_a_statement_type(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class))
    assert not classes & set(onto.subjects(RDF.type, GEO.StatementType))


def test_cameo_codes_carry_goldstein_and_quadclass(onto):
    codes = list(onto.subjects(RDF.type, GEO.CameoCode))
    assert len(codes) == 20
    for code in codes:
        score = float(onto.value(code, GEO.goldstein))
        assert -10 <= score <= 10
        assert float(onto.value(code, GEO.score)) == pytest.approx(score / 10, abs=0.005)
        quad = onto.value(code, GEO.quadClass)
        notation = int(onto.value(code, SKOS.notation))
        expected = "Cooperation" if notation <= 8 else "Conflict"
        assert str(quad).endswith(expected)
