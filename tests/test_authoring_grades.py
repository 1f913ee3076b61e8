"""Admiralty grades and the --min-grade predicate (geokg.authoring.grades)."""

from __future__ import annotations

import pytest

from geokg.authoring.grades import best_reliability, grade_text, parse_grade, passes
from geokg.errors import InputError


def test_parse_grade_forms():
    assert parse_grade("B2") == ("B", 2)
    assert parse_grade("b") == ("B", None)
    assert parse_grade("3") == (None, 3)
    assert parse_grade("C-4") == ("C", 4)


@pytest.mark.parametrize("bad", ["G", "B7", "", "BB", "x2"])
def test_bad_grades_are_refused(bad):
    with pytest.raises(InputError, match="Admiralty"):
        parse_grade(bad)


def test_b2_means_reliability_at_least_b_and_credibility_at_least_2():
    b2 = parse_grade("B2")
    assert passes(b2, "A", "1")
    assert passes(b2, "B", "2")
    assert not passes(b2, "C", "1")
    assert not passes(b2, "A", "3")


def test_ungraded_fails_the_filter_on_the_missing_axis():
    assert not passes(parse_grade("B2"), None, "1")
    assert not passes(parse_grade("B2"), "A", None)
    assert passes(parse_grade("B"), "A", None)
    assert passes(parse_grade("2"), None, "1")


def test_best_reliability_and_text():
    assert best_reliability(["C", None, "B"]) == "B"
    assert best_reliability([None]) is None
    assert grade_text("B", "2") == "B2"
    assert grade_text(None, None) == "ungraded"
