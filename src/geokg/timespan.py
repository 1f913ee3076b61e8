"""Time as the sources give it, and the one as-of rule.

A statement's time is written as its source gives it (:class:`TimeSpec`: a date or a start and an end,
each with a precision, or only bounds, and what is known of an end that has no date). The derivation rule
``ontology/rules/20-years.rq`` turns it, once, at load time, into four integer years (:class:`Years`) that
every front end reads -- this module in Python, the named SPARQL queries, and the HTML page's year slider:

- ``may_from``: the earliest its start can be;
- ``holds_from``: the latest its start can be (so from then on it surely has started);
- ``holds_until``: the earliest its end can be (for an unknown end: the earliest date of its sources,
  which say it held then);
- ``may_until``: the latest its end can be.

``-10000`` and ``10000`` stand for "no bound". In year ``Y`` a statement **holds** when
``holds_from <= Y <= holds_until``, **may hold** when it does not hold and ``may_from <= Y <= may_until``,
and does not hold otherwise (:func:`status`). A statement that another one supersedes is listed as
**superseded** from the first year the newer one holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

NO_START = -10000
"""The ``may_from`` (or ``holds_from``) of a statement with no lower bound."""
NO_END = 10000
"""The ``holds_until``/``may_until`` of a statement with no upper bound; as ``holds_from``: never sure."""
YEAR_MIN, YEAR_MAX = -9999, 9999
"""The years ``as_of`` accepts."""

HOLDS = "holds"
MAY_HOLD = "may hold"
SUPERSEDED = "superseded"
STATUSES = (HOLDS, MAY_HOLD, SUPERSEDED)
"""The answers of :func:`status` (None: does not hold)."""

_YEAR = re.compile(r"^\s*(-?\d{4,})(?:-\d{2}(?:-\d{2})?)?\s*$")


@dataclass(frozen=True)
class Years:
    """The integer year bounds derived from a statement's time (see the module docstring).

    Examples
    --------
    >>> status(Years(1990, 1999, 2021, 10000), 1990)
    'may hold'
    """

    may_from: int = NO_START
    holds_from: int = NO_START
    holds_until: int = NO_END
    may_until: int = NO_END
    superseded_from: int | None = None


ALWAYS = Years()
"""The years of something with no time at all (an entity with no known lifespan): it holds in every year."""


def status(years: Years, year: int) -> str | None:
    """The one as-of rule: does a statement with these years hold in ``year``?

    Parameters
    ----------
    years : Years
    year : int

    Returns
    -------
    str or None
        ``"holds"``, ``"may hold"``, ``"superseded"`` (it holds or may hold, but a newer statement that
        supersedes it holds from an earlier year), or None (it does not hold).

    Examples
    --------
    >>> taliban_control = Years(may_from=1990, holds_from=1999, holds_until=2021, may_until=10000)
    >>> [status(taliban_control, y) for y in (1985, 1990, 2001, 2026)]
    [None, 'may hold', 'holds', 'may hold']
    >>> status(Years(2021, 2021, 2021, 10000, superseded_from=2025), 2026)
    'superseded'
    """
    holds = years.holds_from <= year <= years.holds_until
    if not holds and not years.may_from <= year <= years.may_until:
        return None
    if years.superseded_from is not None and year >= years.superseded_from:
        return SUPERSEDED
    return HOLDS if holds else MAY_HOLD


def selected(state: str | None, *, may_hold: bool = False, superseded: bool = False) -> bool:
    """Whether an as-of filter keeps a statement of this :func:`status`.

    By default only what holds; ``may_hold`` adds what may hold, ``superseded`` what is superseded.

    Examples
    --------
    >>> selected("holds"), selected("may hold"), selected("may hold", may_hold=True), selected(None, may_hold=True)
    (True, False, True, False)
    """
    return state == HOLDS or (may_hold and state == MAY_HOLD) or (superseded and state == SUPERSEDED)


@dataclass(frozen=True)
class TimeSpec:
    """A time as the source gives it: the lexical forms and precisions of the model's time properties.

    Attributes
    ----------
    date, start, end : str or None
        ``xsd:gYear``/``gYearMonth``/``date`` lexical forms (a point in time, or the two ends of a span).
    date_precision, start_precision, end_precision : str or None
        ``"decade"`` or ``"century"`` when coarser than the datatype; None otherwise.
    start_earliest, start_latest, end_earliest, end_latest : str or None
        Bounds, when only bounds are known.
    end_status : str or None
        ``"ongoing"`` (still going on), ``"ended"`` (before the source, date unknown) or None (unknown).
    """

    date: str | None = None
    date_precision: str | None = None
    start: str | None = None
    start_precision: str | None = None
    start_earliest: str | None = None
    start_latest: str | None = None
    end: str | None = None
    end_precision: str | None = None
    end_earliest: str | None = None
    end_latest: str | None = None
    end_status: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())

    def text(self) -> str:
        """The time as the source gives it, in words an analyst reads.

        Examples
        --------
        >>> TimeSpec(start="1990", start_precision="decade").text()
        'from the 1990s, end unknown'
        >>> TimeSpec(start="1979", end="1989").text()
        '1979 – 1989'
        >>> TimeSpec(start_earliest="2021-08").text()
        'from 2021-08 or later, end unknown'
        >>> TimeSpec(date="1979").text()
        '1979'
        >>> TimeSpec(start="2001", end_status="ended").text()
        "from 2001, ended by the source's date"
        """
        if self.date:
            return _point(self.date, self.date_precision)
        start = _bound(self.start, self.start_precision, self.start_earliest, self.start_latest)
        end = _bound(self.end, self.end_precision, self.end_earliest, self.end_latest)
        if start and end:
            return f"{start} – {end}"
        if end:
            return f"until {end}, start unknown"
        if self.end_status == "ongoing":
            tail = "ongoing"
        elif self.end_status == "ended":
            tail = "ended by the source's date"
        else:
            tail = "end unknown"
        if start:
            return f"from {start}, {tail}"
        return "" if self.end_status is None else f"start unknown, {tail}"

    def edtf(self) -> str:
        """The same time in EDTF (ISO 8601-2): ``199X/``, ``1979/1989``, ``2001/..``, ``[2021-08..]/``.

        Examples
        --------
        >>> TimeSpec(start="1990", start_precision="decade").edtf()
        '199X/'
        >>> TimeSpec(start="2001", end_status="ongoing").edtf()
        '2001/..'
        """
        if self.date:
            return _edtf_point(self.date, self.date_precision)
        start = _edtf_bound(self.start, self.start_precision, self.start_earliest, self.start_latest)
        end = _edtf_bound(self.end, self.end_precision, self.end_earliest, self.end_latest)
        if not end and self.end_status == "ongoing":
            end = ".."
        return f"{start}/{end}"


def _point(value: str, precision: str | None) -> str:
    year = year_of(value)
    if precision == "decade" and year is not None:
        return f"the {year}s"
    if precision == "century" and year is not None:
        return f"{year}–{year + 99}"
    return value


def _bound(value: str | None, precision: str | None, earliest: str | None, latest: str | None) -> str:
    if value:
        return _point(value, precision)
    if earliest and latest:
        return f"between {earliest} and {latest}"
    if earliest:
        return f"{earliest} or later"
    if latest:
        return f"{latest} or earlier"
    return ""


def _edtf_point(value: str, precision: str | None) -> str:
    if precision == "decade":
        return value[:3] + "X"
    if precision == "century":
        return value[:2] + "XX"
    return value


def _edtf_bound(value: str | None, precision: str | None, earliest: str | None, latest: str | None) -> str:
    if value:
        return _edtf_point(value, precision)
    if earliest or latest:
        return f"[{earliest or ''}..{latest or ''}]"
    return ""


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
    if len(value) >= 4 and value.isdecimal():  # a plain year (what _YEAR matches, without the regex)
        return int(value)
    m = _YEAR.match(value)
    return int(m.group(1)) if m else None


def parse_year(text: str, what: str = "year") -> int:
    """Read a year typed by a user, e.g. for ``as_of``.

    Parameters
    ----------
    text : str
        A year such as ``"1985"`` (a date such as ``"1985-06-01"`` is read as its year), from -9999 to 9999.
    what : str
        How to name the value in the error message.

    Returns
    -------
    int
        The year.

    Raises
    ------
    InputError
        If ``text`` is not a year in that range.

    Examples
    --------
    >>> parse_year("1985")
    1985
    """
    year = year_of(str(text))
    if year is None:
        raise InputError(f"{what}: {text!r} is not a year (expected e.g. 1985)")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError(f"{what}: {text!r} is out of range (a year in {YEAR_MIN}..{YEAR_MAX})")
    return year
