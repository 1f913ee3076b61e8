"""Named queries reshaped for Oxigraph's speed give the very rows (and order) of their plain form.

ties-as-of and ties-per-type read their patterns through sub-selects (hash joins in Oxigraph) and decide
the as-of rule before looking up labels; the plain texts below are what they were before. Both forms run
on a store and in memory, over years and flags, and must agree row for row.
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


@pytest.fixture(scope="module")
def store_kg(kg, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("shapes") / "store"
    build_store(kg, folder)
    return open_knowledge_graph(folder)


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


@pytest.mark.parametrize("where", ["store", "memory"])
def test_ties_as_of_gives_the_rows_of_its_plain_form(kg, store_kg, where):
    graph = store_kg if where == "store" else kg
    text = named_query("ties-as-of").text
    nonempty = 0
    bindings_tried = AS_OF_BINDINGS if where == "store" else AS_OF_BINDINGS[5::3]  # rdflib is slow
    for bindings in bindings_tried:
        shaped = _table(run_query(graph, text, bindings=bindings))
        plain = _table(run_query(graph, PLAIN_TIES_AS_OF, bindings=bindings))
        assert shaped == plain, bindings
        nonempty += bool(shaped[1])
    assert nonempty > len(bindings_tried) // 2  # the comparison is not between empty answers


@pytest.mark.parametrize("where", ["store", "memory"])
def test_ties_per_type_gives_the_rows_of_its_plain_form(kg, store_kg, where):
    graph = store_kg if where == "store" else kg
    shaped = _table(run_query(graph, named_query("ties-per-type").text))
    plain = _table(run_query(graph, PLAIN_TIES_PER_TYPE))
    assert shaped == plain
    assert len(shaped[1]) > 10


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
