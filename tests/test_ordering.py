"""A store's final ORDER BY done in Python (geokg.ordering) gives Oxigraph's own order.

The reference is always Oxigraph: the same text run with its ORDER BY by the store itself
(``OxigraphBackend.answer`` sends a text as it is). Values of every kind the Python sort handles (IRIs,
strings with accents and capitals, strings in one language, negative and large integers, decimals, unbound
values) are compared with a unique last key, so the order is total and must match row for row; columns of
kinds it does not handle (mixed kinds, blank nodes, dates, doubles, two languages) must fall back to Oxigraph's
sort and match too. Every named query, with the bindings of its examples, is compared on a store of the
bundled graph.
"""

from __future__ import annotations

import shlex

import pytest

from geokg.named_queries import list_named_queries
from geokg.ordering import sort_rows, split_order
from geokg.sparql import check_query, parse_binding, run_query
from geokg.stores import OxigraphBackend

EX = "http://example.org/"


# -- splitting the clause ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a", (("a", False),)),
        ("SELECT ?a WHERE { ?a ?p ?o } order by desc( ?a ) $o", (("a", True), ("o", False))),
        ("SELECT ?a WHERE { ?a ?p ?o } ORDER BY ASC(?a) DESC(?o) ?p", (("a", False), ("o", True), ("p", False))),
        (
            "SELECT ?a (COUNT(?o) AS ?n) WHERE { ?a ?p ?o } GROUP BY ?a HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) ?a",
            (("n", True), ("a", False)),
        ),
        # an ORDER BY inside a sub-select is the sub-select's; the outer one is split
        ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?o LIMIT 2 } } ORDER BY ?a", (("a", False),)),
        ('SELECT ?a WHERE { ?a ?p "} ORDER BY ?x" } # ORDER BY ?y\nORDER BY ?a', (("a", False),)),
    ],
)
def test_split_order_finds_the_final_clause_of_plain_variables(text, keys):
    order = split_order(text)
    assert order is not None
    assert order.keys == keys
    assert split_order(order.text) is None  # the clause is gone
    assert check_query(order.text).kind == "SELECT"  # and what is left is a query


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?a WHERE { ?a ?p ?o }",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a LIMIT 3",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a OFFSET 3",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY STR(?a)",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY (?a)",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY DESC(?a + 1)",
        "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a VALUES ?a { <http://example.org/a> }",
        "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a } }",
    ],
)
def test_split_order_leaves_everything_else_to_the_store(text):
    assert split_order(text) is None


# -- the order against Oxigraph's ---------------------------------------------------------------------
VALUES = {
    "iri": ["<http://example.org/b>", "<http://example.org/a/z>", "<http://example.org/é>", "<http://example.org/B>"],
    "string": ['"beta"', '"Beta"', '"alpha"', '"éclair"', '"zeta"', '""', '"a b"', '"10"'],
    "english": ['"Kabul"@en', '"kabul"@en', '"Ürümqi"@en', '"Herat"@en'],
    "integer": ["5", "-3", "10", "0", "9223372036854775807", "-9223372036854775808", '"07"^^xsd:integer'],
    "number": ["5", "2.5", "-0.75", "10", "1.0", "3"],
    # kinds the Python sort hands back to Oxigraph
    "mixed": ["<http://example.org/x>", '"x"', "3", '"y"@en'],
    "languages": ['"a"@en', '"b"@ru', '"a"@ru', '"c"@en'],
    "plain and english": ['"a"', '"b"@en', '"c"'],
    "dates": ['"2021-08-15"^^xsd:date', '"1989-02-15"^^xsd:date', '"2001-01-01"^^xsd:date'],
    "doubles": ["1.5e0", "-2e3", "7e-1"],
    "huge": ['"99999999999999999999"^^xsd:integer', "1", "2"],
    "blank": ["_:b1", "_:b2", "<http://example.org/n>"],
}
HANDLED = ("iri", "string", "english", "integer", "number")


@pytest.fixture(scope="module")
def ordered_store():
    from pyoxigraph import RdfFormat, Store

    lines = ["@prefix ex: <http://example.org/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for name, values in VALUES.items():
        for i in range(24):  # repeated values, and some rows without one (unbound)
            row = f"ex:{name.replace(' ', '_')}{i:02d}"
            lines.append(f"{row} a ex:Row ; ex:set ex:{name.replace(' ', '_')} .")
            if i % 5 != 4:
                lines.append(f"{row} ex:value {values[(i * 7) % len(values)]} .")
            if i % 3:
                lines.append(f"{row} ex:other {values[(i * 5 + 1) % len(values)]} .")
    store = Store()
    store.load("\n".join(lines).encode(), format=RdfFormat.TURTLE)
    return OxigraphBackend(store)


def _rows(result):
    return [tuple(row.get(v) for v in result.variables) for row in result.rows]


def _both(backend, text):
    checked = check_query(text)
    ours = backend.query(checked, timeout=None)
    oxigraph = backend.answer(text)  # the text as it is: Oxigraph's own ORDER BY
    return _rows(ours), _rows(oxigraph)


@pytest.mark.parametrize("name", list(VALUES))
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_store_order_is_oxigraphs_row_for_row(ordered_store, name, direction):
    set_iri = f"<{EX}{name.replace(' ', '_')}>"
    text = (
        f"SELECT ?row ?value ?other WHERE {{ ?row <{EX}set> {set_iri} . OPTIONAL {{ ?row <{EX}value> ?value }} "
        f"OPTIONAL {{ ?row <{EX}other> ?other }} }} ORDER BY {direction}(?value) ?other DESC(?row)"
    )
    ours, oxigraph = _both(ordered_store, text)
    assert len(ours) == 24
    assert any(row[1] is None for row in ours)  # unbound values take part
    assert ours == oxigraph


def test_the_python_sort_takes_exactly_the_simple_kinds(ordered_store):
    # which columns geokg.ordering sorts itself, and which it hands back to Oxigraph
    for name in VALUES:
        set_iri = f"<{EX}{name.replace(' ', '_')}>"
        text = f"SELECT ?value WHERE {{ ?row <{EX}set> {set_iri} ; <{EX}value> ?value }}"
        packed = ordered_store._packed_answer(text)
        sorted_rows = sort_rows(packed.variables, packed.terms, packed.rows, (("value", False),))
        assert (sorted_rows is not None) == (name in HANDLED), name


def test_a_sort_variable_outside_the_answer_is_left_to_oxigraph(ordered_store):
    text = f"SELECT ?row WHERE {{ ?row <{EX}value> ?value }} ORDER BY ?value ?row"
    ours, oxigraph = _both(ordered_store, text)
    assert ours == oxigraph and len(ours) > 50


# -- every named query --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    import geokg
    from geokg.stores import build_store, open_knowledge_graph

    folder = tmp_path_factory.mktemp("ordering") / "kg"
    build_store(geokg.load(), folder)
    return open_knowledge_graph(folder)


def _example_bindings(query, kg):
    found = [{}]
    for example in query.examples:
        words = shlex.split(example)
        specs = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--bind"]
        found.append(dict(parse_binding(kg, spec) for spec in specs))
    return [b for b in found if set(query.required) <= set(b)]


@pytest.mark.parametrize("query", list_named_queries(), ids=lambda q: q.name)
def test_named_queries_come_out_in_oxigraphs_order(bundled_store, query):
    from geokg.sparql import bound_text

    backend = bundled_store.backend
    for bindings in _example_bindings(query, bundled_store):
        ours = run_query(bundled_store, query.text, bindings=bindings)
        text = bound_text(check_query(query.text), bindings, allow_network=False)
        oxigraph = backend.answer(text)
        assert ours.variables == oxigraph.variables
        # rows equal on every sort key may come in another order (SPARQL leaves it open, Oxigraph's sort is
        # unstable); everything else is in the same place
        order = split_order(query.text)
        keys = [name for name, _ in order.keys] if order else list(ours.variables)

        def sort_keys(result, keys=keys):
            return [tuple(row.get(k) for k in keys) for row in result.rows]

        assert sort_keys(ours) == sort_keys(oxigraph)
        assert sorted(map(repr, _rows(ours))) == sorted(map(repr, _rows(oxigraph)))
