"""The named competency queries shipped in ``ontology/queries/*.rq``.

Each file is one SPARQL query whose name is the file name without ``.rq``. It starts with a comment
header::

    # Title: Who backed the Afghan mujahideen?
    # Description: The actors that supported the mujahideen, with the span and the quote.
    #   A description may go on over several lines.
    # Parameter: actor (actor, optional) - whose backers to list; every support tie when unbound.
    # Example: geokg query --name backers-of --bind actor=Mujahideen

``Parameter`` and ``Example`` lines may repeat. A parameter's kind is ``actor``, ``year``, ``iri`` or
``text``; a parameter is required unless marked ``optional``.

The bundled queries' checks are recorded in ``ontology/queries/checks.json`` (:func:`record_checks`, written
by ``scripts/record-query-checks`` and compared with a fresh check by the tests): what
:func:`geokg.sparql.check_query` says of each file, with the SHA-256 of its text. On a store or an endpoint
:func:`run_named_query` runs a bundled query by its recorded check when the file is unchanged, and so does
not load rdflib's SPARQL parser (about 0.3 s of a cold ``geokg query --name``). Any other query, or a
bundled one whose text differs from the record, is parsed and checked as usual.

Examples
--------
>>> q = named_query("csto-members")
>>> q.title
'Which states does the CSTO include?'
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError
from .resources import queries_dir

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph
    from .results import QueryResult, Term
    from .sparql import CheckedQuery

PARAMETER_KINDS = ("actor", "year", "iri", "text")


@dataclass(frozen=True)
class Parameter:
    """A variable a named query expects to be bound with ``--bind NAME=VALUE``."""

    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A named query and its header.

    Parameters
    ----------
    name : str
        The file name without ``.rq``.
    path : Path
    title, description : str
    parameters : tuple of Parameter
    examples : tuple of str
        Command lines that run it.
    text : str
        The whole file (comments included; SPARQL ignores them).
    """

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    text: str

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the parameters that must be bound."""
        return tuple(p.name for p in self.parameters if p.required)


_FIELD = re.compile(r"#\s*(Title|Description|Parameter|Example)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"\??([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*(?:[-–—:]\s*)?(.*)$")


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its comment header.

    Raises
    ------
    DataError
        The file cannot be read, or its header has no title or a malformed parameter.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the query: {exc}", str(path)) from None
    fields: dict[str, list[str]] = {"title": [], "description": [], "parameter": [], "example": []}
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _FIELD.match(stripped)
        if match:
            last = match.group(1).lower()
            fields[last].append(match.group(2).strip())
        elif last is not None and stripped.lstrip("#").strip() and line.startswith("#  "):
            fields[last][-1] += " " + stripped.lstrip("#").strip()
        else:
            last = None
        if last == "parameter" and match:
            _parse_parameter(fields["parameter"][-1], path, number)
    if not fields["title"]:
        raise DataError("the query's header has no '# Title:' line", str(path))
    return NamedQuery(
        name=path.stem,
        path=path,
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        parameters=tuple(_parse_parameter(p, path, 0) for p in fields["parameter"]),
        examples=tuple(fields["example"]),
        text=text,
    )


def _parse_parameter(spec: str, path: Path, line: int) -> Parameter:
    match = _PARAM.match(spec)
    if not match:
        raise DataError(f"malformed parameter {spec!r}", str(path), line or None)
    flags = [f.strip().lower() for f in (match.group(2) or "text").split(",") if f.strip()]
    kind = next((f for f in flags if f in PARAMETER_KINDS), "text")
    unknown = [f for f in flags if f not in PARAMETER_KINDS and f not in ("optional", "required")]
    if unknown:
        raise DataError(f"unknown parameter flag {unknown[0]!r} in {spec!r}", str(path), line or None)
    return Parameter(match.group(1), kind, "optional" not in flags, match.group(3).strip())


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[NamedQuery, ...]:
    return tuple(parse_named_query(p) for p in sorted(folder.glob("*.rq")))


def list_named_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name.

    Parameters
    ----------
    folder : Path, optional
        Where to look; :func:`geokg.resources.queries_dir` by default.

    Examples
    --------
    >>> len(list_named_queries()) >= 18
    True
    """
    return list(_load(folder or queries_dir()))


def named_query(name: str, folder: Path | None = None) -> NamedQuery:
    """Find a named query by name (case and ``_``/``-`` ignored), with "did you mean" when unknown.

    Raises
    ------
    UnknownNameError
    """
    from .lookup import NameIndex

    index: NameIndex[NamedQuery] = NameIndex("named query")
    for query in list_named_queries(folder):
        index.add(query.name, query.name, [query.name.replace("-", " "), query.name.replace("-", "_")], query)
    return index.resolve(name.removesuffix(".rq"))


# -- recorded checks ---------------------------------------------------------------------------------
CHECKS_FILE = "checks.json"
"""The file beside the bundled queries that records their checks."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_checks(folder: Path | None = None) -> dict[str, Any]:
    """Check every named query in ``folder`` and describe the outcome, as ``checks.json`` holds it.

    Parameters
    ----------
    folder : Path, optional
        The bundled queries by default.

    Returns
    -------
    dict
        ``{"queries": {name: {"sha256", "kind", "projected", "services", "datasets"}}}``, lists sorted.

    Raises
    ------
    QuerySyntaxError, QueryRefusedError
        A query does not pass the check (nothing is recorded for a query that fails).

    Examples
    --------
    >>> record_checks()["queries"]["csto-members"]["kind"]
    'SELECT'
    """
    from .sparql import check_query

    queries: dict[str, Any] = {}
    for query in list_named_queries(folder):
        checked = check_query(query.text)
        queries[query.name] = {
            "sha256": _digest(query.text),
            "kind": checked.kind,
            "projected": sorted(checked.projected),
            "services": list(checked.services),
            "datasets": list(checked.datasets),
        }
    return {"queries": queries}


def checks_text(folder: Path | None = None) -> str:
    """:func:`record_checks` as the text of ``checks.json`` (sorted keys, one query a line group)."""
    return json.dumps(record_checks(folder), indent=1, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def _recorded() -> dict[str, Any]:
    try:
        data = json.loads((queries_dir() / CHECKS_FILE).read_text(encoding="utf-8"))
        queries = data["queries"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no record (or a broken one): every query is checked as usual
    return queries if isinstance(queries, dict) else {}


def recorded_check(query: NamedQuery) -> CheckedQuery | None:
    """The recorded check of a bundled named query, if its text is the one recorded.

    Only the bundled folder's record is read, and only for a query read from that folder. The result has no
    algebra: it is for a store or an endpoint, which are sent the text.

    Returns
    -------
    CheckedQuery or None
        None when the query is not a bundled one, is not recorded, or its text has changed.

    Examples
    --------
    >>> recorded_check(named_query("ties-as-of")).kind
    'SELECT'
    """
    from .sparql import CheckedQuery, expand_escapes, query_variables

    if query.path.parent.resolve() != queries_dir().resolve():
        return None
    record = _recorded().get(query.name)
    if not isinstance(record, dict) or record.get("sha256") != _digest(query.text):
        return None
    if record.get("kind") not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return None
    try:
        text = expand_escapes(query.text)
        return CheckedQuery(
            text=text,
            kind=str(record["kind"]),
            variables=frozenset(query_variables(text)),
            datasets=tuple(str(d) for d in record["datasets"]),
            services=tuple(str(s) for s in record["services"]),
            projected=frozenset(str(v) for v in record["projected"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def run_named_query(
    kg: KnowledgeGraph,
    query: NamedQuery | str,
    *,
    bindings: Mapping[str, Term] | None = None,
    reasoning: str = "none",
    allow_network: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run a named query with :func:`geokg.sparql.run_query`; on a store or an endpoint (no reasoning) a
    bundled query whose file is unchanged runs by its recorded check (:func:`recorded_check`), unparsed.

    Parameters
    ----------
    kg : KnowledgeGraph
    query : NamedQuery or str
        The query, or its name (:func:`named_query`).
    bindings, reasoning, allow_network, timeout
        As for :func:`geokg.sparql.run_query`.

    Returns
    -------
    QueryResult

    Raises
    ------
    UnknownNameError
        No named query has that name.
    QuerySyntaxError, QueryRefusedError, NetworkRefusedError, QueryTimeoutError, InputError
        As :func:`geokg.sparql.run_query`.

    Examples
    --------
    >>> import geokg
    >>> run_named_query(geokg.load(), "russia-recognized-taliban").boolean
    False
    """
    from .sparql import run_query

    if isinstance(query, str):
        query = named_query(query)
    recorded = recorded_check(query) if reasoning == "none" and not kg.backend.in_memory else None
    return run_query(
        kg,
        recorded or query.text,
        bindings=bindings,
        reasoning=reasoning,
        allow_network=allow_network,
        timeout=timeout,
    )
