"""Every export format is read back with an independent reader and matched with the projection."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from geokg.errors import InputError
from geokg.export import FORMATS, csv_paths, dot_text, export, flat_graph, resolve_format
from geokg.projection import View, project


@pytest.fixture(scope="module")
def projection(kg):
    return kg.to_networkx()


def edge_keys(graph) -> set:
    return {(u, v, k) for u, v, k in graph.edges(keys=True)}


def assert_same_as_flat(read, graph, skip=()):
    flat = flat_graph(graph)
    assert set(read.nodes) == set(flat.nodes)
    assert edge_keys(read) == edge_keys(flat)
    for node, attrs in flat.nodes(data=True):
        for key, value in attrs.items():
            if key not in skip:
                assert read.nodes[node][key] == value, (node, key)
    for u, v, k, attrs in flat.edges(keys=True, data=True):
        for key, value in attrs.items():
            if key not in skip:
                assert read.edges[u, v, k][key] == value, (k, key)


def assert_gephi_safe(path):
    """No None, no Python list or dict text, in any attribute value."""
    for el in ET.parse(path).iter():
        values = [el.text or ""] if el.tag.endswith("}data") else []
        if el.tag.endswith("attvalue"):
            values.append(el.get("value", ""))
        for value in values:
            assert value != "None" and not re.match(r"^\s*[\[{]", value), value


def test_graphml_round_trip(tmp_path, kg, projection):
    path = tmp_path / "g.graphml"
    assert export(kg, projection, path) == [path]
    read = nx.read_graphml(path, force_multigraph=True)
    assert read.is_directed() and read.is_multigraph()
    assert_same_as_flat(read, projection)
    assert_gephi_safe(path)
    tie = next(iter(read.edges(data=True)))[2]
    assert isinstance(tie["evidence"], str) and isinstance(tie["sources"], str)  # lists became text


def test_gexf_round_trip(tmp_path, kg, projection):
    path = tmp_path / "g.gexf"
    export(kg, projection, path, "gexf")
    read = nx.read_gexf(path)
    assert read.is_multigraph()
    # read_gexf keys edges by their id (the tie IRI); start/end are GEXF spells, written only when they are
    # years (an unknown bound or lifespan has none), so they are not compared here
    assert_same_as_flat(read, projection, skip=("id", "start", "end"))
    assert_gephi_safe(path)


def test_cytoscape_round_trip(tmp_path, kg, projection):
    path = tmp_path / "g.cyjs"
    export(kg, projection, path, "cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {e["data"]["id"] for e in data["elements"]["edges"]} == {k for _u, _v, k in edge_keys(projection)}
    read = nx.cytoscape_graph(data, name="label", ident="id")
    assert set(read.nodes) == set(projection.nodes)
    assert edge_keys(read) == edge_keys(projection)
    for u, v, k, attrs in projection.edges(keys=True, data=True):
        assert read.edges[u, v, k]["evidence"] == attrs["evidence"]
        assert read.edges[u, v, k]["stance"] == attrs["stance"]
    for node, attrs in projection.nodes(data=True):
        assert read.nodes[node]["label"] == attrs["label"]


def test_node_link_round_trip(tmp_path, kg, projection):
    path = tmp_path / "g.json"
    export(kg, projection, path, "node-link")
    read = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert dict(read.nodes(data=True)) == dict(projection.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True), key=str) == sorted(projection.edges(keys=True, data=True), key=str)


def test_csv_tables(tmp_path, kg, projection):
    written = export(kg, projection, tmp_path / "afg.csv", "csv")
    assert [p.name for p in written] == ["afg-nodes.csv", "afg-edges.csv"]
    with written[0].open(encoding="utf-8", newline="") as fh:
        nodes = {r["id"]: r for r in csv.DictReader(fh)}
    with written[1].open(encoding="utf-8", newline="") as fh:
        edges = {r["id"]: r for r in csv.DictReader(fh)}
    assert set(nodes) == set(projection.nodes)
    assert {(r["source"], r["target"], k) for k, r in edges.items()} == edge_keys(projection)
    for _u, _v, k, attrs in projection.edges(keys=True, data=True):
        row = edges[k]
        assert float(row["stance"]) == attrs["stance"]
        assert row["end"] == ("" if attrs["end"] is None else str(attrs["end"]))
        assert row["evidence"] == " | ".join(attrs["evidence"])
    folder = tmp_path / "tables"
    folder.mkdir()
    assert [p.name for p in export(kg, projection, str(folder) + "/", "csv")] == ["nodes.csv", "edges.csv"]


def read_dot(text: str):
    """A small reader for the DOT geokg writes: quoted IDs and attribute lists, one statement a line."""
    quoted = r'"((?:[^"\\]|\\.)*)"'

    def unquote(s: str) -> str:
        return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), s)

    def attrs(s: str) -> dict:
        return {k: unquote(v) for k, v in re.findall(r"(\w+)=" + quoted, s)}

    graph = nx.MultiDiGraph()
    for line in text.splitlines():
        if m := re.fullmatch(r"\s*" + quoted + r" -> " + quoted + r" \[(.*)\];", line):
            a = attrs(m.group(3))
            graph.add_edge(unquote(m.group(1)), unquote(m.group(2)), key=a["id"], **a)
        elif m := re.fullmatch(r"\s*" + quoted + r" \[(.*)\];", line):
            graph.add_node(unquote(m.group(1)), **attrs(m.group(2)))
    return graph


def test_dot_round_trip_and_quoting(tmp_path, kg, projection):
    path = tmp_path / "g.dot"
    export(kg, projection, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("digraph geokg {") and text.rstrip().endswith("}")
    read = read_dot(text)
    assert set(read.nodes) == set(projection.nodes) and edge_keys(read) == edge_keys(projection)
    for node, attrs in projection.nodes(data=True):
        assert read.nodes[node]["label"] == attrs["label"]
    odd = nx.MultiDiGraph()
    label = 'say "hi"\\ then\nnewline } -> ;'
    odd.add_node('a"b', label=label, cls="State")
    odd.add_node("c", label="c", cls="State")
    odd.add_edge('a"b', "c", key="k", relation_label=label, stance=0.1)
    back = read_dot(dot_text(odd))
    assert back.nodes['a"b']["label"] == label
    assert back.edges['a"b', "c", "k"]["label"] == label
    assert "\n" not in dot_text(odd).split("\n", 5)[4].split("[", 1)[1]  # a label never breaks a line


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_rdf_whole_graph_is_isomorphic(tmp_path, kg, invoke, fmt):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    path = tmp_path / f"g.{fmt}"
    result = invoke("export", "-f", fmt, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    read = Graph().parse(path, format={"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}[fmt])
    assert len(read) == len(kg.graph)
    assert isomorphic(read, kg.graph)


def test_rdf_filtered_describes_the_projection(tmp_path, kg):
    from rdflib import Graph, URIRef

    view = project(kg, View(relations=("support",)))
    path = tmp_path / "support.ttl"
    export(kg, view, path, "turtle")
    read = Graph().parse(path, format="turtle")
    subjects = {str(s) for s in read.subjects() if isinstance(s, URIRef)}
    ties = {k for _u, _v, k in view.edges(keys=True)}
    assert ties <= subjects
    other_ties = {t.iri for t in kg.all_ties} - ties
    assert not (other_ties & subjects)
    assert not ({str(o) for o in read.objects()} & other_ties)
    assert len(read) < len(kg.graph)
    # evidence blank nodes came along: every tie's quote is there
    quotes = {str(o) for o in read.objects() if not isinstance(o, URIRef)}
    for _u, _v, attrs in view.edges(data=True):
        assert set(attrs["evidence"]) <= quotes


def test_formats_and_suffixes():
    assert resolve_format(None, "x.gexf") == "gexf" and resolve_format("JSONLD", "x") == "json-ld"
    with pytest.raises(InputError):
        resolve_format("xlsx", "x")
    with pytest.raises(InputError):
        resolve_format(None, "x.weird")
    assert [p.name for p in csv_paths("out/run1")] == ["run1-nodes.csv", "run1-edges.csv"]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "csv"])
def test_cli_export_every_format_with_filters(tmp_path, invoke, kg, fmt):
    path = tmp_path / f"out.{fmt}"
    result = invoke("export", "-f", fmt, "-o", str(path), "--as-of", "1985")
    assert result.exit_code == 0, result.stderr
    expected = kg.to_networkx(as_of=1985)
    assert f"{expected.number_of_nodes()} nodes, {expected.number_of_edges()} ties" in result.stdout
    assert path.stat().st_size > 100
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "xlsx", "-o", "{tmp}/g.xlsx"], 2, "unknown export format 'xlsx'"),
        (["-o", "{tmp}/g.weird"], 2, "cannot tell the export format"),
        (["-f", "graphml", "-o", "{tmp}/missing/g.graphml"], 2, "does not exist"),
        (["-f", "graphml", "-o", "{tmp}"], 2, "is a directory"),
        (["-f", "csv", "-o", "{tmp}/missing/"], 2, "does not exist"),
        (["-f", "gexf", "-o", "{tmp}/g.gexf", "--actor", "Narnia"], 2, "unknown actor"),
        (["-f", "gexf", "-o", "{tmp}/g.gexf", "--as-of", "1500", "--class", "MilitaryAlliance"], 1, "no actors match"),
        (
            ["-f", "turtle", "-o", "{tmp}/g.ttl", "--class", "MilitaryAlliance", "--relation", "armed conflict"],
            1,
            "match these filters",
        ),
        (
            ["-f", "csv", "-o", "{tmp}/t", "--class", "MilitaryAlliance", "--relation", "armed conflict"],
            1,
            "match these filters",
        ),
    ],
)
def test_cli_export_bad_input(tmp_path, invoke, args, code, message):
    result = invoke("export", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geokg: error:") and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.rglob("*")) == []


def test_dot_opens_in_graphviz(tmp_path, kg, projection):
    import shutil
    import subprocess

    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed")
    path = tmp_path / "g.dot"
    export(kg, projection, path)
    odd = nx.MultiDiGraph()
    odd.add_node('a"b', label='say "hi"\\ then\nnext } -> ;', cls="State")
    odd.add_node("c", label="c", cls="State")
    odd.add_edge('a"b', "c", key="k", relation_label="x", stance=0.1)
    for text in (path.read_text(encoding="utf-8"), dot_text(odd)):
        done = subprocess.run(["dot", "-Tplain"], input=text, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        plain = done.stdout.splitlines()
        assert sum(1 for line in plain if line.startswith("node ")) == (
            projection.number_of_nodes() if text != dot_text(odd) else 2
        )


def _networkx_graphml(graph):
    return "\n".join(nx.generate_graphml(flat_graph(graph), encoding="utf-8", prettyprint=True)) + "\n"


@pytest.mark.parametrize(
    "view",
    [View(), View(as_of=1985), View(kinds=("relation", "attitude", "event"), include_entities=True)],
    ids=["default", "as-of", "everything"],
)
def test_graphml_is_what_networkx_writes(kg, view):
    from geokg.export import _graphml, graphml_text

    graph = project(kg, view)
    assert _graphml(graph) is not None  # written by geokg itself, not by networkx
    assert graphml_text(graph) == _networkx_graphml(graph)


def test_graphml_escapes_and_empty_values_as_networkx_does():
    from geokg.export import _graphml, graphml_text

    odd = "a&<>\"'\n\t\r x"
    g = nx.MultiDiGraph()
    g.add_node(odd, label="é 北京 \U0001f600 a\u2028b\x85c\r\nd&<>\"", flag=True, n=3, f=0.1, empty="", none=None,
               items=[1, "x"], pair=(2,))  # fmt: skip
    g.add_node("lonely")
    g.add_edge(odd, "lonely", key='k"1', w=1, s="", b=False)
    g.add_edge("lonely", "lonely", key=2, w=1.5, x=-0.0)
    g.add_edge("lonely", odd, key=3, w="mixed types get their own key")
    assert _graphml(g) is not None
    assert graphml_text(g) == _networkx_graphml(g)
    for graph in (nx.MultiDiGraph(), nx.MultiDiGraph([(1, 1)])):
        assert graphml_text(graph) == _networkx_graphml(graph)


def test_graphml_of_other_values_is_left_to_networkx():
    import numpy as np

    from geokg.export import _graphml, graphml_text

    g = nx.MultiDiGraph()
    g.add_node("x", score=np.float64(0.5))
    assert _graphml(g) is None
    assert graphml_text(g) == _networkx_graphml(g)
