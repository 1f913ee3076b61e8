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

Examples
--------
>>> q = named_query("csto-members")
>>> q.title
'Which states does the CSTO include?'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DataError
from .resources import queries_dir

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
