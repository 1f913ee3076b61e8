"""The recorded checks of the bundled named queries (ontology/queries/checks.json): up to date, equal to what
the parser says, used only for an unchanged bundled query, and sparing a store's cold query the parser."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geokg.named_queries import (
    CHECKS_FILE,
    checks_text,
    list_named_queries,
    named_query,
    recorded_check,
    run_named_query,
)
from geokg.results import Term
from geokg.sparql import check_query, run_query
from geokg.stores import build_store

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [q.name for q in list_named_queries()]
YEAR = Term("literal", "1985", "http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("checks") / "kg"
    build_store([], folder)
    return folder


def test_the_record_is_up_to_date():
    recorded = (ROOT / "ontology" / "queries" / CHECKS_FILE).read_text(encoding="utf-8")
    assert recorded == checks_text(), "a named query changed: run scripts/record-query-checks"


@pytest.mark.parametrize("name", QUERIES)
def test_a_recorded_check_is_what_the_parser_says(name):
    query = named_query(name)
    recorded = recorded_check(query)
    fresh = check_query(query.text)
    assert recorded is not None
    assert recorded.algebra is None
    assert (recorded.text, recorded.kind, recorded.variables, recorded.projected) == (
        fresh.text,
        fresh.kind,
        fresh.variables,
        fresh.projected,
    )
    assert (recorded.services, recorded.datasets) == (fresh.services, fresh.datasets) == ((), ())


def test_a_changed_or_foreign_query_is_checked_afresh(tmp_path):
    query = named_query("ties-as-of")
    assert recorded_check(dataclasses.replace(query, text=query.text + "\n")) is None
    # a copy of the bundled folder, record and all, is somebody else's folder: its record is not read
    copy = tmp_path / "queries"
    shutil.copytree(query.path.parent, copy)
    assert (copy / CHECKS_FILE).is_file()
    assert recorded_check(named_query("ties-as-of", copy)) is None


def test_a_named_query_answers_the_same_with_its_recorded_check(kg, store):
    from geokg.stores import open_knowledge_graph

    stored = open_knowledge_graph(store)
    for name, bindings in [("ties-as-of", {"year": YEAR}), ("csto-members", {}), ("events-in-order", {})]:
        query = named_query(name)
        by_record = run_named_query(stored, query, bindings=bindings)
        by_text = run_query(stored, query.text, bindings=bindings)
        in_memory = run_named_query(kg, name, bindings=bindings)
        # a recorded check has no algebra: in memory its text is parsed again
        recorded_in_memory = run_query(kg, recorded_check(query), bindings=bindings)
        assert by_record.rows == by_text.rows == in_memory.rows == recorded_in_memory.rows
        assert by_record.rows, name


def _cold(store: Path, text_changed: bool) -> dict:
    program = f"""
import json, sys, dataclasses
from geokg.named_queries import named_query, run_named_query
from geokg.results import Term
from geokg.stores import open_knowledge_graph
query = named_query("ties-as-of")
if {text_changed!r}:
    query = dataclasses.replace(query, text=query.text + "\\n")
kg = open_knowledge_graph({str(store)!r})
result = run_named_query(kg, query, bindings={{"year": Term("literal", "1985", "{YEAR.datatype}")}})
print(json.dumps({{"rows": len(result.rows), "parser": "rdflib.plugins.sparql.parser" in sys.modules}}))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_cold_named_query_on_a_store_does_not_load_the_parser(kg, store):
    expected = len(run_named_query(kg, "ties-as-of", bindings={"year": YEAR}).rows)
    assert _cold(store, text_changed=False) == {"rows": expected, "parser": False}
    assert _cold(store, text_changed=True) == {"rows": expected, "parser": True}


def test_bindings_are_checked_against_the_recorded_variables(store):
    from geokg.errors import InputError
    from geokg.stores import open_knowledge_graph

    stored = open_knowledge_graph(store)
    with pytest.raises(InputError, match=r"no variable \?yeer"):
        run_named_query(stored, "ties-as-of", bindings={"yeer": YEAR})
