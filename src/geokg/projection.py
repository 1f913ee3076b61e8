"""Projection of the qualified ties into NetworkX.

Nodes are entities (by IRI), edges are ties (edge key = tie IRI). Filters choose tie types, entity
classes, a year, and whether non-actor entities (regions, concerns, ...) take part.

Node attributes
    ``label`` (str), ``cls`` (most specific class, str), ``classes`` (comma-separated str),
    ``is_actor`` (bool), ``wikidata`` (str, "" when none), ``start``/``end`` (lifespan years, int or None).
Edge attributes
    ``relation`` (tie type name), ``relation_label``, ``start``/``end`` (years, int or None),
    ``start_text``/``end_text`` (as written), ``stance`` (float in [-1, 1]), ``quad_class``,
    ``modality``, ``cameo``, ``evidence`` (list of quotes), ``sources`` (list of source titles).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Entity, Tie

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
        "start": entity.start_year,
        "end": entity.end_year,
    }


def edge_attributes(tie: Tie) -> dict[str, object]:
    """The edge attributes of a tie in the projection."""
    return {
        "relation": tie.relation,
        "relation_label": tie.relation_label,
        "start": tie.start_year,
        "end": tie.end_year,
        "start_text": tie.start or "",
        "end_text": tie.end or "",
        "stance": tie.stance,
        "quad_class": tie.quad_class,
        "modality": tie.modality,
        "cameo": tie.cameo or "",
        "evidence": [e.quote for e in tie.evidence],
        "sources": sorted({e.source_title or e.source or "" for e in tie.evidence}),
    }


def to_networkx(
    kg: KnowledgeGraph,
    *,
    relations: Iterable[str] = (),
    classes: Iterable[str] = (),
    as_of: int | None = None,
    include_entities: bool = False,
    include_prospective: bool = True,
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
        Keep the ties alive in this year whose ends are alive too.
        With ``as_of`` or ``relations``, the nodes are only the entities the kept ties touch; without
        either, every matching actor is a node, tied or not.
    include_entities : bool
        Include regions, initiatives, population groups and concerns as nodes.
    include_prospective : bool
        Include ties the sources only anticipate (modality Prospective).

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
    for tie in kg.ties(relations=relations, as_of=as_of, include_prospective=include_prospective):
        source, target = kg.entities.get(tie.source), kg.entities.get(tie.target)
        if source is None or target is None or not (keep(source) and keep(target)):
            continue
        for entity in (source, target):
            if entity.iri not in graph:
                graph.add_node(entity.iri, **node_attributes(entity))
        graph.add_edge(tie.source, tie.target, key=tie.iri, **edge_attributes(tie))
    return graph
