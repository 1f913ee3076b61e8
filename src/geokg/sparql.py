"""Run a read-only SPARQL query against a knowledge graph, whatever store holds it.

:func:`run_query` checks a query, binds variables, optionally reasons, and runs it with a time limit on
the in-memory rdflib graph, an Oxigraph store (:class:`geokg.stores.OxigraphBackend`) or a remote endpoint
(:class:`geokg.endpoint.EndpointBackend`), returning a :class:`geokg.results.QueryResult`.

- The prefixes of :data:`geokg.namespaces.PREFIXES` (geo, id, wd, rdf, rdfs, owl, xsd, skos, prov,
  dcterms) are predeclared.
- Variables are bound as RDF terms, never by pasting text: rdflib's ``initBindings`` in memory; in a store
  and on an endpoint a ``VALUES`` block of terms serialized by Oxigraph, and the whole text sent is
  verified token by token to be the checked query with that block added (:func:`verify_bound`).
- Queries are read-only: an UPDATE (INSERT, DELETE, LOAD, CLEAR, ...) is refused.
- ``SERVICE`` (any store) and ``FROM`` / ``FROM NAMED`` (in memory, where rdflib would download the graph)
  are refused unless ``allow_network`` is true. The decision is taken on the parsed query (rdflib's
  algebra, after ``\\u`` escapes are expanded as SPARQL requires), never on the text, and in memory the
  very algebra that was checked is the one evaluated.
- Queries stop after :data:`DEFAULT_TIMEOUT` seconds unless another limit is given (0: none).
- A syntax error names the line, the column and the offending token.

Examples
--------
>>> import geokg
>>> kg = geokg.load()
>>> result = run_query(kg, "SELECT ?m WHERE { ?m geo:memberOf ?o . ?o skos:prefLabel ?n }"
...                        " ORDER BY ?m LIMIT 1")
>>> result.plain_rows()
[{'m': 'https://w3id.org/geokg/id/Kazakhstan'}]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import (
    GeokgError,
    InputError,
    NetworkRefusedError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from .namespaces import PREFIXES
from .results import QueryResult, Term

if TYPE_CHECKING:
    from rdflib import Graph

    from .knowledge import KnowledgeGraph

REASONING = ("none", "rdfs", "owl-rl")
"""Reasoning regimes: none, the RDFS closure, or the OWL 2 RL closure (owlrl)."""

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run when no other limit is given (``timeout=0`` means no limit)."""

_XSD = PREFIXES["xsd"]
T = TypeVar("T")


# -- a small lexer: enough to find variables, keywords and prefixed names outside strings and IRIs -----
@dataclass(frozen=True)
class Token:
    """A lexical token of a SPARQL query: kind, text and offset."""

    kind: str  # "iri", "string", "var", "word", "pname", "punct"
    text: str
    pos: int


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-]*)?:(?:[\w\-.:%]*[\w\-:%])?)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<space>[ \t\r\n]+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens, dropping comments and white space.

    Examples
    --------
    >>> [t.text for t in tokenize('SELECT ?a WHERE { ?a rdfs:label "x # y" } # note')]
    ['SELECT', '?a', 'WHERE', '{', '?a', 'rdfs:label', '"x # y"', '}']
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("comment", "space"):
            continue
        tokens.append(Token(kind, match.group(), match.start()))
    return tokens


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (without ``?`` or ``$``).

    Examples
    --------
    >>> sorted(query_variables("SELECT ?a WHERE { ?a ?p $b }"))
    ['a', 'b', 'p']
    """
    return {t.text[1:] for t in tokenize(text) if t.kind == "var"}


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


# -- checking ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckedQuery:
    """A query that parsed, with what :func:`run_query` needs to know about it.

    Parameters
    ----------
    text : str
        The query as given (without the predeclared prefixes), with its ``\\u`` escapes expanded: the text
        that was parsed and is sent on.
    kind : {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
    variables : frozenset of str
        Every variable the query mentions.
    datasets : tuple of str
        The IRIs of its FROM and FROM NAMED clauses (from the parsed query).
    services : tuple of str
        The IRIs (or variables) of its SERVICE clauses (from the algebra, wherever they are nested).
    projected : frozenset of str
        The variables a SELECT answers with (``SELECT *``: every variable in scope), from its algebra.
    algebra : object
        rdflib's translated query, evaluated as is in memory; None for the recorded check of a bundled
        named query (:func:`geokg.named_queries.recorded_check`), which is only sent to a store or an
        endpoint.
    """

    text: str
    kind: str
    variables: frozenset[str]
    datasets: tuple[str, ...]
    services: tuple[str, ...]
    projected: frozenset[str] = frozenset()
    algebra: Any = field(default=None, compare=False, repr=False)


def expand_escapes(text: str) -> str:
    """Expand SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, which apply anywhere in a query's text.

    Examples
    --------
    >>> expand_escapes("\\u0053ERVICE")
    'SERVICE'
    """

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QuerySyntaxError(f"invalid code point escape {match.group()!r}")
        return chr(code)

    return re.sub(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})", expand, text)


def check_query(text: str) -> CheckedQuery:
    """Parse a query (with the project's prefixes predeclared) and describe it from its algebra.

    Parameters
    ----------
    text : str

    Returns
    -------
    CheckedQuery

    Raises
    ------
    QueryRefusedError
        The text is a SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ...).
    QuerySyntaxError
        It does not parse, uses an undeclared prefix, or nests too deeply for the parser; the message names
        line, column and token where known.

    Examples
    --------
    >>> check_query("ASK { ?a a geo:State }").kind
    'ASK'
    >>> check_query("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }").services
    ('http://example.org/sparql',)
    >>> sorted(check_query("SELECT * WHERE { ?a ?p ?o }").projected)
    ['a', 'o', 'p']
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    text = expand_escapes(text)
    try:
        try:
            parsed = parseQuery(text)
        except ParseException as exc:
            try:
                parseUpdate(text)
            except ParseException:
                raise _syntax_error(text, exc) from None
            raise QueryRefusedError(
                "this is a SPARQL UPDATE; geokg query is read-only (build a store or edit the files to change data)"
            ) from None
        kind = parsed[1].name.replace("Query", "").upper()
        try:
            translated = translateQuery(parsed, initNs=dict(PREFIXES))
        except RecursionError:
            raise
        except Exception as exc:  # rdflib raises a bare Exception for an unknown prefix
            raise _compile_error(text, exc) from None
    except RecursionError:
        raise QuerySyntaxError(
            "the query nests too deeply (groups, expressions or paths) to be parsed; flatten it"
        ) from None
    services, datasets = _network_parts(translated)
    projected = frozenset(str(v) for v in translated.algebra.get("PV") or ())
    return CheckedQuery(text, kind, frozenset(query_variables(text)), datasets, services, projected, translated)


def _compile_error(text: str, exc: Exception) -> QuerySyntaxError:
    message = str(exc)
    unknown = re.match(r"Unknown namespace prefix : (.*)", message)
    if unknown:
        prefix = unknown.group(1)
        token = next((t for t in tokenize(text) if t.kind == "pname" and t.text.split(":")[0] == prefix), None)
        line, column = _position(text, token.pos) if token else (None, None)
        known = ", ".join(PREFIXES)
        return QuerySyntaxError(
            f"unknown prefix {prefix!r}; declare it with PREFIX or use one of: {known}",
            line,
            column,
            token.text if token else "",
        )
    return QuerySyntaxError(f"the query cannot be compiled: {message}")


def _network_parts(translated: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The SERVICE targets and the FROM / FROM NAMED graphs of a translated query, from its algebra."""
    from rdflib.plugins.sparql.parserutils import CompValue

    services: list[str] = []
    datasets: list[str] = []
    todo: list[Any] = [translated.algebra]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                services.append(str(node.get("term")))
            if node.name == "DatasetClause":
                datasets.append(str(node.get("default") or node.get("named")))
            todo.extend(node.values())
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)):
            todo.extend(node)
    return tuple(services), tuple(dict.fromkeys(datasets))


def _syntax_error(text: str, exc: Any) -> QuerySyntaxError:
    loc = int(getattr(exc, "loc", 0))
    line, column = _position(text, loc)
    rest = text[loc:]
    match = re.match(r"\s*([\w:?$<>\-.#/]{1,40}|\S)", rest)
    token = match.group(1) if match else ""
    expected = re.match(r"Expected (.*?), found", str(exc))
    what = f"expected {expected.group(1)}" if expected else str(exc).split(" (at char")[0]
    if not token:
        what = "unexpected end of the query (is a '}' missing?); " + what
    return QuerySyntaxError(what, line, column, token)


def check_network(checked: CheckedQuery, *, in_memory: bool, allow_network: bool) -> None:
    """Refuse SERVICE clauses, and FROM / FROM NAMED on the in-memory graph, unless the network is allowed.

    Raises
    ------
    NetworkRefusedError
    """
    if allow_network:
        return
    if checked.services:
        raise NetworkRefusedError(
            f"SERVICE <{checked.services[0]}> would query another server over the network; "
            "refused (set allow_network to permit it)",
            parameter="allow_network",
        )
    if in_memory and checked.datasets:
        raise NetworkRefusedError(
            f"FROM <{checked.datasets[0]}> would make rdflib download that graph; refused (set allow_network "
            "to permit it, or use GRAPH inside a store)",
            parameter="allow_network",
        )


# -- bindings ----------------------------------------------------------------------------------------
_VAR_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*")


def parse_binding(kg: KnowledgeGraph | None, spec: str) -> tuple[str, Term]:
    """Read one ``VAR=VALUE`` binding.

    VALUE is read as, in order: ``<iri>``; a quoted ``"text"`` (optionally ``@lang`` or ``^^datatype``); an
    integer or a year (``xsd:integer``); a decimal; a date (``xsd:date``); ``true``/``false``; a prefixed name
    of a predeclared prefix (``geo:Support``, ``id:Russia``); else an actor's name, alias or label, resolved
    like ``geokg show`` does.

    Parameters
    ----------
    kg : KnowledgeGraph or None
        For actor names (None: names are refused).
    spec : str

    Returns
    -------
    (str, Term)

    Raises
    ------
    InputError
        Not ``VAR=VALUE``, or an empty value.
    UnknownActorError
        VALUE looks like a name and no actor has it (with "did you mean").

    Examples
    --------
    >>> parse_binding(None, "year=2021")
    ('year', Term(kind='literal', value='2021', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None))
    >>> parse_binding(None, "t=geo:Support")[1].value
    'https://w3id.org/geokg/ontology#Support'
    """
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VAR_NAME.fullmatch(name):
        raise InputError(
            f"malformed bindings {spec!r}: use VAR=VALUE, e.g. actor=Taliban or year=2021", parameter="bindings"
        )
    value = value.strip()
    if not value:
        raise InputError(f"malformed bindings {spec!r}: the value is empty", parameter="bindings")
    return name, _term(kg, value, spec)


def _term(kg: KnowledgeGraph | None, value: str, spec: str) -> Term:
    if value.startswith(("<", "'", '"')):
        try:
            return one_term(value, spec)
        except InputError:
            # Text between matching outer quotes (optionally @lang) is taken verbatim as the literal's text,
            # as it always was; a datatype must be one Turtle term. Either way it is serialized, never pasted.
            quoted = re.fullmatch(r"(['\"])(.*)\1(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?", value, re.DOTALL)
            if quoted is None:
                raise
            return checked_term(Term("literal", quoted.group(2), None, quoted.group(3)), spec)
    if re.fullmatch(r"[+-]?\d+", value):
        return Term("literal", value, _XSD + "integer")
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return Term("literal", value, _XSD + "decimal")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Term("literal", value, _XSD + "date")
    if value in ("true", "false"):
        return Term("literal", value, _XSD + "boolean")
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w\-.]*", local):
        return checked_term(Term("uri", PREFIXES[prefix] + local), spec)
    if kg is None:
        raise InputError(f"malformed bindings {spec!r}: actor names need a graph", parameter="bindings")
    return checked_term(Term("uri", kg.actor_iri(value)), spec)


def one_term(value: str, spec: str = "") -> Term:
    """Read exactly one RDF term written in Turtle syntax (``<iri>``, ``"text"``, ``"text"@en``,
    ``"1"^^xsd:integer``, with the project's prefixes), with Oxigraph's Turtle parser.

    Raises
    ------
    InputError
        Not one IRI or literal (nothing, several terms, a blank node, anything else).

    Examples
    --------
    >>> one_term('"1985"^^xsd:gYear').datatype
    'http://www.w3.org/2001/XMLSchema#gYear'
    >>> one_term('"a"^^xsd:z>)}SERVICE<http://example.org/>{?s?p?o}}#')
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: malformed bindings: "a"^^xsd:z>)}SERVICE<http://example.org/>{?s?p?o}}# is not one RDF term
    """
    from pyoxigraph import BlankNode, RdfFormat, parse

    from .results import term_from_oxigraph

    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    document = f"{prologue}<urn:geokg:s> <urn:geokg:p> {value} .\n"
    where = f" {spec!r}" if spec else ""
    try:
        triples = list(parse(document.encode("utf-8"), format=RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        triples = []
    if len(triples) != 1 or isinstance(triples[0].object, BlankNode) or not hasattr(triples[0].object, "value"):
        raise InputError(f"malformed bindings{where}: {value} is not one RDF term", parameter="bindings")
    return term_from_oxigraph(triples[0].object)


def checked_term(term: Term, spec: str = "") -> Term:
    """Return ``term`` if it is a valid RDF term (an IRI Oxigraph accepts, a well-formed language tag).

    Raises
    ------
    InputError
    """
    term_n3(term, spec)
    return term


def term_n3(term: Term, spec: str = "") -> str:
    """Serialize a term for a query with a real serializer (Oxigraph's), refusing anything that is not one term.

    Raises
    ------
    InputError

    Examples
    --------
    >>> term_n3(Term("literal", 'say "hi"', None, "en"))
    '"say \\\\"hi\\\\""@en'
    """
    from .results import term_to_oxigraph

    if term.kind == "bnode":
        raise InputError("a blank node cannot be bound")
    try:
        return str(term_to_oxigraph(term))
    except (ValueError, TypeError) as exc:
        where = f" {spec!r}" if spec else ""
        raise InputError(f"malformed bindings{where}: not a valid RDF term ({exc})", parameter="bindings") from None


def check_bindings(checked: CheckedQuery, bindings: Mapping[str, Term]) -> None:
    """Refuse a binding of a variable the query does not mention.

    Raises
    ------
    InputError
    """
    for name in bindings:
        if name not in checked.variables:
            known = ", ".join("?" + v for v in sorted(checked.variables)) or "none"
            raise InputError(
                f"bindings {name}=...: the query has no variable ?{name} (its variables: {known})", parameter="bindings"
            )


def values_block(bindings: Mapping[str, Term]) -> str:
    """A SPARQL ``VALUES`` block binding each variable to its serialized term.

    Examples
    --------
    >>> values_block({"a": Term("uri", "https://w3id.org/geokg/id/Russia")})
    'VALUES (?a) { (<https://w3id.org/geokg/id/Russia>) }'
    """
    names = " ".join("?" + n for n in bindings)
    terms = " ".join(term_n3(t) for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def insert_values(text: str, bindings: Mapping[str, Term]) -> str:
    """Add a ``VALUES`` block for ``bindings`` at the start of the query's WHERE group.

    Used where no initial-bindings API exists (stores and remote endpoints): only serialized RDF terms are
    inserted, at a position found by the lexer, never the user's text.

    Examples
    --------
    >>> insert_values("SELECT ?a WHERE { ?a ?p ?o }", {"o": Term("literal", "x")})
    'SELECT ?a WHERE { VALUES (?o) { ("x") } ?a ?p ?o }'
    """
    if not bindings:
        return text
    offset = _values_offset(tokenize(text))
    block = values_block(bindings)
    if offset is None:
        return text.rstrip() + "\n" + block + "\n"
    return text[:offset] + " " + block + text[offset:]


def _values_offset(tokens: Sequence[Token]) -> int | None:
    """Where :func:`insert_values` puts the block in a query of these tokens: just after the ``{`` that opens
    the WHERE group (or the first group of a SELECT or ASK written without WHERE); None: at the end, as a
    trailing ``VALUES``."""
    brace = None
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text.upper() == "WHERE":
            brace = next((t for t in tokens[i + 1 :] if t.text == "{"), None)
            break
    if brace is None and tokens and tokens[0].text.upper() not in ("CONSTRUCT", "DESCRIBE"):
        keywords = ("SELECT", "ASK")
        first_kw = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() in keywords), 0)
        brace = next((t for t in tokens[first_kw:] if t.text == "{"), None)
    return None if brace is None else brace.pos + 1


_TERM_SHAPES = {("iri",), ("string",), ("string", "punct", "word"), ("string", "punct", "punct", "iri")}
"""The token kinds of one serialized term: ``<iri>``, ``"text"``, ``"text"@lang``, ``"text"^^<iri>``."""


def verify_bound(text: str, final: str, bindings: Mapping[str, Term]) -> None:
    """Check that ``final`` is ``text`` with one ``VALUES`` block of ``bindings`` added and nothing else.

    Token by token (the lexer of :func:`tokenize`): ``final`` holds the tokens of ``text`` in order, with
    ``VALUES (?v ...) { (term ...) }`` added where :func:`insert_values` puts it, one variable per binding
    and each term exactly one IRI or literal. So the text sent is the query that was checked, of the same
    kind and with the same SERVICE and FROM clauses: nothing a term holds can become SPARQL.

    Raises
    ------
    QuerySyntaxError
        ``final`` is anything else (a term that does not serialize as one term, a block in another place).

    Examples
    --------
    >>> binds = {"o": Term("literal", "x")}
    >>> verify_bound("ASK { ?s ?p ?o }", insert_values("ASK { ?s ?p ?o }", binds), binds)
    >>> verify_bound("ASK { ?s ?p ?o }", 'ASK { VALUES (?o) { ("x") } } UNION { ?s ?p ?o }', binds)
    Traceback (most recent call last):
    ...
    geokg.errors.QuerySyntaxError: SPARQL syntax error: the bound text is not the query plus one VALUES block
    """
    expected = [("word", "VALUES"), ("punct", "(")]
    expected += [("var", "?" + name) for name in bindings]
    expected += [("punct", ")"), ("punct", "{"), ("punct", "(")]
    for term in bindings.values():
        pieces = [(t.kind, t.text) for t in tokenize(term_n3(term))]
        shape = tuple(kind for kind, _ in pieces)
        marks = "".join(piece for kind, piece in pieces if kind == "punct")
        if shape not in _TERM_SHAPES or marks not in ("", "@", "^^"):
            raise QuerySyntaxError(f"the binding {term.value!r} does not serialize as one RDF term")
        expected += pieces
    expected += [("punct", ")"), ("punct", "}")]
    tokens = tokenize(text)
    offset = _values_offset(tokens)
    before = [(t.kind, t.text) for t in tokens]
    split = len(before) if offset is None else sum(1 for t in tokens if t.pos < offset)
    actual = [(t.kind, t.text) for t in tokenize(final)]
    if actual != before[:split] + expected + before[split:]:
        raise QuerySyntaxError("the bound text is not the query plus one VALUES block")


# -- running -----------------------------------------------------------------------------------------
def run_query(
    kg: KnowledgeGraph,
    text: str | CheckedQuery,
    *,
    bindings: Mapping[str, Term] | None = None,
    reasoning: str = "none",
    allow_network: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Check and run a read-only SPARQL query.

    Parameters
    ----------
    kg : KnowledgeGraph
        In memory, on an Oxigraph store or on a remote endpoint.
    text : str or CheckedQuery
        SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE; the project's prefixes are predeclared. Or a query
        already checked: by :func:`check_query`, or a bundled named query's recorded check
        (:func:`geokg.named_queries.recorded_check`, which has no algebra: in memory its text is checked
        again, as rdflib evaluates the parsed query).
    bindings : mapping of str to Term, optional
        Initial values of variables (see :func:`parse_binding`).
    reasoning : {"none", "rdfs", "owl-rl"}
        Run on a copy of the graph expanded with the RDFS or OWL 2 RL closure (owlrl).
    allow_network : bool
        Permit SERVICE, and FROM / FROM NAMED on the in-memory graph.
    timeout : float, optional
        Seconds before the query is given up; None: :data:`DEFAULT_TIMEOUT`; 0: no limit.

    Returns
    -------
    QueryResult

    Raises
    ------
    QuerySyntaxError, QueryRefusedError, NetworkRefusedError, QueryTimeoutError, InputError
    EndpointUnreachableError, EndpointHTTPError, EndpointTimeoutError
        From a remote endpoint.

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> run_query(kg, "ASK { ?a geo:memberOf ?csto }", bindings={"a": Term("uri", kg.actor("Russia").iri)}).boolean
    True
    """
    if reasoning not in REASONING:
        raise InputError(f"unknown reasoning {reasoning!r}; use one of {', '.join(REASONING)}")
    if timeout is not None and timeout < 0:
        raise InputError(f"timeout must be positive (or 0 for no limit), got {timeout:g}")
    if timeout is None:
        timeout = DEFAULT_TIMEOUT
    if timeout == 0:
        timeout = None
    if isinstance(text, str):
        checked = check_query(text)
    elif text.algebra is None and (reasoning != "none" or kg.backend.in_memory):
        checked = check_query(text.text)
    else:
        checked = text
    binds = dict(bindings or {})
    check_bindings(checked, binds)
    backend = kg.backend
    in_memory = reasoning != "none" or backend.in_memory
    check_network(checked, in_memory=in_memory, allow_network=allow_network)
    if reasoning != "none":  # the closure counts against the time limit too
        return _with_timeout(
            lambda: _rdflib_query(reasoned_graph(kg, reasoning), checked, binds, allow_network), timeout
        )
    return backend.query(checked, binds, timeout=timeout, allow_network=allow_network)


def bound_text(checked: CheckedQuery, bindings: Mapping[str, Term], *, allow_network: bool) -> str:
    """The text to send to a store or an endpoint: the checked query with a ``VALUES`` block of serialized
    terms for ``bindings``, verified token by token (:func:`verify_bound`), SERVICE refused unless
    ``allow_network``.

    Raises
    ------
    QuerySyntaxError, NetworkRefusedError
    """
    check_network(checked, in_memory=False, allow_network=allow_network)
    if not bindings:  # the text sent is the very text that was checked
        return checked.text
    final = insert_values(checked.text, bindings)
    verify_bound(checked.text, final, bindings)
    return final


def run_on_graph(
    graph: Graph,
    checked: CheckedQuery,
    bindings: Mapping[str, Term],
    *,
    timeout: float | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Evaluate a checked query's algebra on an rdflib graph with initial bindings and a time limit."""
    return _with_timeout(lambda: _rdflib_query(graph, checked, bindings, allow_network), timeout)


def with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """Run ``work`` with a time limit in seconds (None: none); see :func:`_with_timeout`.

    Raises
    ------
    QueryTimeoutError
    """
    return _with_timeout(work, timeout)


def _with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """Run ``work`` with a time limit.

    Where processes can fork (Linux, macOS), the work runs in a child process that is killed when the
    time is up, so a runaway query really stops; elsewhere it runs in a thread that is abandoned.
    """
    if timeout is None:
        return work()
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return _in_thread(work, timeout)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send(("value", work()))
        except BaseException as exc:  # sent back to the parent
            sender.send(("error", exc))
        finally:
            sender.close()

    process = context.Process(target=child, name="geokg-query", daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeoutError(
                f"the query ran longer than {timeout:g} s and was stopped (raise timeout)", parameter="timeout"
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise QueryTimeoutError("the query process ended without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "error":
        raise payload
    return payload  # type: ignore[no-any-return]


def _in_thread(work: Callable[[], T], timeout: float) -> T:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="geokg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g} s and was given up (raise timeout)", parameter="timeout"
        )
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _rdflib_query(
    graph: Graph, checked: CheckedQuery, bindings: Mapping[str, Term], allow_network: bool
) -> QueryResult:
    import rdflib.plugins.sparql as rdflib_sparql

    saved = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = allow_network
    try:
        return _rdflib_answer(graph, checked, bindings)
    except RecursionError:
        raise InputError("the query nests too deeply to be evaluated in memory; flatten it") from None
    except GeokgError:
        raise
    except Exception as exc:
        if checked.datasets:  # rdflib fetched (or failed to fetch) a FROM / FROM NAMED graph
            raise InputError(
                f"the graphs named by FROM / FROM NAMED could not be read in memory ({type(exc).__name__}: "
                f"{exc}); load them as data files, or query a store"
            ) from None
        raise InputError(f"the query failed in memory: {type(exc).__name__}: {exc}") from None
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = saved


def _rdflib_answer(graph: Graph, checked: CheckedQuery, bindings: Mapping[str, Term]) -> QueryResult:
    from rdflib import Variable

    init: dict[str, Any] = {k: term_to_rdflib(v) for k, v in bindings.items()}
    # the algebra that was checked is the one evaluated (the text is not parsed again)
    result = graph.query(checked.algebra, initNs=dict(PREFIXES), initBindings=init)
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return QueryResult("CONSTRUCT", ntriples=str(result.graph.serialize(format="nt")))
    names = [str(v) for v in result.vars or []]
    rows = []
    for solution in result.bindings:
        row = {}
        for name in names:
            value = solution.get(Variable(name))
            if value is not None:
                row[name] = term_from_rdflib(value)
        rows.append(row)
    return QueryResult("SELECT", names, rows)


def term_from_rdflib(value: Any) -> Term:
    """Convert an rdflib URIRef, BNode or Literal to a :class:`~geokg.results.Term`."""
    from rdflib import BNode, Literal

    if isinstance(value, Literal):
        return Term("literal", str(value), str(value.datatype) if value.datatype else None, value.language)
    if isinstance(value, BNode):
        return Term("bnode", str(value))
    return Term("uri", str(value))


def term_to_rdflib(term: Term) -> Any:
    """Convert a :class:`~geokg.results.Term` to an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)


def reasoned_graph(kg: KnowledgeGraph, reasoning: str) -> Graph:
    """A copy of the graph expanded with the RDFS or OWL 2 RL closure; the graph itself is not changed.

    The closure is computed by owlrl; on the bundled graph RDFS takes about a second and OWL 2 RL a few
    seconds (see docs/query.md). A store's or endpoint's triples are first copied into memory.

    Raises
    ------
    InputError
        An unknown regime.
    """
    import owlrl
    from rdflib import Graph

    copy = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        copy.bind(prefix, iri, override=True)
    try:
        source = kg.graph
    except InputError:  # a store or an endpoint: its triples, as N-Triples
        copy.parse(data=kg.backend.ntriples(), format="nt")
    else:
        for triple in source:
            copy.add(triple)
    semantics = {"rdfs": owlrl.RDFS_Semantics, "owl-rl": owlrl.OWLRL_Semantics}.get(reasoning)
    if semantics is None:
        raise InputError(f"unknown reasoning {reasoning!r}; use one of {', '.join(REASONING)}")
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(copy)
    return copy


MAX_QUERY_BYTES = 16 * 1024 * 1024
"""The longest query text read from a file or standard input (16 MiB)."""


def read_query_file(path: str, stdin_text: Callable[[], str] | None = None) -> str:
    """Read a query from a file (``-`` reads standard input through ``stdin_text``), a regular file of at
    most :data:`MAX_QUERY_BYTES`, read once (:func:`geokg.guards.read_input`).

    Raises
    ------
    InputError
        The file does not exist, is not a regular file, is too big, or cannot be read as UTF-8.
    """
    from pathlib import Path

    from .errors import DataError
    from .guards import read_input

    if path == "-":
        if stdin_text is None:
            raise InputError("no standard input to read the query from")
        text = stdin_text()
        if len(text) > MAX_QUERY_BYTES:
            raise InputError(f"the query on standard input is longer than {MAX_QUERY_BYTES} characters")
        return text
    file = Path(path)
    if not file.exists():
        raise InputError(f"query file {path!r} does not exist")
    if file.is_dir():
        raise InputError(f"{path!r} is not a file")
    try:
        data = read_input(file, MAX_QUERY_BYTES)
        return data.decode("utf-8-sig")
    except DataError as exc:
        raise InputError(f"cannot read query file: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read query file {path!r}: not UTF-8 (at byte {exc.start})") from None


def read_bounded(stream: Any, limit: int = MAX_QUERY_BYTES) -> str:
    """Read at most ``limit`` + 1 characters of a text stream (standard input), so an endless one ends."""
    return str(stream.read(limit + 1))


def bind_all(kg: KnowledgeGraph | None, specs: Sequence[str]) -> dict[str, Term]:
    """Read every ``VAR=VALUE`` of ``specs`` (see :func:`parse_binding`); a repeated variable is an error."""
    out: dict[str, Term] = {}
    for spec in specs:
        name, term = parse_binding(kg, spec)
        if name in out:
            raise InputError(f"bindings {name} is given twice", parameter="bindings")
        out[name] = term
    return out
