"""Oxigraph stores: build, open, query through KnowledgeGraph and the CLI, rebuild safely."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import geokg
from geokg.errors import InputError, NotAStoreError
from geokg.stores import MARKER, OxigraphBackend, build_store, is_store, open_knowledge_graph, store_info


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, kg) -> Path:
    folder = tmp_path_factory.mktemp("stores") / "kg"
    build_store(kg, folder)
    return folder


def test_build_writes_every_triple_with_the_derived_ones(store_dir, kg):
    info = store_info(store_dir)
    assert is_store(store_dir)
    assert info.triples == len(kg.graph)
    assert info.derived == kg.derived > 0
    store_kg = open_knowledge_graph(store_dir)
    rows = store_kg.backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?a geo:supports ?b }")
    # the truthy rule: one plain triple per pair with an asserted, not superseded, not deprecated support
    best = [t for t in kg.all_ties if t.relation == "Support" and t.is_asserted and not t.superseded_by]
    expected = len({(t.source, t.target) for t in best if t.rank != "deprecated"})
    assert int(rows[0]["n"] or 0) == expected > 0


def test_knowledge_graph_on_a_store_reads_the_same_records(store_dir, kg):
    skg = open_knowledge_graph(store_dir)
    assert skg.info() == kg.info()
    assert skg.all_ties == kg.all_ties
    assert skg.events == kg.events
    assert skg.sources == kg.sources
    assert set(skg.entities) == set(kg.entities)
    for iri, ent in kg.entities.items():
        other = skg.entities[iri]
        assert (other.label, other.classes, sorted(other.aliases)) == (ent.label, ent.classes, sorted(ent.aliases))
    assert skg.actor("USSR").iri == kg.actor("USSR").iri
    assert sorted(skg.to_networkx().edges(keys=True)) == sorted(kg.to_networkx().edges(keys=True))


def test_backend_rows_are_strings_or_none(store_dir):
    backend = OxigraphBackend(store_dir)
    rows = backend.select("SELECT ?e ?end WHERE { ?e a geo:State OPTIONAL { ?e geo:end ?end } }")
    assert rows and all(isinstance(r["e"], str) for r in rows)
    assert any(r["end"] is None for r in rows)


def test_rebuild_replaces_the_store(tmp_path, kg, invoke):
    folder = tmp_path / "s"
    build_store(kg, folder)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/Atlantis> a geo:State ; skos:prefLabel "Atlantis"@en .\n',
        encoding="utf-8",
    )
    result = invoke("store", "build", str(folder), "--data", str(extra))
    assert result.exit_code == 0, result.stderr
    assert "triples" in result.stdout
    # the two written triples plus the four lifespan years rule 15-lifespans.rq derives for Atlantis: count what a
    # load of the same files holds rather than pin it
    with_extra = geokg.load([extra])
    assert store_info(folder).triples == len(with_extra.graph) > len(kg.graph) + 2
    assert open_knowledge_graph(folder).actor("Atlantis").label == "Atlantis"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_every_browsing_command_works_on_a_store(store_dir, invoke):
    for args in (["info"], ["actors"], ["show", "Taliban"], ["ties", "--actor", "Russia", "--as-of", "2021"]):
        on_file = invoke(*args, "--format", "json")
        on_store = invoke(*args, "--format", "json", "--store", str(store_dir))
        assert on_store.exit_code == 0, on_store.stderr
        assert json.loads(on_store.stdout) == json.loads(on_file.stdout)
    group_level = invoke("--store", str(store_dir), "show", "USSR", "--format", "json")
    assert json.loads(group_level.stdout)[0]["actor_label"] == "Soviet Union"


def test_a_folder_that_is_not_a_store(tmp_path, invoke):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = invoke("info", "--store", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("geokg: error:") and "not a geokg store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = invoke("info", "--store", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    with pytest.raises(NotAStoreError):
        build_store([], tmp_path)  # never overwrites a folder that is not a store
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "hello"
    with pytest.raises(InputError):
        build_store([], tmp_path / "notes.txt")


def test_validate_on_a_store_says_why_it_cannot(store_dir, invoke):
    result = invoke("validate", "--store", str(store_dir))
    assert result.exit_code == 2
    assert "store" in result.stderr and "Traceback" not in result.stderr


def test_store_and_data_do_not_mix(store_dir, invoke, tmp_path):
    result = invoke("info", "--store", str(store_dir), "--no-bundled")
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
    both = invoke("info", "--store", str(store_dir), "--endpoint", "http://127.0.0.1:9/query")
    assert both.exit_code == 2 and "not both" in both.stderr


_BIG_BUILD = """
import sys
from pyoxigraph import Store, Quad, NamedNode, Literal
from geokg.knowledge import KnowledgeGraph
from geokg.stores import OxigraphBackend, build_store
src = Store()
p = NamedNode("https://example.org/p")
src.bulk_extend(Quad(NamedNode(f"https://example.org/s{i}"), p, Literal(f"value {i}")) for i in range(800_000))
print("ready", flush=True)
build_store(KnowledgeGraph(OxigraphBackend(src)), sys.argv[1])
"""


def test_an_interrupted_build_leaves_the_old_store_usable(tmp_path, kg):
    folder = tmp_path / "kg"
    build_store(kg, folder)
    before = store_info(folder).triples
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", _BIG_BUILD, str(folder)], stdout=subprocess.PIPE, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(".kg.building-") for p in tmp_path.iterdir()):
            assert child.poll() is None, "the build finished before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert store_info(folder).triples == before
    skg = open_knowledge_graph(folder)
    assert skg.actor("Taliban").label == "Taliban" and len(skg) == before
    assert (folder / MARKER).is_file()


def test_query_command_on_a_store(store_dir, invoke):
    on_store = invoke("query", "--store", str(store_dir), "--name", "csto-members", "--format", "csv")
    in_memory = invoke("query", "--name", "csto-members", "--format", "csv")
    assert on_store.exit_code == 0, on_store.stderr
    assert on_store.stdout == in_memory.stdout and "Tajikistan" in on_store.stdout
    store = ["--store", str(store_dir)]
    bound = invoke("query", *store, "--name", "backers-of", "--bind", "actor=Taliban", "--format", "csv")
    # backers-of now starts with the statement IRI (?tie ?backer ?backerLabel ...)
    assert [r["backerLabel"] for r in csv.DictReader(io.StringIO(bound.stdout))] == ["Pakistan"]
    reasoned = invoke("query", "--store", str(store_dir), "SELECT ?a WHERE { ?a a geo:Actor }", "--reasoning", "rdfs")
    assert reasoned.exit_code == 0 and len(reasoned.stdout.splitlines()) == 1 + 19
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    stopped = invoke("query", "--store", str(store_dir), runaway, "--timeout", "0.5")
    assert stopped.exit_code == 2 and "longer than 0.5 s" in stopped.stderr
    assert invoke("query", "--store", str(store_dir), "ASK { id:Russia geo:memberOf id:CSTO }").stdout == "true\n"


def test_query_command_on_a_folder_that_is_not_a_store(tmp_path, invoke):
    result = invoke("query", "--store", str(tmp_path), "--name", "csto-members")
    assert result.exit_code == 2 and "is not a geokg store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_actor_names_resolve_on_a_store_without_reading_every_entity(kg, store_dir):
    from geokg.errors import UnknownActorError

    store_kg = open_knowledge_graph(store_dir)
    for name in ["Moscow", "russia", "ISKP", "Taliban government", "USSR", "the Kremlin", "U.S.", "Tajikistán"]:
        assert store_kg.actor_iri(name) == kg.actor(name).iri, name
    fresh = open_knowledge_graph(store_dir)
    assert fresh.actor_iri("Islamabad") == kg.actor("Pakistan").iri
    assert "entities" not in fresh.__dict__, "an exact name must not read every entity"
    with pytest.raises(UnknownActorError):
        fresh.actor_iri("support")  # a tie type's label is not an actor


def test_files_give_the_same_store_derived_in_memory_or_in_the_database(tmp_path, monkeypatch):
    """Inputs up to IN_MEMORY_BYTES are loaded and derived in memory, larger ones in the database itself:
    both ways give the same triples, the same counts and the same records."""
    import rdflib
    from pyoxigraph import DefaultGraph, RdfFormat, Store
    from rdflib.compare import isomorphic

    import geokg.stores as stores

    files = [Path(__file__).parent / "data" / "asof_fixture.ttl"]
    small = tmp_path / "memory"
    build_store(files, small)
    monkeypatch.setattr(stores, "IN_MEMORY_BYTES", 0)
    large = tmp_path / "database"
    build_store(files, large)

    def dump(folder: Path) -> rdflib.Graph:
        store = Store.read_only(str(folder / "oxigraph"))
        text = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        return rdflib.Graph().parse(data=text.decode("utf-8"), format="nt")

    assert isomorphic(dump(small), dump(large))
    a, b = store_info(small), store_info(large)
    assert (a.triples, a.derived) == (b.triples, b.derived) and a.derived > 0
    ka, kb = open_knowledge_graph(small), open_knowledge_graph(large)
    assert ka.info() == kb.info()
    assert ka.statements == kb.statements and ka.entities == kb.entities and ka.sources == kb.sources


def _store_graph(folder: Path):
    import rdflib
    from pyoxigraph import DefaultGraph, RdfFormat, Store

    store = Store.read_only(str(folder / "oxigraph"))
    text = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
    return rdflib.Graph().parse(data=text.decode("utf-8"), format="nt")


def test_derived_triples_with_blank_nodes_reach_the_database(tmp_path, monkeypatch):
    """The database loads the files itself while they are derived in memory, then takes the derived triples.
    A statement that is a blank node gets derived triples about that blank node, which the database names
    its own way: it is then written from the in-memory store instead, and holds what a store derived in the
    database holds."""
    from dataclasses import astuple

    from rdflib.compare import isomorphic

    import geokg.stores as stores

    data = tmp_path / "blank.ttl"
    data.write_text(
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix id: <https://w3id.org/geokg/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "[] a geo:Relation ; geo:statementType geo:Support ; geo:certainty geo:Asserted ;\n"
        '   geo:from id:Iran ; geo:to id:Taliban ; geo:start "2016"^^xsd:gYear .\n',
        encoding="utf-8",
    )
    loads: list[str] = []
    load_file = stores._load_file
    monkeypatch.setattr(stores, "_load_file", lambda store, path: (loads.append(path.name), load_file(store, path)))
    build_store([data], tmp_path / "memory")
    assert len(loads) == 1  # the whole graph at once, not the derived triples after the files
    build_store([Path(__file__).parent / "data" / "asof_fixture.ttl"], tmp_path / "plain")
    assert len(loads) == 2  # no blank node derived: the derived triples after the files
    monkeypatch.setattr(stores, "IN_MEMORY_BYTES", 0)
    build_store([data], tmp_path / "database")
    assert isomorphic(_store_graph(tmp_path / "memory"), _store_graph(tmp_path / "database"))
    a, b = store_info(tmp_path / "memory"), store_info(tmp_path / "database")
    assert (a.triples, a.derived) == (b.triples, b.derived)

    def same(statement):  # a blank node's label differs from store to store
        return (statement.relation, statement.source, statement.target, astuple(statement.years))

    stored = open_knowledge_graph(tmp_path / "memory").statements
    assert sorted(map(same, stored)) == sorted(map(same, open_knowledge_graph(tmp_path / "database").statements))
    assert any(s.source.endswith("Iran") and s.years.may_from == 2016 for s in stored)


def test_records_read_from_the_triples_equal_records_read_with_sparql(store_dir):
    """An Oxigraph store lists the triples of a property itself (records.TripleReader): the records are
    those the ``?s ?p ?v`` SELECTs give."""
    from geokg.knowledge import KnowledgeGraph
    from geokg.records import TripleReader

    backend = OxigraphBackend(store_dir)
    assert isinstance(backend, TripleReader)

    class SelectOnly:
        in_memory = False

        def select(self, query: str):
            return backend.select(query)

    direct, sparql = KnowledgeGraph(backend), KnowledgeGraph(SelectOnly())  # type: ignore[arg-type]
    assert not isinstance(sparql.backend, TripleReader)
    assert direct.statements == sparql.statements and len(direct.statements) > 100
    assert direct.entities == sparql.entities
    assert list(direct.entities) == list(sparql.entities)
    assert [s.iri for s in direct.statements] == [s.iri for s in sparql.statements]
