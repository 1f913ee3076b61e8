"""Remote SPARQL 1.1 endpoints: query one like the in-memory graph, and push the graph to one.

Only the standard library (:mod:`urllib`) speaks HTTP. Queries use the SPARQL 1.1 Protocol (POST of an
``application/x-www-form-urlencoded`` ``query=``); results come back as SPARQL JSON (SELECT, ASK) or
N-Triples (CONSTRUCT, DESCRIBE). :func:`push` uploads with the SPARQL 1.1 Graph Store HTTP Protocol (POST of
N-Triples to ``URL?default`` or ``URL?graph=IRI``) or with a SPARQL UPDATE ``INSERT DATA``.

Failures raise :class:`~geokg.errors.EndpointUnreachableError` (connection refused, unknown host),
:class:`~geokg.errors.EndpointHTTPError` (an HTTP error status) or
:class:`~geokg.errors.EndpointTimeoutError`.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from .backends import Row
from .errors import (
    EndpointAnswerError,
    EndpointError,
    EndpointHTTPError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    InputError,
)
from .namespaces import sparql_prologue
from .results import QueryResult, parse_json_results

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph
    from .results import Term
    from .sparql import CheckedQuery

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for an endpoint's whole answer (connection, headers and body together)."""
MAX_ANSWER_BYTES = 256 * 1024 * 1024
"""The largest answer read from an endpoint (256 MiB); a bigger one is refused."""
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def printable(text: str, limit: int = 200) -> str:
    """``text`` on one line without control characters (ANSI escapes, newlines), cut at ``limit`` characters.

    Examples
    --------
    >>> printable("bad\\x1b[31m red\\nline")
    'bad [31m red line'
    """
    return _CONTROL.sub(" ", text).strip()[:limit]


def check_url(url: str) -> str:
    """Check that ``url`` is an absolute http(s) URL.

    Raises
    ------
    InputError

    Examples
    --------
    >>> check_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    """
    if any(not ch.isprintable() or ch.isspace() for ch in url):
        raise InputError(f"endpoint URL {url!r} holds spaces or control characters")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"endpoint URL {url!r} is not an http:// or https:// URL")
    return url


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port, and only one that keeps the method and body
    (307, 308); anything else is an error, never a silent GET to somewhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        target = urllib.parse.urljoin(req.full_url, newurl)
        where = printable(target)
        if _origin(target) != _origin(req.full_url):
            raise EndpointAnswerError(
                f"endpoint {printable(req.full_url)} redirected (HTTP {code}) to another host or port, {where}; "
                "not followed (give that URL if you trust it)"
            )
        if code not in (307, 308):
            raise EndpointAnswerError(
                f"endpoint {printable(req.full_url)} redirected (HTTP {code}) to {where}, which would drop the "
                "request body; not followed (give that URL instead)"
            )
        return urllib.request.Request(target, data=req.data, headers=dict(req.header_items()), method=req.get_method())


class _Deadline:
    """Shuts the connection's socket down when the time is up, whatever the exchange is waiting for
    (connection, status line, headers trickling in, body): the whole exchange is bounded."""

    def __init__(self, timeout: float | None) -> None:
        self.at = None if timeout is None else time.monotonic() + timeout
        self.fired = False
        self._timers: list[threading.Timer] = []

    def watch(self, sock: socket.socket) -> None:
        if self.at is None:
            return

        def fire() -> None:
            self.fired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(max(self.at - time.monotonic(), 0.0), fire)
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _handlers(deadline: _Deadline) -> list[urllib.request.BaseHandler]:
    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req):  # type: ignore[no-untyped-def]
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):  # type: ignore[no-untyped-def]
            return self.do_open(SecureConnection, req, context=getattr(self, "_context", None))

    return [Handler(), SecureHandler()]


def _set_socket_timeout(response: object, seconds: float) -> None:
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(max(seconds, 0.01))


def http_request(
    url: str,
    data: bytes | None,
    headers: dict[str, str],
    timeout: float | None,
    method: str = "POST",
    *,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> bytes:
    """Send one HTTP request and return the body of a 2xx answer.

    Redirects are followed only within the same origin and only when they keep the method and body (307,
    308). The whole exchange (connection, status line, headers, body) must end within ``timeout`` seconds:
    a timer shuts the socket down when the time is up, so an answer that trickles in is cut off. The body
    may hold at most ``max_bytes``.

    Raises
    ------
    EndpointUnreachableError, EndpointHTTPError, EndpointTimeoutError, EndpointAnswerError
    """
    check_url(url)
    shown = printable(url)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    deadline = _Deadline(timeout)
    handlers: list[urllib.request.BaseHandler] = [_SameOriginRedirects(), *_handlers(deadline)]
    if host in _LOOPBACK or host.startswith("127."):
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)

    def too_slow() -> EndpointTimeoutError:
        return EndpointTimeoutError(f"endpoint {shown} did not answer within {timeout:g} s")

    try:
        try:
            return _exchange(opener, request, timeout, deadline, max_bytes, shown, too_slow)
        except (OSError, http.client.HTTPException, EndpointError):
            if deadline.fired:  # whatever broke, it broke because the time was up
                raise too_slow() from None
            raise
        finally:
            deadline.cancel()
    except urllib.error.HTTPError as exc:
        detail = ""
        with contextlib.suppress(OSError, IndexError, ValueError):
            detail = printable(exc.read(65536).decode("utf-8", "replace").strip().splitlines()[0])
        message = f"endpoint {shown} answered HTTP {exc.code} {printable(str(exc.reason))}"
        raise EndpointHTTPError(message + (f": {detail}" if detail else ""), exc.code) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise too_slow() from None
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointUnreachableError(f"cannot connect to endpoint {shown}: connection refused") from None
        raise EndpointUnreachableError(f"cannot connect to endpoint {shown}: {printable(str(reason))}") from None
    except TimeoutError:
        raise too_slow() from None
    except (ConnectionError, OSError, http.client.HTTPException) as exc:
        raise EndpointUnreachableError(f"cannot talk to endpoint {shown}: {printable(str(exc))}") from None


def _exchange(
    opener: urllib.request.OpenerDirector,
    request: urllib.request.Request,
    timeout: float | None,
    deadline: _Deadline,
    max_bytes: int,
    shown: str,
    too_slow: Callable[[], EndpointTimeoutError],
) -> bytes:
    with opener.open(request, timeout=timeout) as response:
        status = getattr(response, "status", 200) or 200
        if not 200 <= status < 300:
            raise EndpointHTTPError(f"endpoint {shown} answered HTTP {status}, not a success", status)
        chunks = []
        size = 0
        while True:
            remaining = deadline.remaining()
            if remaining is not None:
                if remaining <= 0:
                    raise too_slow()
                _set_socket_timeout(response, remaining)
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise EndpointAnswerError(
                    f"endpoint {shown} sent more than {max_bytes} bytes; answer refused (ask for less, e.g. LIMIT)"
                )
            chunks.append(chunk)
        if deadline.fired:  # the socket was shut down: what was read is not the whole answer
            raise too_slow()
        return b"".join(chunks)


def decode_answer(body: bytes, url: str) -> str:
    """An endpoint's answer as text.

    Raises
    ------
    EndpointAnswerError
        It is not UTF-8.
    """
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EndpointAnswerError(
            f"endpoint {printable(url)} answered bytes that are not UTF-8 (at byte {exc.start})"
        ) from None


class EndpointBackend:
    """A remote SPARQL 1.1 query endpoint as a :class:`geokg.backends.Backend`.

    Parameters
    ----------
    url : str
        The query endpoint, e.g. ``http://127.0.0.1:7878/query`` for ``oxigraph serve``.
    timeout : float
        Seconds to wait for each answer.

    Raises
    ------
    InputError
        The URL is not http(s).
    """

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = check_url(url)
        self.timeout = timeout

    in_memory = False

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query (the project's prefixes are predeclared) and return plain rows."""
        return self.send(sparql_prologue() + query, "SELECT").plain_rows()

    def query(
        self,
        checked: CheckedQuery,
        bindings: Mapping[str, Term] | None = None,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Send a checked query: the predeclared prefixes, the query and a ``VALUES`` block of serialized
        terms for ``bindings``, verified token by token (:func:`geokg.sparql.bound_text`); the answer must
        be of the query's kind, bounded in size and in time (``timeout``, else the backend's)."""
        from .sparql import bound_text

        final = bound_text(checked, bindings or {}, allow_network=allow_network)
        return self.send(sparql_prologue() + final, checked.kind, timeout, expect=checked.kind)

    def ntriples(self) -> str:
        """Every triple the endpoint holds (a ``CONSTRUCT`` of all), as N-Triples."""
        return self.send(sparql_prologue() + "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT").ntriples or ""

    def send(self, query: str, kind: str, timeout: float | None = None, expect: str | None = None) -> QueryResult:
        """Send a complete query (with its PREFIX lines) and read the answer.

        Parameters
        ----------
        query : str
        kind : {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
            Chooses the result format asked for.
        timeout : float, optional
            Overrides the backend's timeout.
        expect : str, optional
            The kind of answer required (an ASK must be answered with a boolean, a SELECT with rows).

        Returns
        -------
        QueryResult

        Raises
        ------
        EndpointAnswerError
            The answer is not what was asked for.
        """
        graph = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        answer = http_request(self.url, body, headers, self.timeout if timeout is None else timeout)
        text = decode_answer(answer, self.url)
        if graph:
            return QueryResult("CONSTRUCT", ntriples=_checked_ntriples(text, self.url))
        try:
            result = parse_json_results(text)
        except InputError as exc:
            raise EndpointAnswerError(f"endpoint {printable(self.url)}: {exc}") from None
        wanted = {"SELECT": "SELECT", "ASK": "ASK"}.get(expect or kind)
        if wanted is not None and result.kind != wanted:
            raise EndpointAnswerError(
                f"endpoint {printable(self.url)} answered a {wanted} query with a {result.kind} result"
            )
        return result


def _checked_ntriples(text: str, url: str) -> str:
    from pyoxigraph import RdfFormat, parse

    try:
        for _ in parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES):
            pass
    except (SyntaxError, ValueError) as exc:
        why = printable(str(exc).splitlines()[0] if str(exc) else "invalid")
        raise EndpointAnswerError(f"endpoint {printable(url)} answered a graph that is not N-Triples: {why}") from None
    return text


_DERIVED = """
SELECT (COUNT(*) AS ?n) WHERE {
  { ?type geo:plainProperty ?p . ?s ?p ?o }
  UNION { VALUES ?q { geo:mayFrom geo:holdsFrom geo:holdsUntil geo:mayUntil geo:supersededFrom } ?s ?q ?o }
  UNION { ?s a geo:Statement }
}"""


def count_derived_triples(backend: EndpointBackend) -> int:
    """How many triples the derivation rules of ``ontology/rules/`` added to what an endpoint holds: the
    statement class, the year bounds, the supersession years and the plain triples (the rules write nothing
    else, and the shapes refuse these when written by hand)."""
    rows = backend.select(_DERIVED)
    try:
        return int(rows[0].get("n") or 0) if rows else 0
    except (ValueError, TypeError):
        raise EndpointAnswerError(f"endpoint {printable(backend.url)} answered a count that is not a number") from None


def open_endpoint(url: str, timeout: float = DEFAULT_TIMEOUT) -> KnowledgeGraph:
    """A :class:`~geokg.knowledge.KnowledgeGraph` reading from a remote SPARQL endpoint.

    Raises
    ------
    InputError
        The URL is not http(s).
    EndpointUnreachableError, EndpointHTTPError, EndpointTimeoutError
        The endpoint cannot answer.
    """
    from .knowledge import KnowledgeGraph

    backend = EndpointBackend(url, timeout)
    return KnowledgeGraph(backend, None, (), count_derived_triples(backend))


def graph_ntriples(kg: KnowledgeGraph) -> str:
    """Every triple of a knowledge graph (with the derived ones) as N-Triples: :meth:`Backend.ntriples
    <geokg.backends.Backend.ntriples>` of its backend (memory, a store or an endpoint)."""
    return kg.backend.ntriples()


def push(
    kg: KnowledgeGraph,
    url: str,
    graph: str | None = None,
    *,
    method: str = "gsp",
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Upload a knowledge graph (with its derived triples) to a remote store.

    Parameters
    ----------
    kg : KnowledgeGraph
    url : str
        With ``method="gsp"``, the Graph Store Protocol endpoint (``oxigraph serve``: ``http://HOST:PORT/store``);
        with ``method="update"``, the SPARQL UPDATE endpoint (``oxigraph serve``: ``http://HOST:PORT/update``).
    graph : str, optional
        The named graph IRI to add the triples to; the default graph when None.
    method : {"gsp", "update"}
    timeout : float
        Seconds to wait for the answer.

    Returns
    -------
    int
        The number of triples sent.

    Raises
    ------
    InputError
        A bad URL, graph IRI or method.
    EndpointUnreachableError, EndpointHTTPError, EndpointTimeoutError
    """
    if graph is not None:
        from .results import Term
        from .sparql import term_n3

        bad = not urllib.parse.urlsplit(graph).scheme or any(c in graph for c in '<>" {}|\\^`')
        try:
            term_n3(Term("uri", graph))  # an IRI Oxigraph accepts: no control characters or spaces either
        except InputError:
            bad = True
        if bad:
            raise InputError(f"graph name {graph!r} is not an absolute IRI")
    data = graph_ntriples(kg)
    count = sum(1 for line in data.splitlines() if line.strip())
    # http_request returns only on a 2xx answer to this very POST (or a same-origin 307/308 re-POST of the
    # same body): a redirect that would turn it into a body-less GET is an error, never "pushed".
    if method == "gsp":
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        target = url + ("&" if "?" in url else "?") + query
        http_request(target, data.encode("utf-8"), {"Content-Type": "application/n-triples"}, timeout)
    elif method == "update":
        body = data if graph is None else f"GRAPH <{graph}> {{\n{data}}}"
        update = f"INSERT DATA {{\n{body}}}\n"
        http_request(url, update.encode("utf-8"), {"Content-Type": "application/sparql-update"}, timeout)
    else:
        raise InputError(f"unknown push method {method!r}; use gsp or update")
    return count
