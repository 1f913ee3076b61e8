"""Helpers shared by the hardening tests: run the real command in a subprocess with a time limit."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def geokg(*args: str, timeout: float = 120, env: dict[str, str] | None = None, cwd: Path | None = None, **kw):
    """Run ``geokg ARGS`` in a fresh process; returns the CompletedProcess (text, stdout and stderr captured).

    A command that runs past ``timeout`` seconds is killed and reported as exit code -9 with a note on stderr.
    """
    full_env = {**os.environ, "GEOKG_NO_CACHE": "1", **(env or {})}
    try:
        return subprocess.run(
            [sys.executable, "-m", "geokg_cli.main", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=cwd,
            **kw,
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(exc.cmd, -9, exc.stdout or "", f"TIMEOUT after {timeout} s")


def error_line(result, code: int = 2) -> str:
    """The one ``geokg: error: …`` line of a failed run (asserting the exit code and that no traceback leaked)."""
    assert result.returncode == code, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("geokg: error: "), lines[0]
    assert "internal error" not in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 (random port) in a thread; ``handle(handler)`` answers each request.

    Every request is recorded as (method, path, body) in ``requests``.
    """

    def __init__(self, handle):
        import http.server
        import threading

        self.requests: list[tuple[str, str, bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.requests.append((self.command, self.path, body))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handle(self)

            do_GET = do_POST = do_PUT = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def answer(
    handler,
    status: int = 200,
    body: bytes = b"",
    content_type: str = "application/sparql-results+json",
    headers: dict[str, str] | None = None,
) -> None:
    """Send one complete answer from a LoopbackServer handler."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


COUNT_ZERO = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "0"}}]}}'
"""What a fake endpoint answers to the count geokg asks when it opens an endpoint."""


def geokg_on_terminal(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``geokg ARGS`` with stdout and stderr on a pseudo-terminal (as a user would see it); return
    (exit code, everything written to the terminal)."""
    import pty
    import select
    import time

    full_env = {**os.environ, "GEOKG_NO_CACHE": "1", "TERM": "xterm", **(env or {})}
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "geokg_cli.main", *args],
        stdout=slave,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env=full_env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif child.poll() is not None:
                break
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
    return child.returncode, b"".join(chunks).decode("utf-8", "replace")
