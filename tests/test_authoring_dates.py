"""People's dates -> the model's time properties (geokg.authoring.dates)."""

from __future__ import annotations

import pytest

from geokg.authoring.dates import DateFormatError, parse_point, parse_span


@pytest.mark.parametrize(
    ("text", "value", "precision", "datatype"),
    [
        ("1979", "1979", None, "gYear"),
        ("2025-07", "2025-07", None, "gYearMonth"),
        ("2025-7", "2025-07", None, "gYearMonth"),
        ("2025-07-03", "2025-07-03", None, "date"),
        ("July 2025", "2025-07", None, "gYearMonth"),
        ("3 July 2025", "2025-07-03", None, "date"),
        ("July 3, 2025", "2025-07-03", None, "date"),
        ("1990s", "1990", "decade", "gYear"),
        ("the 1990s", "1990", "decade", "gYear"),
        ("199X", "1990", "decade", "gYear"),
        ("19th century", "1800", "century", "gYear"),
        ("18XX", "1800", "century", "gYear"),
    ],
)
def test_values_keep_their_precision(text, value, precision, datatype):
    point = parse_point(text)
    assert (point.value, point.precision, point.datatype) == (value, precision, datatype)


def test_bounds_and_approximate_dates():
    assert parse_point("after 2021-08").earliest == "2021-08"
    assert parse_point("after 2021-08").value is None
    assert parse_point("before 2001").latest == "2001"
    between = parse_point("between 1992 and 1996")
    assert (between.earliest, between.latest) == ("1992", "1996")
    approx = parse_point("1985~")
    assert approx.value == "1985" and "approximate" in (approx.note or "")
    assert "uncertain" in (parse_point("1985?").note or "")
    assert parse_point("c. 1985").value == "1985"


def test_spans_open_ongoing_and_unknown_ends():
    span = parse_span("1979/1989")
    assert (span.start.value, span.end.value, span.ongoing) == ("1979", "1989", False)
    ongoing = parse_span("2001/..")
    assert ongoing.start.value == "2001" and ongoing.end is None and ongoing.ongoing
    unknown = parse_span("2001/")
    assert unknown.end is None and not unknown.ongoing
    open_start = parse_span("../1989")
    assert open_start.start is None and open_start.end.value == "1989"
    assert parse_span("1990s/2001").start.precision == "decade"


def test_years_of_a_point():
    assert parse_point("1990s").years() == (1990, 1999)
    assert parse_point("19th century").years() == (1800, 1899)
    assert parse_point("before 2001").years() == (None, 2001)


@pytest.mark.parametrize("text", ["20x5", "2025-13", "2025-02-30", "03/07/2025", "1989/1979", "", "Julember 2025"])
def test_bad_dates_list_the_accepted_forms(text):
    with pytest.raises(DateFormatError) as err:
        parse_span(text)
    assert "1979, 2025-07" in str(err.value)
    assert repr(text) in str(err.value)
