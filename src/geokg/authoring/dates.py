"""Dates as people write them, turned into the model's time properties.

Accepted forms (one end of a span, or a point in time):

========================  =============================================================
``1979``                  a year (xsd:gYear)
``2025-07``, ``July 2025`` a month (xsd:gYearMonth)
``2025-07-03``, ``3 July 2025``, ``July 3, 2025``  a day (xsd:date)
``1990s``, ``199X``       some year of a decade (``1990`` with decade precision)
``19th century``, ``18XX`` some year of a century (``1800`` with century precision)
``after 2021-08``         only a lower bound (the earliest it can be)
``before 2001``           only an upper bound (the latest it can be)
``between 1992 and 1996`` both bounds
``1985~``, ``1985?``, ``c. 1985``, ``about 1985``  approximate / uncertain: the value, plus a time note
========================  =============================================================

A span is written ``START/END`` (EDTF): ``1979/1989``; ``2001/..`` is ongoing (no end); ``2001/`` has an
unknown end; ``../1989`` and ``/1989`` have an open or unknown start. Each side takes any of the forms above.

Examples
--------
>>> p = parse_point("1990s")
>>> p.value, p.precision
('1990', 'decade')
>>> s = parse_span("2001/..")
>>> s.start.value, s.ongoing
('2001', True)
>>> parse_point("after 2021-08").earliest
'2021-08'
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..errors import InputError

FORMS = (
    "1979, 2025-07, 2025-07-03, July 2025, 1990s, 19th century, after 2021-08, before 2001, "
    "between 1992 and 1996, 1985~ (about), 1985? (uncertain), 1979/1989, 2001/.. (ongoing), ../1989"
)
"""The date forms, as listed in error messages."""

DATATYPES = {"year": "gYear", "month": "gYearMonth", "day": "date"}
"""The XSD datatype (local name) of a value by the shape of its text."""


class DateFormatError(InputError):
    """A date is not written in one of the accepted forms; the message lists them."""


@dataclass(frozen=True)
class Point:
    """One end of a span (or a point in time), as the model records it.

    ``value`` is the text of an xsd:gYear / gYearMonth / date; ``precision`` is ``"decade"`` or
    ``"century"`` when coarser than the value's datatype, else None; ``earliest``/``latest`` are bounds
    when no value is known; ``note`` says how it was read (approximate, uncertain).
    """

    value: str | None = None
    precision: str | None = None
    earliest: str | None = None
    latest: str | None = None
    note: str | None = None

    @property
    def datatype(self) -> str | None:
        """``gYear``, ``gYearMonth`` or ``date`` for :attr:`value`; None without a value."""
        return None if self.value is None else datatype_of(self.value)

    def years(self) -> tuple[int | None, int | None]:
        """The first and last year this point can fall in (None: unbounded on that side).

        Examples
        --------
        >>> parse_point("1990s").years(), parse_point("before 2001").years()
        ((1990, 1999), (None, 2001))
        """
        if self.value is not None:
            year = int(self.value[:4] if not self.value.startswith("-") else self.value.split("-")[1])
            span = {"decade": 10, "century": 100}.get(self.precision or "", 1)
            return year, year + span - 1
        lo = _year(self.earliest) if self.earliest else None
        hi = _year(self.latest) if self.latest else None
        return lo, hi


@dataclass(frozen=True)
class Span:
    """A start and an end; ``ongoing`` for an EDTF ``..`` end (still going on)."""

    start: Point | None = None
    end: Point | None = None
    ongoing: bool = False


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DECADE = re.compile(r"^(?:the\s+)?(\d{3})0'?s$|^(\d{3})[xX]$")
_CENTURY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+century$|^(\d{2})[xX]{2}$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_AFTER = re.compile(r"^(?:after|since|from|not before|no earlier than|>)\s*(.+)$", re.IGNORECASE)
_BEFORE = re.compile(r"^(?:before|by|until|not after|no later than|<)\s*(.+)$", re.IGNORECASE)
_APPROX = re.compile(r"^(?:c\.|ca\.|circa|about|around|approximately|~)\s*(.+)$", re.IGNORECASE)


def _year(text: str) -> int:
    return int(text[:4])


def datatype_of(value: str) -> str:
    """The XSD datatype local name that fits a normalized date text.

    Examples
    --------
    >>> datatype_of("1979"), datatype_of("2025-07"), datatype_of("2025-07-03")
    ('gYear', 'gYearMonth', 'date')
    """
    if _DAY.match(value):
        return "date"
    if _MONTH.match(value):
        return "gYearMonth"
    return "gYear"


def _fail(text: str, why: str = "") -> DateFormatError:
    reason = f" ({why})" if why else ""
    return DateFormatError(f"cannot read the date {text!r}{reason}; write it as one of: {FORMS}")


def _month(name: str, text: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise _fail(text, f"unknown month {name!r}")
    return month


def _check_day(year: int, month: int, day: int, text: str) -> str:
    if not 1 <= month <= 12:
        raise _fail(text, f"there is no month {month}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _fail(text, f"there is no day {day} in {year}-{month:02d}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _exact(text: str, original: str) -> Point:
    """A value with no bounds: year, month, day, decade or century."""
    t = text.strip()
    if m := _YEAR.match(t):
        return Point(value=m.group(1))
    if m := _MONTH.match(t):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise _fail(original, f"there is no month {month}")
        return Point(value=f"{m.group(1)}-{month:02d}")
    if m := _DAY.match(t):
        return Point(value=_check_day(int(m.group(1)), int(m.group(2)), int(m.group(3)), original))
    if m := _DECADE.match(t):
        return Point(value=(m.group(1) or m.group(2)) + "0", precision="decade")
    if m := _CENTURY.match(t):
        if m.group(1):
            century = int(m.group(1))
            if century < 1:
                raise _fail(original, "there is no century 0")
            return Point(value=f"{(century - 1) * 100:04d}", precision="century")
        return Point(value=m.group(2) + "00", precision="century")
    if m := _MONTH_YEAR.match(t):
        return Point(value=f"{m.group(2)}-{_month(m.group(1), original):02d}")
    if m := _DAY_MONTH_YEAR.match(t):
        return Point(value=_check_day(int(m.group(3)), _month(m.group(2), original), int(m.group(1)), original))
    if m := _MONTH_DAY_YEAR.match(t):
        return Point(value=_check_day(int(m.group(3)), _month(m.group(1), original), int(m.group(2)), original))
    if re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$", t):
        raise _fail(original, "day/month order is ambiguous; write YYYY-MM-DD")
    raise _fail(original)


def _bound(text: str, original: str) -> str:
    point = _exact(text, original)
    if point.precision is not None:
        raise _fail(original, "a bound must be a year, month or day")
    assert point.value is not None
    return point.value


def parse_point(text: str) -> Point:
    """Read one date (a point in time, or one end of a span).

    Raises
    ------
    DateFormatError
        The text is not one of the accepted forms (the message lists them).

    Examples
    --------
    >>> parse_point("2025-07")
    Point(value='2025-07', precision=None, earliest=None, latest=None, note=None)
    >>> parse_point("1985~").note
    "approximate: the source's date is given as '1985~'"
    """
    original = text
    t = " ".join(text.split())
    if not t:
        raise _fail(original, "it is empty")
    if m := _BETWEEN.match(t):
        lo, hi = _bound(m.group(1), original), _bound(m.group(2), original)
        if hi < lo:
            raise _fail(original, "the first bound is after the second")
        return Point(earliest=lo, latest=hi)
    if m := _AFTER.match(t):
        return Point(earliest=_bound(m.group(1), original))
    if m := _BEFORE.match(t):
        return Point(latest=_bound(m.group(1), original))
    note = None
    if t.endswith(("~", "?", "%")):
        mark = t[-1]
        what = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}[mark]
        note = f"{what}: the source's date is given as {t!r}"
        t = t[:-1].strip()
    elif m := _APPROX.match(t):
        note = f"approximate: the source's date is given as {t!r}"
        t = m.group(1)
    point = _exact(t, original)
    return Point(value=point.value, precision=point.precision, note=note)


def parse_span(text: str) -> Span:
    """Read a span ``START/END`` (EDTF), or one date (then it is the start).

    ``..`` as the end means ongoing; an empty end is unknown. ``..`` or nothing as the start: no start.

    Raises
    ------
    DateFormatError

    Examples
    --------
    >>> s = parse_span("1979/1989")
    >>> s.start.value, s.end.value, s.ongoing
    ('1979', '1989', False)
    >>> parse_span("../1989").start is None
    True
    """
    t = text.strip()
    if re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$", t):
        raise _fail(text, "day/month order is ambiguous; write YYYY-MM-DD")
    if "/" not in t:
        return Span(start=parse_point(t))
    parts = t.split("/")
    if len(parts) != 2:
        raise _fail(text, "a span has one '/' between its start and its end")
    left, right = (p.strip() for p in parts)
    start = None if left in ("", "..") else parse_point(left)
    ongoing = right == ".."
    end = None if right in ("", "..") else parse_point(right)
    if start is None and end is None:
        raise _fail(text, "give at least a start or an end")
    if start is not None and end is not None:
        s_lo, _ = start.years()
        _, e_hi = end.years()
        if s_lo is not None and e_hi is not None and s_lo > e_hi:
            raise _fail(text, "it starts after it ends")
    return Span(start=start, end=end, ongoing=ongoing)
