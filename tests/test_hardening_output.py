"""Hardening: outputs are atomic and safe for spreadsheets and terminals; odd input is refused.

Issue 11, cases 5 (devices, full disk, all-or-nothing), 6 (CSV formula injection), 12 (full disk as a plain
error), 13 (control characters, -o -, library warnings) and 14 (read-only output, --as-of range).
"""

from __future__ import annotations

import csv
import io
import resource
import signal

import pytest

from _hardening import error_line, geokg, geokg_on_terminal

EVIL = '=HYPERLINK("http://evil.example/","click")'
EVIL_TTL = EVIL.replace('"', '\\"')
ODD_TTL = f"""@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/geokg/id/> .
id:Evil a geo:State ; skos:prefLabel "{EVIL_TTL}"@en .
id:Plus a geo:State ; skos:prefLabel "+1 (800) cmd"@en .
id:At a geo:State ; skos:prefLabel "@SUM(A1)"@en .
id:Minus a geo:State ; skos:prefLabel "-2+3"@en .
id:Tab a geo:State ; skos:prefLabel "\\t=1+1"@en .
id:Cr a geo:State ; skos:prefLabel "\\r=1+1"@en .
id:Split a geo:State ; skos:prefLabel "first\\rsecond"@en .
id:Fraktur a geo:State ; skos:prefLabel "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 字"@en .
id:tie_evil a geo:Relation ; geo:statementType geo:Opposition ; geo:from id:Evil ; geo:to id:Russia ;
  geo:start "2001"^^<http://www.w3.org/2001/XMLSchema#gYear> ; geo:certainty geo:Asserted ;
  geo:evidence [ a geo:Evidence ; geo:quote "=cmd|' /C calc'!A0" ;
                 <http://www.w3.org/ns/prov#wasQuotedFrom> id:src_afghanistan_and_russia ] .
"""
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture()
def odd(tmp_path):
    path = tmp_path / "odd.ttl"
    path.write_text(ODD_TTL, encoding="utf-8")
    return path


def _cells(text: str, delimiter: str = ","):
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


def _assert_inert(cells):
    for cell in cells:
        body = cell[1:] if cell.startswith('"') else cell
        if body[:1] in DANGEROUS:
            assert body.lstrip("+-").replace(".", "", 1).isdigit(), f"formula written verbatim: {cell!r}"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_listings_neutralize_formulas(odd, fmt):
    result = geokg("--data", str(odd), "actors", "--format", fmt)
    assert result.returncode == 0, result.stderr
    cells = _cells(result.stdout, "," if fmt == "csv" else "\t")
    assert "'" + EVIL in cells
    _assert_inert(cells)
    assert len(result.stdout.replace("\r\n", "\n").split("\n")) == len(result.stdout.split("\n"))  # no lone CR


def test_ties_and_query_neutralize_formulas_and_keep_numbers(odd):
    ties = geokg("--data", str(odd), "ties", "--actor", "Russia", "--format", "csv")
    assert ties.returncode == 0, ties.stderr
    cells = _cells(ties.stdout)
    _assert_inert(cells)
    assert "-0.67" in cells  # a negative stance (opposition: hostile, -2/3) is a number, left alone
    for fmt in ("csv", "tsv"):
        query = geokg("--data", str(odd), "query", "SELECT ?l WHERE { ?a skos:prefLabel ?l }", "--format", fmt)
        assert query.returncode == 0, query.stderr
        _assert_inert(_cells(query.stdout, "," if fmt == "csv" else "\t"))


def test_export_csv_neutralizes_and_raw_csv_writes_values_unchanged(odd, tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    assert geokg("--data", str(odd), "export", "-f", "csv", "-o", f"{out}/").returncode == 0
    nodes = (out / "nodes.csv").read_text(encoding="utf-8")
    assert "'" + EVIL in _cells(nodes)
    _assert_inert(_cells(nodes))
    _assert_inert(_cells((out / "edges.csv").read_text(encoding="utf-8")))
    result = geokg("--data", str(odd), "export", "-f", "csv", "-o", f"{out}/", "--raw-csv")
    assert result.returncode == 0, result.stderr
    assert EVIL in _cells((out / "nodes.csv").read_text(encoding="utf-8"))
    raw = geokg("--data", str(odd), "actors", "--format", "csv", "--raw-csv")
    assert EVIL in _cells(raw.stdout)
    raw_query = geokg(
        "--data", str(odd), "query", "SELECT ?l WHERE { ?a skos:prefLabel ?l }", "--format", "csv", "--raw-csv"
    )
    assert EVIL in _cells(raw_query.stdout)


def test_a_carriage_return_never_splits_a_row(odd, tmp_path):
    for fmt in ("csv", "tsv"):
        result = geokg("--data", str(odd), "actors", "--format", fmt, "--raw-csv")
        rows = list(csv.reader(io.StringIO(result.stdout, newline=""), delimiter="," if fmt == "csv" else "\t"))
        assert all(len(row) == len(rows[0]) for row in rows), rows
    out = tmp_path / "t"
    out.mkdir()
    geokg("--data", str(odd), "export", "-f", "csv", "-o", f"{out}/", "--raw-csv")
    raw_bytes = (out / "nodes.csv").read_bytes()
    assert b'"first\rsecond"' in raw_bytes


def test_output_onto_a_device_writes_to_it_and_never_replaces_it(tmp_path):
    null = tmp_path / "null"
    null.symlink_to("/dev/null")
    result = geokg("query", "ASK { ?s ?p ?o }", "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert null.is_symlink()
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    line = error_line(geokg("query", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv", "-o", str(full)))
    assert "No space left on device" in line
    assert full.is_symlink() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _full_disk(limit: int):
    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


def test_a_full_disk_leaves_both_csv_files_old(tmp_path):
    out = tmp_path / "t"
    out.mkdir()
    assert geokg("export", "-f", "csv", "-o", f"{out}/").returncode == 0
    nodes_size = (out / "nodes.csv").stat().st_size
    edges_size = (out / "edges.csv").stat().st_size
    assert nodes_size < edges_size
    (out / "nodes.csv").write_text("old nodes\n", encoding="utf-8")
    (out / "edges.csv").write_text("old edges\n", encoding="utf-8")
    result = geokg("export", "-f", "csv", "-o", f"{out}/", preexec_fn=_full_disk(nodes_size + 100))
    assert "File too large" in error_line(result)
    assert (out / "nodes.csv").read_text(encoding="utf-8") == "old nodes\n"
    assert (out / "edges.csv").read_text(encoding="utf-8") == "old edges\n"
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "nodes.csv"]


def test_a_read_only_output_file_is_not_replaced(tmp_path):
    target = tmp_path / "answer.csv"
    target.write_text("mine\n", encoding="utf-8")
    target.chmod(0o444)
    line = error_line(geokg("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-o", str(target)))
    assert "is read-only; not replaced" in line
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_dash_means_standard_output(tmp_path):
    result = geokg("query", "ASK { ?s ?p ?o }", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "true"
    result = geokg("export", "-f", "graphml", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("<graphml")
    assert not (tmp_path / "-").exists()


def test_stale_temporary_files_of_dead_processes_are_cleaned(tmp_path):
    target = tmp_path / "answer.tsv"
    stale = tmp_path / ".answer.tsv.999999999.x1y2.tmp"
    stale.write_text("partial", encoding="utf-8")
    assert geokg("query", "ASK { ?s ?p ?o }", "-o", str(target)).returncode == 0
    assert not stale.exists()


def test_file_names_with_control_characters_do_not_reach_the_terminal(tmp_path):
    bad = tmp_path / "x\x1b[2J\nForged.ttl"
    code, seen = geokg_on_terminal("--data", str(bad), "info")
    assert code == 2 and "Forged" in seen
    assert "\x1b[2J" not in seen and "\nForged" not in seen
    out = tmp_path / "y\x1b[31m.graphml"
    code, seen = geokg_on_terminal("export", "-o", str(out))
    assert code == 0 and "wrote" in seen
    assert "\x1b[31m" not in seen  # (the progress bar's own cursor codes may be there)


def test_library_warnings_stay_off_stderr(odd, tmp_path):
    result = geokg("query", "SELECT ?x WHERE { BIND(?y AS ?x) }", "--bind", 'y="abc"^^xsd:integer')
    assert result.returncode == 0 and result.stderr == ""
    result = geokg("--data", str(odd), "render", "-o", str(tmp_path / "odd.png"))
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.parametrize("year", ["99999999999", "10000", "-10000"])
def test_as_of_outside_the_year_range_is_refused(year):
    line = error_line(geokg("ties", "--as-of", year))
    assert "-9999..9999" in line


def test_query_csv_neutralizes_a_repeated_term_in_every_row():
    # the CSV writer makes each distinct term's cell once: repeated, unbound and raw values are still right
    from geokg.results import QueryResult, Term, serialize_select

    evil, number = Term("literal", EVIL), Term("literal", "-3", "http://www.w3.org/2001/XMLSchema#integer")
    rows = [{"a": evil, "n": number}, {"n": number}, {"a": evil}]
    result = QueryResult("SELECT", ["a", "n"], rows)
    safe = _cells(serialize_select(result, "csv"))
    assert safe.count("'" + EVIL) == 2 and safe.count("-3") == 2 and EVIL not in safe
    raw = _cells(serialize_select(result, "csv", raw=True))
    assert raw.count(EVIL) == 2 and "'" + EVIL not in raw
