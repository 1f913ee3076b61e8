"""Timeline: events, the starts and ends of ties, and the lifespans of actors, in date order.

Dates are compared at the precision they are written with (``1979``, ``2021-08``, ``2021-08-15``): within a
year, a bare year comes first. On the same date, entries come in this order: an actor begins, an event,
a tie begins, a tie ends, an actor ends. Undated events come last; ties or actors with an unknown start
(or end) have no entry for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..namespaces import local_name

if TYPE_CHECKING:
    from ..knowledge import KnowledgeGraph

KINDS = ("actor began", "event", "tie began", "tie ended", "actor ended")


@dataclass(frozen=True)
class Moment:
    """One entry of the timeline.

    Attributes
    ----------
    date : str
        As written ("" for an undated event).
    kind : str
        One of :data:`KINDS`.
    subject : str
        The IRI of the event, tie or actor.
    what : str
        A short description: the event's label, "Pakistan support Taliban", or the actor's label.
    actors : tuple of str
        Labels of the actors involved.
    evidence : tuple of str
        Supporting quotes.
    """

    date: str
    kind: str
    subject: str
    what: str
    actors: tuple[str, ...]
    evidence: tuple[str, ...]


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
        Only ties of these types (events and lifespans are kept).

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
    >>> [(m.date, m.kind, m.what) for m in timeline(geokg.load(), "Soviet Union")][-1]
    ('1991', 'actor ended', 'Soviet Union')
    """
    iri = kg.actor(actor).iri if actor else None
    moments: list[Moment] = []
    for event in kg.events:
        if iri and iri not in event.participants:
            continue
        moments.append(
            Moment(
                event.start or "",
                "event",
                event.iri,
                event.label,
                tuple(kg.label(p) for p in event.participants),
                tuple(e.quote for e in event.evidence),
            )
        )
    for tie in kg.ties(iri, relations):
        what = f"{kg.label(tie.source)} {tie.relation_label} {kg.label(tie.target)}"
        if tie.is_prospective:
            what += " (prospective)"
        ends = (kg.label(tie.source), kg.label(tie.target))
        quotes = tuple(e.quote for e in tie.evidence)
        if tie.start:
            moments.append(Moment(tie.start, "tie began", tie.iri, what, ends, quotes))
        if tie.end:
            moments.append(Moment(tie.end, "tie ended", tie.iri, what, ends, quotes))
    for entity in kg.entities.values():
        if iri and entity.iri != iri:
            continue
        if entity.start:
            moments.append(Moment(entity.start, "actor began", entity.iri, entity.label, (entity.label,), ()))
        if entity.end:
            moments.append(Moment(entity.end, "actor ended", entity.iri, entity.label, (entity.label,), ()))
    moments.sort(key=lambda m: (date_key(m.date), KINDS.index(m.kind), m.what, local_name(m.subject)))
    return moments
