"""Change over time: which ties began or ended between two years, and how actors' ranks moved.

Whether a tie is kept in a year is the one as-of rule (:func:`geokg.timespan.status`, read from the derived
years): what holds, and with ``may_hold`` what may hold too. A tie *began* in year ``Y`` (``year_from < Y <=
year_to``) when it is kept in ``Y`` and not in ``Y - 1``; it *ended* in ``Y`` (``year_from <= Y < year_to``)
when it is kept in ``Y`` and not in ``Y + 1``. A tie that both began and ended in the interval is listed
twice. A tie with no bound at an end (it holds from or until "no bound") never begins (or ends) there.

Ranks come from :func:`geokg.analysis.centrality.centrality` on the projections as of each year (the same
rule). ``move`` is ``rank_from - rank_to``: positive when the actor rose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import InputError
from ..projection import View, project
from ..timespan import Years, selected, status
from .centrality import centrality

if TYPE_CHECKING:
    from ..knowledge import KnowledgeGraph


@dataclass(frozen=True)
class TieChange:
    """A tie that began or ended in the interval.

    Attributes
    ----------
    change : str
        ``"began"`` or ``"ended"``.
    year : int
        The year of the change.
    tie, source, target, source_label, target_label, relation : str
        The tie (IRIs, labels, type label).
    start, end : str
        Its start and end as written (kept for the listing; see ``when``).
    stance : float
    kind : str
        ``"relation"``, ``"attitude"`` or ``"event"``.
    when : str
        Its time as the source gives it ("1990s", "from after 2021-08, end unknown").
    status_from, status_to : str
        Its status in ``year_from`` and ``year_to`` by the one as-of rule ("" when it does not hold).
    """

    change: str
    year: int
    tie: str
    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    start: str
    end: str
    stance: float
    kind: str = "relation"
    when: str = ""
    status_from: str = ""
    status_to: str = ""


@dataclass(frozen=True)
class RankMove:
    """How one actor's centrality rank moved.

    Attributes
    ----------
    actor, label : str
    rank_from, rank_to : int or None
        None when the actor is not in that year's projection.
    score_from, score_to : float or None
    move : int or None
        ``rank_from - rank_to`` (positive = rose), None when either rank is missing.
    status : str
        ``"rose"``, ``"fell"``, ``"same"``, ``"new"`` (only in ``year_to``) or ``"gone"`` (only in ``year_from``).
    """

    actor: str
    label: str
    rank_from: int | None
    rank_to: int | None
    score_from: float | None
    score_to: float | None
    move: int | None
    status: str


@dataclass(frozen=True)
class Comparison:
    """The ties that changed and the rank moves between two years."""

    year_from: int
    year_to: int
    measure: str
    changes: tuple[TieChange, ...]
    ranks: tuple[RankMove, ...]


def compare(
    kg: KnowledgeGraph,
    year_from: int,
    year_to: int,
    *,
    measure: str = "degree",
    relations: Iterable[str] = (),
    classes: Iterable[str] = (),
    weight: str = "none",
    undirected: bool = False,
    kinds: Iterable[str] = ("relation",),
    may_hold: bool = False,
) -> Comparison:
    """Compare the graph in two years.

    Parameters
    ----------
    kg : KnowledgeGraph
    year_from, year_to : int
        ``year_from`` must not be after ``year_to``.
    measure : str
        One centrality measure (see :data:`geokg.analysis.centrality.MEASURES`).
    relations, classes
        Filters of the projections and of the tie changes.
    weight, undirected
        As for :func:`geokg.analysis.centrality.centrality`.
    kinds : iterable of str
        Statement kinds that are ties (relations by default).
    may_hold : bool
        Count what may hold in a year as well as what holds.

    Returns
    -------
    Comparison
        Changes ordered by year; ranks ordered by ``rank_to`` (actors gone last).

    Raises
    ------
    InputError
        ``year_from`` after ``year_to``, or a bad measure.

    Examples
    --------
    >>> import geokg
    >>> c = compare(geokg.load(), 1985, 2022, may_hold=True)
    >>> [(m.label, m.status) for m in c.ranks if m.label == "Soviet Union"]
    [('Soviet Union', 'gone')]
    """
    if year_from > year_to:
        raise InputError(f"year_from {year_from} is after year_to {year_to}", parameter=("year_from", "year_to"))
    if measure == "all":
        raise InputError("compare ranks by one measure; choose one, not all", parameter="measure")
    view = View(relations=tuple(relations), classes=tuple(classes), kinds=tuple(kinds))
    scores = {}
    for year in (year_from, year_to):
        graph = project(kg, replace(view, as_of=year, may_hold=may_hold), allow_empty=True)
        ranked = centrality(graph, measure, weight=weight, undirected=undirected) if len(graph) else []
        scores[year] = {s.actor: s for s in ranked}
    before, after = scores[year_from], scores[year_to]
    moves = []
    for actor in list(after) + [a for a in before if a not in after]:
        b, a = before.get(actor), after.get(actor)
        move = b.rank - a.rank if a and b else None
        status = "new" if b is None else "gone" if a is None else "rose" if move and move > 0 else \
            "fell" if move and move < 0 else "same"  # fmt: skip
        label = (a or b).label  # type: ignore[union-attr]
        moves.append(
            RankMove(
                actor=actor,
                label=label,
                rank_from=b.rank if b else None,
                rank_to=a.rank if a else None,
                score_from=b.scores[measure] if b else None,
                score_to=a.scores[measure] if a else None,
                move=move,
                status=status,
            )
        )
    graph_nodes = set(project(kg, view, allow_empty=True)) if view.classes else None
    changes = []
    for tie in kg.ties(relations=view.relations, kinds=view.kinds):
        if tie.rank == "deprecated":
            continue
        if graph_nodes is not None and not {tie.source, tie.target} <= graph_nodes:
            continue
        for change, year in _transitions(tie.years, year_from, year_to, may_hold):
            changes.append(
                TieChange(
                    change=change,
                    year=year,
                    tie=tie.iri,
                    source=tie.source,
                    target=tie.target,
                    source_label=kg.label(tie.source),
                    target_label=kg.label(tie.target),
                    relation=tie.relation_label,
                    start=tie.start or "",
                    end=tie.end or "",
                    stance=tie.stance,
                    kind=tie.kind,
                    when=tie.when,
                    status_from=tie.status(year_from) or "",
                    status_to=tie.status(year_to) or "",
                )
            )
    changes.sort(key=lambda c: (c.year, c.change == "began", c.source_label, c.relation, c.target_label))
    return Comparison(year_from, year_to, parse_one(measure), tuple(changes), tuple(moves))


def _transitions(years: Years, year_from: int, year_to: int, may_hold: bool) -> list[tuple[str, int]]:
    """The years in which a tie begins (kept, not kept the year before) or ends (kept, not the year after).

    The status only changes at the derived years, so only those need checking.

    Examples
    --------
    >>> _transitions(Years(1979, 1979, 1989, 1989), 1985, 2022, False)
    [('ended', 1989)]
    >>> _transitions(Years(1990, 1999, 2021, 10000), 1985, 2022, True)
    [('began', 1990)]
    """

    def kept(year: int) -> bool:
        return selected(status(years, year), may_hold=may_hold)

    edges = {years.may_from, years.holds_from, years.holds_until + 1, years.may_until + 1}
    if years.superseded_from is not None:
        edges.add(years.superseded_from)
    out = []
    for y in sorted(e for e in edges if year_from < e <= year_to):
        before, now = kept(y - 1), kept(y)
        if now and not before:
            out.append(("began", y))
        elif before and not now:
            out.append(("ended", y - 1))
    return out


def parse_one(measure: str) -> str:
    """Check one measure name (see :func:`geokg.analysis.centrality.parse_measures`)."""
    from .centrality import parse_measures

    return parse_measures(measure)[0]
