"""A 100,000-row statements sheet: imported completely, or refused completely (correctness, never timing)."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph

from geokg.namespaces import GEO

ROWS = 100_000
ACTORS = [
    "Russia",
    "Afghanistan",
    "Pakistan",
    "Iran",
    "China",
    "Tajikistan",
    "Uzbekistan",
    "Kazakhstan",
    "Kyrgyzstan",
    "Taliban",
    "United States",
    "Saudi Arabia",
]
TYPES = ["support", "opposition", "diplomatic engagement", "partnership", "security cooperation"]


def write_big(folder, bad_rows=()):
    folder.mkdir()
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "title", "reliability"], ["big", "A big synthetic sheet", "C"]])
    with (folder / "statements.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["type", "from", "to", "start", "end", "credibility", "quote"])
        for i in range(ROWS):
            a = ACTORS[i % len(ACTORS)]
            b = ACTORS[(i // len(ACTORS) + 1 + i) % len(ACTORS)]
            if a == b:
                b = ACTORS[(ACTORS.index(a) + 1) % len(ACTORS)]
            start = 1900 + i % 120
            row = [
                TYPES[i % len(TYPES)],
                a,
                b,
                str(start),
                str(start + 1 + i % 7),
                str(1 + i % 6),
                f"Synthetic statement number {i}.",
            ]
            if i in bad_rows:
                row[1] = "Rusia"
            writer.writerow(row)
    return folder


@pytest.mark.slow
def test_a_100000_row_sheet_imports_every_row(invoke, tmp_path):
    folder = write_big(tmp_path / "big")
    out = tmp_path / "big.ttl"
    result = invoke("import", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"1 source, 0 actors, {ROWS:,} statements".replace(",", "") in result.stdout.replace(",", "")
    g = Graph().parse(out, format="turtle")
    assert len(set(g.subjects(GEO.statementType, None))) == ROWS


@pytest.mark.slow
def test_a_100000_row_sheet_with_two_bad_rows_writes_nothing(invoke, tmp_path):
    folder = write_big(tmp_path / "big", bad_rows={17, 99_998})
    out = tmp_path / "big.ttl"
    result = invoke("import", str(folder), "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()
    lines = [line for line in result.stderr.splitlines() if ":from: unknown actor 'Rusia'" in line]
    assert [line.split(":")[1] for line in lines] == ["19", "100000"]  # header is row 1, data row i is i + 2
