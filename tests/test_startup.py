"""Start-up: what `geokg --help` imports, the cache of loaded graphs, and progress reporting."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

import geokg
from geokg import cache
from geokg.progress import reporting, task, track

HEAVY = ("rdflib", "networkx", "pyvis", "pyoxigraph", "igraph", "matplotlib", "rich", "pyshacl")


def _modules_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    script = (
        "import sys, json\n"
        "from geokg_cli.main import cli\n"
        f"code = cli.main({code!r}.split(), prog_name='geokg', standalone_mode=False)\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env or dict(os.environ), check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", ["--help", "--version", "info --help", "centrality --help", "render --help"])
def test_help_and_version_import_nothing_heavy(args):
    assert _modules_after(args) == []


def test_a_command_on_the_bundled_graph_answers_from_the_cache_without_rdflib(tmp_path):
    env = {**os.environ, "GEOKG_CACHE_DIR": str(tmp_path / "c")}
    env.pop("GEOKG_NO_CACHE", None)
    first = _modules_after("info", env)
    assert "rdflib" in first  # a miss parses the Turtle
    assert list((tmp_path / "c").glob("graph-*.json"))
    second = _modules_after("info", env)
    assert "rdflib" not in second and "pyshacl" not in second


def _records(kg):
    return (kg.entities, kg.all_ties, kg.events, kg.sources, kg.tie_types, kg.classes, kg.info())


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOKG_NO_CACHE", raising=False)
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cached_load_gives_the_same_records_and_graph(cache_home, monkeypatch):
    first = geokg.load()
    assert not isinstance(first.backend, cache.CachedBackend)
    assert len(list(cache_home.glob("graph-*.json"))) == 1
    second = geokg.load()
    assert isinstance(second.backend, cache.CachedBackend)
    assert _records(second) == _records(first)
    assert second.derived == first.derived and second.files == first.files
    assert not second.backend.graph_loaded  # records came from the entry, not from the graph
    assert len(second.graph) == len(first.graph)
    assert set(second.graph) == set(first.graph)
    monkeypatch.setenv("GEOKG_NO_CACHE", "1")
    plain = geokg.load()
    assert _records(plain) == _records(first)


def _tie_file(path: Path, target: str) -> Path:
    path.write_text(
        "@prefix : <https://w3id.org/geokg/id/> .\n"
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        f":tie_cache_test a geo:Relation ; geo:statementType geo:Support ; geo:from :Russia ; geo:to :{target} ;\n"
        "  geo:certainty geo:Asserted ;\n"
        '  geo:evidence [ a geo:Evidence ; geo:quote "a test quote" ;\n'
        "    prov:wasQuotedFrom :src_afghanistan_and_russia ] .\n",
        encoding="utf-8",
    )
    return path


def test_a_changed_file_is_never_served_from_the_cache(cache_home, tmp_path):
    data = _tie_file(tmp_path / "mine.ttl", "Taliban")
    kg = geokg.load([data])
    assert [kg.label(t.target) for t in kg.ties("Russia") if t.iri.endswith("tie_cache_test")] == ["Taliban"]
    assert isinstance(geokg.load([data]).backend, cache.CachedBackend)
    _tie_file(data, "Pakistan")  # same size, other content
    changed = geokg.load([data])
    assert not isinstance(changed.backend, cache.CachedBackend)
    assert [changed.label(t.target) for t in changed.ties("Russia") if t.iri.endswith("tie_cache_test")] == ["Pakistan"]
    # the bundled-only load has its own entry and does not see the user's tie
    assert not any(t.iri.endswith("tie_cache_test") for t in geokg.load().all_ties)


def test_a_corrupt_entry_is_ignored_and_replaced(cache_home):
    reference = _records(geokg.load())
    (entry,) = cache_home.glob("graph-*.json")
    entry.write_bytes(b"not JSON")
    again = geokg.load()
    assert not isinstance(again.backend, cache.CachedBackend)
    assert _records(again) == reference
    assert isinstance(geokg.load().backend, cache.CachedBackend)


def test_an_unwritable_cache_directory_is_harmless(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.delenv("GEOKG_NO_CACHE", raising=False)
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(blocker / "geokg"))  # a folder under a file: mkdir fails
    kg = geokg.load()
    assert kg.actor("USSR").label == "Soviet Union"
    assert not isinstance(geokg.load().backend, cache.CachedBackend)


def test_xdg_cache_home_is_respected_and_no_cache_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOKG_CACHE_DIR", raising=False)
    monkeypatch.delenv("GEOKG_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "geokg"
    geokg.load()
    assert list((tmp_path / "xdg" / "geokg").glob("graph-*.json"))
    assert cache.clear() == 1
    monkeypatch.setenv("GEOKG_NO_CACHE", "1")
    assert cache.cache_dir() is None
    geokg.load()
    assert not list((tmp_path / "xdg" / "geokg").glob("graph-*.json"))


def test_a_query_after_the_graph_is_out_reads_the_graph(cache_home):
    geokg.load()
    kg = geokg.load()
    assert isinstance(kg.backend, cache.CachedBackend)
    n = len(kg)
    from rdflib import Literal, URIRef

    kg.graph.add((URIRef("urn:x"), URIRef("urn:y"), Literal("z")))
    assert len(kg) == n + 1  # the memo is not used once the graph may have changed


def test_bad_data_still_fails_with_file_and_line(cache_home, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <urn:x#> .\n:a :b \n", encoding="utf-8")
    with pytest.raises(geokg.DataError) as err:
        geokg.load([bad])
    assert "bad.ttl" in str(err.value)
    assert not list(cache_home.glob("graph-*.json")) or all(
        "bad" not in p.name for p in cache_home.glob("graph-*.json")
    )


# -- progress -------------------------------------------------------------------------------------------
def test_loading_reports_progress_to_a_callback(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_NO_CACHE", "1")
    data = _tie_file(tmp_path / "mine.ttl", "Taliban")
    seen: list[tuple[str, int, int | None]] = []
    with reporting(lambda what, done, total: seen.append((what, done, total))):
        geokg.load([data])
    parsing = [s for s in seen if s[0].startswith("parsing")]
    assert parsing[0][1] == 0 and parsing[-1][1] == parsing[-1][2] > 0
    assert any(s[0] == "deriving year bounds and plain triples" for s in seen)
    seen.clear()
    geokg.load([data])  # no callback installed outside the block
    assert seen == []


def test_track_and_task_finish_with_done_equal_total():
    seen = []
    with reporting(lambda *a: seen.append(a)):
        assert list(track(range(4), "items")) == [0, 1, 2, 3]
        with task("unknown size") as t:
            t.advance(5)
    assert seen[0] == ("items", 0, 4) and ("items", 4, 4) in seen
    assert seen[-1] == ("unknown size", 5, 5)


def test_no_progress_output_when_stderr_is_not_a_terminal(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_NO_CACHE", "1")
    monkeypatch.setenv("GEOKG_PROGRESS_DELAY", "0")
    data = _tie_file(tmp_path / "mine.ttl", "Taliban")
    result = invoke("--data", str(data), "info", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)


def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path):
    data = _tie_file(tmp_path / "mine.ttl", "Taliban")
    env = {**os.environ, "GEOKG_NO_CACHE": "1", "GEOKG_PROGRESS_DELAY": "0", "COLUMNS": "100"}
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "geokg_cli.main", "--data", str(data), "info", "--format", "json"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    out, _ = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    assert json.loads(out)  # stdout stays clean: valid JSON
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert "parsing" in drawn
