"""Years and time spans: reading xsd dates and deciding what is alive in a given year.

A tie, an event or an actor has a ``start`` and an ``end`` (``xsd:gYear``, ``xsd:gYearMonth`` or
``xsd:date``), either of which may be unknown. The one rule used everywhere: something is alive in year
``Y`` when ``start <= Y <= end`` at year precision, an unknown start or end leaving that side open.
"""

from __future__ import annotations

import re

from .errors import InputError

_YEAR = re.compile(r"^\s*(-?\d{4,})(?:-\d{2}(?:-\d{2})?)?\s*$")


def year_of(value: str | None) -> int | None:
    """Return the year of an xsd gYear, gYearMonth or date lexical form.

    Parameters
    ----------
    value : str or None
        E.g. ``"1979"``, ``"2021-08"`` or ``"2021-08-15"``.

    Returns
    -------
    int or None
        The year, or None when ``value`` is None or has no leading year.

    Examples
    --------
    >>> year_of("2021-08"), year_of("1979"), year_of(None)
    (2021, 1979, None)
    """
    if value is None:
        return None
    m = _YEAR.match(value)
    return int(m.group(1)) if m else None


def parse_year(text: str, what: str = "year") -> int:
    """Read a year typed by a user, e.g. for ``--as-of``.

    Parameters
    ----------
    text : str
        A year such as ``"1985"`` (a date such as ``"1985-06-01"`` is read as its year).
    what : str
        How to name the value in the error message.

    Returns
    -------
    int
        The year.

    Raises
    ------
    InputError
        If ``text`` is not a year.

    Examples
    --------
    >>> parse_year("1985")
    1985
    """
    year = year_of(str(text))
    if year is None:
        raise InputError(f"{what}: {text!r} is not a year (expected e.g. 1985)")
    if not -9999 <= year <= 9999:
        raise InputError(f"{what}: {text!r} is out of range (a year in -9999..9999)")
    return year


def alive(start: int | None, end: int | None, year: int) -> bool:
    """Whether a span with these bounds includes ``year`` (unknown bounds are open).

    Examples
    --------
    >>> alive(1979, 1989, 1985), alive(2021, None, 1985), alive(None, 1991, 1985)
    (True, False, True)
    """
    return (start is None or start <= year) and (end is None or year <= end)
