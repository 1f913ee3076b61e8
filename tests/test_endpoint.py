"""A real Oxigraph SPARQL server on loopback: push the graph, query it, and compare with memory and a store."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from geokg.endpoint import EndpointBackend, open_endpoint, push
from geokg.errors import EndpointHTTPError, EndpointTimeoutError, EndpointUnreachableError, InputError
from geokg.named_queries import list_named_queries
from geokg.results import sort_key
from geokg.sparql import bind_all, run_query
from geokg.stores import build_store, open_knowledge_graph

pytestmark = pytest.mark.slow

# Bindings for the named queries that have required parameters (optional ones are run both ways).
PARAMETERS = {
    "ties-between": ["a=Russia", "b=Taliban"],
    "ties-as-of": ["year=1985"],
    "actors-as-of": ["year=2022"],
}
OPTIONAL = {
    "backers-of": ["actor=Taliban"],
    "organization-members": ["organization=CSTO"],
    "allies-of": ["actor=Russia"],
    "concerns-of": ["actor=Russia"],
    "interests-of": ["actor=China"],
    "hostile-ties-of": ["actor=Russia"],
    "cooperative-ties-of": ["actor=Pakistan"],
    "recognition-status": ["actor=Russia"],
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url + "/query?query=ASK%7B%7D", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Start `oxigraph serve` on a random free loopback port; yield its base URL; stop it."""
    exe = shutil.which("oxigraph")
    if exe is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("the oxigraph server is not installed")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = (location.parent / f"oxigraph-{port}.log").open("wb")
    process = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(url):
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def pushed(server, kg) -> str:
    """The bundled graph pushed to the server's default graph; returns the query endpoint URL."""
    count = push(kg, server + "/store")
    assert count == len(kg.graph)
    return server + "/query"


@pytest.fixture(scope="module")
def store_kg(tmp_path_factory, kg):
    folder = tmp_path_factory.mktemp("endpoint-store") / "kg"
    build_store(kg, folder)
    return open_knowledge_graph(folder)


def canonical_rows(result) -> list[tuple[str, ...]]:
    return sorted(sort_key(row, result.variables) for row in result.rows)


def runs(kg) -> list[tuple[str, list[str]]]:
    out = []
    for query in list_named_queries():
        out.append((query.name, PARAMETERS.get(query.name, [])))
        if query.name in OPTIONAL:
            out.append((query.name, OPTIONAL[query.name]))
    return out


def test_push_uploads_every_triple(pushed, kg):
    rows = EndpointBackend(pushed).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"] or 0) == len(kg.graph)


def test_every_named_query_returns_the_same_rows_in_memory_on_a_store_and_on_the_endpoint(pushed, kg, store_kg):
    remote = open_endpoint(pushed)
    checked = 0
    for name, binds in runs(kg):
        text = next(q.text for q in list_named_queries() if q.name == name)
        answers = [run_query(g, text, bindings=bind_all(g, binds)) for g in (kg, store_kg, remote)]
        memory, store, endpoint = answers
        assert memory.kind == store.kind == endpoint.kind, name
        if memory.kind == "ASK":
            assert memory.boolean == store.boolean == endpoint.boolean, name
        else:
            assert memory.variables == store.variables == endpoint.variables, name
            assert canonical_rows(memory) == canonical_rows(store) == canonical_rows(endpoint), (name, binds)
        checked += 1
    assert checked >= 18 + len(OPTIONAL)


def test_knowledge_graph_on_the_endpoint(pushed, kg, invoke):
    remote = open_endpoint(pushed)
    assert remote.info() == kg.info()
    assert remote.all_ties == kg.all_ties
    assert remote.actor("USSR").iri == kg.actor("USSR").iri
    for args in (["show", "Taliban"], ["ties", "--actor", "Pakistan"], ["actors", "--class", "State"]):
        on_file = json.loads(invoke(*args, "--format", "json").stdout)
        result = invoke(*args, "--format", "json", "--endpoint", pushed)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == on_file


def test_query_command_on_the_endpoint(pushed, invoke):
    out = invoke("query", "--endpoint", pushed, "--name", "csto-members", "--format", "csv")
    assert out.exit_code == 0, out.stderr
    labels = [line.split(",")[1] for line in out.stdout.splitlines()[1:]]
    assert labels == ["Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    ask = invoke("query", "--endpoint", pushed, "ASK { id:Pakistan geo:supports id:Taliban }")
    assert ask.stdout == "true\n" and ask.exit_code == 0
    nt = invoke("query", "--endpoint", pushed, "CONSTRUCT WHERE { ?a geo:memberOf ?b }", "--format", "nt")
    assert len(nt.stdout.splitlines()) == 4
    reasoned = invoke("query", "--endpoint", pushed, "SELECT ?a WHERE { ?a a geo:Actor }", "--reasoning", "rdfs")
    assert reasoned.exit_code == 0 and "Taliban" in reasoned.stdout
    service = invoke("query", "--endpoint", pushed, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }")
    assert service.exit_code == 2 and "--allow-network" in service.stderr


def test_push_with_update_into_a_named_graph(server, kg, invoke):
    graph = "https://example.org/geokg/pushed"
    result = invoke("push", "--update", "--endpoint", server + "/update", "--graph", graph)
    assert result.exit_code == 0, result.stderr
    assert f"pushed {len(kg.graph)} triples" in result.stdout
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    rows = EndpointBackend(server + "/query").select(count)
    assert int(rows[0]["n"] or 0) == len(kg.graph)


def test_push_from_a_store(server, tmp_path, invoke):
    folder = tmp_path / "s"
    build_store([], folder)
    graph = "https://example.org/geokg/from-store"
    result = invoke("push", "--store", str(folder), "--endpoint", server + "/store", "--graph", graph)
    assert result.exit_code == 0, result.stderr
    remote = open_endpoint(server + "/query")
    answer = run_query(remote, f"ASK {{ GRAPH <{graph}> {{ id:Pakistan geo:supports id:Taliban }} }}")
    assert answer.boolean is True


# -- errors ---------------------------------------------------------------------------------------------------
def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geokg: error:") and "Traceback" not in result.stderr
    return lines[0]


def test_unreachable_endpoint(invoke):
    url = f"http://127.0.0.1:{free_port()}/query"
    err = one_line_error(invoke("query", "--endpoint", url, "ASK { ?s ?p ?o }"))
    assert "connection refused" in err and url in err
    err = one_line_error(invoke("push", "--endpoint", url))
    assert "connection refused" in err
    with pytest.raises(EndpointUnreachableError):
        EndpointBackend(url).select("SELECT * WHERE { ?s ?p ?o }")


def test_http_error(server, invoke):
    err = one_line_error(invoke("info", "--endpoint", server + "/no-such-path"))
    assert "HTTP 404" in err
    with pytest.raises(EndpointHTTPError) as info:
        EndpointBackend(server + "/no-such-path").select("SELECT * WHERE { ?s ?p ?o }")
    assert info.value.status == 404


def test_bad_endpoint_url(invoke):
    err = one_line_error(invoke("info", "--endpoint", "ftp://example.org/sparql"))
    assert "not an http:// or https:// URL" in err
    with pytest.raises(InputError):
        push(None, "http://127.0.0.1:9/store", "not an iri")  # type: ignore[arg-type]


@pytest.fixture()
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    listener.close()


def test_endpoint_timeout(silent_server, invoke):
    err = one_line_error(invoke("query", "--endpoint", silent_server, "--timeout", "0.5", "ASK { ?s ?p ?o }"))
    assert "did not answer within 0.5 s" in err
    with pytest.raises(EndpointTimeoutError):
        EndpointBackend(silent_server, timeout=0.3).select("SELECT * WHERE { ?s ?p ?o }")
    err = one_line_error(invoke("push", "--endpoint", silent_server, "--timeout", "0.5"))
    assert "did not answer" in err
