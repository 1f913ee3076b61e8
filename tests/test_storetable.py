"""The store table: records and counts written beside the store at build time, used only when they belong to it."""

from __future__ import annotations

import json

import pytest

from geokg.stores import MARKER, build_store, open_knowledge_graph, store_info
from geokg.storetable import TABLE, StoreKnowledgeGraph


@pytest.fixture(scope="module")
def folder(tmp_path_factory, kg):
    path = tmp_path_factory.mktemp("table") / "s"
    build_store(kg, path)
    return path


def test_a_built_store_has_a_table_stamped_with_its_build(folder):
    info = store_info(folder)
    assert info.build and (folder / TABLE).is_file()
    assert json.loads((folder / TABLE).read_text(encoding="utf-8"))["build"] == info.build
    assert isinstance(open_knowledge_graph(folder), StoreKnowledgeGraph)


def test_the_table_gives_the_records_sparql_gives(folder):
    from geokg.knowledge import KnowledgeGraph
    from geokg.stores import OxigraphBackend, open_store

    table_kg = open_knowledge_graph(folder)
    sparql_kg = KnowledgeGraph(OxigraphBackend(open_store(folder)), None, (), store_info(folder).derived)
    assert table_kg.statements == sparql_kg.statements
    assert table_kg.entities == sparql_kg.entities
    assert table_kg.classes == sparql_kg.classes
    assert table_kg.statement_types == sparql_kg.statement_types
    assert table_kg.sources == sparql_kg.sources
    assert table_kg.codes == sparql_kg.codes
    assert table_kg.info() == sparql_kg.info()
    assert len(table_kg) == len(sparql_kg)


def test_the_table_answers_like_memory(folder, kg):
    store_kg = open_knowledge_graph(folder)
    assert store_kg.info()["statements"] == kg.info()["statements"]
    assert [t.iri for t in store_kg.ties("Russia", as_of=2022)] == [t.iri for t in kg.ties("Russia", as_of=2022)]


def test_a_table_of_another_build_is_refused(tmp_path, kg):
    path = tmp_path / "s"
    build_store(kg, path)
    meta = json.loads((path / MARKER).read_text(encoding="utf-8"))
    meta["build"] = "another"
    (path / MARKER).write_text(json.dumps(meta), encoding="utf-8")
    reopened = open_knowledge_graph(path)
    assert not isinstance(reopened, StoreKnowledgeGraph)  # records read with SPARQL instead
    assert reopened.actor("USSR").label == "Soviet Union"


def test_a_store_without_a_table_reads_with_sparql(tmp_path, kg):
    path = tmp_path / "s"
    build_store(kg, path)
    (path / TABLE).unlink()
    reopened = open_knowledge_graph(path)
    assert not isinstance(reopened, StoreKnowledgeGraph)
    assert reopened.info()["statements"] == kg.info()["statements"]


def test_a_replaced_table_is_refused(tmp_path, kg):
    path = tmp_path / "s"
    build_store(kg, path)
    data = json.loads((path / TABLE).read_text(encoding="utf-8"))
    data["build"] = "another"
    (path / TABLE).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert not isinstance(open_knowledge_graph(path), StoreKnowledgeGraph)


def test_a_corrupt_table_is_an_error_on_use(tmp_path, kg):
    from geokg.errors import StoreError

    path = tmp_path / "s"
    build_store(kg, path)
    text = (path / TABLE).read_text(encoding="utf-8")
    (path / TABLE).write_text(text[: len(text) // 2], encoding="utf-8")
    reopened = open_knowledge_graph(path)
    with pytest.raises(StoreError, match="rebuild"):
        reopened.statements  # noqa: B018
