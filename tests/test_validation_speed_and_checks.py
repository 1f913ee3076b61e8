"""Validation after the speed-up: every check of ontology/shapes.ttl still fires, the bundled graph conforms,
and statement files may not write by hand what the rules derive.

The shapes were rewritten so that each SPARQL check runs once for the whole graph (a SPARQL target that
finds the nodes breaking it) instead of once per statement. A fixture that breaks every check guards the
rewrite: a message that no longer fires is a check that was lost. No timing is asserted here (see
docs/performance.md).
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import SH

import geokg
from geokg.derive import derive
from geokg.resources import ontology_files, shapes_file
from geokg.validation import Violation, hand_written_derivations, validate

PREFIXES = """
@prefix :        <https://w3id.org/geokg/id/> .
@prefix geo:     <https://w3id.org/geokg/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

# Each node breaks a handful of checks; together they break every check of the shapes.
BAD = (
    PREFIXES
    + """
:A a geo:State ; skos:prefLabel "A"@en .
:B a geo:State ; skos:prefLabel "B"@en .
:NoLabel a geo:State .
:Concept a skos:Concept ; skos:prefLabel "not an entity"@en .

:src a geo:Source ; dcterms:title "a source" ; geo:sha256 "abc" ;
    geo:reliability geo:ReliabilityA , geo:ReliabilityB ;
    dcterms:date "sometime" ; geo:dateEarliest "early" ; geo:dateLatest "late" .
:src_untitled a geo:Source .

:ev_two_quotes a geo:Evidence ; geo:quote "one" , "two" ; prov:wasQuotedFrom :src .
:ev_long a geo:Evidence ; prov:wasQuotedFrom :src ;
    geo:quote "LONG_QUOTE" .
:ev_no_source a geo:Evidence ; geo:quote "x" .

# a relation missing everything, with every wrong value a statement can have
:r_broken a geo:Relation ;
    geo:startEvidence :nothing ; geo:endEvidence :nothing ;
    geo:rank geo:NormalRank , geo:PreferredRank ; geo:credibility geo:Credibility1 , geo:Credibility2 ;
    geo:condition "if x" , "if y" ; geo:manner 1 ; geo:means 1 ; geo:motive 1 ; geo:placeNote 1 ; geo:levelNote 1 ;
    geo:place :nothing ; geo:motiveEntity :nothing ; geo:supersedes :nothing ;
    geo:stance 1 ; geo:tieType geo:Support ; geo:modality geo:Asserted ; geo:score 1 ;
    geo:cameoCode geo:CAMEO_01 ; geo:date "2000"^^xsd:gYear .

:r_wrong_kind a geo:Relation ; geo:statementType geo:Concern ; geo:certainty geo:Likely ; geo:condition "if x" ;
    geo:from :A ; geo:to :Concept ; geo:level geo:LevelNeutral ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .

:r_level a geo:Relation ; geo:statementType geo:Support ; geo:certainty geo:Conditional ;
    geo:from :A ; geo:to :B ; geo:level geo:LevelWar ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .

# time: badly typed values, a precision without its date, a decade that is no decade, time running backwards
:T a geo:State ; skos:prefLabel "T"@en ;
    geo:date 1 ; geo:start 1 ; geo:end 1 ; geo:startEarliest 1 ; geo:startLatest 1 ; geo:endEarliest 1 ;
    geo:endLatest 1 ; geo:datePrecision geo:Ongoing ; geo:startPrecision geo:Ongoing ; geo:endPrecision geo:Ongoing ;
    geo:endStatus geo:Asserted ; geo:timeNote 1 .
:P a geo:State ; skos:prefLabel "P"@en ;
    geo:start "1995"^^xsd:gYear ; geo:startPrecision geo:DecadePrecision ; geo:endPrecision geo:YearPrecision .
:O a geo:State ; skos:prefLabel "O"@en ; geo:start "2000"^^xsd:gYear ; geo:end "1990"^^xsd:gYear .
:E a geo:State ; skos:prefLabel "E"@en ; geo:end "2000"^^xsd:gYear ; geo:endStatus geo:Ended .

:e_broken a geo:Event ; geo:statementType geo:Invasion ; geo:certainty geo:Asserted ;
    geo:from :A , :B ; geo:to :A , :B ; geo:cameoCode geo:CAMEO_01 , geo:CAMEO_02 ;
    geo:participant :nothing ; geo:location :nothing ; geo:level geo:LevelWar ;
    geo:date "2000"^^xsd:gYear ; geo:start "2000"^^xsd:gYear ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .
:e_undated a geo:Event ; geo:statementType geo:Invasion ; geo:certainty geo:Asserted ; geo:from :A ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .

:a_broken a geo:Attitude ; geo:statementType geo:Concern ; geo:certainty geo:Asserted ;
    geo:about :nothing ; geo:level geo:LevelWar ; geo:cameoCode geo:CAMEO_01 ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .

:c_empty a geo:CausalLink ; geo:statementType geo:Causes ; geo:certainty geo:Asserted ;
    geo:level geo:LevelWar ; geo:cameoCode geo:CAMEO_01 ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .
:c_dangling a geo:CausalLink ; geo:statementType geo:Causes ; geo:certainty geo:Asserted ;
    geo:cause :nothing ; geo:effect :nothing ;
    geo:evidence [ a geo:Evidence ; geo:quote "q" ; prov:wasQuotedFrom :src ] .

# by hand: derived years on a node that is no statement, the old model, a plain triple with nothing behind it
:nothing geo:mayFrom "a" ; geo:holdsFrom "a" ; geo:holdsUntil "a" ; geo:mayUntil "a" ; geo:supersededFrom "a" .
:old geo:stance 1 ; geo:tieType geo:Support ; geo:modality geo:Asserted ; geo:stanceNote "x" .
:A geo:supports :B .
"""
).replace("LONG_QUOTE", " ".join(f"word{i}" for i in range(31)))


def checked(data: str) -> list[Violation]:
    """The violations of the ontology plus ``data``, after the rules, as `geokg validate` finds them."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    graph.parse(data=data, format="turtle")
    derive(graph)
    return validate(graph).violations


def shape_messages() -> set[str]:
    shapes = Graph().parse(shapes_file(), format="turtle")
    return {str(m) for m in shapes.objects(None, SH.message)}


def test_every_message_of_the_shapes_fires_on_the_bad_fixture():
    messages = shape_messages()
    assert len(messages) > 80
    fired = {v.message for v in checked(BAD)}
    assert sorted(messages - fired) == []


def test_sparql_checks_report_their_value_and_path():
    found = {(v.focus, v.path, v.value, v.message.split(":")[0]) for v in checked(BAD)}
    assert ("id:A", "geo:supports", "id:B", "a plain triple with no asserted statement behind it") in found
    assert ("id:O", "", "1990", "time runs backwards") in found
    assert ("id:P", "", "1995", "a decade precision needs an xsd") in found
    assert ("id:P", "geo:endPrecision", "id:P", "a precision is given for a date that is not there") in found
    kind = "the statement's type is of another kind than its class (e.g. an attitude type on a relation)"
    assert ("id:r_wrong_kind", "", "geo:Concern", kind) in found


def test_targets_and_constraints_of_a_sparql_check_say_the_same():
    """Each SPARQL check selects its nodes with the same WHERE clause as its constraint (see shapes.ttl)."""
    shapes = Graph().parse(shapes_file(), format="turtle")

    def where(text: object) -> str:
        return re.sub(r"\s+", " ", str(text).split("WHERE", 1)[1]).strip()

    pairs = 0
    for shape, target in shapes.subject_objects(SH.target):
        constraints = list(shapes.objects(shape, SH.sparql))
        assert len(constraints) == 1, shape
        assert where(shapes.value(target, SH.select)) == where(shapes.value(constraints[0], SH.select)), shape
        pairs += 1
    assert pairs >= 8
    # every sh:sparql constraint has such a target: none runs once per node of a wide target
    assert len(set(shapes.subjects(SH.sparql, None))) == pairs


def test_hand_written_derivations_are_reported():
    written = Graph().parse(
        data=PREFIXES
        + """
:s1 a geo:Relation , geo:Statement ; geo:mayFrom 1990 ; geo:holdsFrom 1990 ; geo:holdsUntil 2000 ;
    geo:mayUntil 2000 ; geo:supersededFrom 2001 .
:A geo:supports :B .
:B geo:alliedWith :A .
""",
        format="turtle",
    )
    vocabulary = Graph()
    for path in ontology_files():
        vocabulary.parse(path, format="turtle")
    found = {(v.focus, v.path, v.value): v.message for v in hand_written_derivations(written, vocabulary)}
    assert found[("id:s1", "geo:mayFrom", "1990")].startswith("geo:mayFrom is derived by the rules")
    for name in ("holdsFrom", "holdsUntil", "mayUntil", "supersededFrom"):
        assert any(k[1] == f"geo:{name}" for k in found), name
    assert "geo:Statement" in found[("id:s1", "rdf:type", "geo:Statement")]
    assert "plain triple" in found[("id:A", "geo:supports", "id:B")]
    assert "plain triple" in found[("id:B", "geo:alliedWith", "id:A")]
    assert len(found) == 8
    assert hand_written_derivations(vocabulary) == []  # the ontology writes none of them


@pytest.mark.parametrize("hand_written", [True, False])
def test_validate_command_reports_hand_written_derivations(tmp_path, hand_written):
    """A plain triple written beside the statement it follows from passes the shapes, not the file check."""
    statement = """
:s1 a geo:Relation ; geo:statementType geo:Support ; geo:certainty geo:Asserted ;
    geo:from :Iran ; geo:to :Taliban ; geo:level geo:LevelCooperative ;
    geo:evidence [ a geo:Evidence ; geo:quote "Iran, which shares a long border" ;
                   prov:wasQuotedFrom :src_afghanistan_and_russia ] .
"""
    extra = ":Iran geo:supports :Taliban .\n:s1 geo:mayFrom -10000 .\n" if hand_written else ""
    path = tmp_path / "mine.ttl"
    path.write_text(PREFIXES + statement + extra, encoding="utf-8")
    report = geokg.load([path]).validate()
    if not hand_written:
        assert report.conforms, report.violations
        return
    assert not report.conforms
    assert {(v.focus, v.path) for v in report.violations} == {("id:Iran", "geo:supports"), ("id:s1", "geo:mayFrom")}


def test_bundled_graph_conforms():
    report = geokg.load().validate()
    assert report.violations == []
    assert report.conforms
    assert report.triples > 4000
