"""Typed errors raised by the geokg library.

Every error carries a one-line message meant for a person and an ``exit_code`` that a command-line front
end can use: 2 for bad input or usage, 1 for a negative result (a graph that fails validation).

The library speaks in parameters, never in command-line flags: an error about a value the caller gave
names the Python parameter in its message (``top must be at least 1, not 0``) and in its ``parameter``
attribute, so that a front end can name its own spelling instead (the ``geokg`` command shows ``--top``).
"""

from __future__ import annotations

from collections.abc import Sequence


class GeokgError(Exception):
    """Base class of all geokg errors.

    Parameters
    ----------
    message : str
        A one-line description of what went wrong and where.
    parameter : str or sequence of str, optional
        The parameter(s) of the library function whose value is wrong, as the message names them
        (e.g. ``"sample"``, or ``("year_from", "year_to")``).

    Attributes
    ----------
    parameter : str or None
        The first parameter named, if any.
    parameters : tuple of str
        Every parameter named, in the order the message names them.

    Examples
    --------
    >>> err = InputError("top must be at least 1, not 0", parameter="top")
    >>> err.parameter, err.parameters, str(err)
    ('top', ('top',), 'top must be at least 1, not 0')
    """

    exit_code: int = 2

    def __init__(self, message: str, *, parameter: str | Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parameters: tuple[str, ...] = (parameter,) if isinstance(parameter, str) else tuple(parameter or ())
        self.parameter: str | None = self.parameters[0] if self.parameters else None

    def __str__(self) -> str:
        return self.message


class DataError(GeokgError):
    """A data file is missing, unreadable, empty or not valid RDF.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str
        The file.
    line, column : int, optional
        1-based position of the problem in the file, where known.

    Examples
    --------
    >>> str(DataError("bad syntax", "a.ttl", 3, 7))
    'a.ttl:3:7: bad syntax'
    """

    def __init__(self, message: str, path: str, line: int | None = None, column: int | None = None) -> None:
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


class UnknownNameError(GeokgError):
    """A name (actor, class, relation, ...) matches nothing; carries close matches.

    Parameters
    ----------
    kind : str
        What was looked up, e.g. ``"actor"``.
    name : str
        The name as given.
    suggestions : sequence of str
        Close matches, best first.

    Examples
    --------
    >>> str(UnknownNameError("actor", "Rusia", ["Russia"]))
    "unknown actor 'Rusia'; did you mean: Russia?"
    """

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = ()) -> None:
        msg = f"unknown {kind} {name!r}"
        if suggestions:
            msg += "; did you mean: " + ", ".join(suggestions) + "?"
        super().__init__(msg)
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)


class UnknownActorError(UnknownNameError):
    """No actor has this IRI, label or alias."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__("actor", name, suggestions)


class AmbiguousNameError(GeokgError):
    """A name matches more than one actor; carries the candidates."""

    def __init__(self, kind: str, name: str, candidates: Sequence[str]) -> None:
        super().__init__(f"{kind} {name!r} is ambiguous: " + ", ".join(candidates))
        self.candidates = list(candidates)


class InputError(GeokgError):
    """A value given by the user is malformed (a year that is not a year, a negative count, ...)."""


class NoResultError(GeokgError):
    """A filter left nothing, or a search found nothing (no actors match, no path)."""

    exit_code = 1


class NetworkRefusedError(GeokgError):
    """The operation would reach the network and the user has not allowed it."""


class NotAStoreError(GeokgError):
    """A folder given as the store is not a geokg Oxigraph store (build one with ``geokg store build``)."""


class QuerySyntaxError(GeokgError):
    """A SPARQL query does not parse; the message names line, column and the offending token.

    Parameters
    ----------
    message : str
        What is wrong.
    line, column : int, optional
        1-based position in the query text, where known.
    token : str, optional
        The text at that position.

    Examples
    --------
    >>> str(QuerySyntaxError("expected '{'", 2, 5, "WHER"))
    "SPARQL syntax error at line 2, column 5 near 'WHER': expected '{'"
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None, token: str = "") -> None:
        where = "SPARQL syntax error"
        if line is not None:
            where += f" at line {line}" + (f", column {column}" if column is not None else "")
        if token:
            where += f" near {token!r}"
        super().__init__(f"{where}: {message}")
        self.line = line
        self.column = column
        self.token = token


class QueryRefusedError(GeokgError):
    """A query would change the data (an UPDATE) and queries are read-only."""


class QueryTimeoutError(GeokgError):
    """A query ran longer than its time limit."""


class EndpointError(GeokgError):
    """A remote SPARQL endpoint could not answer (base class)."""


class EndpointUnreachableError(EndpointError):
    """The endpoint refused the connection, or its host cannot be found."""


class EndpointHTTPError(EndpointError):
    """The endpoint answered with an HTTP error status.

    Parameters
    ----------
    message : str
    status : int
        The HTTP status code.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class EndpointTimeoutError(EndpointError):
    """The endpoint did not answer within the time limit."""


class EndpointAnswerError(EndpointError):
    """The endpoint answered, but not with what was asked: not UTF-8, not a results document, too big, too
    deep, variables it did not declare, a SELECT result to an ASK, a redirect to elsewhere."""


class OutputError(GeokgError):
    """An output cannot be written (a read-only file, a full disk, a folder that refuses it)."""


class StoreError(NotAStoreError):
    """A geokg store exists but cannot be used (another format, another Oxigraph, corrupt, read-only)."""


class Problem:
    """One problem found in a workbook cell: where it is (file, row, column) and what is wrong.

    Parameters
    ----------
    file : str
        The file (for a workbook, ``book.xlsx#statements``).
    row : int
        1-based row (the header is row 1; 0 when the problem concerns the whole file).
    column : str
        The column's header as written in the file ("-" when the problem concerns the whole row or file).
    message : str

    Examples
    --------
    >>> str(Problem("statements.csv", 3, "from", "unknown actor 'Rusia'; did you mean: Russia?"))
    "statements.csv:3:from: unknown actor 'Rusia'; did you mean: Russia?"
    """

    __slots__ = ("column", "file", "message", "row")

    def __init__(self, file: str, row: int, column: str, message: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.file!r}, {self.row!r}, {self.column!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class WorkbookError(InputError):
    """A workbook (CSV files or an XLSX file) has problems; nothing was written.

    Parameters
    ----------
    problems : sequence of Problem
        Every problem found, in file and row order.

    Examples
    --------
    >>> err = WorkbookError([Problem("a.csv", 2, "date", "bad date '20x5'")])
    >>> print(err)
    1 problem in the workbook; nothing was written (first: a.csv:2:date: bad date '20x5')
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        first = f" (first: {self.problems[0]})" if self.problems else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the workbook; nothing was written{first}")
