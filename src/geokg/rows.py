"""Flat rows (dicts of strings and numbers) for listings: one shape per record kind, used by every front end.

The keys are documented in the README ("JSON output"); they are stable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .namespaces import compact

if TYPE_CHECKING:
    from .knowledge import KnowledgeGraph
    from .model import Entity, Tie

ENTITY_COLUMNS = ["id", "label", "classes", "aliases", "wikidata", "start", "end"]
TIE_COLUMNS = [
    "tie", "from", "from_label", "relation", "to", "to_label", "start", "end",
    "stance", "quad_class", "modality", "cameo", "evidence", "source",
]  # fmt: skip
CARD_COLUMNS = ["direction", "relation", "other", "start", "end", "stance", "modality", "evidence"]


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


def tie_row(kg: KnowledgeGraph, tie: Tie, actor: str | None = None) -> dict[str, Any]:
    """One row per tie.

    Parameters
    ----------
    kg : KnowledgeGraph
    tie : Tie
    actor : str, optional
        IRI of the actor whose card this row belongs to; adds ``direction`` (out, in) and ``other``
        (the label of the entity at the other end).
    """
    row: dict[str, Any] = {
        "tie": compact(tie.iri),
        "from": compact(tie.source),
        "from_label": kg.label(tie.source),
        "relation": tie.relation_label,
        "to": compact(tie.target),
        "to_label": kg.label(tie.target),
        "start": tie.start or "",
        "end": tie.end or "",
        "stance": tie.stance,
        "quad_class": tie.quad_class,
        "modality": tie.modality.lower(),
        "cameo": tie.cameo or "",
        "evidence": " | ".join(e.quote for e in tie.evidence),
        "source": " | ".join(sorted({e.source_title or compact(e.source or "") for e in tie.evidence})),
    }
    if actor is not None:
        outgoing = tie.source == actor
        row["direction"] = "out" if outgoing else "in"
        row["other"] = kg.label(tie.target if outgoing else tie.source)
    return row
