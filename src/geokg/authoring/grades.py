"""Admiralty grades (NATO STANAG 2511): a source's reliability A-F and a statement's credibility 1-6.

A filter such as ``--min-grade B2`` keeps statements whose best source is graded B or better (A, B) **and**
whose credibility is 2 or better (1, 2). ``--min-grade B`` asks only for the reliability, ``--min-grade 2``
only for the credibility. An ungraded statement fails every filter on the grade it lacks: a filter asks for
evidence of quality, and no grade is no evidence.

Examples
--------
>>> parse_grade("B2")
('B', 2)
>>> passes(parse_grade("B2"), "A", "2"), passes(parse_grade("B2"), "C", "1"), passes(parse_grade("B2"), None, "1")
(True, False, False)
>>> best_reliability(["C", None, "B"])
'B'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import InputError

RELIABILITY = "ABCDEF"
CREDIBILITY = "123456"


def parse_grade(text: str) -> tuple[str | None, int | None]:
    """Read ``B2``, ``b``, ``2`` or ``B-2`` into (reliability letter or None, credibility digit or None).

    Raises
    ------
    InputError
        Not an Admiralty grade.
    """
    m = re.fullmatch(r"\s*([A-Fa-f])?\s*[-/ ]?\s*([1-6])?\s*", text or "")
    if not m or not (m.group(1) or m.group(2)):
        raise InputError(
            f"min_grade {text!r} is not an Admiralty grade: a letter A-F (source reliability), a digit 1-6 "
            "(information credibility) or both, e.g. B2",
            parameter="min_grade",
        )
    letter = m.group(1).upper() if m.group(1) else None
    digit = int(m.group(2)) if m.group(2) else None
    return letter, digit


def passes(minimum: tuple[str | None, int | None], reliability: str | None, credibility: str | int | None) -> bool:
    """Whether a statement with these grades meets ``minimum`` (from :func:`parse_grade`).

    Parameters
    ----------
    minimum : (str or None, int or None)
    reliability : str or None
        The best reliability letter of the statement's sources (None: ungraded).
    credibility : str, int or None
        The statement's credibility digit (None: ungraded).
    """
    letter, digit = minimum
    if letter is not None:
        if not reliability or len(reliability) < 1 or reliability.upper()[0] not in RELIABILITY:
            return False
        if RELIABILITY.index(reliability.upper()[:1]) > RELIABILITY.index(letter):
            return False
    if digit is not None:
        text = str(credibility or "")[:1]
        if len(text) != 1 or text not in CREDIBILITY or int(text) > digit:
            return False
    return True


def best_reliability(grades: Iterable[str | None]) -> str | None:
    """The best (earliest letter) of several sources' reliability grades; None when none is graded."""
    letters = [g.upper()[:1] for g in grades if g and g.upper()[:1] in RELIABILITY]
    return min(letters, key=RELIABILITY.index) if letters else None


def grade_text(reliability: str | None, credibility: str | int | None) -> str:
    """``B2``, ``B``, ``2`` or ``ungraded``.

    Examples
    --------
    >>> grade_text("B", "2"), grade_text(None, None)
    ('B2', 'ungraded')
    """
    text = (reliability or "") + (str(credibility) if credibility else "")
    return text or "ungraded"


def statement_filter(kg: object, min_grade: str) -> object:
    """A predicate over statements of ``kg`` for ``--min-grade`` (their sources' reliability from ``kg``).

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> keep = statement_filter(kg, "B2")
    >>> sum(1 for s in kg.statements if keep(s))
    0
    """
    minimum = parse_grade(min_grade)
    grades = {s.iri: s.reliability for s in kg.sources}  # type: ignore[attr-defined]

    def keep(statement: object) -> bool:
        sources = {e.document for e in statement.evidence}  # type: ignore[attr-defined]
        reliability = best_reliability(grades.get(d or "") for d in sources)
        return passes(minimum, reliability, statement.credibility)  # type: ignore[attr-defined]

    return keep
