"""Bad workbooks, tried as a user would: every problem as FILE:ROW:COLUMN, exit 2, nothing written."""

from __future__ import annotations

import re

import pytest

from authoring_helpers import RECOGNITION_SOURCE, RECOGNITION_STATEMENT, recognition_workbook, write_csv, write_xlsx

LINE = re.compile(r"^(?P<file>[^:]+(?:#\w+)?):(?P<row>\d+):(?P<column>[^:]+): (?P<message>.+)$")


def _fails(invoke, tmp_path, *paths, extra=()):
    out = tmp_path / "out.ttl"
    result = invoke("import", *map(str, paths), "-o", str(out), *extra)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".out.ttl.*"))  # no temporary file left behind either
    lines = [line for line in result.stderr.splitlines() if not line.startswith("geokg: error:")]
    assert lines, result.stderr
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    first = result.stderr.splitlines()[0]
    assert first.startswith("geokg: error: ") and first.endswith("in the workbook; nothing was written:")
    return [m.groupdict() for m in parsed if m]


def test_wrong_header_suggests_the_column(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "b")
    text = (book / "statements.csv").read_text(encoding="utf-8").replace("quote", "qoute", 1)
    (book / "statements.csv").write_text(text, encoding="utf-8")
    problems = _fails(invoke, tmp_path, book)
    assert {"row": "1", "column": "qoute"}.items() <= problems[0].items() or any(
        p["row"] == "1" and p["column"] == "qoute" and "did you mean: quote" in p["message"] for p in problems
    )
    assert any("needs a 'quote' column" in p["message"] for p in problems)


def test_unknown_actor_with_did_you_mean(invoke, tmp_path):
    problems = _fails(invoke, tmp_path, recognition_workbook(tmp_path / "b", **{"from": "Rusia"}))
    assert len(problems) == 1
    assert problems[0]["file"] == str(tmp_path / "b" / "statements.csv")
    assert (problems[0]["row"], problems[0]["column"]) == ("2", "from")
    assert problems[0]["message"].startswith("unknown actor 'Rusia'; did you mean: Russia")


def test_unknown_type_suggests_or_lists_the_types(invoke, tmp_path):
    problems = _fails(invoke, tmp_path, recognition_workbook(tmp_path / "b", type="recognision"))
    assert problems[0]["column"] == "type" and "did you mean: recognition" in problems[0]["message"]
    problems = _fails(invoke, tmp_path, recognition_workbook(tmp_path / "c", type="xyzzy"))
    assert "the choices are:" in problems[0]["message"] and "support" in problems[0]["message"]


def test_bad_date(invoke, tmp_path):
    problems = _fails(invoke, tmp_path, recognition_workbook(tmp_path / "b", start="20x5-07"))
    assert problems[0]["row"] == "2" and problems[0]["column"] == "start"
    assert "cannot read the date '20x5-07'" in problems[0]["message"] and "after 2021-08" in problems[0]["message"]


def test_empty_quote(invoke, tmp_path):
    problems = _fails(invoke, tmp_path, recognition_workbook(tmp_path / "b", quote=""))
    assert problems[0]["column"] == "quote" and "verbatim quote" in problems[0]["message"]


def test_all_problems_of_a_workbook_at_once(invoke, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    write_csv(folder / "sources.csv", [{**RECOGNITION_SOURCE, "reliability": "Q", "date": "sometime"}])
    rows = [
        {**RECOGNITION_STATEMENT, "from": "Rusia"},
        {**RECOGNITION_STATEMENT, "type": "suport", "start": "2025-13"},
        {**RECOGNITION_STATEMENT, "quote": "", "certainty": "maybe-ish"},
        {**RECOGNITION_STATEMENT, "certainty": "conditional", "quote": "Russia could recognize them if asked."},
    ]
    write_csv(folder / "statements.csv", rows)
    problems = _fails(invoke, tmp_path, folder)
    where = {(p["file"].rsplit("/", 1)[-1], p["row"], p["column"]) for p in problems}
    assert {
        ("sources.csv", "2", "date"),
        ("sources.csv", "2", "reliability"),
        ("statements.csv", "2", "from"),
        ("statements.csv", "3", "type"),
        ("statements.csv", "3", "start"),
        ("statements.csv", "4", "quote"),
        ("statements.csv", "4", "certainty"),
        ("statements.csv", "5", "condition"),
    } <= where
    assert len(problems) == len({(p["file"], p["row"], p["column"], p["message"]) for p in problems})  # each once


def test_latin1_csv_is_reported_and_readable_with_encoding(invoke, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    write_csv(folder / "sources.csv", [{**RECOGNITION_SOURCE, "publisher": "Agence Française"}], encoding="latin-1")
    write_csv(folder / "statements.csv", [RECOGNITION_STATEMENT])
    problems = _fails(invoke, tmp_path, folder)
    assert problems[0]["file"].endswith("sources.csv") and problems[0]["row"] == "2"
    assert "not UTF-8" in problems[0]["message"] and "--encoding latin-1" in problems[0]["message"]
    out = tmp_path / "ok.ttl"
    result = invoke("import", str(folder / "sources.csv"), "--encoding", "latin-1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Agence Française" in out.read_text(encoding="utf-8")


def test_xlsx_with_formulas_and_merged_cells(invoke, tmp_path):
    from openpyxl import load_workbook

    header = list(RECOGNITION_STATEMENT)
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "sources": [list(RECOGNITION_SOURCE), list(RECOGNITION_SOURCE.values())],
            "statements": [
                header,
                [RECOGNITION_STATEMENT[h] for h in header],
                [RECOGNITION_STATEMENT[h] for h in header],
            ],
        },
    )
    book = load_workbook(path)
    ws = book["statements"]
    ws["C2"] = '=CONCATENATE("Taliban ", "government")'
    ws.merge_cells("A3:B3")
    book.save(path)
    problems = _fails(invoke, tmp_path, path)
    sheet = f"{path}#statements"
    assert any(
        p["file"] == sheet and p["row"] == "2" and p["column"] == "C" and "formula" in p["message"] for p in problems
    )
    assert any(
        p["file"] == sheet and p["row"] == "3" and p["column"] == "A3" and "merged" in p["message"] for p in problems
    ) or any("A3:B3" in line for line in [str(p) for p in problems])


def test_a_file_that_is_no_sheet(invoke, tmp_path):
    (tmp_path / "notes.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    problems = _fails(invoke, tmp_path, tmp_path / "notes.csv", tmp_path / "missing.csv")
    assert any("name the file sources.csv" in p["message"] for p in problems)
    assert any("no such file" in p["message"] for p in problems)


@pytest.mark.parametrize(
    ("field", "value", "column", "message"),
    [
        ("level", "allied", "level", "say why in the level note column"),
        ("cameo", "19", "cameo", "only events"),
        ("credibility", "9", "credibility", "did you mean"),
        ("to", "Moscow", "to", "the same actor"),
    ],
)
def test_values_that_contradict_the_type(invoke, tmp_path, field, value, column, message):
    book = recognition_workbook(tmp_path / "b", **{field: value})
    out = tmp_path / "o.ttl"
    result = invoke("import", str(book), "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert f"statements.csv:2:{column}:" in result.stderr
    assert message in result.stderr or (field == "credibility" and "credibility" in result.stderr)


def test_a_cooperative_event_coded_as_material_conflict(invoke, tmp_path):
    book = recognition_workbook(tmp_path / "b", type="joint military exercise", cameo="19", start="", date="2025-07")
    result = invoke("import", str(book), "-o", str(tmp_path / "o.ttl"))
    assert result.exit_code == 2
    assert "statements.csv:2:cameo: a joint military exercise is material cooperation" in result.stderr
