"""A query's final ``ORDER BY`` done in Python, for an Oxigraph store, when its keys are plain.

Oxigraph 0.5 decodes the sort keys of two rows again at every comparison of its ``ORDER BY``: sorting 37,000
rows on four labels takes longer than finding them. When a SELECT ends with ``ORDER BY`` of plain variables
(``?a``, ``ASC(?a)``, ``DESC(?a)``) and no LIMIT or OFFSET, :class:`geokg.stores.OxigraphBackend` sends the
query without that clause and sorts the rows here, by the comparison Oxigraph's own ``ORDER BY`` uses
(``spareval``'s ``cmp_terms``), for the kinds of values where it is simple:

- an unbound value comes first;
- IRIs compare as strings (by code point);
- strings, or strings in one language, compare by their text (by code point);
- integers (64-bit) and decimals compare by their value.

If a sort column holds anything else (blank nodes, dates, doubles, an integer out of range) or mixes two of
these kinds, :func:`sort_rows` says so and the backend runs the query again with its ``ORDER BY`` (within the
same time limit), so the answer is always in Oxigraph's order; such a query costs two runs. One difference
remains, allowed by SPARQL: rows whose sort keys are all equal come out in the order the query found them (a
stable sort), where Oxigraph's unstable sort may put them in another.

Examples
--------
>>> order = split_order("SELECT ?a ?n WHERE { ?a geo:n ?n } ORDER BY DESC(?n) ?a")
>>> order.text, order.keys
('SELECT ?a ?n WHERE { ?a geo:n ?n } ', (('n', True), ('a', False)))
>>> terms = [("literal", "2", XSD_INTEGER, None), ("literal", "10", XSD_INTEGER, None), ("uri", "x", None, None)]
>>> sort_rows(["a", "n"], terms, [(2, 0), (2, 1)], order.keys)
[(2, 1), (2, 0)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .namespaces import XSD_IRI
from .results import XSD_STRING

XSD_INTEGER = XSD_IRI + "integer"
XSD_DECIMAL = XSD_IRI + "decimal"

PackedTerm = tuple[str, str, "str | None", "str | None"]
"""A term as ``(kind, value, datatype, lang)``, the form of :class:`geokg.stores.PackedSelect`."""
PackedRow = tuple["int | None", ...]
"""A row as the position of each variable's term, None when unbound."""


@dataclass(frozen=True)
class Order:
    """A SELECT's final ``ORDER BY`` of plain variables, split from its text.

    Parameters
    ----------
    text : str
        The query without its ``ORDER BY`` clause.
    keys : tuple of (str, bool)
        Each sort variable (without ``?``) and whether it sorts descending, in the clause's order.
    """

    text: str
    keys: tuple[tuple[str, bool], ...]


def split_order(text: str) -> Order | None:
    """The final ``ORDER BY`` of a SELECT when every condition is a plain variable, and nothing follows it.

    Parameters
    ----------
    text : str
        A query that parsed (:func:`geokg.sparql.check_query`).

    Returns
    -------
    Order or None
        None when the query has no such clause: none at all, one inside a sub-select only, a condition
        that is an expression, or a LIMIT, OFFSET or VALUES after it.

    Examples
    --------
    >>> split_order("SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a LIMIT 3") is None
    True
    >>> split_order("SELECT ?a WHERE { ?a ?p ?o } ORDER BY STR(?a)") is None
    True
    >>> split_order("SELECT ?a WHERE { ?a ?p ?o } # the end\\nORDER BY asc(?a)").keys
    (('a', False),)
    """
    from .sparql import tokenize

    tokens = tokenize(text)
    # the solution modifiers follow the last closing brace of the query: none of them holds a brace
    last = max((i for i, t in enumerate(tokens) if t.text == "}"), default=None)
    if last is None:
        return None
    tail = tokens[last + 1 :]
    words = [t.text.upper() if t.kind == "word" else t.text for t in tail]
    start = next((i for i in range(len(words) - 1) if words[i] == "ORDER" and words[i + 1] == "BY"), None)
    if start is None:
        return None
    keys: list[tuple[str, bool]] = []
    conditions = tail[start + 2 :]
    i = 0
    while i < len(conditions):
        token = conditions[i]
        if token.kind == "var":  # ?a
            keys.append((token.text[1:], False))
            i += 1
            continue
        group = [t.text.upper() if t.kind == "word" else t.text for t in conditions[i : i + 4]]
        if group[:2] in (["ASC", "("], ["DESC", "("]) and group[3:] == [")"] and conditions[i + 2].kind == "var":
            keys.append((conditions[i + 2].text[1:], group[0] == "DESC"))  # ASC(?a), DESC(?a)
            i += 4
            continue
        return None  # an expression, a LIMIT, an OFFSET, a VALUES block, ...
    if not keys:
        return None
    return Order(text[: tail[start].pos], tuple(keys))


def sort_rows(
    variables: Sequence[str], terms: Sequence[PackedTerm], rows: list[PackedRow], keys: Sequence[tuple[str, bool]]
) -> list[PackedRow] | None:
    """The rows in the order of ``keys``, compared as Oxigraph's ``ORDER BY`` compares them.

    Parameters
    ----------
    variables : sequence of str
        The answer's variables, in the order of each row's positions.
    terms : sequence of PackedTerm
        The distinct terms the rows point to.
    rows : list of PackedRow
    keys : sequence of (str, bool)
        The sort variables and whether each sorts descending (:attr:`Order.keys`).

    Returns
    -------
    list of PackedRow or None
        None when a sort variable is not in ``variables``, or its values are not all of one simple kind (see
        the module's text): only Oxigraph's own ``ORDER BY`` orders those.
    """
    columns: list[tuple[int, bool, list[Any]]] = []
    for name, descending in keys:
        if name not in variables:
            return None
        column = list(variables).index(name)
        used = {position for row in rows if (position := row[column]) is not None}
        sort_keys = _column_keys(terms, used)
        if sort_keys is None:
            return None
        columns.append((column, descending, sort_keys))
    ordered = list(rows)
    # one stable sort per key, the last key first: rows equal on the earlier keys keep the later keys' order
    for column, descending, sort_keys in reversed(columns):
        ordered.sort(key=_row_key(column, sort_keys), reverse=descending)
    return ordered


def _row_key(column: int, sort_keys: list[Any]) -> Callable[[PackedRow], Any]:
    def key(row: PackedRow) -> Any:
        position = row[column]
        return _UNBOUND if position is None else sort_keys[position]

    return key


_UNBOUND: tuple[Any, ...] = (0,)
"""The sort key of an unbound value: before every bound one, whose keys are ``(1, value)``."""

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_I64 = 2**63


def _column_keys(terms: Sequence[PackedTerm], used: set[int]) -> list[Any] | None:
    """Sort keys for the terms at ``used`` (a list indexed by term position), or None when they are not all of
    one simple kind."""
    keys: list[Any] = [None] * len(terms)
    kinds: set[object] = set()
    for position in used:
        kind, value, datatype, lang = terms[position]
        if kind == "uri":
            kinds.add("uri")
            keys[position] = (1, value)
        elif kind != "literal":
            return None  # a blank node: Oxigraph orders them by an internal label
        elif lang:
            kinds.add(("lang", lang))
            keys[position] = (1, value)
        elif datatype in (None, XSD_STRING):
            kinds.add("string")
            keys[position] = (1, value)
        elif _is_number(value, datatype):
            kinds.add("number")
            keys[position] = (1, Decimal(value))
        else:
            return None
        if len(kinds) > 1:
            return None
    return keys


def _is_number(value: str, datatype: str | None) -> bool:
    """Whether Oxigraph compares this literal as a number: a 64-bit ``xsd:integer`` or an exact ``xsd:decimal``."""
    if datatype == XSD_INTEGER:
        return _INTEGER.fullmatch(value) is not None and -_I64 <= int(value) < _I64
    return datatype == XSD_DECIMAL and _DECIMAL.fullmatch(value) is not None and _fits_decimal(value)


def _fits_decimal(value: str) -> bool:
    """Whether Oxigraph holds ``value`` as an exact ``xsd:decimal`` (at most 18 digits after the point, and
    less than 10^20 in size), so that it compares the value and not the text."""
    whole, _, fraction = value.lstrip("+-").partition(".")
    return len(fraction.rstrip("0")) <= 18 and len(whole.lstrip("0")) < 20
