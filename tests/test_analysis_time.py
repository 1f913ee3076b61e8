"""Change over time: compare two years, and the timeline, on the bundled graph."""

from __future__ import annotations

import pytest

from geokg.analysis.centrality import centrality
from geokg.analysis.compare import compare
from geokg.analysis.timeline import date_key, timeline
from geokg.errors import InputError, UnknownActorError
from geokg.namespaces import ID
from geokg.projection import project


def busiest_year(kg, years=range(1995, 2031)) -> int:
    """The latest year in which the most relations hold (computed, so the data can change under the test)."""
    return max(years, key=lambda y: (len(kg.ties(as_of=y, kinds=["relation"])), y))


def test_compare_1985_2022_statuses(kg):
    # Expected statuses are computed from the two projections (networkx as the reference), not pinned.
    y = busiest_year(kg)
    result = compare(kg, 1985, y)
    status = {m.actor: m.status for m in result.ranks}
    early, late = set(project(kg, as_of=1985)), set(project(kg, as_of=y))
    assert {a for a, s in status.items() if s == "gone"} == early - late
    assert {a for a, s in status.items() if s == "new"} == late - early
    assert ID + "SovietUnion" in early - late  # the Soviet Union ended in 1991
    for m in result.ranks:
        if m.move is not None:
            assert m.move == m.rank_from - m.rank_to


def test_compare_ranks_equal_centrality_of_each_year(kg):
    y = busiest_year(kg)
    result = compare(kg, 1985, y, measure="pagerank")
    late = {s.actor: s.rank for s in centrality(project(kg, as_of=y), "pagerank")}
    assert {m.actor: m.rank_to for m in result.ranks if m.rank_to is not None} == late
    assert sorted(m.rank_to for m in result.ranks if m.rank_to is not None) == sorted(late.values())


def test_compare_tie_changes(kg):
    # A relation began when it holds in a year of (1985, 2022] and not the year before; it ended when it
    # holds in a year of [1985, 2022) and not the year after: recomputed here year by year.
    result = compare(kg, 1985, 2022)
    got = {(c.change, c.tie, c.year) for c in result.changes}
    expected = set()
    for t in kg.ties(kinds=["relation"]):
        if t.rank == "deprecated":
            continue
        for y in range(1986, 2023):
            if t.status(y) == "holds" and t.status(y - 1) != "holds":
                expected.add(("began", t.iri, y))
        for y in range(1985, 2022):
            if t.status(y) == "holds" and t.status(y + 1) != "holds":
                expected.add(("ended", t.iri, y))
    assert got == expected
    assert [c.year for c in result.changes] == sorted(c.year for c in result.changes)
    for c in result.changes:
        assert 1985 <= c.year <= 2022 and c.when == kg.statement(c.tie).when


def test_compare_bad_input(kg):
    with pytest.raises(InputError, match="after"):
        compare(kg, 2022, 1985)
    with pytest.raises(InputError, match="one measure"):
        compare(kg, 1985, 2022, measure="all")
    with pytest.raises(InputError, match="unknown measure"):
        compare(kg, 1985, 2022, measure="fame")


def test_compare_same_year_changes_nothing(kg):
    y = busiest_year(kg)
    result = compare(kg, y, y)
    assert result.changes == ()
    assert {m.status for m in result.ranks} == {"same"}


def test_timeline_is_in_date_order(kg):
    found = timeline(kg)
    years = [m.year for m in found if m.year is not None]
    assert years == sorted(years)
    # every event, with two ends or only participants, and its date as the source gives it
    events = [m for m in found if m.kind == "event"]
    assert sorted(m.subject for m in events) == sorted(e.iri for e in kg.events)
    assert {m.subject: m.date for m in events} == {e.iri: e.when for e in kg.events}


def test_timeline_of_an_actor(kg):
    found = timeline(kg, "Taliban government")
    assert found and all("Taliban government" in m.actors or m.subject == ID + "TalibanGovernment" for m in found)
    soviet = timeline(kg, "USSR")
    ended = [m for m in soviet if m.kind == "actor ended"]
    assert [m.date for m in ended] == [kg.actor("USSR").time.end]
    # a start or an end the source does not give has no entry: never a false year
    for m in timeline(kg):
        if m.kind in ("tie began", "tie ended"):
            st = kg.statement(m.subject)
            assert st is not None and m.date and m.date in st.when


def test_timeline_unknown_actor(kg):
    with pytest.raises(UnknownActorError, match="did you mean"):
        timeline(kg, "Talibann")


def test_date_key_orders_precision():
    assert sorted(["2021-08-15", "2021", "1979-12", "2021-08", ""], key=date_key) == [
        "1979-12", "2021", "2021-08", "2021-08-15", ""]  # fmt: skip
