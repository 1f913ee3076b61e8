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
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

from .backends import Row
from .errors import EndpointHTTPError, EndpointTimeoutError, EndpointUnreachableError, InputError
from .namespaces import sparql_prologue
from .results import QueryResult, parse_json_results

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for an endpoint's answer."""
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


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
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"endpoint URL {url!r} is not an http:// or https:// URL")
    return url


def http_request(
    url: str,
    data: bytes | None,
    headers: dict[str, str],
    timeout: float,
    method: str = "POST",
) -> bytes:
    """Send one HTTP request and return the body of a 2xx answer.

    Raises
    ------
    EndpointUnreachableError, EndpointHTTPError, EndpointTimeoutError
    """
    check_url(url)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    handlers = [urllib.request.ProxyHandler({})] if host in _LOOPBACK or host.startswith("127.") else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        detail = ""
        with contextlib.suppress(OSError, IndexError):
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()[0][:200]
        message = f"endpoint {url} answered HTTP {exc.code} {exc.reason}"
        raise EndpointHTTPError(message + (f": {detail}" if detail else ""), exc.code) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise EndpointTimeoutError(f"endpoint {url} did not answer within {timeout:g} s") from None
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointUnreachableError(f"cannot connect to endpoint {url}: connection refused") from None
        raise EndpointUnreachableError(f"cannot connect to endpoint {url}: {reason}") from None
    except TimeoutError:
        raise EndpointTimeoutError(f"endpoint {url} did not answer within {timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        raise EndpointUnreachableError(f"cannot talk to endpoint {url}: {exc}") from None


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

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query (the project's prefixes are predeclared) and return plain rows."""
        return self.query(sparql_prologue() + query, "SELECT").plain_rows()

    def query(self, query: str, kind: str, timeout: float | None = None) -> QueryResult:
        """Send a complete query (with its PREFIX lines) and read the answer.

        Parameters
        ----------
        query : str
        kind : {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
            Chooses the result format asked for.
        timeout : float, optional
            Overrides the backend's timeout.

        Returns
        -------
        QueryResult
        """
        graph = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        answer = http_request(self.url, body, headers, self.timeout if timeout is None else timeout)
        text = answer.decode("utf-8")
        if graph:
            return QueryResult("CONSTRUCT", ntriples=text)
        return parse_json_results(text)


def count_plain_triples(backend: EndpointBackend) -> int:
    """How many plain triples (those whose predicate is a tie type's ``geo:plainProperty``) a store holds."""
    rows = backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?type geo:plainProperty ?p . ?s ?p ?o }")
    return int(rows[0]["n"] or 0) if rows else 0


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
    return KnowledgeGraph(backend, None, (), count_plain_triples(backend))


def graph_ntriples(kg: KnowledgeGraph) -> str:
    """Every triple of a knowledge graph (with the derived ones) as N-Triples, from memory or a store.

    Raises
    ------
    InputError
        The graph lives on a remote endpoint.
    """
    try:
        return str(kg.graph.serialize(format="nt"))
    except InputError:
        pass
    dump = getattr(kg.backend, "ntriples", None)
    if dump is None:
        raise InputError("this graph lives on a remote endpoint; load files or a store to push")
    return str(dump())


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
    if graph is not None and (not urllib.parse.urlsplit(graph).scheme or any(c in graph for c in '<>" {}|\\^`')):
        raise InputError(f"graph name {graph!r} is not an absolute IRI")
    data = graph_ntriples(kg)
    count = sum(1 for line in data.splitlines() if line.strip())
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
