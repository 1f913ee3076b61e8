"""`geokg query` and `geokg queries` through the CLI: sources of the query, bindings, formats, safety."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from geokg.namespaces import ID

CSTO_QUERY = "SELECT ?m WHERE { ?m geo:memberOf id:CSTO } ORDER BY ?m"
CSTO = sorted(str(ID[n]) for n in ("Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"))
SR = "{http://www.w3.org/2005/sparql-results#}"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geokg: error:"), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# -- where the query comes from ----------------------------------------------------------------------------
def test_inline_query_with_predeclared_prefixes(invoke):
    out = ok(invoke("query", CSTO_QUERY, "--format", "csv"))
    assert out.splitlines()[1:] == CSTO


def test_query_from_file_and_from_stdin(invoke, tmp_path):
    file = tmp_path / "q.rq"
    file.write_text("# members\n" + CSTO_QUERY + "\n", encoding="utf-8")
    assert ok(invoke("query", "--file", str(file), "--format", "csv")).splitlines()[1:] == CSTO
    assert ok(invoke("query", "-", "--format", "csv", input=CSTO_QUERY)).splitlines()[1:] == CSTO
    assert ok(invoke("query", "--file", "-", "--format", "csv", input=CSTO_QUERY)).splitlines()[1:] == CSTO


def test_named_query_and_listing(invoke):
    out = ok(invoke("query", "--name", "csto-members", "--format", "json"))
    assert [b["member"]["value"] for b in json.loads(out)["results"]["bindings"]] == CSTO
    listing = json.loads(ok(invoke("queries", "--format", "json")))
    assert len(listing) >= 18
    between = next(q for q in listing if q["name"] == "ties-between")
    assert between["parameters"] == "a (actor), b (actor)" and between["title"]
    shown = ok(invoke("queries", "ties-between"))
    assert shown.startswith("# Title:") and "SELECT" in shown


def test_bind_resolves_actor_names(invoke):
    by_alias = ok(invoke("query", "--name", "backers-of", "--bind", "actor=the taliban", "--format", "csv"))
    by_iri = ok(invoke("query", "--name", "backers-of", "--bind", f"actor=<{ID.Taliban}>", "--format", "csv"))
    by_pname = ok(invoke("query", "--name", "backers-of", "--bind", "actor=id:Taliban", "--format", "csv"))
    assert by_alias == by_iri == by_pname
    assert str(ID.Pakistan) in by_alias
    # the invasion is now an event plus a military-presence relation (relations.ttl), whose plain triple is hasForcesIn
    ussr = ok(invoke("query", "SELECT ?to WHERE { ?x geo:hasForcesIn ?to }", "--bind", "x=USSR", "--format", "csv"))
    assert ussr.splitlines()[1:] == [str(ID.Afghanistan)]


def test_bind_typed_literals(invoke):
    q = "SELECT ?v (DATATYPE(?v) AS ?t) WHERE { }"
    cases = {
        "1985": "http://www.w3.org/2001/XMLSchema#integer",
        "0.5": "http://www.w3.org/2001/XMLSchema#decimal",
        "2021-08-15": "http://www.w3.org/2001/XMLSchema#date",
        "true": "http://www.w3.org/2001/XMLSchema#boolean",
        '"Kabul"': "http://www.w3.org/2001/XMLSchema#string",
    }
    for value, datatype in cases.items():
        out = ok(invoke("query", q, "--bind", f"v={value}", "--format", "json"))
        binding = json.loads(out)["results"]["bindings"][0]
        assert binding["t"]["value"] == datatype, value
    tagged = json.loads(ok(invoke("query", q, "--bind", 'v="Kabul"@en', "--format", "json")))
    assert tagged["results"]["bindings"][0]["v"] == {"type": "literal", "value": "Kabul", "xml:lang": "en"}


def test_bind_is_not_text_substitution(invoke):
    # A value that would break out of the query if pasted as text is only ever a literal.
    sneaky = '"x" } UNION { ?s ?p ?o } #"'
    q = "SELECT ?s WHERE { ?s skos:prefLabel ?name }"
    out = ok(invoke("query", q, "--bind", f"name={sneaky}", "--format", "csv"))
    assert out.splitlines() == ["s"]
    err = one_line_error(invoke("query", "SELECT ?s WHERE { ?s skos:prefLabel ?name }", "--bind", "name=x } UNION {"))
    assert "unknown actor" in err


# -- output formats ------------------------------------------------------------------------------------------
def test_select_formats(invoke):
    q = "SELECT ?m ?label ?none WHERE { ?m geo:memberOf id:CSTO ; skos:prefLabel ?label } ORDER BY ?m"
    out = ok(invoke("query", q, "--format", "json"))
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["m", "label", "none"]
    first = doc["results"]["bindings"][0]
    assert first["m"] == {"type": "uri", "value": CSTO[0]}
    assert first["label"] == {"type": "literal", "value": "Kazakhstan", "xml:lang": "en"}
    assert "none" not in first

    root = ET.fromstring(ok(invoke("query", q, "--format", "xml")))
    assert [v.get("name") for v in root.iter(SR + "variable")] == ["m", "label", "none"]
    results = list(root.iter(SR + "result"))
    assert len(results) == 4 and results[0].find(f"{SR}binding/{SR}uri").text == CSTO[0]

    csv_result = invoke("query", q, "--format", "csv")
    assert b"\r\n" in csv_result.stdout_bytes
    csv_text = ok(csv_result)
    table = list(csv.reader(io.StringIO(csv_text)))
    assert table[0] == ["m", "label", "none"] and table[1] == [CSTO[0], "Kazakhstan", ""]

    tsv = ok(invoke("query", q, "--format", "tsv")).split("\n")
    assert tsv[0] == "?m\t?label\t?none"
    assert tsv[1] == f'<{CSTO[0]}>\t"Kazakhstan"@en\t'

    md = ok(invoke("query", q, "--format", "md")).splitlines()
    assert md[0] == "| m | label | none |" and md[2] == "| id:Kazakhstan | Kazakhstan |  |"

    table_out = ok(invoke("query", q, "--format", "table"))
    assert "id:Kazakhstan" in table_out and "label" in table_out


def test_tsv_numbers_and_escapes(invoke):
    q = 'SELECT ?n ?d ?s WHERE { BIND(42 AS ?n) BIND(0.5 AS ?d) BIND("a\\tb\\"c" AS ?s) }'
    line = ok(invoke("query", q, "--format", "tsv")).split("\n")[1]
    assert line == '42\t0.5\t"a\\tb\\"c"'


def test_default_format_off_a_terminal_is_tsv(invoke):
    assert ok(invoke("query", CSTO_QUERY)).startswith("?m\n<")


def test_ask_prints_true_or_false_and_exits_0_or_1(invoke):
    yes = invoke("query", "ASK { id:Pakistan geo:supports id:Taliban }")
    assert yes.stdout == "true\n" and yes.exit_code == 0
    no = invoke("query", "ASK { id:Russia geo:supports id:Taliban }")
    assert no.stdout == "false\n" and no.exit_code == 1
    assert json.loads(ok(invoke("query", "ASK { ?s ?p ?o }", "--format", "json"))) == {"head": {}, "boolean": True}


def test_construct_formats(invoke):
    q = "CONSTRUCT { ?a geo:supports ?b } WHERE { ?a geo:supports ?b }"
    turtle = ok(invoke("query", q))
    assert "@prefix geo:" in turtle and "geo:supports" in turtle
    nt = ok(invoke("query", q, "--format", "nt")).splitlines()
    assert f"<{ID.Pakistan}> <https://w3id.org/geokg/ontology#supports> <{ID.Taliban}> ." in nt
    doc = json.loads(ok(invoke("query", q, "--format", "json-ld")))
    assert "@context" in doc or isinstance(doc, list)
    rdfxml = ok(invoke("query", q, "--format", "xml"))
    assert ET.fromstring(rdfxml).tag.endswith("RDF")
    described = ok(invoke("query", "DESCRIBE id:CSTO", "--format", "nt"))
    assert str(ID.CSTO) in described
    wrong = invoke("query", q, "--format", "csv")
    assert "is for SELECT results" in one_line_error(wrong)


def test_output_file_is_atomic(invoke, tmp_path):
    target = tmp_path / "members.csv"
    result = invoke("query", CSTO_QUERY, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").splitlines()[1:] == CSTO  # format from the suffix
    target.write_text("old", encoding="utf-8")
    bad = invoke("query", "SELECT ?x WHERE { ?x ?y }", "-o", str(target))
    one_line_error(bad)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["members.csv"]
    missing_dir = invoke("query", CSTO_QUERY, "-o", str(tmp_path / "nope" / "x.csv"))
    assert "does not exist" in one_line_error(missing_dir)


# -- reasoning ----------------------------------------------------------------------------------------------
def test_reasoning_finds_actors_through_subclasses(invoke, kg):
    q = "SELECT ?a WHERE { ?a a geo:Actor }"
    plain = ok(invoke("query", q, "--format", "csv")).splitlines()[1:]
    assert plain == []
    rdfs = set(ok(invoke("query", q, "--reasoning", "rdfs", "--format", "csv")).splitlines()[1:])
    assert rdfs == {e.iri for e in kg.entities.values() if e.is_actor}
    assert str(ID.Taliban) in rdfs and str(ID.Russia) in rdfs and str(ID.CSTO) in rdfs
    owl = set(ok(invoke("query", q, "--reasoning", "owl-rl", "--format", "csv")).splitlines()[1:])
    assert owl == rdfs
    assert len(kg.graph) == kg.info()["triples"]  # the loaded graph itself is unchanged


def test_owl_rl_uses_symmetric_properties(invoke):
    q = "ASK { id:Kazakhstan geo:alliedWith id:Russia }"
    assert invoke("query", q, "--reasoning", "owl-rl").stdout == "true\n"


# -- bad input: one line, exit 2 ------------------------------------------------------------------------
def test_syntax_error_names_line_column_and_token(invoke):
    err = one_line_error(invoke("query", "SELECT ?a WHERE {\n  ?a a geo:State .\n  FILTER(?a = ) }"))
    assert "line 3" in err and "column" in err and "near 'FILTER'" in err
    err = one_line_error(invoke("query", "SELEC ?a WHERE { ?a ?b ?c }"))
    assert "line 1, column 1 near 'SELEC'" in err


def test_unknown_prefix(invoke):
    err = one_line_error(invoke("query", "SELECT ?a WHERE {\n ?a a foo:State }"))
    assert "unknown prefix 'foo'" in err and "line 2, column 7" in err


def test_unknown_named_query(invoke):
    err = one_line_error(invoke("query", "--name", "csto-member"))
    assert "unknown named query 'csto-member'" in err and "did you mean: csto-members" in err


@pytest.mark.parametrize("spec", ["actor", "=Taliban", "actor=", "a b=Taliban"])
def test_malformed_bind(invoke, spec):
    err = one_line_error(invoke("query", "--name", "backers-of", "--bind", spec))
    assert "malformed --bind" in err


def test_unknown_variable_in_bind(invoke):
    err = one_line_error(invoke("query", CSTO_QUERY, "--bind", "x=Russia"))
    assert "no variable ?x" in err and "?m" in err


def test_unknown_actor_in_bind(invoke):
    err = one_line_error(invoke("query", "--name", "backers-of", "--bind", "actor=Talibn"))
    assert "unknown actor 'Talibn'" in err and "did you mean: Taliban" in err


def test_missing_and_mistyped_parameters(invoke):
    err = one_line_error(invoke("query", "--name", "ties-between", "--bind", "a=Russia"))
    assert "needs --bind b=" in err
    err = one_line_error(invoke("query", "--name", "ties-as-of", "--bind", "year=Russia"))
    assert "expected a year" in err


def test_query_file_that_does_not_exist(invoke, tmp_path):
    err = one_line_error(invoke("query", "--file", str(tmp_path / "missing.rq")))
    assert "does not exist" in err


def test_update_is_refused(invoke):
    for update in (
        "INSERT DATA { id:A geo:supports id:B }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/x>",
    ):
        err = one_line_error(invoke("query", update))
        assert "read-only" in err


def test_service_and_from_need_allow_network(invoke):
    err = one_line_error(invoke("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"))
    assert "SERVICE" in err and "--allow-network" in err
    err = one_line_error(invoke("query", "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }"))
    assert "FROM" in err and "--allow-network" in err
    err = one_line_error(invoke("query", "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert "FROM" in err


def test_exactly_one_query_source(invoke, tmp_path):
    assert "exactly one" in one_line_error(invoke("query"))
    assert "exactly one" in one_line_error(invoke("query", CSTO_QUERY, "--name", "csto-members"))


def test_timeout_stops_a_runaway_query(invoke):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    err = one_line_error(invoke("query", runaway, "--timeout", "0.5"))
    assert "longer than 0.5 s" in err
    assert ok(invoke("query", CSTO_QUERY, "--timeout", "30", "--format", "csv")).splitlines()[1:] == CSTO


def test_help_has_examples(invoke):
    out = ok(invoke("query", "--help"))
    assert "Examples:" in out and "--name csto-members" in out and "--reasoning" in out and "--store" in out
    assert "Examples:" in ok(invoke("queries", "--help"))
