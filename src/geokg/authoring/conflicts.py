"""Statements that disagree in the same years, and which of each pair ranks higher and why.

Two relations (or two attitudes) about the same pair of actors conflict when they may both hold in some
year and

* **they pull in opposite directions**: one scores above zero and the other below (support vs opposition,
  recognition vs non-recognition, alliance vs armed conflict, a favourable view vs a threat perception); or
* **they make one claim with two certainties**: the same type, the same ends, one asserted and one likely.

Of each pair, the higher-ranked statement is decided by the first rule that separates them:

1. **explicit supersession**: a statement that supersedes the other (``geo:supersedes``) wins;
2. **rank**: preferred beats normal beats deprecated;
3. **better graded**: the better source reliability (A best), then the better credibility (1 best); a graded
   statement beats an ungraded one;
4. **newer**: the statement whose newest source is dated later (then: the one that starts later);
5. otherwise it is **undecided**, and an analyst has to choose.

Examples
--------
>>> import geokg
>>> isinstance(find_conflicts(geokg.load()), list)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from ..namespaces import GEO
from .grades import RELIABILITY, best_reliability, grade_text
from .vocabulary import vocabulary

if TYPE_CHECKING:
    from ..knowledge import KnowledgeGraph
    from ..model import Statement

RANKS = {"preferred": 0, "normal": 1, "deprecated": 2}
_NO_START, _NO_END = -10000, 10000


@dataclass(frozen=True)
class Conflict:
    """Two statements that disagree in ``years`` (first, last; None = unbounded), and the higher one."""

    reason: str
    first: Statement
    second: Statement
    years: tuple[int | None, int | None]
    winner: Statement | None
    why: str
    grades: tuple[str, str]
    sources: tuple[str, str]

    def years_text(self) -> str:
        lo, hi = self.years
        if lo is None and hi is None:
            return "any year"
        if lo == hi:
            return str(lo)
        return f"{lo if lo is not None else '…'}–{hi if hi is not None else '…'}"


def _pair(st: Statement, symmetric: bool) -> tuple[str, ...]:
    if symmetric:
        return tuple(sorted((st.source, st.target)))
    return (st.source, st.target)


def _overlap(a: Statement, b: Statement) -> tuple[int | None, int | None] | None:
    lo = max(a.years.may_from, b.years.may_from)
    hi = min(a.years.may_until, b.years.may_until)
    if lo > hi:
        return None
    return (None if lo <= _NO_START else lo, None if hi >= _NO_END else hi)


class _Ranker:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.sources = {s.iri: s for s in kg.sources}

    def reliability(self, st: Statement) -> str | None:
        return best_reliability(self.sources[e.document].reliability for e in st.evidence if e.document in self.sources)

    def grade(self, st: Statement) -> str:
        return grade_text(self.reliability(st), st.credibility)

    def newest_source(self, st: Statement) -> str:
        dates = []
        for e in st.evidence:
            src = self.sources.get(e.document or "")
            if src is not None:
                t = src.time
                dates.append(t.date or t.start or t.start_latest or t.start_earliest or "")
        return max(dates, default="")

    def source_titles(self, st: Statement) -> str:
        titles = dict.fromkeys(e.document_title or e.document or "" for e in st.evidence)
        return " | ".join(t for t in titles if t)

    def decide(self, a: Statement, b: Statement) -> tuple[Statement | None, str]:
        if b.iri in a.supersedes:
            return a, "explicit supersession: it supersedes the other"
        if a.iri in b.supersedes:
            return b, "explicit supersession: it supersedes the other"
        ra, rb = RANKS.get(a.rank, 1), RANKS.get(b.rank, 1)
        if ra != rb:
            return (a, f"rank {a.rank} over {b.rank}") if ra < rb else (b, f"rank {b.rank} over {a.rank}")
        ga, gb = self.reliability(a), self.reliability(b)
        key_a = RELIABILITY.index(ga) if ga else 99
        key_b = RELIABILITY.index(gb) if gb else 99
        if key_a != key_b:
            win, lose = (a, b) if key_a < key_b else (b, a)
            return win, f"better graded source: {self.grade(win)} over {self.grade(lose)}"
        ca = int(a.credibility) if a.credibility and a.credibility.isdigit() else 99
        cb = int(b.credibility) if b.credibility and b.credibility.isdigit() else 99
        if ca != cb:
            win, lose = (a, b) if ca < cb else (b, a)
            return win, f"better credibility: {self.grade(win)} over {self.grade(lose)}"
        da, db = self.newest_source(a), self.newest_source(b)
        if da != db and da and db:
            return (a, f"newer source ({da} over {db})") if da > db else (b, f"newer source ({db} over {da})")
        if a.years.holds_from != b.years.holds_from and _NO_END not in (a.years.holds_from, b.years.holds_from):
            win = a if a.years.holds_from > b.years.holds_from else b
            return win, f"newer: it starts later ({win.years.holds_from})"
        return None, "undecided: same rank, grades and date; an analyst has to choose"


def find_conflicts(
    kg: KnowledgeGraph,
    *,
    actors: Iterable[str] = (),
    keep: Callable[[Statement], bool] | None = None,
) -> list[Conflict]:
    """Find the pairs of statements that disagree in the same years.

    Parameters
    ----------
    kg : KnowledgeGraph
    actors : iterable of str
        Actor IRIs; when given, only conflicts about them.
    keep : callable, optional
        A filter over statements (e.g. :func:`geokg.authoring.grades.statement_filter`).

    Returns
    -------
    list of Conflict
        In order of actor pair, then years.
    """
    vocab = vocabulary()
    wanted = set(actors)
    ranker = _Ranker(kg)
    groups: dict[tuple[str, tuple[str, ...]], list[Statement]] = defaultdict(list)
    for st in kg.statements:
        if st.kind not in ("relation", "attitude") or not st.source or not st.target:
            continue
        if st.rank == "deprecated" or (keep is not None and not keep(st)):
            continue
        if wanted and not ({st.source, st.target} & wanted):
            continue
        concept = vocab.by_iri.get(str(GEO[st.relation]))
        symmetric = bool(getattr(concept, "symmetric", False))
        groups[(st.kind, _pair(st, symmetric))].append(st)
    found: list[Conflict] = []
    for (_kind, _pair_key), members in sorted(groups.items()):
        for a, b in combinations(sorted(members, key=lambda s: s.iri), 2):
            reason = None
            if a.stance * b.stance < 0:
                reason = f"{a.relation_label} vs {b.relation_label}"
            elif a.relation == b.relation and a.certainty != b.certainty:
                reason = f"two certainties for one claim ({a.certainty_label} vs {b.certainty_label})"
            if reason is None:
                continue
            years = _overlap(a, b)
            if years is None:
                continue
            winner, why = ranker.decide(a, b)
            found.append(
                Conflict(
                    reason,
                    a,
                    b,
                    years,
                    winner,
                    why,
                    (ranker.grade(a), ranker.grade(b)),
                    (ranker.source_titles(a), ranker.source_titles(b)),
                )
            )
    return found
