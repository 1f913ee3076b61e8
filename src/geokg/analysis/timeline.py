"""Timeline: events, the starts and ends of statements, and the lifespans of actors, in time order.

Every entry shows its date as the source gives it ("1979", "1990s", "after 2021-08", "2021-08-15") and
never a year the source does not give: a statement whose start (or end) is unknown has no entry for it,
and an end the source only says came before its date ("ended") has none either. Entries are ordered by the
earliest year they can fall in (the derived ``mayFrom`` of an event or a start, ``holdsUntil`` of an end),
then by the date as written (within a year a bare year comes first). On the same date, entries come in this
order: an actor begins, an event, a statement begins, a statement ends, an actor ends. Events come from
:attr:`~geokg.knowledge.KnowledgeGraph.events`: all of them, with two ends or only participants; undated
events come last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..namespaces import local_name
from ..timespan import NO_END, NO_START, TimeSpec, _bound

if TYPE_CHECKING:
    from ..knowledge import KnowledgeGraph

KINDS = ("actor began", "event", "tie began", "tie ended", "actor ended")


@dataclass(frozen=True)
class Moment:
    """One entry of the timeline.

    Attributes
    ----------
    date : str
        The date as the source gives it ("1979", "1990s", "after 2021-08"; "" for an undated event).
    kind : str
        One of :data:`KINDS`.
    subject : str
        The IRI of the event, statement or actor.
    what : str
        A short description: the event's label, "Pakistan support Taliban (possible)", or the actor's label.
    actors : tuple of str
        Labels of the actors involved.
    evidence : tuple of str
        Supporting quotes.
    year : int or None
        The earliest year it can fall in (None when undated); it orders the timeline.
    statement_kind : str
        ``"event"``, ``"relation"``, ``"attitude"``, or ``"actor"``.
    """

    date: str
    kind: str
    subject: str
    what: str
    actors: tuple[str, ...]
    evidence: tuple[str, ...]
    year: int | None = None
    statement_kind: str = ""


def date_key(date: str) -> tuple[int, int, int, int]:
    """A sort key for an xsd date as written; undated sorts last.

    Examples
    --------
    >>> sorted(["2021-08", "1979", "", "2021"], key=date_key)
    ['1979', '2021', '2021-08', '']
    """
    parts = [p for p in date.lstrip("-").split("-") if p.isdigit()]
    if not parts:
        return (1, 0, 0, 0)
    year = int(parts[0]) * (-1 if date.startswith("-") else 1)
    month = int(parts[1]) if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    return (0, year, month, day)


def timeline(kg: KnowledgeGraph, actor: str | None = None, *, relations: Iterable[str] = ()) -> list[Moment]:
    """Everything dated in the graph, in order.

    Parameters
    ----------
    kg : KnowledgeGraph
    actor : str, optional
        Only what involves this actor (any name :meth:`~geokg.knowledge.KnowledgeGraph.actor` accepts).
    relations : iterable of str
        Only relations and attitudes of these types (events and lifespans are kept).

    Returns
    -------
    list of Moment

    Raises
    ------
    UnknownActorError
        ``actor`` matches nothing.

    Examples
    --------
    >>> import geokg
    >>> [(m.date, m.kind, m.what) for m in timeline(geokg.load(), "Soviet Union") if m.kind == "actor ended"]
    [('1991', 'actor ended', 'Soviet Union')]
    """
    iri = kg.actor(actor).iri if actor else None
    moments: list[Moment] = []
    for event in kg.events:
        involved = set(event.participants) | {event.source, event.target}
        if iri and iri not in involved:
            continue
        names = [kg.label(a) for a in (event.source, event.target) if a] or [kg.label(p) for p in event.participants]
        what = event.label or f"{kg.label(event.source)} {event.relation_label} {kg.label(event.target)}"
        y = event.years.may_from
        moments.append(
            Moment(
                event.when,
                "event",
                event.iri,
                what + _certainty_note(event.certainty_label),
                tuple(names),
                tuple(e.quote for e in event.evidence),
                y if event.when and y > NO_START else None,
                "event",
            )
        )
    for tie in kg.ties(iri, relations, kinds=("relation", "attitude")):
        what = f"{kg.label(tie.source)} {tie.relation_label} {kg.label(tie.target)}"
        what += _certainty_note(tie.certainty_label)
        ends = (kg.label(tie.source), kg.label(tie.target))
        quotes = tuple(e.quote for e in tie.evidence)
        start, end = _ends(tie.time)
        if start:
            began = _known(tie.years.may_from)
            moments.append(Moment(start, "tie began", tie.iri, what, ends, quotes, began, tie.kind))
        if end:
            ended = _known(tie.years.holds_until)
            moments.append(Moment(end, "tie ended", tie.iri, what, ends, quotes, ended, tie.kind))
    for entity in kg.entities.values():
        if iri and entity.iri != iri:
            continue
        start, end = _ends(entity.time)
        label = (entity.label,)
        if start:
            moments.append(
                Moment(
                    start, "actor began", entity.iri, entity.label, label, (), _known(entity.years.may_from), "actor"
                )
            )
        if end:
            moments.append(
                Moment(
                    end, "actor ended", entity.iri, entity.label, label, (), _known(entity.years.holds_until), "actor"
                )
            )
    moments.sort(key=_order)
    return moments


def _known(year: int) -> int | None:
    """A year, or None for the open bounds (:data:`~geokg.timespan.NO_START`, ``NO_END``) that are no year."""
    return year if NO_START < year < NO_END else None


def _certainty_note(label: str) -> str:
    return "" if label in ("", "asserted") else f" ({label})"


def _ends(t: TimeSpec) -> tuple[str, str]:
    """The start and the end as the source gives them ("" when unknown)."""
    start = _bound(t.start, t.start_precision, t.start_earliest, t.start_latest)
    end = _bound(t.end, t.end_precision, t.end_earliest, t.end_latest)
    return start, end


def _order(m: Moment) -> tuple[object, ...]:
    year = m.year if m.year is not None and NO_START < m.year < NO_END else None
    return (year is None, year or 0, date_key(m.date), KINDS.index(m.kind), m.what, local_name(m.subject))
