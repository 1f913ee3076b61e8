"""SPARQL query results, whatever store answered them, and their serializations.

A :class:`QueryResult` holds the answer to a SELECT (variables and rows of :class:`Term`), an ASK (a
boolean) or a CONSTRUCT/DESCRIBE (N-Triples text). The in-memory graph, an Oxigraph store and a remote
endpoint all produce the same :class:`QueryResult`, and :func:`serialize_select` /
:func:`serialize_graph` write it out:

- SELECT: ``table`` (rows for a terminal table), ``csv`` and ``tsv`` (W3C "SPARQL 1.1 Query Results CSV
  and TSV Formats"), ``json`` (W3C "SPARQL 1.1 Query Results JSON Format"), ``xml`` (W3C "SPARQL Query
  Results XML Format") and ``md`` (a Markdown table).
- CONSTRUCT/DESCRIBE: ``turtle``, ``nt``, ``json-ld`` and ``xml`` (RDF/XML), through rdflib.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from .errors import InputError
from .formats import GRAPH, RESULTS, find, names
from .namespaces import RDF_IRI, SPARQL_RESULTS_IRI, XSD_IRI

SELECT_FORMATS = names(RESULTS)
"""Output formats of a SELECT result."""
GRAPH_FORMATS = names(GRAPH)
"""Output formats of a CONSTRUCT or DESCRIBE result."""

XSD_STRING = XSD_IRI + "string"
RDF_LANGSTRING = RDF_IRI + "langString"
_XSD = XSD_IRI
_BARE_TSV = {_XSD + "integer", _XSD + "decimal", _XSD + "double", _XSD + "boolean"}

Kind = Literal["uri", "literal", "bnode"]


@dataclass(frozen=True)
class Term:
    """One RDF term of a result row.

    Parameters
    ----------
    kind : {"uri", "literal", "bnode"}
    value : str
        The IRI, the literal's lexical form, or the blank node's label.
    datatype : str, optional
        The literal's datatype IRI (None for plain ``xsd:string`` and language-tagged strings).
    lang : str, optional
        The literal's language tag.

    Examples
    --------
    >>> Term("literal", "1979", "http://www.w3.org/2001/XMLSchema#gYear").n3()
    '"1979"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """

    kind: Kind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __post_init__(self) -> None:
        if self.datatype in (XSD_STRING, RDF_LANGSTRING):
            object.__setattr__(self, "datatype", None)

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape_string(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text


def _escape_string(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


@dataclass
class QueryResult:
    """The answer to a SPARQL query.

    Parameters
    ----------
    kind : {"SELECT", "ASK", "CONSTRUCT"}
        DESCRIBE results have kind ``"CONSTRUCT"`` (both are graphs).
    variables : list of str
        The projected variables of a SELECT, in order.
    rows : list of dict
        Each row maps a bound variable to its :class:`Term`; unbound variables are absent.
    boolean : bool, optional
        The answer of an ASK.
    ntriples : str
        The graph of a CONSTRUCT or DESCRIBE, as N-Triples.
    """

    kind: Literal["SELECT", "ASK", "CONSTRUCT"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: str = ""

    def plain_rows(self) -> list[dict[str, str | None]]:
        """The rows as ``{variable: value or None}`` (IRIs and lexical forms as strings)."""
        return [{v: (row[v].value if v in row else None) for v in self.variables} for row in self.rows]


_NUMERIC = {_XSD + n for n in ("integer", "decimal", "double", "float", "int", "long", "short", "byte")}


def canonical(term: Term | None) -> str:
    """The term in N-Triples syntax with numbers in a canonical form.

    Stores write the same number differently (rdflib keeps ``0.70`` as written, Oxigraph writes ``0.7``);
    comparing canonical forms compares values.

    Examples
    --------
    >>> canonical(Term("literal", "-1.00", _XSD + "decimal")) == canonical(Term("literal", "-1", _XSD + "decimal"))
    True
    """
    if term is None:
        return ""
    if term.kind == "literal" and term.datatype in _NUMERIC:
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(term.value).normalize()
        except InvalidOperation:
            return term.n3()
        return f'"{number:f}"^^<numeric>'
    return term.n3()


def sort_key(row: dict[str, Term], variables: list[str]) -> tuple[str, ...]:
    """A key that orders rows the same way whatever store produced them (for comparing stores)."""
    return tuple(canonical(row.get(v)) for v in variables)


# -- SELECT --------------------------------------------------------------------------------------------
def serialize_select(result: QueryResult, fmt: str, *, raw: bool = False) -> str:
    """Write a SELECT result in ``csv``, ``tsv``, ``json``, ``xml`` or ``md``.

    Parameters
    ----------
    result : QueryResult
        A SELECT result.
    fmt : {"csv", "tsv", "json", "xml", "md"}
        ``table`` is drawn by the front end from :meth:`QueryResult.plain_rows`.
    raw : bool
        CSV and TSV: write values that a spreadsheet would read as formulas unchanged (by default they get
        a leading ``'``, see :mod:`geokg.csvsafe`).

    Returns
    -------
    str

    Raises
    ------
    InputError
        An unknown format.

    Examples
    --------
    >>> r = QueryResult("SELECT", ["a"], [{"a": Term("literal", "x y")}])
    >>> serialize_select(r, "tsv")
    '?a\\n"x y"\\n'
    """
    if fmt == "csv":
        return _csv(result, raw)
    if fmt == "tsv":
        return _tsv(result, raw)
    writers = {"json": _json, "xml": _xml, "md": _markdown}
    if fmt not in writers:
        raise InputError(f"unknown SELECT format {fmt!r}; use one of {', '.join(SELECT_FORMATS)}")
    return writers[fmt](result)


def _csv(result: QueryResult, raw: bool = False) -> str:
    # W3C CSV: header of variable names without '?', values as plain strings (IRIs bare, literals' lexical
    # form only, blank nodes as _:label), CRLF line ends, fields quoted when needed.
    from .csvsafe import csv_text, neutralize

    # Rows share their terms (a label, a type, a year repeats down a column): each distinct term's cell is
    # made, and neutralized, once; csv_text then only quotes.
    cells: dict[Term | None, str] = {None: ""}

    def cell(term: Term | None) -> str:
        found = cells.get(term)
        if found is None:
            found = cells[term] = _csv_cell(term) if raw else neutralize(_csv_cell(term))
        return found

    rows = ([cell(row.get(v)) for v in result.variables] for row in result.rows)
    return csv_text(result.variables, rows, raw=True, line_end="\r\n")  # raw: the cells are neutralized above


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _tsv(result: QueryResult, raw: bool = False) -> str:
    # W3C TSV: header of '?var', each value in SPARQL/Turtle syntax (IRIs in <>, literals quoted with their
    # tag or datatype; integers, decimals, doubles and booleans may be bare), LF line ends, empty = unbound.
    from .csvsafe import neutralize

    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        cells = (_tsv_cell(row.get(v)) for v in result.variables)
        lines.append("\t".join(c if raw else neutralize(c) for c in cells))
    return "\n".join(lines) + "\n"


def _tsv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "literal" and term.datatype in _BARE_TSV and _is_bare_number(term):
        return term.value
    return term.n3()


def _is_bare_number(term: Term) -> bool:
    # A bare value must read back as the same typed literal in Turtle.
    import re

    patterns = {
        _XSD + "integer": r"[+-]?\d+",
        _XSD + "decimal": r"[+-]?\d*\.\d+",
        _XSD + "double": r"[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+",
        _XSD + "boolean": r"true|false",
    }
    return re.fullmatch(patterns[term.datatype or ""], term.value) is not None


def _json(result: QueryResult) -> str:
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for var in result.variables:
            term = row.get(var)
            if term is None:
                continue
            item = {"type": term.kind, "value": term.value}
            if term.lang:
                item["xml:lang"] = term.lang
            elif term.datatype:
                item["datatype"] = term.datatype
            binding[var] = item
        bindings.append(binding)
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_IRI}">']
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("  </head>")
    out.append("  <results>")
    for row in result.rows:
        out.append("    <result>")
        for var in result.variables:
            term = row.get(var)
            if term is None:
                continue
            out.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
        out.append("    </result>")
    out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = ""
    if term.lang:
        attrs = f" xml:lang={quoteattr(term.lang)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(term.datatype)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def _markdown(result: QueryResult) -> str:
    def cell(term: Term | None) -> str:
        if term is None:
            return ""
        from .namespaces import compact

        text = compact(term.value) if term.kind == "uri" else term.value
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in result.rows:
        lines.append("| " + " | ".join(cell(row.get(v)) for v in result.variables) + " |")
    return "\n".join(lines) + "\n"


def serialize_ask(answer: bool, fmt: str | None) -> str:
    """Serialize an ASK answer: ``true``/``false``, or the W3C JSON or XML results format.

    Parameters
    ----------
    answer : bool
    fmt : {"json", "xml"} or None
        Anything else gives the plain word.

    Examples
    --------
    >>> serialize_ask(False, None), serialize_ask(True, "json")
    ('false', '{"head": {}, "boolean": true}')
    """
    word = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer})
    if fmt == "xml":
        return (
            f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{SPARQL_RESULTS_IRI}">'
            f"<head/><boolean>{word}</boolean></sparql>"
        )
    return word


def parse_json_results(text: str) -> QueryResult:
    """Read a W3C SPARQL 1.1 JSON results document (a SELECT or an ASK answer).

    Raises
    ------
    InputError
        The text is not a SPARQL JSON results document.

    Examples
    --------
    >>> parse_json_results('{"head": {}, "boolean": true}').boolean
    True
    """
    from .guards import JSONTooDeep, load_json

    try:
        doc = load_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the answer is not JSON: {exc.msg}") from None
    except JSONTooDeep as exc:
        raise InputError(f"the answer is not a SPARQL results document: {exc}") from None
    not_results = "the answer is not a SPARQL JSON results document"
    if not isinstance(doc, dict):
        raise InputError(not_results)
    if "boolean" in doc:
        if not isinstance(doc["boolean"], bool):
            raise InputError(not_results + " (its boolean is not true or false)")
        return QueryResult("ASK", boolean=doc["boolean"])
    try:
        head = doc["head"]
        variables = head.get("vars", [])
        bindings = doc["results"]["bindings"]
        if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
            raise InputError(not_results + " (head.vars is not a list of names)")
        if not isinstance(bindings, list):
            raise InputError(not_results + " (results.bindings is not a list)")
        declared = set(variables)
        rows = []
        for binding in bindings:
            if not isinstance(binding, dict):
                raise InputError(not_results + " (a binding is not an object)")
            row = {}
            for var, item in binding.items():
                if var not in declared:
                    shown = "".join(c if c.isprintable() else " " for c in str(var))[:60]
                    raise InputError(f"the answer binds ?{shown}, which is not among its variables (head.vars)")
                if not isinstance(item, dict) or not isinstance(item.get("value"), str):
                    raise InputError(not_results + f" (the value of ?{var} is not a term)")
                kind = {"uri": "uri", "bnode": "bnode", "literal": "literal", "typed-literal": "literal"}.get(
                    item.get("type")  # type: ignore[arg-type]
                )
                datatype, lang = item.get("datatype"), item.get("xml:lang")
                if kind is None or not all(isinstance(x, (str, type(None))) for x in (datatype, lang)):
                    raise InputError(not_results + f" (the value of ?{var} has no valid type)")
                row[var] = Term(kind, item["value"], datatype, lang)  # type: ignore[arg-type]
            rows.append(row)
    except (KeyError, TypeError, AttributeError):
        raise InputError(not_results) from None
    return QueryResult("SELECT", list(variables), rows)


# -- CONSTRUCT / DESCRIBE ----------------------------------------------------------------------------
def serialize_graph(ntriples: str, fmt: str) -> str:
    """Write a graph (given as N-Triples) as ``turtle``, ``nt``, ``json-ld`` or ``xml`` (RDF/XML).

    The project's prefixes are bound, so Turtle output uses ``geo:``, ``id:``, ...

    Raises
    ------
    InputError
        An unknown format.
    """
    known = find(fmt, GRAPH)
    if known is None:
        raise InputError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    fmt = known.name
    from rdflib import Graph

    from .namespaces import PREFIXES

    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    if ntriples.strip():
        graph.parse(data=ntriples, format="nt")
    if fmt == "nt":
        return "".join(sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line.strip()))
    if fmt == "json-ld":
        context = {k: v for k, v in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=2) + "\n"
    return graph.serialize(format=known.rdflib_writer or fmt)


# -- terms -------------------------------------------------------------------------------------------
def term_from_oxigraph(value: Any) -> Term:
    """Convert a pyoxigraph NamedNode, BlankNode or Literal to a :class:`~geokg.results.Term`."""
    NamedNode, BlankNode = _oxigraph_nodes()
    if isinstance(value, NamedNode):
        return Term("uri", value.value)
    if isinstance(value, BlankNode):
        return Term("bnode", value.value)
    return Term("literal", value.value, value.datatype.value, value.language)


@lru_cache(maxsize=1)
def _oxigraph_nodes() -> tuple[Any, Any]:
    """pyoxigraph's NamedNode and BlankNode, imported once (an import statement per term costs more than the
    conversion when a query answers tens of thousands of rows)."""
    from pyoxigraph import BlankNode, NamedNode

    return NamedNode, BlankNode


def term_to_oxigraph(term: Term) -> Any:
    """Convert a :class:`~geokg.results.Term` to a pyoxigraph term."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    if term.kind == "uri":
        return NamedNode(term.value)
    if term.kind == "bnode":
        return BlankNode(term.value)
    if term.lang:
        return Literal(term.value, language=term.lang)
    if term.datatype:
        return Literal(term.value, datatype=NamedNode(term.datatype))
    return Literal(term.value)
