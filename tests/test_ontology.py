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
                 "Region", "Initiative", "PopulationGroup", "Concern"]:  # fmt: skip
        assert (GEO[name], RDF.type, OWL.Class) in onto, name


def test_every_tie_type_has_plain_property_label_and_scoring(onto):
    types = list(onto.subjects(RDF.type, GEO.TieType))
    assert len(types) >= 13
    for t in types:
        plain = onto.value(t, GEO.plainProperty)
        assert plain is not None and (plain, RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(t, SKOS.prefLabel) is not None
        assert onto.value(t, SKOS.scopeNote) is not None, f"{t} does not say how its ties are scored"


def test_cameo_codes_carry_goldstein_and_quadclass(onto):
    codes = list(onto.subjects(RDF.type, GEO.CameoCode))
    assert len(codes) == 20
    for code in codes:
        score = float(onto.value(code, GEO.goldstein))
        assert -10 <= score <= 10
        quad = onto.value(code, GEO.quadClass)
        notation = int(onto.value(code, SKOS.notation))
        expected = "Cooperation" if notation <= 8 else "Conflict"
        assert str(quad).endswith(expected)
