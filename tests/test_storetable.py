"""The store table: records and counts written beside the store at build time, used only when they belong to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geokg.errors import StoreError
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


@pytest.mark.parametrize(("grade", "all_kept"), [("C", False), ("A1", False), ("F", True)])
def test_min_grade_keeps_the_same_statements_with_a_table(tmp_path, grade, all_kept):
    # restrict(min_grade=...) (the CLI's --min-grade) once went unheard on a store with a table: every
    # statement was kept, whatever its grade.
    import geokg

    files = [str(Path(__file__).resolve().parents[1] / "docs/examples/recognition-2025/recognition.ttl")]
    memory = geokg.load(files).restrict(min_grade=grade)
    build_store(files, tmp_path / "s")
    store_kg = open_knowledge_graph(tmp_path / "s")
    assert isinstance(store_kg, StoreKnowledgeGraph)
    assert store_kg.statements  # read before restricting, as a session may
    store_kg.restrict(min_grade=grade)
    kept = [s.iri for s in memory.statements]
    assert [s.iri for s in store_kg.statements] == kept
    assert [t.iri for t in store_kg.ties()] == [t.iri for t in memory.ties()]
    assert (len(kept) == len(geokg.load(files).statements)) is all_kept


@pytest.mark.parametrize(
    "kinds", [{"relation"}, {"event"}, {"attitude", "causal link"}, {"relation", "attitude", "event", "causal link"}]
)
def test_statements_of_some_kinds_are_those_of_every_statement(folder, kinds):
    table = open_knowledge_graph(folder).table
    some = table.statements_of(frozenset(kinds))  # decoded alone: the others are not
    assert "statements" not in table.__dict__
    assert some and some == [s for s in table.statements if s.kind in kinds]
    assert table.statements_of(frozenset(kinds)) == some  # (now filtered from every statement)


def test_ties_of_a_kind_on_a_store_are_those_in_memory(folder, kg):
    store_kg = open_knowledge_graph(folder)
    for kinds in (["relation"], ["event"], ["attitude", "relation"]):
        assert store_kg.ties(kinds=kinds) == kg.ties(kinds=kinds)
        assert store_kg.ties("Russia", kinds=kinds, as_of=2022) == kg.ties("Russia", kinds=kinds, as_of=2022)
    assert "statements" not in store_kg.__dict__  # only the kinds asked for were decoded


@pytest.mark.parametrize("damage", ["short", "negative", "past the end"])
def test_a_bad_kind_column_is_malformed_when_kinds_are_read(tmp_path, kg, damage):
    path = tmp_path / "s"
    build_store(kg, path)
    table = json.loads((path / TABLE).read_text(encoding="utf-8"))
    index = table["statements"]["columns"]["kind"]["index"]  # (four kinds: stored as distinct values)
    if damage == "short":
        index.pop()
    else:
        index[0] = -1 if damage == "negative" else 4
    (path / TABLE).write_text(json.dumps(table, separators=(",", ":")), encoding="utf-8")
    with pytest.raises(StoreError, match="malformed"):
        open_knowledge_graph(path).ties(kinds=["relation"])


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


def _same(a, b):
    """Equal, of the same types all the way down, with the fields in the same order."""
    import dataclasses

    assert type(a) is type(b)
    if dataclasses.is_dataclass(a):
        assert list(vars(a)) == [f.name for f in dataclasses.fields(a)] == list(vars(b))
        for name in vars(a):
            _same(getattr(a, name), getattr(b, name))
        assert a == b and hash(a) == hash(b)
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    else:
        assert a == b or (a != a and b != b)  # NaN
        if isinstance(a, float):
            assert str(a) == str(b)  # -0.0 stays -0.0


def test_the_table_round_trips_every_record_exactly(folder):
    from geokg.knowledge import KnowledgeGraph
    from geokg.stores import OxigraphBackend, open_store

    table_kg = open_knowledge_graph(folder)
    sparql_kg = KnowledgeGraph(OxigraphBackend(open_store(folder)), None, (), store_info(folder).derived)
    for name in ("statements", "sources"):
        _same(getattr(table_kg, name), getattr(sparql_kg, name))
    for name in ("entities", "classes", "statement_types"):
        got, want = getattr(table_kg, name), getattr(sparql_kg, name)
        assert list(got) == list(want)
        _same(list(got.values()), list(want.values()))


def test_packing_keeps_types_defaults_and_repeats_apart():
    from geokg.model import Evidence, Statement
    from geokg.storetable import _RECORDS, _encode, _pack, _unpack
    from geokg.timespan import TimeSpec, Years

    quote = Evidence("said so", "https://x/src", "A title")
    records = [
        Statement("https://x/s0", "relation", "Support", "support", "https://x/a", "https://x/b", stance=-0.0),
        Statement("https://x/s1", "relation", "Support", "support", "https://x/a", "https://x/b", stance=0.0,
                  time=TimeSpec(start="1979"), years=Years(1979, 1979, 10000, 10000), evidence=(quote,)),
        Statement("https://x/s2", "event", "Meet", "meet", stance=1, manner=("quietly", "1"),
                  evidence=(quote, Evidence("said so", supports="start"))),
        Statement("https://x/s3", "event", "Meet", "meet", stance=1.0, label="", rank="deprecated",
                  evidence=(quote,)),
    ]  # fmt: skip
    data = {"format": 2, "build": "b", **{kind: [] for kind in _RECORDS}, "statements": [_encode(s) for s in records]}
    packed = json.loads(json.dumps(_pack(data)))
    assert list(packed)[:2] == ["format", "build"]  # the build id stays in the first bytes
    columns = packed["statements"]["columns"]
    assert "condition" not in columns and "supersedes" not in columns  # every record has the default
    assert len(packed["evidence"]["columns"]["quote"]["values"]) == 1  # each distinct quote once
    evidence = _unpack(Evidence, packed["evidence"], None)
    _same(_unpack(Statement, packed["statements"], evidence), records)


def test_keys_of_arrays_tell_json_values_apart():
    from geokg.storetable import _key, _keys

    arrays = [[1], [True], [1.0], [0.0], [-0.0], ["1"], [None], [], [[1]], [1, "a"]]
    assert len({_key(a) for a in arrays}) == len(arrays)
    assert _key([1, "a"]) == _key((1, "a")) and _key([]) == _key(())  # a tuple is written as the same array
    assert _keys(arrays) == [_key(a) for a in arrays]  # the column-wise keys are the same keys
    assert _keys([(1,), [2]]) == [_key((1,)), _key([2])]


def test_a_malformed_column_is_an_error_on_use(tmp_path, kg):
    from geokg.errors import StoreError

    path = tmp_path / "s"
    build_store(kg, path)
    data = json.loads((path / TABLE).read_text(encoding="utf-8"))
    column = data["statements"]["columns"]["kind"]
    column["index"][0] = -1
    (path / TABLE).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    with pytest.raises(StoreError, match="malformed"):
        open_knowledge_graph(path).statements  # noqa: B018


def test_a_store_whose_table_another_version_wrote_says_so_and_still_answers(tmp_path, kg, invoke, monkeypatch):
    """A table of other record code is not used: the records are read with SPARQL (right, but slow on a large
    store), and the command line says so once, on stderr, with what to do."""
    from geokg.stores import table_unused

    path = tmp_path / "s"
    build_store(kg, path)
    fresh = invoke("info", "--store", str(path))
    assert fresh.exit_code == 0 and "warning" not in fresh.stderr and not table_unused(path)
    meta = json.loads((path / MARKER).read_text(encoding="utf-8"))
    meta["counts"]["code"] = "another version"
    (path / MARKER).write_text(json.dumps(meta), encoding="utf-8")
    assert table_unused(path)
    stale = invoke("info", "--store", str(path))
    assert stale.exit_code == 0
    assert stale.stderr.count("\n") == 1 and "another version of geokg" in stale.stderr
    assert "geokg store build" in stale.stderr
    assert stale.stdout == fresh.stdout  # the same counts, read with SPARQL
    monkeypatch.setenv("GEOKG_NO_STORE_TABLE", "1")  # asked for: no warning
    assert not table_unused(path) and "warning" not in invoke("info", "--store", str(path)).stderr
