"""The named competency queries: their headers, and the rows each returns on the bundled graph.

Expected rows are derived independently through the library (kg.ties, kg.entities, kg.events), not copied
from the queries' output; where the article states the answer, the test names it too.
"""

from __future__ import annotations

import re

import pytest

from geokg.errors import DataError, UnknownNameError
from geokg.named_queries import list_named_queries, named_query, parse_named_query
from geokg.namespaces import GEO, ID
from geokg.sparql import bind_all, run_query
from geokg.timespan import year_of

SIX_FOUNDATION_QUESTIONS = {
    "mujahideen-backers",
    "soviet-entry-exit",
    "csto-members",
    "russia-feared-extremist-group",
    "taliban-supporter",
    "russia-recognized-taliban",
}


def run(kg, name: str, **binds: str):
    query = named_query(name)
    return run_query(kg, query.text, bindings=bind_all(kg, [f"{k}={v}" for k, v in binds.items()]))


def rows(kg, name: str, **binds: str) -> list[dict[str, str | None]]:
    return run(kg, name, **binds).plain_rows()


def iri(local: str) -> str:
    return str(ID[local])


def quotes(kg, tie) -> set[str]:
    """The quotes of the statement itself (geo:evidence), not those of its start or end (geo:startEvidence, ...)."""
    return {e.quote for e in tie.evidence if e.supports == "statement"}


def ties_of(kg, relation: str, source: str | None = None, target: str | None = None):
    return [
        t
        for t in kg.all_ties
        if t.relation == relation and (source is None or t.source == source) and (target is None or t.target == target)
    ]


# -- headers ---------------------------------------------------------------------------------------------
def test_there_are_at_least_18_named_queries_with_headers():
    queries = list_named_queries()
    assert len(queries) >= 18
    names = {q.name for q in queries}
    assert names >= SIX_FOUNDATION_QUESTIONS
    for q in queries:
        assert q.title and q.description, q.name
        assert q.examples and all(e.startswith("geokg query --name " + q.name) for e in q.examples), q.name
        for p in q.parameters:
            assert p.kind in ("actor", "year", "iri", "text") and p.description
            assert re.search(r"[?$]" + p.name + r"\b", q.text), (q.name, p.name)


def test_every_named_query_has_a_test_here():
    from pathlib import Path

    tested = set(re.findall(r'"([a-z0-9-]+)"', Path(__file__).read_text(encoding="utf-8")))
    missing = {q.name for q in list_named_queries()} - tested
    assert not missing


def test_parameters_are_parsed(tmp_path):
    q = named_query("ties-between")
    assert [(p.name, p.kind, p.required) for p in q.parameters] == [("a", "actor", True), ("b", "actor", True)]
    assert named_query("backers-of").parameters[0].required is False
    assert named_query("ties-as-of").parameters[0].kind == "year"
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(DataError, match="no '# Title:'"):
        parse_named_query(bad)
    flagged = tmp_path / "flagged.rq"
    header = "# Title: x\n# Parameter: a (actor, sometimes) - y\n"
    flagged.write_text(header + "SELECT ?a WHERE { ?a ?p ?o }\n", encoding="utf-8")
    with pytest.raises(DataError, match="sometimes"):
        parse_named_query(flagged)


def test_unknown_name_suggests_close_ones():
    with pytest.raises(UnknownNameError, match="did you mean: csto-members"):
        named_query("csto-member")
    assert named_query("CSTO members").name == "csto-members"
    assert named_query("ties_between.rq").name == "ties-between"


# -- the six foundation questions ------------------------------------------------------------------------
def test_mujahideen_backers(kg):
    got = rows(kg, "mujahideen-backers")
    expected = {t.source for t in ties_of(kg, "Support", target=iri("Mujahideen"))}
    # The article names the three backers; their times are read from the records, never pinned here.
    assert {r["backer"] for r in got} == expected == {iri("UnitedStates"), iri("Pakistan"), iri("SaudiArabia")}
    spans = {(t.source, t.time.start, t.time.end) for t in ties_of(kg, "Support", target=iri("Mujahideen"))}
    assert {(r["backer"], r["start"], r["end"]) for r in got} == spans
    assert all(r["quote"] for r in got)


def test_soviet_entry_exit(kg):
    got = rows(kg, "soviet-entry-exit")
    (tie,) = ties_of(kg, "MilitaryPresence", iri("SovietUnion"), iri("Afghanistan"))
    assert {(r["entered"], r["left"]) for r in got} == {(tie.time.start, tie.time.end)}
    assert year_of(tie.time.start) == 1979  # the article: "the Soviet invasion of 1979"
    assert {r["quote"] for r in got} == quotes(kg, tie)


def test_csto_members(kg):
    got = rows(kg, "csto-members")
    expected = {
        t.source
        for t in ties_of(kg, "Membership", target=iri("CSTO"))
        if t.is_asserted and "State" in kg.entities[t.source].kinds
    }
    assert [r["member"] for r in got] == sorted(expected, key=lambda i: kg.label(i))
    assert {kg.label(r["member"] or "") for r in got} == {"Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}


def test_russia_feared_extremist_group(kg):
    got = rows(kg, "russia-feared-extremist-group")
    # New model: Russia's view of ISIS-K is a threat perception (attitudes.ttl), and "could destabilize Central
    # Asia" is a possible causal link placed in Central Asia (causes.ttl), not an opposition relation.
    feared = {t.target for t in ties_of(kg, "Concern", source=iri("Russia"))}
    feared |= {t.target for t in ties_of(kg, "ThreatPerception", source=iri("Russia"))}
    destabilizing = {c.cause for c in kg.causal_links if iri("CentralAsia") in c.places}
    armed = {i for i, e in kg.entities.items() if "ArmedGroup" in e.kinds}
    assert {r["group"] for r in got} == feared & destabilizing & armed == {iri("ISISK")}
    assert {r["certainty"] for r in got} == {str(GEO.Possible)}
    assert all("ISIS-K" in (r["quote"] or "") for r in got)


def test_taliban_supporter(kg):
    got = rows(kg, "taliban-supporter")
    support = [t for t in ties_of(kg, "Support", target=iri("Taliban")) if t.is_asserted]
    assert {r["supporter"] for r in got} == {t.source for t in support} == {iri("Pakistan")}
    assert {(r["since"], r["until"]) for r in got} == {(t.time.start, t.time.end) for t in support}
    assert any("long-time supporter" in (r["quote"] or "") for r in got)


def test_russia_recognized_taliban(kg, invoke):
    result = run(kg, "russia-recognized-taliban")
    # True exactly when an asserted recognition holds in some year before anything supersedes it.
    recognized = [
        t
        for t in ties_of(kg, "Recognition", iri("Russia"), iri("TalibanGovernment"))
        if t.is_asserted
        and t.years.holds_from <= t.years.holds_until
        and (t.years.superseded_from is None or t.years.superseded_from > t.years.holds_from)
    ]
    assert result.kind == "ASK" and result.boolean is bool(recognized) and result.boolean is False
    cli = invoke("query", "--name", "russia-recognized-taliban")
    assert cli.stdout == "false\n" and cli.exit_code == 1


# -- the article's other questions ------------------------------------------------------------------------
def test_backers_of(kg):
    everyone = rows(kg, "backers-of")
    assert {(r["backer"], r["actor"]) for r in everyone} == {(t.source, t.target) for t in ties_of(kg, "Support")}
    taliban = rows(kg, "backers-of", actor="Taliban")
    backers = {t.source for t in kg.ties("Taliban", ["support"]) if t.target == iri("Taliban")}
    assert {r["backer"] for r in taliban} == backers
    # ordered by the derived earliest year (geo:mayFrom), the time as written may be absent
    may_from = [int(r["mayFrom"] or -10000) for r in everyone]
    assert may_from == sorted(may_from)


def test_organization_members(kg):
    got = rows(kg, "organization-members")
    assert {(r["organization"], r["member"]) for r in got} == {(t.target, t.source) for t in ties_of(kg, "Membership")}
    nato = rows(kg, "organization-members", organization="NATO")
    assert nato == [] and not ties_of(kg, "Membership", target=iri("NATO"))
    csto = rows(kg, "organization-members", organization="CSTO")
    assert len(csto) == len(ties_of(kg, "Membership", target=iri("CSTO")))


def test_allies_of(kg):
    pairs = {(r["actor"], r["ally"]) for r in rows(kg, "allies-of")}
    asserted = [t for t in ties_of(kg, "Alliance") if t.is_asserted]
    assert pairs == {(t.source, t.target) for t in asserted} | {(t.target, t.source) for t in asserted}
    russia = {r["ally"] for r in rows(kg, "allies-of", actor="Russia")}
    assert russia == {iri("Kazakhstan"), iri("Kyrgyzstan"), iri("Tajikistan")}


def test_concerns_of(kg):
    got = rows(kg, "concerns-of", actor="Russia")
    assert {r["concern"] for r in got} == {t.target for t in ties_of(kg, "Concern", source=iri("Russia"))}
    assert {r["actor"] for r in rows(kg, "concerns-of")} == {t.source for t in ties_of(kg, "Concern")}
    # attitudes.ttl: Russia's concerns include the spillover of instability; ISIS-K is a threat perception, not one
    assert iri("RegionalInstability") in {r["concern"] for r in got}
    assert iri("ISISK") not in {r["concern"] for r in got}


def test_interests_of(kg):
    got = rows(kg, "interests-of", actor="China")
    assert {r["interest"] for r in got} == {t.target for t in ties_of(kg, "Interest", source=iri("China"))}
    # attitudes.ttl: the Belt and Road Initiative is the motive (geo:motiveEntity) of China's interest in
    # Afghanistan, not an interest of its own
    assert {kg.label(r["interest"] or "") for r in got} == {"Afghanistan"}
    assert len({(r["actor"], r["interest"]) for r in rows(kg, "interests-of")}) == len(ties_of(kg, "Interest"))


def test_ties_between(kg):
    got = rows(kg, "ties-between", a="Russia", b="Taliban")
    pair = {iri("Russia"), iri("Taliban")}
    expected = {t.iri for t in kg.all_ties if {t.source, t.target} == pair}
    assert {r["tie"] for r in got} == expected
    for tie in kg.all_ties:
        if tie.iri in expected:
            assert {r["quote"] for r in got if r["tie"] == tie.iri} == quotes(kg, tie)
    assert {r["tie"] for r in rows(kg, "ties-between", a="Taliban", b="Russia")} == expected


@pytest.mark.parametrize("year", [1985, 1995, 2022])
def test_ties_as_of(kg, year):
    got = {r["tie"]: r["status"] for r in rows(kg, "ties-as-of", year=str(year))}
    assert got == {t.iri: "holds" for t in kg.ties(as_of=year)}
    wide = {r["tie"]: r["status"] for r in rows(kg, "ties-as-of", year=str(year), mayHold="true")}
    assert wide == {t.iri: t.status(year) for t in kg.ties(as_of=year, may_hold=True)}
    every = {r["tie"]: r["status"] for r in rows(kg, "ties-as-of", year=str(year), mayHold="true", superseded="true")}
    assert every == {t.iri: t.status(year) for t in kg.all_ties if t.status(year)}


@pytest.mark.parametrize("year", [1985, 2022])
def test_actors_as_of(kg, year):
    got = {r["actor"] for r in rows(kg, "actors-as-of", year=str(year))}
    assert got == {e.iri for e in kg.entities.values() if e.is_actor and e.status(year) == "holds"}
    wide = {r["actor"]: r["status"] for r in rows(kg, "actors-as-of", year=str(year), mayHold="true")}
    assert wide == {e.iri: e.status(year) for e in kg.entities.values() if e.is_actor and e.status(year)}
    assert (iri("SovietUnion") in got) is (year < 1991) and (iri("Russia") in got) is (year >= 1991)


def test_hostile_ties_of(kg):
    got = rows(kg, "hostile-ties-of", actor="Russia")
    expected = {t.iri for t in kg.ties("Russia") if t.stance is not None and t.stance < 0}
    assert {r["tie"] for r in got} == expected and len(got) == len(expected)
    assert {r["tie"] for r in rows(kg, "hostile-ties-of")} == {t.iri for t in kg.all_ties if (t.stance or 0) < 0}


def test_cooperative_ties_of(kg):
    got = rows(kg, "cooperative-ties-of", actor="Pakistan")
    expected = {t.iri for t in kg.ties("Pakistan") if t.stance is not None and t.stance > 0}
    assert {r["tie"] for r in got} == expected and len(got) == len(expected)
    stances = [float(r["stance"] or 0) for r in got]
    assert stances == sorted(stances, reverse=True)


def test_shared_borders(kg):
    got = {frozenset((r["a"], r["b"])) for r in rows(kg, "shared-borders")}
    assert got == {frozenset((t.source, t.target)) for t in ties_of(kg, "SharedBorder") if t.is_asserted}
    assert frozenset((iri("Iran"), iri("Afghanistan"))) in got


def test_prospective_ties(kg):
    got = {r["tie"] for r in rows(kg, "prospective-ties")}
    assert got == {t.iri for t in kg.all_ties if not t.is_asserted}
    assert got  # the article's "could destabilize", "may", ... are estimates


def test_recognition_status(kg):
    got = rows(kg, "recognition-status", actor="Russia")
    mine = ties_of(kg, "NonRecognition", source=iri("Russia")) + ties_of(kg, "Recognition", source=iri("Russia"))
    assert {r["tie"] for r in got} == {t.iri for t in mine}
    assert iri("TalibanGovernment") in {r["government"] for r in got}
    assert {r["quote"] for r in got} == set().union(*(quotes(kg, t) for t in mine))
    assert rows(kg, "recognition-status", actor="China") == []


def test_events_in_order(kg):
    got = rows(kg, "events-in-order")
    assert {r["event"] for r in got} == {e.iri for e in kg.events}  # all events, with two ends or not
    years = [int(r["mayFrom"] or 0) for r in got]
    assert years == sorted(years) == sorted(e.years.may_from for e in kg.events)


def test_ties_per_type(kg):
    got = rows(kg, "ties-per-type")
    counts = {r["type"]: int(r["ties"] or 0) for r in got}
    by_type: dict[str, int] = {}
    for st in kg.statements:
        by_type[st.relation] = by_type.get(st.relation, 0) + 1
    assert {k.rsplit("#", 1)[1]: v for k, v in counts.items()} == by_type
    asserted = {r["type"]: int(r["assertedTies"] or 0) for r in got}
    assert asserted[str(GEO.SecurityCooperation)] == sum(
        1 for t in kg.statements if t.relation == "SecurityCooperation" and t.is_asserted
    )
    assert [c for c in counts.values()] == sorted(counts.values(), reverse=True)


def test_actors_without_source(kg):
    assert rows(kg, "actors-without-source") == []
    assert all(e.sources for e in kg.entities.values() if e.is_actor)


def test_actors_without_source_finds_one(tmp_path):
    import geokg

    extra = tmp_path / "x.ttl"
    extra.write_text(
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n<https://example.org/Nowhere> a geo:State .\n",
        encoding="utf-8",
    )
    got = rows(geokg.load([extra]), "actors-without-source")
    assert [r["actor"] for r in got] == ["https://example.org/Nowhere"]
