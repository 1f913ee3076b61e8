"""The NetworkX projection: nodes, edges, attributes and filters."""

from __future__ import annotations

import math

import networkx as nx


def test_projection_has_every_actor_and_every_relation_between_actors(kg):
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    actors = {e.iri for e in kg.entities.values() if e.is_actor}
    assert set(g.nodes) == actors
    expected = [
        t
        for t in kg.all_ties
        if t.kind == "relation" and t.source in actors and t.target in actors and t.rank != "deprecated"
    ]
    assert g.number_of_edges() == len(expected)
    for tie in expected:
        data = g.edges[tie.source, tie.target, tie.iri]
        assert data["relation"] == tie.relation
        assert data["stance"] == tie.stance
        assert data["evidence"] == [e.quote for e in tie.evidence]


def test_node_and_edge_attributes_are_flat_and_defined(kg):
    g = kg.to_networkx(include_entities=True)
    for _, data in g.nodes(data=True):
        assert isinstance(data["label"], str) and data["label"]
        assert isinstance(data["cls"], str)
    for _, _, data in g.edges(data=True):
        assert -1 <= data["stance"] <= 1 and not math.isnan(data["stance"])
        assert data["certainty"] in {c.notation for c in kg.codes.values() if c[1] == "Certainty"}
        assert data["kind"] in ("relation", "attitude", "event")
        assert len(data["years"]) == 5 and all(isinstance(y, int) for y in data["years"])


def test_as_of_keeps_what_holds_and_may_hold_adds_the_rest(kg):
    soviet, taliban_gov = kg.actor("Soviet Union").iri, kg.actor("Taliban government").iri
    g1985 = kg.to_networkx(as_of=1985)
    g2021 = kg.to_networkx(as_of=2021)
    assert soviet in g1985 and taliban_gov not in g1985
    assert taliban_gov in g2021 and soviet not in g2021
    for year, g in ((1985, g1985), (2021, g2021)):
        assert {k for _, _, k in g.edges(keys=True)} == {
            t.iri for t in kg.ties(as_of=year, kinds=["relation"]) if t.status(year) == "holds"
        }
        assert all(d["status"] == "holds" for _, _, d in g.edges(data=True))
    # the article's present-tense claims are only "may hold" after its earliest date (2021)
    g2026 = kg.to_networkx(as_of=2026, may_hold=True)
    assert g2026.number_of_edges() > kg.to_networkx(as_of=2026).number_of_edges()
    assert "may hold" in {d["status"] for _, _, d in g2026.edges(data=True)}


def test_relation_and_class_filters(kg):
    g = kg.to_networkx(relations=["membership"])
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"Membership"}
    csto = kg.actor("CSTO").iri
    members = {kg.label(u) for u, v in g.edges() if v == csto}
    assert members == {"Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}
    states = kg.to_networkx(classes=["State"])
    assert all("State" in kg.entities[n].kinds for n in states)
    assert kg.actor("Soviet Union").iri in states  # a HistoricalState is a State


def test_entities_only_on_request(kg):
    issue = kg.actor("narcotics trafficking").iri
    assert issue not in kg.to_networkx(kinds=["relation", "attitude"])
    assert issue in kg.to_networkx(kinds=["relation", "attitude"], include_entities=True)


def test_attitudes_and_events_are_edges_only_on_request(kg):
    default = kg.to_networkx()
    assert {d["kind"] for _, _, d in default.edges(data=True)} == {"relation"}
    everything = kg.to_networkx(kinds=["relation", "attitude", "event"])
    assert {d["kind"] for _, _, d in everything.edges(data=True)} == {"relation", "attitude", "event"}


def test_estimates_and_prospects_can_be_left_out(kg):
    with_all = kg.to_networkx()
    asserted = kg.to_networkx(include_prospective=False)
    assert asserted.number_of_edges() < with_all.number_of_edges()
    assert all(d["certainty"] == "asserted" for _, _, d in asserted.edges(data=True))


# -- one projection (issue 12) ----------------------------------------------------------------------------
import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from geokg.errors import InputError, NoResultError  # noqa: E402
from geokg.projection import NOTHING_MATCHES, View, ego_rings, project  # noqa: E402

EMPTY = ("--class", "MilitaryAlliance", "--as-of", "1500")


def test_view_is_a_frozen_value():
    view = View(relations=["support"], classes="State", kinds=())
    assert view.relations == ("support",) and view.classes == ("State",) and view.kinds == ("relation",)
    assert view == View(relations=("support",), classes=("State",))
    with pytest.raises(AttributeError):
        view.as_of = 1985  # type: ignore[misc]
    assert hash(view) == hash(View(relations=("support",), classes=("State",)))


def test_every_front_end_says_the_same_when_nothing_matches(kg, invoke, tmp_path):
    with pytest.raises(NoResultError) as library:
        project(kg, View(classes=("MilitaryAlliance",), as_of=1500))
    assert str(library.value) == NOTHING_MATCHES
    assert kg.to_networkx(classes=["MilitaryAlliance"], as_of=1500).number_of_nodes() == 0  # the convenience
    commands = [
        ("centrality", *EMPTY),
        ("communities", *EMPTY),
        ("balance", *EMPTY),
        ("render", "-o", str(tmp_path / "g.html"), *EMPTY),
        ("render", "-o", str(tmp_path / "g.png"), *EMPTY),
        ("export", "-f", "graphml", "-o", str(tmp_path / "g.graphml"), *EMPTY),
        ("export", "-f", "turtle", "-o", str(tmp_path / "g.ttl"), *EMPTY),
    ]
    for args in commands:
        result = invoke(*args)
        assert (result.exit_code, result.stderr.strip()) == (1, f"geokg: error: {NOTHING_MATCHES}"), args
    assert not list(tmp_path.iterdir())


def test_the_ego_network_is_the_same_in_analysis_and_render(kg, invoke, tmp_path):
    from geokg.analysis.neighbors import ego_network

    soviet = kg.actor("Soviet Union").iri
    whole = project(kg)
    for depth in (1, 2, 3):
        drawn = set(project(kg, View(actor="USSR", depth=depth)))
        listed = {n.actor for n in ego_network(whole, soviet, depth=depth)}
        rings = set().union(*ego_rings(whole, soviet, depth=depth))
        assert drawn == {soviet} | listed == {soviet} | rings
        assert drawn == set(nx.ego_graph(whole, soviet, radius=depth, undirected=True))
    out = set(project(kg, View(actor="USSR", depth=2, direction="out")))
    assert out == {soviet} | {n.actor for n in ego_network(whole, soviet, depth=2, direction="out")}
    result = invoke("neighbors", "USSR", "--depth", "2", "--format", "json")
    import json

    assert {r["actor"] for r in json.loads(result.stdout)} == {
        kg_compact for kg_compact in (_compact(n) for n in project(kg, View(actor="USSR", depth=2)) if n != soviet)
    }


def _compact(iri: str) -> str:
    from geokg.namespaces import compact

    return compact(iri)


def test_top_ranks_by_the_analysis_centrality(kg):
    from geokg.analysis.centrality import centrality

    whole = project(kg)
    best = [s.actor for s in centrality(whole, "pagerank", weight="count")][:5]
    assert set(project(kg, top=5)) == set(best)
    by_degree = [s.actor for s in centrality(whole, "degree")][:4]
    assert set(project(kg, View(top=4, rank_by="degree", weight="none"))) == set(by_degree)


def test_filters_on_top_of_a_view_and_bad_fields(kg):
    base = View(as_of=1985)
    assert set(project(kg, base, relations=["support"])) == set(project(kg, View(as_of=1985, relations=("support",))))
    with pytest.raises(InputError) as bad:
        project(kg, colour="red")
    assert bad.value.parameter == "colour"
    for field, value in (("depth", 0), ("top", 0), ("direction", "sideways")):
        with pytest.raises(InputError) as err:
            View(**{field: value})
        assert err.value.parameter == field and field in str(err.value) and "--" not in str(err.value)


def test_projection_does_not_import_knowledge():
    tree = ast.parse(Path(__file__).parents[1].joinpath("src/geokg/projection.py").read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "knowledge" not in imported and not any(m.endswith(".knowledge") for m in imported)


# -- the library speaks in parameters ----------------------------------------------------------------------
FLAG = re.compile(r"(?<![\w-])--[a-z]")
NOT_YET: set[str] = set()  # every module speaks in parameters


def _raised_texts(path: Path) -> list[tuple[int, str]]:
    """The string pieces of every ``raise SomeError(...)`` in a module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for part in ast.walk(node.exc):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    out.append((node.lineno, part.value))
    return out


def test_library_messages_name_parameters_not_flags():
    src = Path(__file__).parents[1] / "src" / "geokg"
    found = [
        f"{path.relative_to(src)}:{line}: {text!r}"
        for path in sorted(src.rglob("*.py"))
        if path.name not in NOT_YET
        for line, text in _raised_texts(path)
        if FLAG.search(text)
    ]
    assert found == []


def _bad_sample(g):
    from geokg.analysis.centrality import centrality

    return centrality(g, "betweenness", sample=0)


def _sample_without_betweenness(g):
    from geokg.analysis.centrality import centrality

    return centrality(g, "degree", sample=3)


def _bad_max_length(g):
    from geokg.analysis.paths import shortest_paths

    return shortest_paths(g, "a", "b", max_length=0)


@pytest.mark.parametrize(
    ("call", "parameter", "text"),
    [
        (_bad_sample, "sample", "sample must be at least 1, not 0"),
        (_sample_without_betweenness, "sample", "sample applies to betweenness only"),
        (_bad_max_length, "max_length", "max_length must be at least 1"),
    ],
)
def test_errors_carry_the_parameter(call, parameter, text):
    g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    with pytest.raises(InputError) as err:
        call(g)
    assert err.value.parameter == parameter and text in str(err.value) and "--" not in str(err.value)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("centrality", "--measure", "betweenness", "--sample", "0"), "--sample must be at least 1, not 0"),
        (("centrality", "--measure", "betweenness", "--sample", "9999"), "--sample 9999 is larger than the graph"),
        (
            ("centrality", "--sample", "3"),
            "--sample applies to betweenness only (ask for --measure betweenness or all)",
        ),
        (("centrality", "--measure", "in-degree", "--undirected"), "do not ask for --undirected, or use degree"),
        (("compare", "--from", "2022", "--to", "1985"), "--from 2022 is after --to 1985"),
        (("render", "-o", "{tmp}/g.html", "--top", "0"), "--top must be at least 1, not 0"),
        (("render", "-o", "{tmp}/g.html", "--actor", "USSR", "--depth", "0"), "--depth must be at least 1, not 0"),
        (("export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--top", "0"), "--top must be at least 1, not 0"),
    ],
)
def test_the_command_line_still_shows_flags(invoke, tmp_path, args, shown):
    result = invoke(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("geokg: error: ") and shown in result.stderr, result.stderr


def test_cli_choices_come_from_the_library(invoke):
    from geokg.analysis.centrality import MEASURES
    from geokg.analysis.communities import METHODS
    from geokg.analysis.simple import WEIGHTS
    from geokg.render.encoding import SIZE_MEASURES
    from geokg_cli.commands import analysis, render

    assert tuple(analysis.WEIGHT_CHOICE.choices) == WEIGHTS
    assert render.SIZE_CHOICES == SIZE_MEASURES
    assert all(m in analysis.MEASURE_HELP for m in MEASURES)
    methods = next(p for p in analysis.communities.params if p.name == "method")
    assert tuple(methods.type.choices) == METHODS  # type: ignore[attr-defined]


def test_top_and_ego_views_keep_the_same_order_whatever_the_hash_seed():
    """A top-N or ego view once listed its nodes in the order of a Python set, which changes from run to run
    (salted string hashes): the same command gave pages and files in a different order."""
    import subprocess
    import sys

    script = (
        "import geokg\nfrom geokg.projection import project, View\nkg = geokg.load()\n"
        "for view in (View(top=6), View(actor='Taliban', depth=1)):\n"
        "    g = project(kg, view)\n    print(list(g.nodes), list(g.edges(keys=True)))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    "view",
    [
        View(top=5),
        View(top=4, as_of=1985, may_hold=True, rank_by="degree", weight="none"),
        View(actor="Taliban", depth=2, direction="in"),
        View(actor="Russia", depth=2, top=3, kinds=("relation", "attitude", "event")),
        View(actor="Soviet Union", top=500),
    ],
)
def test_top_and_ego_views_are_the_whole_projection_cut_down(kg, view):
    """Ego and top-N views choose their nodes on a light graph and attribute only those: the result must be
    the whole projection's subgraph on those nodes, attribute for attribute and in the same order."""
    from dataclasses import replace

    chosen = project(kg, view)
    whole = project(kg, replace(view, actor=None, top=None))
    assert 0 < chosen.number_of_nodes() <= whole.number_of_nodes()
    assert list(chosen.nodes(data=True)) == [(n, d) for n, d in whole.nodes(data=True) if n in chosen]
    assert list(chosen.edges(keys=True, data=True)) == [
        (u, v, k, d) for u, v, k, d in whole.edges(keys=True, data=True) if u in chosen and v in chosen
    ]
    if view.actor is None and view.top is not None and whole.number_of_nodes() <= view.top:
        assert [list(chosen.pred[n]) for n in chosen] == [list(whole.pred[n]) for n in whole]


@pytest.mark.parametrize("view", [View(), View(top=5), View(as_of=1985, may_hold=True), View(actor="Taliban", depth=2)])
def test_a_projection_without_attributes_has_the_same_nodes_ties_and_scores(kg, view):
    from geokg.analysis.centrality import centrality

    full, light = project(kg, view), project(kg, view, attributes=False)
    assert list(light.nodes) == list(full.nodes)
    assert list(light.edges(keys=True)) == list(full.edges(keys=True))
    assert [list(light.pred[n]) for n in light] == [list(full.pred[n]) for n in full]
    for node, data in light.nodes(data=True):
        assert data == {"label": full.nodes[node]["label"]}
    for u, v, k, data in light.edges(keys=True, data=True):
        assert data == {"stance": full.edges[u, v, k]["stance"], "relation": full.edges[u, v, k]["relation"]}
    for measure in ("degree", "pagerank", "betweenness"):
        assert centrality(light, measure, weight="abs-stance") == centrality(full, measure, weight="abs-stance")
