"""Listing rows: many rows at once are the rows one at a time."""

from __future__ import annotations

from geokg.rows import tie_row, tie_rows


def test_tie_rows_are_tie_row_for_each(kg):
    ties = kg.ties()
    assert ties
    for as_of in (None, 1985, 2022):
        assert tie_rows(kg, ties, as_of=as_of) == [tie_row(kg, t, as_of=as_of) for t in ties]
    russia = kg.actor("Russia").iri
    mine = kg.ties(russia)
    assert tie_rows(kg, mine, russia, 2021) == [tie_row(kg, t, russia, 2021) for t in mine]
    assert tie_rows(kg, []) == []


def test_undated_ties_say_their_sources_dates(kg):
    rows = tie_rows(kg, kg.ties())
    assert all(r["when"] for r in rows)
    assert all(r["when"].startswith("undated") == (not t.when) for r, t in zip(rows, kg.ties(), strict=True))
