"""The benchmark suite: the synthetic graph generator and a 10k smoke run of bench/run (no timing assertions)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def graph_10k(tmp_path_factory) -> Path:
    return generate.write(tmp_path_factory.mktemp("bench") / "g10k.ttl", "10k", seed=7)


def test_sizes_parse():
    assert generate.parse_size("10k") == 10_000
    assert generate.parse_size("100k") == 100_000
    assert generate.parse_size("1m") == 1_000_000
    assert generate.parse_size("2.5k") == 2_500
    assert generate.parse_size(1234) == 1234


def test_generation_is_deterministic_and_seeded(graph_10k, tmp_path):
    again = generate.write(tmp_path / "again.ttl", "10k", seed=7)
    other = generate.write(tmp_path / "other.ttl", "10k", seed=8)

    def digest(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    assert digest(again) == digest(graph_10k)
    assert digest(other) != digest(graph_10k)


@pytest.fixture(scope="module")
def kg_10k(graph_10k):
    import geokg

    return geokg.load([graph_10k], bundled=False)


def test_the_10k_graph_has_about_10k_triples_of_every_kind(kg_10k, graph_10k):
    from rdflib import Graph

    assert 10_000 <= len(Graph().parse(graph_10k, format="turtle")) <= 10_100
    info = kg_10k.info()
    classes = set(info["actors_by_class"])
    expected = {c for c, _ in generate.ACTOR_CLASSES} | {c for c, _ in generate.ENTITY_CLASSES}
    assert expected <= classes
    assert {t.relation for t in kg_10k.statements} <= {k.name for k in generate.tie_kinds()}
    assert info["events"] > 0 and info["sources"] >= 2 and info["derived_triples"] > 0
    assert info["ties"] > 500


def test_ties_follow_the_code_lists(kg_10k):
    kinds = {k.name: k for k in generate.tie_kinds()}
    estimates = 0
    for tie in kg_10k.all_ties:
        kind = kinds[tie.relation]
        assert tie.kind == kind.kind
        if tie.kind == "relation":
            assert tie.level == kind.level  # the stance is the level's score
        if tie.kind == "event":
            assert tie.stance == pytest.approx(kind.stance)
            assert (tie.cameo is None) == (kind.cameo is None)
        assert tie.evidence and all(e.document and len(e.quote) >= 3 for e in tie.evidence)
        y = tie.years
        assert y.may_from <= y.holds_from or y.holds_from > y.holds_until  # a start's bounds are ordered
        estimates += not tie.is_asserted
    assert 0 < estimates < len(kg_10k.all_ties) / 4
    assert {t.kind for t in kg_10k.all_ties} == {"relation", "attitude", "event"}
    assert any(t.time.start_precision for t in kg_10k.all_ties) and any(t.time.start_earliest for t in kg_10k.all_ties)


def test_actors_resolve_by_label_and_alias(kg_10k):
    actors = kg_10k.actors()
    assert len(actors) >= 150
    some = actors[17]
    assert kg_10k.actor(some.label).iri == some.iri
    with_alias = next(a for a in actors if a.aliases)
    assert kg_10k.actor(with_alias.aliases[0]).iri == with_alias.iri


def test_the_10k_graph_conforms_to_the_shapes(kg_10k):
    report = kg_10k.validate()
    assert report.conforms, report.violations[:3] if hasattr(report, "violations") else report


def test_bench_run_10k_smoke(tmp_path):
    """CI's smoke run of the benchmark: every step runs and reports; no timing is asserted."""
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run"),
            "--size",
            "10k",
            "--skip",
            "chromium,startup,render_png",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((tmp_path / "results-10k.json").read_text(encoding="utf-8"))
    steps = results["steps"]
    errors = {k: v["error"] for k, v in steps.items() if "error" in v}
    assert errors == {}
    load = steps["load rdflib (in memory)"]
    assert steps["store build (Oxigraph bulk load)"]["triples"] == load["triples"]
    assert steps["store build (geokg build_store)"]["triples"] == load["triples"]
    assert steps["store build (Oxigraph bulk load)"]["derived"] == load["derived"]
    assert steps["projection from store"]["edges"] == load["edges"]
    assert steps["projection from store"]["nodes"] == load["nodes"]
    for key in ("betweenness exact (networkx)", "betweenness exact (igraph)", "centrality pagerank", "render HTML"):
        assert steps[key]["seconds"] >= 0 and steps[key]["peak_mb"] > 0
    # both implementations find the same most-between actor
    assert steps["betweenness exact (networkx)"]["top"] == steps["betweenness exact (igraph)"]["top"]
    table = (tmp_path / "results-10k.md").read_text(encoding="utf-8")
    assert "| work | seconds | peak MB | notes |" in table and "A / B" in table
    assert "| store path | seconds | baseline (same run) |" in table
    for label in ("info", "centrality", "ties --as-of 2022"):
        assert steps[f"cli {label} (store table)"]["seconds"] > 0
        assert steps[f"cli {label} (SPARQL, baseline)"]["seconds"] > 0
    assert steps["store build parts (load, rules, table)"]["table_seconds"] >= 0
    assert table in proc.stdout
