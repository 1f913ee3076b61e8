"""Hardening: the SERVICE / FROM refusal is decided on the parsed query, bound values are single RDF terms,
and queries are bounded by default.

Issue 11, cases 2 (network past the guards), 8 (default timeout), 11 and 12 (deep queries, FROM NAMED).
"""

from __future__ import annotations

import time

import pytest

from _hardening import COUNT_ZERO, LoopbackServer, answer, error_line, geokg
from geokg.results import Term


def _recording_endpoint(handler):
    answer(handler, 200, COUNT_ZERO)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    import geokg as lib
    from geokg.stores import build_store

    folder = tmp_path_factory.mktemp("hardening-store") / "kg"
    build_store(lib.load(), folder)
    return folder


def test_unicode_escaped_service_is_refused_in_memory_and_nothing_is_sent():
    with LoopbackServer(_recording_endpoint) as server:
        query = "SELECT * WHERE { \\u0053ERVICE <" + server.url + "/sparql> { ?s ?p ?o } }"
        line = error_line(geokg("query", query, timeout=60))
        assert "SERVICE" in line and "refused" in line
        assert server.requests == []


@pytest.mark.parametrize("where", ["memory", "store"])
def test_a_nbsp_and_quote_in_an_iri_do_not_hide_a_later_service(store_dir, where):
    # rdflib (and Oxigraph) read <http://example.org/a\u00a0'b> as one IRI; a lexer that takes the
    # non-breaking space for white space sees a string starting at the quote, swallowing the SERVICE.
    with LoopbackServer(_recording_endpoint) as server:
        query = (
            "SELECT * WHERE { ?s ?p <http://example.org/a\u00a0'b> . SERVICE <" + server.url + "/sparql> "
            "{ ?s ?p ?o } } #'"
        )
        extra = ["--store", str(store_dir)] if where == "store" else []
        line = error_line(geokg("query", query, *extra, timeout=60))
        assert "SERVICE" in line and "refused" in line
        assert server.requests == []


@pytest.mark.parametrize("where", ["store", "endpoint"])
def test_a_crafted_datatype_in_bind_is_not_pasted_into_the_query(store_dir, where):
    with LoopbackServer(_recording_endpoint) as server, LoopbackServer(_recording_endpoint) as victim:
        spec = 'x="a"^^xsd:z>)}SERVICE<' + victim.url + "/>{?s?p?o}}#"
        extra = ["--store", str(store_dir)] if where == "store" else ["--endpoint", server.url + "/query"]
        result = geokg("query", "SELECT ?s WHERE { ?s ?p ?x }", "--bind", spec, *extra, timeout=60)
        assert "is not one RDF term" in error_line(result)
        assert victim.requests == []
        assert not any(b"SERVICE" in body for _m, _p, body in server.requests)


def test_bound_values_are_serialized_by_a_real_serializer():
    from geokg.errors import InputError
    from geokg.results import Term
    from geokg.sparql import parse_binding, values_block

    name, term = parse_binding(None, 'x="say \\"hi\\""@en')
    assert (name, term) == ("x", Term("literal", 'say "hi"', None, "en"))
    assert values_block({"x": term}) == 'VALUES (?x) { ("say \\"hi\\""@en) }'
    bad_values = ["<http://a> <http://b>", '"1"^^xsd:integer , 2', "_:b", '"a"^^<http://x/a b>', "<http://a b>"]
    for bad in [*bad_values, '"a"@-en-']:
        with pytest.raises(InputError):
            parse_binding(None, f"x={bad}")
    with pytest.raises(InputError):  # an IRI with a character no IRI may hold is not a term
        values_block({"x": Term("uri", "http://example.org/a>b")})


def test_queries_have_a_default_time_limit(monkeypatch, invoke):
    import geokg.sparql

    monkeypatch.setattr(geokg.sparql, "DEFAULT_TIMEOUT", 1.0)
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    result = invoke("query", cartesian)
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert "ran longer than 1 s" in result.stderr


def test_timeout_zero_means_no_limit(invoke):
    result = invoke("query", "ASK { ?s ?p ?o }", "--timeout", "0")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "true"


def test_the_default_limit_is_documented():
    from _hardening import ROOT
    from geokg.sparql import DEFAULT_TIMEOUT

    assert DEFAULT_TIMEOUT == 60
    assert "--timeout 0" in (ROOT / "docs" / "query.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("depth", [60, 400])
def test_deeply_nested_groups_are_a_plain_error(depth):
    query = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth
    assert "nests too deeply" in error_line(geokg("query", query, timeout=120))


def test_from_named_with_allow_network_is_a_plain_error():
    def serve(handler):
        answer(handler, 200, b"<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n", "application/n-triples")

    with LoopbackServer(serve) as server:
        query = "SELECT * FROM NAMED <" + server.url + "/g.nt> WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert "FROM" in error_line(geokg("query", "--allow-network", query, timeout=60))


def test_the_bound_text_is_the_checked_text_with_one_values_block(store_dir):
    from geokg.errors import QuerySyntaxError
    from geokg.sparql import bound_text, check_query, insert_values, values_block, verify_bound
    from geokg.stores import open_knowledge_graph

    # terms of every shape, with the characters a lexer could trip on, go through and come back unchanged
    terms = {
        "a": Term("uri", "https://w3id.org/geokg/id/Russia"),
        "b": Term("literal", "a\"} SERVICE <http://x/> { ?s ?p ?o } #\n'\\", None, None),
        "c": Term("literal", "Кабул", None, "ru"),
        "d": Term("literal", "1985", "http://www.w3.org/2001/XMLSchema#gYear"),
    }
    query = "SELECT ?a ?b ?c ?d WHERE { VALUES ?z { 1 } }"  # a group that already starts with VALUES
    checked = check_query(query)
    final = bound_text(checked, terms, allow_network=False)
    assert final.count("VALUES") == 2 and "SERVICE <http" in final  # inside the literal, escaped
    answer = open_knowledge_graph(store_dir).backend.query(checked, terms)
    assert answer.rows == [terms]
    # anything but the block where insert_values puts it is refused
    moved = "SELECT ?a ?b ?c ?d WHERE { VALUES ?z { 1 } " + values_block(terms) + " }"
    extra = insert_values(query, terms) + " LIMIT 1"
    for wrong in (moved, extra, insert_values(query, {"a": terms["a"]})):
        with pytest.raises(QuerySyntaxError, match="one VALUES block"):
            verify_bound(query, wrong, terms)


def test_a_crafted_literal_cannot_leave_its_block_on_a_store(store_dir):
    with LoopbackServer(_recording_endpoint) as victim:
        spec = "x='a\" } } SERVICE <" + victim.url + "/> { ?s ?p ?o } #'"
        result = geokg("query", "SELECT ?x WHERE { }", "--bind", spec, "--store", str(store_dir), "--format", "csv")
        assert result.returncode == 0, result.stderr
        assert "SERVICE" in result.stdout and victim.requests == []
