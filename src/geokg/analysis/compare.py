"""Change over time: which ties began or ended between two years, and how actors' ranks moved.

A tie *began* between ``year_from`` and ``year_to`` when its start year is after ``year_from`` and no later
than ``year_to``; it *ended* when its end year is at or after ``year_from`` and before ``year_to`` (it was
alive in its end year). A tie that both began and ended in the interval is listed twice. Ties with an
unknown start (or end) never count as beginning (or ending).

Ranks come from :func:`geokg.analysis.centrality.centrality` on the projections as of each year (only the
ties alive then, between actors alive then). ``move`` is ``rank_from - rank_to``: positive when the actor
rose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError
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
    tie, source, target, source_label, target_label, relation, start, end : str
        The tie (IRIs, labels, type label, span as written).
    stance : float
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
    >>> c = compare(geokg.load(), 1985, 2022)
    >>> [(m.label, m.status) for m in c.ranks if m.label in ("Soviet Union", "Taliban government")]
    [('Taliban government', 'new'), ('Soviet Union', 'gone')]
    """
    if year_from > year_to:
        raise InputError(f"--from {year_from} is after --to {year_to}")
    if measure == "all":
        raise InputError("compare ranks by one measure; choose one, not all")
    filters = {"relations": tuple(relations), "classes": tuple(classes)}
    scores = {}
    for year in (year_from, year_to):
        graph = kg.to_networkx(as_of=year, **filters)
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
    graph_nodes = set(kg.to_networkx(**filters)) if filters["classes"] else None
    changes = []
    for tie in kg.ties(relations=filters["relations"]):
        if graph_nodes is not None and not {tie.source, tie.target} <= graph_nodes:
            continue
        for change, when in (("began", tie.start_year), ("ended", tie.end_year)):
            if when is None:
                continue
            year = when
            inside = year_from < year <= year_to if change == "began" else year_from <= year < year_to
            if inside:
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
                    )
                )
    changes.sort(key=lambda c: (c.year, c.change == "began", c.source_label, c.relation, c.target_label))
    return Comparison(year_from, year_to, parse_one(measure), tuple(changes), tuple(moves))


def parse_one(measure: str) -> str:
    """Check one measure name (see :func:`geokg.analysis.centrality.parse_measures`)."""
    from .centrality import parse_measures

    return parse_measures(measure)[0]
