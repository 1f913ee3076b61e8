"""geokg import: workbooks to Turtle that --data loads; show, ties --as-of, conflicts and render see it."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Graph, Literal

from authoring_helpers import (
    EXAMPLE_DIR,
    RECOGNITION_QUOTE,
    RECOGNITION_SOURCE,
    RECOGNITION_STATEMENT,
    recognition_workbook,
    write_csv,
    write_xlsx,
)
from geokg.namespaces import GEO, ID, PROV, RDF, XSD_IRI

YEAR_MONTH = XSD_IRI + "gYearMonth"  # a string: pytest's collection probes rdflib's XSD namespace and warns


def _ties(invoke, out, *args):
    result = invoke("--data", str(out), "ties", "--format", "json", *args)
    if result.exit_code == 1:  # nothing matches: the command says so and exits 1
        assert "no statements" in result.stderr
        return []
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_recognition_workbook_is_imported_as_one_graded_statement(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "book")
    out = tmp_path / "recognition.ttl"
    result = invoke("import", str(book), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 source, 0 actors, 1 statement" in result.stdout
    g = Graph().parse(out)
    statements = list(g.subjects(GEO.statementType, GEO.Recognition))
    assert len(statements) == 1
    st = statements[0]
    assert (st, RDF.type, GEO.Relation) in g
    assert (st, GEO["from"], ID.Russia) in g  # "Moscow" is an alias of Russia
    assert (st, GEO.to, ID.TalibanGovernment) in g
    assert (st, GEO.start, Literal("2025-07", datatype=YEAR_MONTH)) in g
    assert (st, GEO.credibility, GEO.Credibility2) in g
    assert (st, GEO.certainty, GEO.Asserted) in g
    evidence = g.value(st, GEO.evidence)
    assert str(g.value(evidence, GEO.quote)) == RECOGNITION_QUOTE
    source = g.value(evidence, PROV.wasQuotedFrom)
    assert (source, GEO.reliability, GEO.ReliabilityB) in g
    assert (source, GEO.sha256, None) not in g  # no text file given
    assert str(g.value(source, GEO.reliability)).endswith("ReliabilityB")


def test_show_ties_as_of_conflicts_and_the_page_see_the_recognition(invoke, tmp_path):
    out = tmp_path / "recognition.ttl"
    assert invoke("import", str(recognition_workbook(tmp_path / "book")), "-o", str(out)).exit_code == 0
    show = invoke("--data", str(out), "show", "Russia")
    assert show.exit_code == 0
    assert "recognition Taliban government" in show.stdout
    assert RECOGNITION_QUOTE in show.stdout
    in_2025 = _ties(invoke, out, "--actor", "Russia", "--as-of", "2025")
    assert any(r["relation"] == "recognition" and r["to_label"] == "Taliban government" for r in in_2025)
    in_2024 = _ties(invoke, out, "--actor", "Russia", "--as-of", "2024")
    assert not any(r["relation"] == "recognition" for r in in_2024)
    conflicts = invoke("--data", str(out), "conflicts", "--actor", "Russia", "--format", "json")
    pair = {"recognition vs non-recognition", "non-recognition vs recognition"}
    rows = [r for r in json.loads(conflicts.stdout) if r["conflict"] in pair]
    assert len(rows) == 1
    row = rows[0]
    assert row["years"].startswith("2025")
    mine = "first" if row["first"].startswith("Russia recognition") else "second"
    assert row[f"{mine}_grade"] == "B2" and row[f"{mine}_source"] == RECOGNITION_SOURCE["title"]
    assert row["ranks_higher"] == mine and "better graded source: B2" in row["why"]
    page = tmp_path / "page.html"
    assert invoke("--data", str(out), "render", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "recognition" in html and "Taliban government" in html


def test_min_grade_keeps_only_well_graded_conflicts(invoke, tmp_path):
    out = tmp_path / "recognition.ttl"
    assert invoke("import", str(recognition_workbook(tmp_path / "book")), "-o", str(out)).exit_code == 0
    result = invoke("--data", str(out), "conflicts", "--min-grade", "B2", "--format", "json")
    assert json.loads(result.stdout) == []  # the only B2 statement conflicts with ungraded ones only
    result = invoke("--data", str(out), "conflicts", "--min-grade", "Z9")
    assert result.exit_code == 2 and "Admiralty" in result.stderr


def test_the_same_workbook_as_xlsx(invoke, tmp_path):
    header = list(RECOGNITION_STATEMENT)
    book = write_xlsx(
        tmp_path / "recognition.xlsx",
        {
            "Sources": [list(RECOGNITION_SOURCE), list(RECOGNITION_SOURCE.values())],
            "Statements": [header, [RECOGNITION_STATEMENT[h] for h in header]],
        },
    )
    out_xlsx = tmp_path / "x.ttl"
    out_csv = tmp_path / "c.ttl"
    assert invoke("import", str(book), "-o", str(out_xlsx)).exit_code == 0
    assert invoke("import", str(recognition_workbook(tmp_path / "csv")), "-o", str(out_csv)).exit_code == 0
    assert Graph().parse(out_xlsx).isomorphic(Graph().parse(out_csv))


def test_reimporting_the_same_rows_does_not_duplicate(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "book")
    first, again, second = tmp_path / "a.ttl", tmp_path / "a2.ttl", tmp_path / "b.ttl"
    assert invoke("import", str(book), "-o", str(first)).exit_code == 0
    assert invoke("import", str(book), "-o", str(again)).exit_code == 0
    assert first.read_bytes() == again.read_bytes()  # same rows, same IDs, same file
    result = invoke("--data", str(first), "import", str(book), "-o", str(second))
    assert result.exit_code == 0
    assert "already in the loaded graph" in result.stdout
    assert "(1 more already in the graph, reused)" in result.stdout  # the source is named, not written again
    one, two = Graph().parse(first), Graph().parse(second)
    assert len(one) > 0 and set(two) <= set(one)  # the second import adds nothing new
    rows = _ties(invoke, first, "--actor", "Russia", "--relation", "recognition")
    both = invoke(
        "--data",
        str(first),
        "--data",
        str(second),
        "ties",
        "--format",
        "json",
        "--actor",
        "Russia",
        "--relation",
        "recognition",
    )
    assert len(json.loads(both.stdout)) == len(rows) == 1


def test_an_id_column_gives_the_statement_its_iri(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "book", id="ru-recognizes-taliban")
    out = tmp_path / "o.ttl"
    assert invoke("import", str(book), "-o", str(out)).exit_code == 0
    assert (ID["stmt_ru_recognizes_taliban"], GEO.statementType, GEO.Recognition) in Graph().parse(out)


def test_supersedes_and_ends_a_bundled_statement_with_its_own_evidence(invoke, tmp_path, kg):
    old = next(s for s in kg.statements if s.relation == "NonRecognition" and s.target.endswith("TalibanGovernment"))
    local = old.iri.rsplit("/", 1)[-1]
    folder = tmp_path / "book"
    folder.mkdir()
    write_csv(folder / "sources.csv", [RECOGNITION_SOURCE])
    write_csv(
        folder / "statements.csv",
        [
            {**RECOGNITION_STATEMENT, "supersedes": f"id:{local}", "ends": "", "end": ""},
            {
                "type": "",
                "from": "",
                "to": "",
                "start": "",
                "certainty": "",
                "credibility": "",
                "source": "news-2025-07-03",
                "quote": RECOGNITION_QUOTE,
                "supersedes": "",
                "ends": f"id:{local}",
                "end": "2025-07",
            },
        ],
    )
    out = tmp_path / "o.ttl"
    result = invoke("import", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 end of statements already in the graph" in result.stdout
    g = Graph().parse(out)
    target = ID[local]
    assert (target, GEO.end, Literal("2025-07", datatype=YEAR_MONTH)) in g
    end_evidence = g.value(target, GEO.endEvidence)
    assert str(g.value(end_evidence, GEO.quote)) == RECOGNITION_QUOTE
    assert (None, GEO.supersedes, target) in g
    in_2026 = _ties(invoke, out, "--actor", "Russia", "--as-of", "2026", "--relation", "non-recognition")
    assert in_2026 == []
    conflicts = json.loads(invoke("--data", str(out), "conflicts", "--actor", "Russia", "--format", "json").stdout)
    pair = {"recognition vs non-recognition", "non-recognition vs recognition"}
    rec = [r for r in conflicts if r["conflict"] in pair]
    assert rec and "supersession" in rec[0]["why"]


def test_the_border_security_example_imports_ten_statements(invoke, tmp_path):
    folder = tmp_path / "border-security"
    shutil.copytree(EXAMPLE_DIR, folder)
    out = tmp_path / "bs.ttl"
    result = invoke("import", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 source, 1 actor (1 more already in the graph, reused), 10 statements" in result.stdout
    g = Graph().parse(out)
    assert (ID.IslamicMovementOfUzbekistan, RDF.type, GEO.ArmedGroup) in g
    assert (ID.Tajikistan, RDF.type, None) not in g  # reused, not duplicated
    source = next(g.subjects(RDF.type, GEO.Source))
    assert len(str(g.value(source, GEO.sha256))) == 64  # the text file beside the workbook was hashed
    show = invoke("--data", str(out), "show", "Tajikistan")
    assert "wary" in show.stdout or "wariness" in show.stdout
    rows = _ties(invoke, out, "--actor", "Tajikistan", "--as-of", "2024")
    relations = {(r["from_label"], r["relation"], r["to_label"]) for r in rows}
    assert ("Russia", "security cooperation", "Tajikistan") in relations
    assert ("Russia", "military presence", "Tajikistan") in relations
    before = _ties(invoke, out, "--actor", "Tajikistan", "--as-of", "2010")
    assert ("Russia", "security cooperation", "Tajikistan") not in {
        (r["from_label"], r["relation"], r["to_label"]) for r in before
    }
    conditional = g.value(ID.stmt_bs04, GEO.certainty)
    assert conditional == GEO.Conditional
    assert str(g.value(ID.stmt_bs04, GEO.condition)) == "if fighting spreads across the frontier"
    assert (ID.stmt_bs02, GEO.startPrecision, GEO.DecadePrecision) in g
    assert (ID.stmt_bs02, GEO.endStatus, GEO.Ongoing) in g
    assert (ID.stmt_bs09, GEO.startEarliest, Literal("2024-03", datatype=YEAR_MONTH)) in g
    assert (ID.stmt_bs03, GEO.date, Literal("2023-10", datatype=YEAR_MONTH)) in g
    assert (ID.stmt_bs03, GEO.cameoCode, GEO.CAMEO_06) in g
    check = invoke(
        "--data",
        str(out),
        "check",
        "--no-shacl",
        "--text",
        f"src_border_security_example={folder / 'source.txt'}",
        "--format",
        "json",
    )
    errors = [f for f in json.loads(check.stdout or "[]") if f["severity"] == "error"]
    assert not [f for f in errors if "border_security" in f["focus"] or "stmt_bs" in f["focus"]]


@pytest.mark.parametrize("name", ["sources.csv", "statements.csv"])
def test_template_rows_are_comments(invoke, tmp_path, name):
    assert invoke("template", str(tmp_path / "t")).exit_code == 0
    text = (tmp_path / "t" / name).read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# ")
    result = invoke("import", str(tmp_path / "t"), "-o", str(tmp_path / "empty.ttl"))
    assert result.exit_code == 0
    assert "0 sources, 0 actors, 0 statements" in result.stdout


def test_a_filled_template_imports(invoke, tmp_path):
    folder = tmp_path / "t"
    assert invoke("template", str(folder)).exit_code == 0
    for name in ("sources.csv", "statements.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("# ", "", 1), encoding="utf-8")
    (folder / "actors.csv").unlink()
    out = tmp_path / "o.ttl"
    result = invoke("import", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 source, 0 actors, 1 statement" in result.stdout
    assert (folder / "README.md").read_text(encoding="utf-8").count("| quote |") == 1


def test_xlsx_template(invoke, tmp_path):
    from openpyxl import load_workbook

    assert invoke("template", str(tmp_path / "x"), "--format", "xlsx").exit_code == 0
    book = load_workbook(tmp_path / "x" / "workbook.xlsx")
    assert book.sheetnames == ["sources", "actors", "statements"]
    assert invoke("template", str(tmp_path / "x"), "--format", "xlsx").exit_code == 2  # never overwrites
