"""Projection of the statements with two ends (ties) into NetworkX.

Nodes are entities (by IRI), edges are ties (edge key = statement IRI). Filters choose statement kinds
(relations by default), types, entity classes, a year (by the one as-of rule), and whether non-actor
entities (regions, issues, ...) take part.

Node attributes
    ``label`` (str), ``cls`` (most specific class, str), ``classes`` (comma-separated str),
    ``is_actor`` (bool), ``wikidata`` (str, "" when none), ``start``/``end`` (lifespan as written, str),
    ``years`` (the four derived years of its lifespan, list of int).
Edge attributes
    ``kind`` (relation, attitude, event), ``relation`` (type name), ``relation_label``, ``when`` (the time as
    the source gives it), ``start``/``end`` (first/last possible year, int or None when unbounded),
    ``years`` (``[may_from, holds_from, holds_until, may_until, superseded_from or 10000]``),
    ``status`` (``"holds"``/``"may hold"``/``"superseded"`` in the as-of year; "" without one),
    ``stance`` (float in [-1, 1]), ``level`` (relation level label), ``quad_class``, ``certainty``
    (lower case), ``condition``, ``rank``, ``cameo``, ``qualifiers`` (str), ``credibility``,
    ``reliability`` (best grade of its sources), ``evidence`` (list of quotes), ``sources`` (titles).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Entity, Tie
from .timespan import NO_END, NO_START, selected

if TYPE_CHECKING:
    import networkx as nx

    from .knowledge import KnowledgeGraph


def node_attributes(entity: Entity) -> dict[str, object]:
    """The node attributes of an entity in the projection."""
    return {
        "label": entity.label,
        "cls": entity.classes[0] if entity.classes else "",
        "classes": ",".join(entity.classes),
        "is_actor": entity.is_actor,
        "wikidata": entity.wikidata or "",
        "start": entity.start or "",
        "end": entity.end or "",
        "years": [entity.years.may_from, entity.years.holds_from, entity.years.holds_until, entity.years.may_until],
    }


def qualifiers_text(tie: Tie) -> str:
    """The qualifiers of a statement in one line: ``manner: cautiously; means: intelligence ...``."""
    parts = [
        ("manner", "; ".join(tie.manner)),
        ("means", "; ".join(tie.means)),
        ("motive", "; ".join(tie.motive)),
        ("place", tie.place_note or ""),
        ("condition", tie.condition or ""),
    ]
    return "; ".join(f"{name}: {value}" for name, value in parts if value)


def edge_attributes(tie: Tie, as_of: int | None = None, reliability: str = "") -> dict[str, object]:
    """The edge attributes of a tie in the projection (see the module docstring)."""
    y = tie.years
    state = tie.status(as_of) if as_of is not None else None
    return {
        "kind": tie.kind,
        "relation": tie.relation,
        "relation_label": tie.relation_label,
        "when": tie.when,
        "start": y.may_from if y.may_from > NO_START else None,
        "end": y.may_until if y.may_until < NO_END else None,
        "years": [y.may_from, y.holds_from, y.holds_until, y.may_until,
                  y.superseded_from if y.superseded_from is not None else NO_END],
        "status": state or "",
        "stance": tie.stance,
        "level": tie.level_label or "",
        "quad_class": tie.quad_class,
        "certainty": tie.certainty_label,
        "condition": tie.condition or "",
        "rank": tie.rank,
        "cameo": tie.cameo or "",
        "qualifiers": qualifiers_text(tie),
        "credibility": tie.credibility or "",
        "reliability": reliability,
        "evidence": [e.quote for e in tie.evidence],
        "sources": sorted({e.document_title or e.document or "" for e in tie.evidence}),
    }  # fmt: skip


def to_networkx(
    kg: KnowledgeGraph,
    *,
    relations: Iterable[str] = (),
    classes: Iterable[str] = (),
    as_of: int | None = None,
    include_entities: bool = False,
    include_prospective: bool = True,
    kinds: Iterable[str] = ("relation",),
    may_hold: bool = False,
) -> nx.MultiDiGraph:
    """Project the graph's ties into a :class:`networkx.MultiDiGraph`.

    Parameters
    ----------
    kg : KnowledgeGraph
    relations : iterable of str
        Keep only ties of these types (names, labels or plain properties; empty = all).
    classes : iterable of str
        Keep only entities of these classes or their subclasses (empty = all actors).
    as_of : int, optional
        Keep the ties that hold in this year (the one as-of rule, :func:`geokg.timespan.status`); a
        superseded tie is left out.
        With ``as_of`` or ``relations``, the nodes are only the entities the kept ties touch; without
        either, every matching actor is a node, tied or not.
    include_entities : bool
        Include regions, initiatives, population groups and issues as nodes.
    include_prospective : bool
        Include estimates and prospects (certainty other than asserted).
    kinds : iterable of str
        Statement kinds that become edges: ``"relation"`` (the default), ``"attitude"``, ``"event"``.
    may_hold : bool
        With ``as_of``: also keep the ties that may hold in that year (their ``status`` says which).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI, edges keyed by tie IRI; attributes as in the module docstring.

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> g = kg.to_networkx(as_of=1985)
    >>> kg.actor("Soviet Union").iri in g, kg.actor("Taliban government").iri in g
    (True, False)
    """
    import networkx as nx

    wanted = {kg.resolve_class(c).name for c in classes}

    def keep(entity: Entity | None) -> bool:
        if entity is None:
            return False
        if wanted:
            return bool(wanted & entity.kinds)
        return entity.is_actor or include_entities

    graph = nx.MultiDiGraph()
    relations = list(relations)
    if as_of is None and not relations:
        for entity in kg.entities.values():
            if keep(entity) and (entity.is_actor or wanted):
                graph.add_node(entity.iri, **node_attributes(entity))
    grades = {s.iri: s.reliability or "" for s in kg.sources}
    ties = kg.ties(relations=relations, kinds=kinds, asserted_only=not include_prospective)
    for tie in ties:
        if tie.rank == "deprecated":
            continue
        if as_of is not None and not selected(tie.status(as_of), may_hold=may_hold):
            continue
        source, target = kg.entities.get(tie.source), kg.entities.get(tie.target)
        if source is None or target is None or not (keep(source) and keep(target)):
            continue
        for entity in (source, target):
            if entity.iri not in graph:
                graph.add_node(entity.iri, **node_attributes(entity))
        best = min((grades.get(e.document or "", "") or "Z" for e in tie.evidence), default="Z")
        graph.add_edge(tie.source, tie.target, key=tie.iri, **edge_attributes(tie, as_of, best.strip("Z")))
    return graph
