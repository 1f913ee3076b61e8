"""geokg check: the consistency rules beyond SHACL, each finding once, focus by label and IRI."""

from __future__ import annotations

import json

from authoring_helpers import RECOGNITION_QUOTE, RECOGNITION_TEXT, recognition_workbook

PREFIXES = """
@prefix : <https://w3id.org/geokg/id/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:src_t a geo:Source ; dcterms:title "Test source" ; geo:reliability geo:ReliabilityB .
"""


def _statement(name: str, body: str, quote: str = "Russia and the Taliban held talks in Moscow.") -> str:
    return (
        f':{name} a geo:Event ; skos:prefLabel "{name} label"@en ; {body} ;\n'
        f'    geo:evidence [ a geo:Evidence ; geo:quote "{quote}" ; prov:wasQuotedFrom :src_t ] .\n'
    )


def _check(invoke, tmp_path, turtle: str, *args: str) -> list[dict[str, str]]:
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    result = invoke("check", str(path), "--no-shacl", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout or "[]")
    return [f for f in findings if "id:tie_" not in f["focus"] and "id:event_" not in f["focus"]]


def test_score_code_and_kind(invoke, tmp_path):
    turtle = (
        _statement(
            "a",
            "geo:statementType geo:Talks ; geo:from :Russia ; geo:to :Taliban ; geo:cameoCode geo:CAMEO_05 ;"
            ' geo:stance 0.8 ; geo:certainty geo:Asserted ; geo:date "2022"^^xsd:gYear',
        )
        + _statement(
            "b",
            "geo:statementType geo:JointExercise ; geo:from :Russia ; geo:to :Tajikistan ;"
            ' geo:cameoCode geo:CAMEO_19 ; geo:certainty geo:Asserted ; geo:date "2022"^^xsd:gYear',
        )
        + _statement(
            "c",
            "geo:statementType geo:Support ; geo:from :Russia ; geo:to :Taliban ;"
            " geo:level geo:LevelHostile ; geo:certainty geo:Asserted",
        )
    )
    findings = _check(invoke, tmp_path, turtle)
    messages = {(f["rule"], f["focus"].split(" <")[0], f["message"]) for f in findings}
    assert any(r == "score" and f == "a label" and "no score of its own" in m for r, f, m in messages)
    assert any(
        r == "score" and f == "b label" and "material conflict" in m and "material cooperation" in m
        for r, f, m in messages
    )
    assert any(r == "kind" and f == "c label" and "is a relation" in m for r, f, m in messages)
    assert any(
        r == "score" and f == "c label" and "level hostile contradicts the type support" in m for r, f, m in messages
    )


def test_dates_datatype_and_precision(invoke, tmp_path):
    turtle = (
        _statement(
            "d",
            "geo:statementType geo:Talks ; geo:from :Russia ; geo:to :Taliban ; geo:certainty geo:Asserted ;"
            ' geo:date "2025-07"^^xsd:gYear',
        )
        + ':e a geo:Relation ; skos:prefLabel "e label"@en ; geo:statementType geo:Support ; geo:from :Russia ;'
        ' geo:to :Taliban ; geo:certainty geo:Asserted ; geo:start "1995"^^xsd:gYear ;'
        ' geo:startPrecision geo:DecadePrecision ; geo:end "1990"^^xsd:gYear ;'
        ' geo:evidence [ a geo:Evidence ; geo:quote "Russia backed them." ; prov:wasQuotedFrom :src_t ] .\n'
    )
    findings = _check(invoke, tmp_path, turtle)
    text = "\n".join(f"{f['rule']}|{f['focus']}|{f['message']}" for f in findings)
    assert "date|d label <id:d>|geo:date '2025-07' is not a valid xsd:gYear; it is an xsd:gYearMonth" in text
    assert "decade precision needs an xsd:gYear ending in 0" in text
    assert "it starts (1995) after it ends (1990)" in text


def test_unknown_names_and_certainty_with_suggestions(invoke, tmp_path):
    turtle = _statement(
        "f", "geo:statementType geo:Suport ; geo:from :Rusia ; geo:to :Taliban ; geo:certainty geo:Conditional"
    )
    findings = _check(invoke, tmp_path, turtle)
    text = "\n".join(f["message"] for f in findings)
    assert "unknown statement type geo:Suport; did you mean: support" in text
    assert "geo:from id:Rusia is no actor or entity of the graph; did you mean: Russia" in text
    assert "a conditional statement needs its condition" in text


def test_duplicates_reported_once_and_focus_never_a_blank_node(invoke, tmp_path):
    body = (
        "geo:statementType geo:Talks ; geo:from :Russia ; geo:to :Taliban ; geo:certainty geo:Asserted ;"
        ' geo:cameoCode geo:CAMEO_04 ; geo:date "2022"^^xsd:gYear'
    )
    turtle = _statement("g1", body) + _statement("g2", body) + _statement("g3", body)
    findings = _check(invoke, tmp_path, turtle)
    dups = [f for f in findings if f["rule"] == "duplicate"]
    assert len(dups) == 1
    assert dups[0]["focus"] == "g1 label <id:g1>" and "g2 label <id:g2>" in dups[0]["message"]
    assert all(f["focus"].endswith(">") and "<_:" not in f["focus"] and "<n" not in f["focus"] for f in findings)
    assert len(findings) == len({(f["rule"], f["focus"], f["message"]) for f in findings})


def test_quote_not_in_the_source_text(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "b")
    out = tmp_path / "r.ttl"
    assert invoke("import", str(book), "-o", str(out)).exit_code == 0
    text = tmp_path / "article.txt"
    text.write_text(RECOGNITION_TEXT, encoding="utf-8")
    ok = invoke("--data", str(out), "check", "--no-shacl", "--text", f"src_news_2025_07_03={text}", "--format", "json")
    assert not [f for f in json.loads(ok.stdout or "[]") if f["rule"] == "quote"]
    text.write_text(RECOGNITION_TEXT.replace("first country", "only country"), encoding="utf-8")
    bad = invoke("--data", str(out), "check", "--no-shacl", "--text", f"src_news_2025_07_03={text}", "--format", "json")
    quotes = [f for f in json.loads(bad.stdout) if f["rule"] == "quote"]
    assert len(quotes) == 1 and bad.exit_code == 1
    assert quotes[0]["focus"].startswith("Russia recognition Taliban government (2025-07) <id:stmt_")
    assert RECOGNITION_QUOTE[:30] in quotes[0]["message"]
    unknown = invoke("--data", str(out), "check", "--text", f"src_nope={text}")
    assert unknown.exit_code == 2 and "no source 'src_nope'" in unknown.stderr


def test_an_imported_workbook_passes(invoke, tmp_path):
    out = tmp_path / "r.ttl"
    assert invoke("import", str(recognition_workbook(tmp_path / "b")), "-o", str(out)).exit_code == 0
    result = invoke("check", str(out), "--no-shacl", "--format", "json")
    mine = [f for f in json.loads(result.stdout or "[]") if "stmt_" in f["focus"] or "src_news" in f["focus"]]
    assert mine == []
