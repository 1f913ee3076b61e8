"""The analysis commands, run in-process on the bundled graph and on small degenerate graphs."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from geokg_cli.commands.analysis import COMMANDS

HEADER = """@prefix ex:   <https://example.org/test/> .
@prefix geo:  <https://w3id.org/geokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def state(name: str) -> str:
    return f'ex:{name} a geo:State ; skos:prefLabel "{name}land"@en .\n'


LEVELS = {-1.0: "LevelWar", -0.5: "LevelHostile", -0.2: "LevelStrained"}
"""The relation level standing for a stance (only its sign matters to balance and communities)."""


def tie(name: str, a: str, b: str, stance: float, kind: str = "ArmedConflict") -> str:
    return (
        f"ex:{name} a geo:Relation ; geo:statementType geo:{kind} ; geo:from ex:{a} ; geo:to ex:{b} ; "
        f"geo:level geo:{LEVELS[stance]} ; geo:certainty geo:Asserted .\n"
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Degenerate graphs as Turtle files: one actor, no ties, disconnected hostile pairs."""
    root = tmp_path_factory.mktemp("graphs")
    files = {
        "one": HEADER + state("A"),
        "noties": HEADER + state("A") + state("B") + state("C"),
        "hostile": HEADER + "".join(state(n) for n in "ABCD")
        + tie("t1", "A", "B", -1.0) + tie("t2", "C", "D", -0.2, "Opposition"),
        "triangle": HEADER + "".join(state(n) for n in "ABC")
        + tie("t1", "A", "B", -1.0) + tie("t2", "B", "C", -1.0) + tie("t3", "C", "A", -0.5),
    }  # fmt: skip
    out = {}
    for name, text in files.items():
        path = root / f"{name}.ttl"
        path.write_text(text, encoding="utf-8")
        out[name] = str(path)
    return out


def rows(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geokg: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def no_nan(text: str) -> None:
    assert "nan" not in text.lower().replace("nantucket", "")
    assert "inf" not in text.lower().replace("influence", "").replace("info", "")


# -- help ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
def test_help_has_examples(invoke, name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and f"geokg {name}" in result.stdout
    assert "--format" in result.stdout and "--data" in result.stdout


# -- centrality ------------------------------------------------------------------------------------
def test_centrality_all_json(invoke):
    data = rows(invoke("centrality", "--measure", "all", "--format", "json"))
    assert data[0]["label"] == "Russia" and data[0]["rank"] == 1
    assert set(data[0]) == {"rank", "actor", "label", "degree", "in-degree", "out-degree", "betweenness",
                            "closeness", "harmonic", "eigenvector", "pagerank", "katz"}  # fmt: skip
    assert all(math.isfinite(v) for r in data for k, v in r.items() if k not in ("actor", "label"))


def test_centrality_top_and_csv(invoke):
    result = invoke("centrality", "--measure", "betweenness", "--undirected", "--top", "3", "--format", "csv")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["label"] for r in table][:1] == ["Russia"] and len(table) == 3
    assert list(table[0]) == ["rank", "actor", "label", "betweenness"]


def test_centrality_as_of(invoke):
    early = {r["actor"] for r in rows(invoke("centrality", "--as-of", "1985", "--format", "json"))}
    late = {r["actor"] for r in rows(invoke("centrality", "--as-of", "2022", "--may-hold", "--format", "json"))}
    assert "id:SovietUnion" in early and "id:TalibanGovernment" not in early
    assert "id:TalibanGovernment" in late and "id:SovietUnion" not in late


def test_centrality_sample_is_reproducible(invoke):
    args = ("centrality", "--measure", "betweenness", "--sample", "6", "--seed", "4", "--format", "json")
    first, second = invoke(*args), invoke(*args)
    assert first.exit_code == 0 and first.stdout == second.stdout
    exact = rows(invoke("centrality", "--measure", "betweenness", "--format", "json"))
    assert rows(first) != exact


def test_centrality_weights_and_filters(invoke):
    data = rows(invoke("centrality", "--measure", "pagerank", "--weight", "abs-stance", "--relation", "support",
                       "--as-of", "1985", "--may-hold", "--format", "json"))  # fmt: skip
    assert data[0]["label"] == "Afghan mujahideen"
    assert {r["label"] for r in data} == {"Afghan mujahideen", "Pakistan", "Saudi Arabia", "United States",
                                          "Soviet Union", "Afghanistan's communist government"}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("centrality", "--measure", "fame"), "unknown measure 'fame'"),
        (("centrality", "--top", "-1"), "--top"),
        (("centrality", "--measure", "betweenness", "--sample", "500"), "larger than the graph (19 actors)"),
        (("centrality", "--as-of", "nineteen85"), "'nineteen85' is not a year"),
        (("centrality", "--measure", "in-degree", "--undirected"), "needs tie direction"),
        (("centrality", "--weight", "stance"), "--weight"),
        (("path", "Rusia", "Taliban"), "unknown actor 'Rusia'; did you mean: Russia"),
        (("neighbors", "Talibann"), "unknown actor 'Talibann'; did you mean: Taliban"),
        (("neighbors", "Russia", "--depth", "0"), "--depth"),
        (("compare", "--from", "2022", "--to", "1985"), "after"),
        (("compare", "--from", "1985"), "--to"),
        (("balance", "--as-of", "soon"), "is not a year"),
        (("communities", "--method", "k-means"), "--method"),
    ],
)
def test_bad_input_exits_2(invoke, args, message):
    assert message in error(invoke(*args), 2)


@pytest.mark.parametrize(
    "args",
    [
        ("--no-bundled", "centrality"),
        ("centrality", "--class", "MilitaryAlliance", "--relation", "support", "--as-of", "1985"),
        ("--no-bundled", "communities"),
        ("--no-bundled", "balance"),
        ("balance", "--relation", "concern", "--as-of", "1985"),
        ("neighbors", "Russia", "--as-of", "1985"),
        ("compare", "--from", "1985", "--to", "1986", "--class", "MilitaryAlliance", "--relation", "support"),
    ],
)
def test_no_actors_match_exits_1(invoke, args):
    assert "no actors match" in error(invoke(*args), 1)


# -- path and neighbors ----------------------------------------------------------------------------
def test_path_table_and_json(invoke):
    result = invoke("path", "Pakistan", "USSR", "--as-of", "1985", "--may-hold")  # Cold War backing: 1979-1989
    assert result.exit_code == 0
    assert "path 1 (2 steps): Pakistan — Afghan mujahideen — Soviet Union" in result.stdout
    data = rows(invoke("path", "Pakistan", "USSR", "--as-of", "1985", "--may-hold", "--format", "json"))
    assert [(r["step"], r["relation"], r["direction"]) for r in data] == [(1, "support", "->"),
                                                                          (2, "armed conflict", "->")]  # fmt: skip
    assert all(r["evidence"] and "1979" in r["when"] for r in data)  # the time as the source gives it


def test_path_all_and_max_length(invoke):
    data = rows(invoke("path", "Pakistan", "Iran", "--all-paths", "--as-of", "2022", "--may-hold", "--format", "json"))
    middles = {(r["path"], r["to_label"]) for r in data if r["step"] == 1}
    assert middles == {(1, "Afghanistan"), (2, "Russia")}
    assert "at most 1 ties" in error(
        invoke("path", "Pakistan", "USSR", "--max-length", "1", "--as-of", "1985", "--may-hold"), 1
    )


def test_path_unconnected_says_no_path(invoke):
    line = error(invoke("path", "Kazakhstan", "Taliban", "--relation", "membership"), 1)
    assert "no path" in line and "Taliban" in line
    assert "following tie direction" in error(invoke("path", "Uzbekistan", "Kazakhstan", "--directed"), 1)
    assert "no path: Soviet Union has no matching ties as of 2022" in error(
        invoke("path", "USSR", "Russia", "--as-of", "2022", "--may-hold"), 1
    )


def test_neighbors(invoke):
    data = rows(invoke("neighbors", "Pakistan", "--as-of", "2022", "--may-hold", "--format", "json"))
    assert {r["label"] for r in data} == {"Afghanistan", "Russia", "Taliban"}
    assert all(r["distance"] == 1 and r["via_label"] == "Pakistan" for r in data)
    deeper = rows(invoke("neighbors", "Pakistan", "--depth", "2", "--as-of", "2022", "--may-hold", "--format", "json"))
    assert {r["distance"] for r in deeper} == {1, 2} and len(deeper) > len(data)
    out = rows(
        invoke("neighbors", "Pakistan", "--direction", "out", "--as-of", "2022", "--may-hold", "--format", "json")
    )
    assert {r["label"] for r in out} == {"Afghanistan", "Taliban"}
    concerns = rows(
        invoke("neighbors", "Russia", "--entities", "--kind", "attitude", "--relation", "concern", "--format", "json")
    )
    assert "narcotics trafficking" in {r["label"] for r in concerns}


# -- communities, balance --------------------------------------------------------------------------
def test_communities(invoke):
    result = invoke("communities", "--method", "greedy-modularity")
    assert result.exit_code == 0 and "modularity 0." in result.stdout
    data = rows(invoke("communities", "--format", "json", "--seed", "2"))
    members = [m for r in data for m in r["ids"].split(", ")]
    assert len(members) == len(set(members)) == 19
    assert len({r["modularity"] for r in data}) == 1
    assert rows(invoke("communities", "--format", "json", "--seed", "2")) == data


def test_balance_sections(invoke):
    result = invoke("balance", "--as-of", "1985", "--may-hold")
    assert result.exit_code == 0
    for text in ("structural balance as of 1985", "triads", "best split into two camps", "frustration"):
        assert text in result.stdout
    camps = rows(invoke("balance", "--as-of", "1985", "--may-hold", "--show", "camps", "--format", "json"))
    side = {r["label"]: r["camp"] for r in camps}
    assert side["Soviet Union"] != side["United States"]
    summary = {r["what"]: r["value"] for r in rows(invoke("balance", "--show", "summary", "--format", "json"))}
    assert summary["signed pairs"] == summary["cooperative pairs (+)"] + summary["hostile pairs (-)"]
    triads = rows(invoke("balance", "--format", "json"))
    assert triads and {r["balanced"] for r in triads} <= {"yes", "no"}


# -- compare, timeline -----------------------------------------------------------------------------
def test_compare(invoke):
    result = invoke("compare", "--from", "1985", "--to", "2022", "--may-hold")
    assert result.exit_code == 0
    assert "ties that began or ended between 1985 and 2022" in result.stdout
    assert "degree rank, 1985 -> 2022" in result.stdout
    ranks = rows(
        invoke("compare", "--from", "1985", "--to", "2022", "--may-hold", "--show", "ranks", "--format", "json")
    )
    status = {r["label"]: r["status"] for r in ranks}
    assert status["Soviet Union"] == "gone" and status["Taliban government"] == "new"
    assert {"rank_1985", "rank_2022", "degree_1985", "degree_2022", "move"} <= set(ranks[0])
    ties = rows(invoke("compare", "--from", "1985", "--to", "2022", "--may-hold", "--format", "json"))
    assert {r["change"] for r in ties} == {"began", "ended"}


def test_timeline(invoke):
    data = rows(invoke("timeline", "--actor", "USSR", "--format", "json"))
    dated = [r for r in data if r["year"] is not None]
    assert dated[-1]["kind"] == "actor ended" and dated[-1]["date"] == "1991"
    assert any(r["kind"] == "event" for r in data)
    assert "unknown actor" in error(invoke("timeline", "--actor", "Atlantis"), 2)


# -- degenerate projections ------------------------------------------------------------------------
def test_one_actor(invoke, small):
    data = rows(invoke("--no-bundled", "--data", small["one"], "centrality", "--measure", "all", "--format", "json"))
    assert len(data) == 1 and data[0]["degree"] == 0 and data[0]["eigenvector"] == 0
    assert "no ties match" in error(invoke("--no-bundled", "--data", small["one"], "communities"), 1)
    assert "no signed ties match" in error(invoke("--no-bundled", "--data", small["one"], "balance"), 1)
    assert "same actor" in error(invoke("--no-bundled", "--data", small["one"], "path", "Aland", "Aland"), 2)


def test_no_ties(invoke, small):
    result = invoke("--no-bundled", "--data", small["noties"], "centrality", "--measure", "all")
    assert result.exit_code == 0 and "Bland" in result.stdout
    no_nan(result.stdout)
    assert "no path between Aland and Bland" in error(
        invoke("--no-bundled", "--data", small["noties"], "path", "Aland", "Bland"), 1
    )
    assert "no actors match" in error(invoke("--no-bundled", "--data", small["noties"], "neighbors", "A"), 1)


def test_disconnected_hostile_pairs(invoke, small):
    base = ("--no-bundled", "--data", small["hostile"])
    for weight in ("none", "count", "abs-stance"):
        result = invoke(*base, "centrality", "--measure", "all", "--weight", weight, "--format", "csv")
        assert result.exit_code == 0
        no_nan(result.stdout)
    data = rows(invoke(*base, "centrality", "--measure", "eigenvector", "--format", "json"))
    assert {r["eigenvector"] for r in data} == {0.5}  # each pair: norm sqrt(2/4), split evenly
    camps = rows(invoke(*base, "balance", "--show", "camps", "--format", "json"))
    assert {(r["component"], r["camp"]) for r in camps} == {(1, "A"), (1, "B"), (2, "A"), (2, "B")}
    assert "no cooperative ties match" in error(invoke(*base, "communities", "--cooperative"), 1)
    assert "no path between Aland and Cland" in error(invoke(*base, "path", "Aland", "Cland"), 1)


def test_all_hostile_triangle_is_frustrated(invoke, small):
    base = ("--no-bundled", "--data", small["triangle"])
    summary = {r["what"]: r["value"] for r in rows(invoke(*base, "balance", "--show", "summary", "--format", "json"))}
    assert summary["unbalanced triads"] == 1 and summary["frustration (pairs breaking the best split)"] == 1
    triads = rows(invoke(*base, "balance", "--format", "json"))
    assert [(r["signs"], r["balanced"]) for r in triads] == [("---", "no")]


def test_asserted_leaves_out_prospective_ties(invoke, kg):
    # China's economic engagement of Afghanistan is the one relation the article only states as possible
    # ("more resources to offer"), between a pair with no asserted relation
    anticipated = rows(invoke("neighbors", "China", "--as-of", "2022", "--may-hold", "--format", "json"))
    assert "Afghanistan" in {r["label"] for r in anticipated}
    sure = rows(invoke("neighbors", "China", "--as-of", "2022", "--may-hold", "--asserted", "--format", "json"))
    assert "Afghanistan" not in {r["label"] for r in sure}
    full = {r["label"]: r["degree"] for r in rows(invoke("centrality", "--measure", "degree", "--format", "json"))}
    only = {
        r["label"]: r["degree"]
        for r in rows(invoke("centrality", "--measure", "degree", "--asserted", "--format", "json"))
    }
    possible = [t for t in kg.all_ties if t.kind == "relation" and not t.is_asserted]
    assert possible and any(only[kg.label(t.source)] < full[kg.label(t.source)] for t in possible)
