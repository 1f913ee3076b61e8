"""Flat rows (dicts of strings and numbers) for listings: one shape per record kind, used by every front end.

The keys are documented in the README ("JSON output"); they are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .namespaces import compact

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph
    from .model import Entity, Tie

ENTITY_COLUMNS = ["id", "label", "classes", "aliases", "wikidata", "start", "end"]
TIE_COLUMNS = [
    "tie", "kind", "from", "from_label", "relation", "to", "to_label", "when", "start", "end", "status",
    "certainty", "condition", "stance", "level", "quad_class", "cameo", "rank", "qualifiers", "credibility",
    "evidence", "source", "reliability",
]  # fmt: skip
TIE_TABLE_COLUMNS = ["from_label", "relation", "to_label", "when", "status", "certainty", "kind", "stance"]
"""The columns of the default table view (csv, tsv and json have every column)."""
CARD_COLUMNS = ["direction", "kind", "relation", "other", "when", "status", "certainty", "stance", "evidence"]


def entity_row(entity: Entity) -> dict[str, Any]:
    """One row per entity: ``id`` (prefixed IRI), ``label``, ``classes``, ``aliases``, ``wikidata``,
    ``start``, ``end`` (lifespan as written, "" when unknown)."""
    return {
        "id": compact(entity.iri),
        "label": entity.label,
        "classes": ", ".join(entity.classes),
        "aliases": ", ".join(entity.aliases),
        "wikidata": entity.wikidata or "",
        "start": entity.start or "",
        "end": entity.end or "",
    }


def tie_row(kg: KnowledgeGraph, tie: Tie, actor: str | None = None, as_of: int | None = None) -> dict[str, Any]:
    """One row per statement with two ends.

    Parameters
    ----------
    kg : KnowledgeGraph
    tie : Statement
    actor : str, optional
        IRI of the actor whose card this row belongs to; adds ``direction`` (out, in) and ``other``
        (the label of the entity at the other end).
    as_of : int, optional
        The year of an as-of listing: ``status`` says whether the statement holds, may hold or is
        superseded then ("" without a year).
    """
    return tie_rows(kg, [tie], actor, as_of)[0]


def tie_rows(
    kg: KnowledgeGraph, ties: Iterable[Tie], actor: str | None = None, as_of: int | None = None
) -> list[dict[str, Any]]:
    """The rows of :func:`tie_row` for many statements (the sources are indexed once for all).

    Parameters
    ----------
    kg : KnowledgeGraph
    ties : iterable of Statement
    actor, as_of
        As for :func:`tie_row`.

    Returns
    -------
    list of dict
    """
    from .projection import qualifiers_text

    sources = {s.iri: s for s in kg.sources}
    grades = {iri: s.reliability for iri, s in sources.items()}
    dates = {iri: s.date for iri, s in sources.items()}
    label = kg.label
    rows = []
    for tie in ties:
        evidence = tie.evidence
        documents = sorted({e.document or "" for e in evidence})
        when = tie.when
        if not when:  # no time in the text: it holds at its sources' dates
            known = sorted({dates[d] for d in documents if dates.get(d)})
            when = f"undated; as of its source ({', '.join(known)})" if known else "undated"
        row: dict[str, Any] = {
            "tie": compact(tie.iri),
            "kind": tie.kind,
            "from": compact(tie.source),
            "from_label": label(tie.source),
            "relation": tie.relation_label,
            "to": compact(tie.target),
            "to_label": label(tie.target),
            "when": when,
            "start": tie.start or "",
            "end": tie.end or "",
            "status": (tie.status(as_of) or "") if as_of is not None else "",
            "certainty": tie.certainty_label,
            "condition": tie.condition or "",
            "stance": tie.stance,
            "level": tie.level_label or "",
            "quad_class": tie.quad_class,
            "cameo": tie.cameo or "",
            "rank": tie.rank,
            "qualifiers": qualifiers_text(tie),
            "credibility": tie.credibility or "",
            "evidence": " | ".join(e.quote for e in evidence),
            "source": " | ".join(sorted({e.document_title or compact(e.document or "") for e in evidence})),
            "reliability": " | ".join(grades.get(d) or "" for d in documents),
        }
        if actor is not None:
            outgoing = tie.source == actor
            row["direction"] = "out" if outgoing else "in"
            row["other"] = label(tie.target if outgoing else tie.source)
        rows.append(row)
    return rows
