"""Named queries reshaped for Oxigraph's speed give the very rows (and order) of their plain form.

ties-as-of, ties-per-type, actors-as-of, events-in-order and prospective-ties read their patterns through
sub-selects (hash joins in Oxigraph) and decide the as-of rule before looking up labels; hostile-ties-of,
cooperative-ties-of, ties-between and prospective-ties read a two-step OPTIONAL (a path or two patterns) as
an OPTIONAL with a nested OPTIONAL and ``FILTER(BOUND(...))``. The plain texts below are what they were
before. Both forms run on a store and in memory, over bindings, on the bundled graph and on the bundled
graph with a few odd statements added (two levels, a level without score or label, evidence without a
quote, a location without a label, two certainties, a type with two labels, an actor of two actor classes),
and must agree row for row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.named_queries import named_query
from geokg.results import QueryResult, Term
from geokg.sparql import run_query
from geokg.stores import OxigraphBackend, build_store, open_knowledge_graph

XSD = "http://www.w3.org/2001/XMLSchema#"

PLAIN_TIES_AS_OF = """
SELECT ?tie ?kind ?type ?fromLabel ?toLabel ?status ?mayFrom ?holdsFrom ?holdsUntil ?mayUntil ?supersededFrom
WHERE {
  ?tie a geo:Statement ; geo:from ?from ; geo:to ?to ;
       geo:mayFrom ?mayFrom ; geo:holdsFrom ?holdsFrom ; geo:holdsUntil ?holdsUntil ; geo:mayUntil ?mayUntil .
  OPTIONAL { ?tie geo:supersededFrom ?supersededFrom }
  OPTIONAL { ?tie geo:statementType/skos:prefLabel ?type }
  OPTIONAL { ?tie geo:statementType/geo:kind/skos:notation ?kind }
  OPTIONAL { ?from skos:prefLabel ?fromLabel }
  OPTIONAL { ?to skos:prefLabel ?toLabel }
  BIND(?holdsFrom <= ?year && ?year <= ?holdsUntil AS ?holds)
  BIND(IF(!?holds && !(?mayFrom <= ?year && ?year <= ?mayUntil), "",
          IF(BOUND(?supersededFrom) && ?year >= ?supersededFrom, "superseded",
             IF(?holds, "holds", "may hold"))) AS ?status)
  FILTER(?status = "holds" || (?status = "may hold" && COALESCE(?mayHold, false))
         || (?status = "superseded" && COALESCE(?superseded, false)))
}
ORDER BY ?type ?fromLabel ?toLabel ?tie
"""

PLAIN_TIES_PER_TYPE = """
SELECT ?type ?typeLabel (COUNT(?tie) AS ?ties) (SUM(IF(?asserted, 1, 0)) AS ?assertedTies) WHERE {
  ?tie a geo:Statement ; geo:statementType ?type .
  ?type skos:prefLabel ?typeLabel .
  OPTIONAL { ?tie geo:certainty ?certainty }
  BIND(COALESCE(?certainty = geo:Asserted, false) AS ?asserted)
}
GROUP BY ?type ?typeLabel
ORDER BY DESC(?ties) ?typeLabel
"""


PLAIN_ACTORS_AS_OF = """
SELECT DISTINCT ?actor ?actorLabel ?status ?mayFrom ?holdsFrom ?holdsUntil ?mayUntil WHERE {
  ?actor a ?class .
  ?class rdfs:subClassOf* geo:Actor .
  ?actor geo:mayFrom ?mayFrom ; geo:holdsFrom ?holdsFrom ; geo:holdsUntil ?holdsUntil ; geo:mayUntil ?mayUntil .
  OPTIONAL { ?actor skos:prefLabel ?actorLabel }
  BIND(?holdsFrom <= ?year && ?year <= ?holdsUntil AS ?holds)
  BIND(IF(?holds, "holds", IF(?mayFrom <= ?year && ?year <= ?mayUntil, "may hold", "")) AS ?status)
  FILTER(?status = "holds" || (?status = "may hold" && COALESCE(?mayHold, false)))
}
ORDER BY ?actorLabel ?actor
"""

PLAIN_EVENTS_IN_ORDER = """
SELECT ?event ?eventLabel ?date ?start ?end ?mayFrom ?mayUntil ?locationLabel WHERE {
  ?event a geo:Event .
  OPTIONAL { ?event skos:prefLabel ?eventLabel }
  OPTIONAL { ?event geo:date ?date }
  OPTIONAL { ?event geo:start ?start }
  OPTIONAL { ?event geo:end ?end }
  OPTIONAL { ?event geo:mayFrom ?mayFrom }
  OPTIONAL { ?event geo:mayUntil ?mayUntil }
  OPTIONAL { ?event geo:location/skos:prefLabel ?locationLabel }
}
ORDER BY ?mayFrom ?eventLabel ?event
"""

PLAIN_PROSPECTIVE_TIES = """
SELECT ?tie ?type ?fromLabel ?toLabel ?certainty ?condition ?start ?quote WHERE {
  ?tie a geo:Statement ; geo:certainty ?certainty ; geo:statementType ?tieType ; geo:from ?from ; geo:to ?to .
  FILTER(?certainty != geo:Asserted)
  ?tieType skos:prefLabel ?type .
  ?from skos:prefLabel ?fromLabel .
  ?to skos:prefLabel ?toLabel .
  OPTIONAL { ?tie geo:condition ?condition }
  OPTIONAL { ?tie geo:start ?start }
  OPTIONAL { ?tie geo:evidence/geo:quote ?quote }
}
ORDER BY ?fromLabel ?type ?toLabel ?quote
"""

PLAIN_TIES_BETWEEN = """
SELECT DISTINCT ?tie ?kind ?type ?fromLabel ?toLabel ?date ?start ?end ?mayFrom ?certainty ?level ?quote WHERE {
  { ?tie geo:from ?a ; geo:to ?b } UNION { ?tie geo:from ?b ; geo:to ?a }
  ?tie a geo:Statement ; geo:statementType ?tieType ; geo:from ?from ; geo:to ?to .
  ?tieType geo:kind ?kindConcept . ?kindConcept skos:notation ?kind .
  ?tieType skos:prefLabel ?type .
  ?from skos:prefLabel ?fromLabel .
  ?to skos:prefLabel ?toLabel .
  OPTIONAL { ?tie geo:date ?date }
  OPTIONAL { ?tie geo:start ?start }
  OPTIONAL { ?tie geo:end ?end }
  OPTIONAL { ?tie geo:mayFrom ?mayFrom }
  OPTIONAL { ?tie geo:certainty ?certainty }
  OPTIONAL { ?tie geo:level/skos:prefLabel ?level }
  OPTIONAL { ?tie geo:evidence/geo:quote ?quote }
}
ORDER BY ?mayFrom ?type ?fromLabel ?quote
"""

PLAIN_HOSTILE_TIES_OF = """
SELECT DISTINCT ?tie ?kind ?type ?fromLabel ?toLabel ?stance ?start ?end ?certainty WHERE {
  { ?tie geo:from ?actor } UNION { ?tie geo:to ?actor }
  ?tie a geo:Statement ; geo:statementType ?tieType ; geo:from ?from ; geo:to ?to .
  ?tieType geo:kind ?kindConcept ; skos:prefLabel ?type .
  ?kindConcept skos:notation ?kind .
  ?from skos:prefLabel ?fromLabel .
  ?to skos:prefLabel ?toLabel .
  OPTIONAL { ?tie geo:level ?level . ?level geo:score ?levelScore }
  OPTIONAL { ?tieType geo:score ?typeScore }
  OPTIONAL { ?tie geo:cameoCode ?cameo . ?cameo geo:score ?cameoScore }
  OPTIONAL { ?tie geo:start ?start }
  OPTIONAL { ?tie geo:end ?end }
  OPTIONAL { ?tie geo:certainty ?certainty }
  BIND(COALESCE(IF(?kind = "relation", ?levelScore, IF(?kind = "attitude", ?typeScore, ?cameoScore)), 0) AS ?stance)
  FILTER(?stance < 0)
}
ORDER BY ?stance ?tie
"""

PLAIN_COOPERATIVE_TIES_OF = PLAIN_HOSTILE_TIES_OF.replace("FILTER(?stance < 0)", "FILTER(?stance > 0)").replace(
    "ORDER BY ?stance ?tie", "ORDER BY DESC(?stance) ?tie"
)

# Odd statements the bundled graph does not have, each a case where a reshaped form could differ from its
# plain form if it were not the same query: a relation with two levels (one scored, one with neither score
# nor label), evidence without a quote beside one with a quote, an event whose location has no label and
# one with two locations, a statement with two certainties, a statement type with a second label, an
# actor of two actor classes, an event with two CAMEO codes (one without a score).
ODD_TURTLE = """
@prefix : <https://w3id.org/geokg/id/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

:oddLevel a skos:Concept .
:oddPlace a geo:Region .
geo:Support skos:prefLabel "backing"@en-GB .
:Russia a geo:HistoricalState .

:rel_odd_Russia_Taliban a geo:Relation ;
    geo:statementType geo:Support ;
    geo:from :Russia ; geo:to :Taliban ;
    geo:level geo:LevelHostile , :oddLevel ;
    geo:certainty geo:Asserted , geo:Likely ;
    geo:start "2019"^^xsd:gYear ;
    geo:evidence [ a geo:Evidence ; prov:wasQuotedFrom :src_afghanistan_and_russia ] ,
        [ a geo:Evidence ; geo:quote "an odd quote" ; prov:wasQuotedFrom :src_afghanistan_and_russia ] .

:ev_odd_Taliban_Russia a geo:Event ;
    skos:prefLabel "odd talks"@en ;
    geo:statementType geo:Talks ;
    geo:from :Taliban ; geo:to :Russia ;
    geo:cameoCode geo:CAMEO_11 , :oddCode ;
    geo:certainty geo:Possible ;
    geo:date "2022-05-01"^^xsd:date ;
    geo:location :oddPlace , :Afghanistan ;
    geo:evidence [ a geo:Evidence ; prov:wasQuotedFrom :src_afghanistan_and_russia ] .

:ev_odd_nowhere a geo:Event ;
    geo:statementType geo:Talks ;
    geo:from :Pakistan ; geo:to :Taliban ;
    geo:certainty geo:Unlikely ;
    geo:location :oddPlace .
"""


@pytest.fixture(scope="module")
def store_kg(kg, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("shapes") / "store"
    build_store(kg, folder)
    return open_knowledge_graph(folder)


@pytest.fixture(scope="module")
def odd_kg(tmp_path_factory):
    import geokg

    path: Path = tmp_path_factory.mktemp("odd") / "odd.ttl"
    path.write_text(ODD_TURTLE, encoding="utf-8")
    return geokg.load([path])


@pytest.fixture(scope="module")
def odd_store_kg(odd_kg, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("odd-shapes") / "store"
    build_store(odd_kg, folder)
    return open_knowledge_graph(folder)


@pytest.fixture(scope="module")
def graphs(kg, store_kg, odd_kg, odd_store_kg):
    return {"memory": kg, "store": store_kg, "odd memory": odd_kg, "odd store": odd_store_kg}


def _year(value: int) -> Term:
    return Term("literal", str(value), XSD + "integer")


def _flag(value: bool) -> Term:
    return Term("literal", "true" if value else "false", XSD + "boolean")


def _table(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    return result.variables, [[row[v].n3() if v in row else "" for v in result.variables] for row in result.rows]


AS_OF_BINDINGS = [
    {"year": _year(year), **flags}
    for year in (1919, 1979, 1985, 1989, 1992, 2001, 2014, 2021, 2022, 2023)
    for flags in (
        {},
        {"mayHold": _flag(True)},
        {"superseded": _flag(True)},
        {"mayHold": _flag(True), "superseded": _flag(True)},
        {"mayHold": _flag(False)},
    )
]


@pytest.mark.parametrize("where", ["store", "memory", "odd store", "odd memory"])
def test_ties_as_of_gives_the_rows_of_its_plain_form(graphs, where):
    graph = graphs[where]
    text = named_query("ties-as-of").text
    nonempty = 0
    bindings_tried = AS_OF_BINDINGS if "store" in where else AS_OF_BINDINGS[5::3]  # rdflib is slow
    for bindings in bindings_tried:
        shaped = _table(run_query(graph, text, bindings=bindings))
        plain = _table(run_query(graph, PLAIN_TIES_AS_OF, bindings=bindings))
        assert shaped == plain, bindings
        nonempty += bool(shaped[1])
    assert nonempty > len(bindings_tried) // 2  # the comparison is not between empty answers


@pytest.mark.parametrize("where", ["store", "memory", "odd store", "odd memory"])
def test_ties_per_type_gives_the_rows_of_its_plain_form(graphs, where):
    graph = graphs[where]
    shaped = _table(run_query(graph, named_query("ties-per-type").text))
    plain = _table(run_query(graph, PLAIN_TIES_PER_TYPE))
    assert shaped == plain
    assert len(shaped[1]) > 10


def _actor(name: str) -> Term:
    return Term("uri", "https://w3id.org/geokg/id/" + name)


ACTORS = ("Russia", "Taliban", "Pakistan", "SovietUnion", "Mujahideen", "UnitedStates", "Afghanistan")

SHAPED_CASES = {
    "actors-as-of": (
        PLAIN_ACTORS_AS_OF,
        [
            {"year": _year(year), **flags}
            for year in (1919, 1979, 1985, 1991, 2001, 2021, 2022, 2030)
            for flags in ({}, {"mayHold": _flag(True)}, {"mayHold": _flag(False)})
        ],
    ),
    "events-in-order": (PLAIN_EVENTS_IN_ORDER, [{}]),
    "prospective-ties": (PLAIN_PROSPECTIVE_TIES, [{}]),
    "ties-between": (
        PLAIN_TIES_BETWEEN,
        [{"a": _actor(a), "b": _actor(b)} for a in ACTORS for b in ACTORS if a < b],
    ),
    "hostile-ties-of": (PLAIN_HOSTILE_TIES_OF, [{}] + [{"actor": _actor(a)} for a in ACTORS]),
    "cooperative-ties-of": (PLAIN_COOPERATIVE_TIES_OF, [{}] + [{"actor": _actor(a)} for a in ACTORS]),
}


@pytest.mark.parametrize("where", ["store", "memory", "odd store", "odd memory"])
@pytest.mark.parametrize("name", sorted(SHAPED_CASES))
def test_shaped_query_gives_the_rows_of_its_plain_form(graphs, name, where):
    graph = graphs[where]
    plain_text, bindings_tried = SHAPED_CASES[name]
    text = named_query(name).text
    nonempty = 0
    for bindings in bindings_tried:
        shaped = _table(run_query(graph, text, bindings=bindings))
        plain = _table(run_query(graph, plain_text, bindings=bindings))
        assert shaped == plain, bindings
        nonempty += bool(shaped[1])
    assert nonempty > len(bindings_tried) // 3  # the comparison is not between empty answers


@pytest.mark.parametrize("where", ["odd store", "odd memory"])
def test_odd_statements_reach_the_answers(graphs, where):
    # the odd statements are in the answers compared above, so the comparison covers them
    graph = graphs[where]
    between = run_query(
        graph, named_query("ties-between").text, bindings={"a": _actor("Russia"), "b": _actor("Taliban")}
    )
    odd = [row for row in between.plain_rows() if row["tie"].endswith("rel_odd_Russia_Taliban")]
    assert {row["quote"] for row in odd} == {"an odd quote"}  # the evidence without a quote adds no row
    events = run_query(graph, named_query("events-in-order").text).plain_rows()
    locations = {row["event"].rsplit("/", 1)[1]: row["locationLabel"] for row in events if "_odd_" in row["event"]}
    assert locations == {"ev_odd_Taliban_Russia": "Afghanistan", "ev_odd_nowhere": None}
    hostile = run_query(graph, named_query("hostile-ties-of").text, bindings={"actor": _actor("Russia")}).plain_rows()
    assert any(row["tie"].endswith("rel_odd_Russia_Taliban") for row in hostile)


def test_packed_store_answers_are_the_terms_oxigraph_gives(store_kg):
    from pyoxigraph import QuerySolutions

    from geokg.namespaces import PREFIXES
    from geokg.results import term_from_oxigraph

    backend = store_kg.backend
    assert isinstance(backend, OxigraphBackend)
    text = (
        "SELECT ?s ?label ?n ?none ?lang WHERE { ?s skos:prefLabel ?label . OPTIONAL { ?s geo:mayFrom ?n } "
        'OPTIONAL { ?s geo:nothing ?none } BIND(STRLANG("x", "en") AS ?lang) } ORDER BY ?s ?label LIMIT 300'
    )
    expected = backend.store.query(text, prefixes=dict(PREFIXES))
    assert isinstance(expected, QuerySolutions)
    names = [v.value for v in expected.variables]
    cells = [{n: term_from_oxigraph(s[n]) for n in names if s[n] is not None} for s in expected]
    result = backend.answer(text)
    assert result.variables == names
    assert result.rows == cells
    assert any("n" in row for row in result.rows) and any("n" not in row for row in result.rows)
    assert all("none" not in row for row in result.rows)
    assert result.rows[0]["lang"] == Term("literal", "x", None, "en")
