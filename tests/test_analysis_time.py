"""Change over time: compare two years, and the timeline, on the bundled graph."""

from __future__ import annotations

import pytest

from geokg.analysis.centrality import centrality
from geokg.analysis.compare import compare
from geokg.analysis.simple import project
from geokg.analysis.timeline import KINDS, date_key, timeline
from geokg.errors import InputError, UnknownActorError
from geokg.namespaces import ID


def test_compare_1985_2022_statuses(kg):
    result = compare(kg, 1985, 2022)
    status = {m.label: m.status for m in result.ranks}
    assert status["Soviet Union"] == "gone" and status["Afghan mujahideen"] == "gone"
    assert status["Taliban government"] == "new" and status["Russia"] == "new"
    assert status["Afghanistan"] in ("rose", "fell", "same")
    for m in result.ranks:
        if m.move is not None:
            assert m.move == m.rank_from - m.rank_to


def test_compare_ranks_equal_centrality_of_each_year(kg):
    result = compare(kg, 1985, 2022, measure="pagerank")
    late = {s.actor: s.rank for s in centrality(project(kg, as_of=2022), "pagerank")}
    assert {m.actor: m.rank_to for m in result.ranks if m.rank_to is not None} == late
    assert [m.rank_to for m in result.ranks if m.rank_to is not None] == sorted(late.values())


def test_compare_tie_changes(kg):
    result = compare(kg, 1985, 2022)
    changes = {(c.change, c.source_label, c.relation, c.target_label) for c in result.changes}
    assert ("ended", "Soviet Union", "military intervention", "Afghanistan") in changes
    assert ("began", "Pakistan", "support", "Taliban") in changes
    # began and ended inside the interval: listed both ways
    assert ("began", "Russia", "support", "United States") in changes
    assert ("ended", "Russia", "support", "United States") in changes
    # ties alive at both ends did not change
    assert not any(c.relation == "shared border" for c in result.changes)
    assert [c.year for c in result.changes] == sorted(c.year for c in result.changes)
    for c in result.changes:
        assert 1985 <= c.year <= 2022


def test_compare_bad_input(kg):
    with pytest.raises(InputError, match="after"):
        compare(kg, 2022, 1985)
    with pytest.raises(InputError, match="one measure"):
        compare(kg, 1985, 2022, measure="all")
    with pytest.raises(InputError, match="unknown measure"):
        compare(kg, 1985, 2022, measure="fame")


def test_compare_same_year_changes_nothing(kg):
    result = compare(kg, 2022, 2022)
    assert result.changes == ()
    assert {m.status for m in result.ranks} == {"same"}


def test_timeline_is_in_date_order(kg):
    found = timeline(kg)
    keys = [(date_key(m.date), KINDS.index(m.kind)) for m in found]
    assert keys == sorted(keys)
    kinds = {m.kind for m in found}
    assert kinds == set(KINDS)
    assert len([m for m in found if m.kind == "event"]) == len(kg.events)


def test_timeline_of_an_actor(kg):
    found = timeline(kg, "Taliban government")
    assert found and all("Taliban government" in m.actors or m.subject == ID + "TalibanGovernment" for m in found)
    assert [m.date for m in found if m.kind == "actor began"] == ["2021-08"]
    assert all(date_key(m.date) >= date_key("2021") for m in found)
    soviet = timeline(kg, "USSR")
    assert soviet[-1].kind == "actor ended" and soviet[-1].date == "1991"
    assert any(m.kind == "tie began" and m.what == "Soviet Union military intervention Afghanistan" for m in soviet)


def test_timeline_unknown_actor(kg):
    with pytest.raises(UnknownActorError, match="did you mean"):
        timeline(kg, "Talibann")


def test_date_key_orders_precision():
    assert sorted(["2021-08-15", "2021", "1979-12", "2021-08", ""], key=date_key) == [
        "1979-12", "2021", "2021-08", "2021-08-15", ""]  # fmt: skip
