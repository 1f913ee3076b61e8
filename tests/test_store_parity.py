"""Every graph-reading command gives the same answers from an Oxigraph store (--store) as in memory."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import geokg
from geokg.stores import build_store, open_knowledge_graph


@pytest.fixture(scope="module")
def bulk_store(tmp_path_factory) -> Path:
    """A store built from the files by Oxigraph's bulk loader (the path `geokg store build` takes)."""
    folder = tmp_path_factory.mktemp("parity") / "bulk"
    build_store([], folder)
    return folder


@pytest.fixture(scope="module")
def graph_store(tmp_path_factory) -> Path:
    """A store built from the in-memory rdflib graph."""
    folder = tmp_path_factory.mktemp("parity") / "fromgraph"
    build_store(geokg.load(), folder)
    return folder


def test_both_store_builds_hold_the_same_records_as_memory(kg, bulk_store, graph_store):
    for folder in (bulk_store, graph_store):
        stored = open_knowledge_graph(folder)
        assert stored.info() == kg.info()
        assert stored.entities == kg.entities
        assert stored.all_ties == kg.all_ties
        assert stored.events == kg.events
        assert stored.sources == kg.sources
        assert stored.tie_types == kg.tie_types
        assert stored.classes == kg.classes


def test_the_projection_is_identical(kg, bulk_store):
    memory = kg.to_networkx(include_entities=True)
    stored = open_knowledge_graph(bulk_store).to_networkx(include_entities=True)
    assert dict(memory.nodes(data=True)) == dict(stored.nodes(data=True))
    assert sorted(memory.edges(keys=True, data=True), key=str) == sorted(stored.edges(keys=True, data=True), key=str)


COMMANDS = [
    ["info"],
    ["info", "--format", "json"],
    ["actors", "--format", "csv"],
    ["actors", "--class", "ArmedGroup", "--format", "json"],
    ["show", "Taliban"],
    ["show", "USSR", "--format", "json"],
    ["ties", "--format", "json"],
    ["ties", "--actor", "Russia", "--as-of", "2021", "--format", "csv"],
    ["ties", "--relation", "support", "--format", "tsv"],
    ["centrality", "--format", "json"],
    ["centrality", "--measure", "betweenness", "--format", "csv"],
    ["centrality", "--measure", "pagerank", "--as-of", "1985", "--format", "csv"],
    ["path", "United States", "Russia", "--format", "json"],
    ["path", "Pakistan", "Russia", "--all-paths", "--as-of", "2022", "--may-hold", "--format", "csv"],
    ["neighbors", "Russia", "--format", "json"],
    ["communities", "--format", "json"],
    ["timeline", "--format", "csv"],
    ["compare", "--from", "1985", "--to", "2022", "--format", "json"],
    ["balance", "--format", "json"],
    ["query", "--name", "csto-members", "--format", "json"],
    ["query", "--name", "ties-between", "--bind", "a=Russia", "--bind", "b=Taliban", "--format", "csv"],
    ["query", "--name", "ties-per-type", "--format", "csv"],
    ["query", "--name", "hostile-ties-of", "--bind", "actor=Russia", "--format", "json"],
    ["query", "SELECT ?s WHERE { ?s a geo:State } ORDER BY ?s", "--format", "csv"],
    ["query", "ASK { id:Pakistan geo:supports id:Taliban }"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_store_answers_like_memory(invoke, bulk_store, args):
    memory = invoke(*args)
    stored = invoke(*args, "--store", str(bulk_store))
    assert memory.exit_code == 0, memory.stderr
    assert stored.exit_code == 0, stored.stderr
    assert memory.stdout.strip()
    assert _canonical(stored.stdout) == _canonical(memory.stdout)


def _canonical(text: str) -> str:
    """Raw SPARQL results show literals as stored: rdflib keeps the lexical form of an xsd:decimal as
    written ("-0.20"), Oxigraph stores its canonical form ("-0.2"). Same value; compare canonically."""
    return re.sub(r"(-?\d+\.\d*?)0+\b", lambda m: m.group(1).rstrip("."), text)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "tables/"), ("cytoscape", "g.json"), ("turtle", "g.ttl")],
)
def test_export_is_identical_from_the_store(invoke, bulk_store, tmp_path, fmt, name):
    outputs = []
    for where, extra in (("memory", []), ("store", ["--store", str(bulk_store)])):
        target = tmp_path / where / name
        (target if name.endswith("/") else target.parent).mkdir(parents=True, exist_ok=True)
        result = invoke("export", "-f", fmt, "-o", str(target) + ("/" if name.endswith("/") else ""), *extra)
        assert result.exit_code == 0, result.stderr
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        outputs.append({p.name: _content(p, fmt) for p in files if p.is_file()})
    assert outputs[0] and outputs[0] == outputs[1]


def _content(path: Path, fmt: str) -> object:
    if fmt == "turtle":  # blank node labels differ between stores: compare the graphs
        from rdflib import XSD, Graph, Literal
        from rdflib.compare import to_isomorphic

        def canonical(term: object) -> object:  # "0.70"^^xsd:decimal (rdflib) is "0.7" in Oxigraph
            if isinstance(term, Literal) and term.datatype == XSD.decimal:
                return Literal(repr(float(term)), datatype=XSD.decimal)
            return term

        graph = Graph()
        for s, p, o in Graph().parse(path, format="turtle"):
            graph.add((s, p, canonical(o)))
        return to_isomorphic(graph)
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", ["html", "png"])
def test_render_works_from_the_store(invoke, bulk_store, tmp_path, suffix):
    memory = tmp_path / f"memory.{suffix}"
    stored = tmp_path / f"store.{suffix}"
    assert invoke("render", "-o", str(memory)).exit_code == 0
    result = invoke("render", "-o", str(stored), "--store", str(bulk_store))
    assert result.exit_code == 0, result.stderr
    assert stored.stat().st_size > 1000
    if suffix == "html":  # same nodes and edges (the page embeds them as JSON)
        assert stored.read_text(encoding="utf-8") == memory.read_text(encoding="utf-8")


def test_a_missing_store_is_a_one_line_error(invoke, tmp_path):
    result = invoke("info", "--store", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr.startswith("geokg: error:") and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_store_build_from_files_with_data_and_without_bundled(invoke, tmp_path):
    data = tmp_path / "mine.ttl"
    data.write_text(
        "@prefix : <https://w3id.org/geokg/id/> .\n"
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        ':Atlantis a geo:State ; skos:prefLabel "Atlantis"@en .\n'
        ':Lemuria a geo:State ; skos:prefLabel "Lemuria"@en .\n'
        ":t1 a geo:Relation ; geo:statementType geo:Alliance ; geo:from :Atlantis ; geo:to :Lemuria ;\n"
        "  geo:certainty geo:Asserted .\n",
        encoding="utf-8",
    )
    folder = tmp_path / "mine-store"
    built = invoke("--data", str(data), "--no-bundled", "store", "build", str(folder))
    assert built.exit_code == 0, built.stderr
    memory = invoke("--data", str(data), "--no-bundled", "ties", "--format", "json")
    stored = invoke("ties", "--format", "json", "--store", str(folder))
    assert stored.stdout == memory.stdout and "Atlantis" in stored.stdout
    # the symmetric alliance derives both plain triples in the store too
    ask = invoke("query", "ASK { id:Lemuria geo:alliedWith id:Atlantis }", "--store", str(folder))
    assert ask.exit_code == 0 and "true" in ask.stdout.lower()


def test_store_build_reports_a_bad_file_with_its_line(invoke, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <urn:x#> .\n:a :b \n", encoding="utf-8")
    result = invoke("--data", str(bad), "store", "build", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.stderr.startswith("geokg: error:") and "bad.ttl:2" in result.stderr
    assert not (tmp_path / "s").exists()


def test_store_build_reports_progress(tmp_path):
    from geokg.progress import reporting

    seen: list[tuple[str, int, int | None]] = []
    with reporting(lambda what, done, total: seen.append((what, done, total))):
        info = build_store([], tmp_path / "s")
    loading = [s for s in seen if s[0].startswith("loading ") and "into Oxigraph" in s[0]]
    assert loading[0][1] == 0 and loading[-1][1] == loading[-1][2] > 0
    assert ("deriving year bounds and plain triples", info.derived, info.derived) in seen


GRADED = str(Path(__file__).resolve().parents[1] / "docs/examples/recognition-2025/recognition.ttl")
"""Statements whose sources carry Admiralty grades (the bundled graph's are ungraded)."""


@pytest.fixture(scope="module")
def graded_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parity") / "graded"
    build_store([GRADED], folder)
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["info", "--format", "json"],
        ["ties", "--format", "csv"],
        ["centrality", "--format", "csv"],
        ["timeline", "--format", "csv"],
        ["show", "Russia", "--format", "json"],
        ["export", "-f", "graphml", "-o", "-"],
    ],
    ids=lambda a: " ".join(a)[:60],
)
def test_min_grade_is_heard_on_a_store(invoke, graded_store, args):
    # --min-grade once went unheard on a store: every statement was kept, and info gave the counts recorded
    # at build time.
    memory = invoke("--data", GRADED, "--min-grade", "C", *args)
    stored = invoke("--store", str(graded_store), "--min-grade", "C", *args)
    assert memory.exit_code == 0, memory.stderr
    assert stored.exit_code == 0, stored.stderr
    assert stored.stdout == memory.stdout
    assert stored.stdout != invoke("--store", str(graded_store), *args).stdout  # the grade leaves some out
