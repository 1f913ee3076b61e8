"""The one as-of rule gives the same answer everywhere (issue 10).

For every statement with two ends and every year 1970-2030 the status ("holds", "may hold", "superseded"
or none) is computed (a) in Python by ``Statement.status``, (b) by the named query ``ties-as-of`` in memory
(rdflib), (c) by the same query on an Oxigraph store built the way ``geokg store build`` builds it, and
(d) in the HTML page in headless Chromium by ``window.geokgStatus``; all four must agree. It runs on the
bundled graph and on a small hand-made file (tests/data/asof_fixture.ttl) that exercises decade precision,
bounds, ended/ongoing/unknown ends, an undated source, a dated second source and supersession.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import geokg
from geokg.named_queries import named_query
from geokg.sparql import bind_all, run_query

YEARS = range(1970, 2031)
FIXTURE = Path(__file__).parent / "data" / "asof_fixture.ttl"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


def load(which: str):
    return geokg.load() if which == "bundled" else geokg.load([FIXTURE], bundled=False)


def python_answers(kg) -> dict[tuple[str, int], str | None]:
    return {(t.iri, y): t.status(y) for t in kg.all_ties for y in YEARS}


def query_answers(kg) -> dict[tuple[str, int], str | None]:
    text = named_query("ties-as-of").text
    out: dict[tuple[str, int], str | None] = {(t.iri, y): None for t in kg.all_ties for y in YEARS}
    for y in YEARS:
        binds = bind_all(kg, [f"year={y}", "mayHold=true", "superseded=true"])
        for row in run_query(kg, text, bindings=binds).plain_rows():
            out[(row["tie"] or "", y)] = row["status"]
    return out


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def graphs(request, tmp_path_factory):
    from geokg.stores import build_store, open_knowledge_graph

    kg = load(request.param)
    folder = tmp_path_factory.mktemp("asof-store") / "store"
    build_store([] if request.param == "bundled" else [FIXTURE], folder, bundled=request.param == "bundled")
    return request.param, kg, open_knowledge_graph(folder)


def test_the_fixture_exercises_every_case():
    kg = load("fixture")
    statuses = {t.status(y) for t in kg.all_ties for y in YEARS}
    assert statuses == {"holds", "may hold", "superseded", None}
    assert "1990s" in kg.statement("https://example.org/asof/decade").when


def test_python_memory_and_store_agree(graphs):
    _, kg, stored = graphs
    expected = python_answers(kg)
    assert query_answers(kg) == expected
    assert query_answers(stored) == expected


@pytest.mark.browser
def test_the_page_agrees(graphs, tmp_path):
    if not Path(CHROMIUM).exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("chromium is not installed")
    from playwright.sync_api import sync_playwright

    from geokg.render.html import render_html

    which, kg, _ = graphs
    graph = kg.to_networkx(kinds=("relation", "attitude", "event"), include_entities=True)
    page_file = tmp_path / f"{which}.html"
    render_html(graph, page_file)
    expected = python_answers(kg)
    in_page = {t.iri for t in kg.all_ties if t.rank != "deprecated" and t.source in graph and t.target in graph}
    assert in_page == {k for _, _, k in graph.edges(keys=True)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(page_file.resolve().as_uri())
            page.wait_for_function("() => typeof window.geokgStatus === 'function'", timeout=60_000)
            got = page.evaluate(
                "([ids, years]) => ids.flatMap(id => years.map(y => [id, y, window.geokgStatus(id, y)]))",
                [sorted(in_page), list(YEARS)],
            )
        finally:
            browser.close()
    assert {(i, y): s for i, y, s in got} == {k: v for k, v in expected.items() if k[0] in in_page}
