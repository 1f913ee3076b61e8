"""Hardening: endpoints and push against a real loopback HTTP server that misbehaves.

Issue 11, cases 3 (redirects), 9 (endless and trickling answers), 12 (answers that are not what was asked)
and 13 (server error bodies with control characters).
"""

from __future__ import annotations

import time

import pytest

import geokg as library
from _hardening import COUNT_ZERO, LoopbackServer, answer, error_line, geokg, geokg_on_terminal


def _redirect_to(target: str, code: int = 302):
    def serve(handler):
        handler.send_response(code)
        handler.send_header("Location", target + handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return serve


def _ok(handler):
    answer(handler, 200, COUNT_ZERO)


def test_a_query_does_not_follow_a_redirect_to_another_port():
    with LoopbackServer(_ok) as other, LoopbackServer(_redirect_to(other.url)) as server:
        line = error_line(geokg("query", "--endpoint", server.url + "/query", "SELECT * WHERE { ?s ?p ?o }"))
        assert "redirected (HTTP 302) to another host or port" in line
        assert other.requests == []


def test_push_through_a_redirect_is_never_reported_as_done():
    with LoopbackServer(_ok) as other, LoopbackServer(_redirect_to(other.url)) as server:
        result = geokg("push", "--endpoint", server.url + "/store")
        assert "pushed" not in result.stdout
        assert "redirected" in error_line(result)
        assert other.requests == []


def test_push_through_a_same_origin_302_that_would_drop_the_body_is_an_error():
    def serve(handler):
        if handler.path.startswith("/old"):
            _redirect_to("", 302)(handler)  # same origin: Location is a path
        else:
            answer(handler, 204)

    with LoopbackServer(serve) as server:
        result = geokg("push", "--endpoint", server.url + "/old/store")
        assert "pushed" not in result.stdout
        assert "drop the request body" in error_line(result)
        assert [m for m, _p, _b in server.requests] == ["POST"]


def test_push_through_a_same_origin_307_keeps_the_body_and_succeeds():
    def serve(handler):
        if handler.path.startswith("/old"):
            handler.send_response(307)
            handler.send_header("Location", handler.path.replace("/old", "/new", 1))
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            answer(handler, 204)

    with LoopbackServer(serve) as server:
        result = geokg("push", "--endpoint", server.url + "/old/store")
        assert result.returncode == 0, result.stderr
        # the bundled graph with the triples the rules derive (computed, not pinned)
        assert f"pushed {len(library.load().graph)} triples" in result.stdout
        (_m1, _p1, first), (method, path, body) = server.requests
        assert method == "POST" and path.startswith("/new/store") and body == first and len(body) > 100_000


def test_an_endless_answer_is_cut_off():
    def serve(handler):  # the count geokg asks when it opens the endpoint already gets the endless answer
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()  # no length: the body runs until the connection closes
        chunk = b" " * (1 << 20)
        for _ in range(400):  # 400 MiB at most, far above the limit
            handler.wfile.write(chunk)

    with LoopbackServer(serve) as server:
        query = "SELECT * WHERE { ?s ?p ?o }"  # a generous time limit: the size limit must be what stops it
        result = geokg("query", "--endpoint", server.url + "/query", query, "--timeout", "600", timeout=600)
        assert "more than 268435456 bytes" in error_line(result)


def test_a_trickling_answer_stops_at_the_time_limit():
    def serve(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        for _ in range(60):  # a byte every half second, for up to 30 s
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.5)

    with LoopbackServer(serve) as server:
        started = time.monotonic()
        result = geokg("query", "--endpoint", server.url + "/query", "ASK { ?s ?p ?o }", "--timeout", "2", timeout=60)
        elapsed = time.monotonic() - started
        assert "did not answer within 2 s" in error_line(result)
        assert elapsed < 15


def test_trickling_headers_stop_at_the_time_limit():
    def serve(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(60):  # a header byte every half second, for up to 30 s
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(0.5)

    with LoopbackServer(serve) as server:
        started = time.monotonic()
        result = geokg("query", "--endpoint", server.url + "/query", "ASK { ?s ?p ?o }", "--timeout", "2", timeout=60)
        elapsed = time.monotonic() - started
        assert "did not answer within 2 s" in error_line(result)
        assert elapsed < 15


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://a"}}]}}',
            "not among its variables",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 100"),
        (
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "\xff"}}]}}',
            "not UTF-8",
        ),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}', "answered a ASK query with a SELECT result"),
    ],
)
def test_answers_that_are_not_what_was_asked_are_plain_errors(body, message):
    holder: dict[str, LoopbackServer] = {}

    def dispatch(handler):
        last = holder["server"].requests[-1][2]
        answer(handler, 200, COUNT_ZERO if b"COUNT" in last else body)

    with LoopbackServer(dispatch) as server:
        holder["server"] = server
        query = "ASK { ?s ?p ?o }" if "ASK" in message else "SELECT ?s WHERE { ?s ?p ?o }"
        assert message in error_line(geokg("query", "--endpoint", server.url + "/query", query))


def test_server_error_bodies_reach_the_terminal_without_control_characters():
    def serve(handler):
        answer(handler, 500, b"\x1b[2J\x1b[31mboom\r\nForged: line", "text/plain")

    with LoopbackServer(serve) as server:
        code, seen = geokg_on_terminal("query", "--endpoint", server.url + "/query", "ASK { ?s ?p ?o }")
        assert code == 2 and "boom" in seen
        assert "\x1b[2J" not in seen and "\x1b[31m" not in seen and "\nForged" not in seen
