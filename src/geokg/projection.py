"""Projection of the statements with two ends (ties) into NetworkX.

Nodes are entities (by IRI), edges are ties (edge key = statement IRI). Filters choose statement kinds
(relations by default), types, entity classes, a year (by the one as-of rule), and whether non-actor
entities (regions, issues, ...) take part.

This module is the one home of the projection: a :class:`View` says what to project (the filters, an ego
view, the top N actors) and :func:`project` makes it. Analysis, render and export all call :func:`project`;
:meth:`geokg.knowledge.KnowledgeGraph.to_networkx` is a convenience that builds a :class:`View` and calls it.

An ego view or a top N is chosen on a light graph (labels, stances and tie types: what the ego search and the
ranking read), and only the nodes and ties kept get the attributes below; ``project(..., attributes=False)``
gives that light graph for the whole view (what :mod:`geokg.analysis.centrality` needs).

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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Protocol

from .collector import paused
from .errors import InputError, NoResultError
from .model import Entity, Evidence, OntologyClass, Source, Tie
from .timespan import NO_END, NO_START, selected, status

if TYPE_CHECKING:
    import networkx as nx

NOTHING_MATCHES = "no actors match these filters"
"""The one message of a projection that the filters leave empty (:class:`~geokg.errors.NoResultError`)."""
NO_TIES_MATCH = "no ties match these filters"
"""The message when tie types were asked for and no tie of them is left."""

DIRECTIONS = ("in", "out", "both")
"""Which ties an ego view follows, seen from the actor nearer the centre."""


class Graph(Protocol):
    """What a projection reads from a graph: :class:`geokg.knowledge.KnowledgeGraph` is one.

    Typing against this protocol keeps the import arrow one way: ``knowledge`` imports ``projection``,
    never the reverse.
    """

    @property
    def entities(self) -> Mapping[str, Entity]: ...

    @property
    def sources(self) -> Sequence[Source]: ...

    def actor(self, name: str) -> Entity: ...

    def label(self, iri: str) -> str: ...

    def resolve_class(self, name: str) -> OntologyClass: ...

    def ties(
        self,
        actor: str | None = None,
        relations: Iterable[str] = (),
        as_of: int | None = None,
        *,
        kinds: Iterable[str] = (),
        may_hold: bool = False,
        superseded: bool = False,
        asserted_only: bool = False,
        include_prospective: bool | None = None,
    ) -> list[Tie]: ...


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
    if not (tie.manner or tie.means or tie.motive or tie.place_note or tie.condition):
        return ""  # most statements have none
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
    return _edge_attributes(tie, as_of, reliability, [e.quote for e in tie.evidence], _titles(tie.evidence), tie.when)


def _titles(evidence: Sequence[Evidence]) -> list[str]:
    """The sorted titles (or IRIs) of the documents a tie's evidence quotes."""
    return sorted({e.document_title or e.document or "" for e in evidence})


def _edge_attributes(
    tie: Tie, as_of: int | None, reliability: str, evidence: list[str], sources: list[str], when: str
) -> dict[str, object]:
    y = tie.years
    return {
        "kind": tie.kind,
        "relation": tie.relation,
        "relation_label": tie.relation_label,
        "when": when,
        "start": y.may_from if y.may_from > NO_START else None,
        "end": y.may_until if y.may_until < NO_END else None,
        "years": [y.may_from, y.holds_from, y.holds_until, y.may_until,
                  y.superseded_from if y.superseded_from is not None else NO_END],
        "status": (status(y, as_of) or "") if as_of is not None else "",
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
        "evidence": evidence,
        "sources": sources,
    }  # fmt: skip


def _strings(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class View:
    """What to project: the filters, an ego view and the top N actors. Immutable; build variants with
    :func:`dataclasses.replace` or :meth:`of`.

    Attributes
    ----------
    relations : tuple of str
        Keep only ties of these types (names, labels or plain properties; empty = all).
    classes : tuple of str
        Keep only entities of these classes or their subclasses (empty = all actors).
    kinds : tuple of str
        Statement kinds that become edges: ``"relation"`` (the default; empty means the default),
        ``"attitude"``, ``"event"``.
    as_of : int, optional
        Keep the ties that hold in this year (the one as-of rule, :func:`geokg.timespan.status`); a
        superseded tie is left out. With ``as_of`` or ``relations``, the nodes are only the entities the
        kept ties touch; without either, every matching actor is a node, tied or not.
    may_hold : bool
        With ``as_of``: also keep the ties that may hold in that year (their ``status`` says which).
    asserted_only : bool
        Keep only what the sources state as fact (leave out estimates and prospects).
    include_entities : bool
        Include regions, initiatives, population groups and issues as nodes (an ego view centred on
        one includes them).
    actor : str, optional
        Ego view: keep this actor (any name :meth:`~geokg.knowledge.KnowledgeGraph.actor` accepts) and
        everything within ``depth`` ties of it.
    depth : int
        Radius of the ego view (at least 1).
    direction : {"in", "out", "both"}
        Which ties the ego view follows, seen from the actor nearer the centre.
    top : int, optional
        Keep only the ``top`` actors ranked highest by ``rank_by`` (ties between them kept; at least 1).
    rank_by : str
        The centrality measure that ranks for ``top`` (:data:`geokg.analysis.centrality.MEASURES`).
    weight : {"none", "count", "abs-stance"}
        The tie strength ``rank_by`` uses (:mod:`geokg.analysis.simple`).

    Raises
    ------
    InputError
        ``depth`` or ``top`` below 1, or an unknown direction (``parameter`` names the field).

    Examples
    --------
    >>> View(relations="support", as_of=1985).relations
    ('support',)
    >>> View(depth=0)
    Traceback (most recent call last):
    geokg.errors.InputError: depth must be at least 1, not 0
    """

    relations: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("relation",)
    as_of: int | None = None
    may_hold: bool = False
    asserted_only: bool = False
    include_entities: bool = False
    actor: str | None = None
    depth: int = 1
    direction: str = "both"
    top: int | None = None
    rank_by: str = "pagerank"
    weight: str = "count"

    def __post_init__(self) -> None:
        for name in ("relations", "classes", "kinds"):
            object.__setattr__(self, name, _strings(getattr(self, name)))
        if not self.kinds:
            object.__setattr__(self, "kinds", ("relation",))
        if self.depth < 1:
            raise InputError(f"depth must be at least 1, not {self.depth}", parameter="depth")
        if self.top is not None and self.top < 1:
            raise InputError(f"top must be at least 1, not {self.top}", parameter="top")
        if self.direction not in DIRECTIONS:
            raise InputError(
                f"unknown direction {self.direction!r}; choose one of: {', '.join(DIRECTIONS)}", parameter="direction"
            )

    @classmethod
    def of(cls, **filters: Any) -> View:
        """A view from keyword filters; also reads ``include_prospective`` (the old spelling of
        ``not asserted_only``).

        Raises
        ------
        InputError
            A keyword that is not a field of :class:`View`.

        Examples
        --------
        >>> View.of(include_prospective=False, as_of=2001).asserted_only
        True
        """
        if "include_prospective" in filters:
            filters["asserted_only"] = not filters.pop("include_prospective")
        known = {f.name for f in fields(cls)}
        for name in filters:
            if name not in known:
                raise InputError(f"unknown projection filter {name!r}; choose from: {', '.join(sorted(known))}",
                                 parameter=name)  # fmt: skip
        return cls(**filters)

    @property
    def is_filtered(self) -> bool:
        """Whether the view differs from the default projection (every actor, relations only).

        Examples
        --------
        >>> View(depth=3).is_filtered, View(actor="Taliban").is_filtered
        (False, True)
        """
        plain = View(rank_by=self.rank_by, weight=self.weight)
        if self.actor is None:
            plain = replace(plain, depth=self.depth, direction=self.direction)
        return self != plain


def project(
    kg: Graph, view: View | None = None, /, *, allow_empty: bool = False, attributes: bool = True, **filters: Any
) -> nx.MultiDiGraph:
    """Project ``kg`` into a :class:`networkx.MultiDiGraph` as ``view`` says: the one projection.

    Parameters
    ----------
    kg : KnowledgeGraph
        Or anything with the members of :class:`Graph`.
    view : View, optional
        What to project (the default view: every actor, relations only).
    allow_empty : bool
        Return an empty graph instead of raising :class:`~geokg.errors.NoResultError`.
    attributes : bool
        Give every attribute of the module docstring. With False, nodes carry only ``label`` and ties only
        ``stance`` and ``relation`` (what :mod:`geokg.analysis.centrality` reads): the same nodes and ties in
        the same order, made several times faster on a large graph.
    **filters
        Fields of :class:`View`, set on top of ``view`` (see :meth:`View.of`).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI, edges keyed by tie IRI; attributes as in the module docstring.

    Raises
    ------
    InputError
        A bad field of the view.
    UnknownNameError
        An actor, class or tie type name matches nothing.
    NoResultError
        :data:`NOTHING_MATCHES`: the filters leave no node (or the ego actor is not among them);
        :data:`NO_TIES_MATCH`: tie types were asked for and no tie of them is left.

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> g = project(kg, View(as_of=1985))
    >>> kg.actor("Soviet Union").iri in g, kg.actor("Taliban government").iri in g
    (True, False)
    >>> kg.actor("Mujahideen").iri in project(kg, actor="Soviet Union", depth=1)
    True
    >>> project(kg, View(as_of=1500, classes=("MilitaryAlliance",)))
    Traceback (most recent call last):
    geokg.errors.NoResultError: no actors match these filters
    """
    if view is None:
        view = View.of(**filters)
    elif filters:
        view = View.of(**{**{f.name: getattr(view, f.name) for f in fields(View)}, **filters})
    center = kg.actor(view.actor) if view.actor else None
    include_entities = view.include_entities or (center is not None and not center.is_actor)
    chosen = _select(kg, view, include_entities)  # (reads the records first, if not read yet)
    with paused():  # many lasting dicts and lists, no garbage (see geokg.collector)
        return _project(kg, view, chosen, center, allow_empty=allow_empty, attributes=attributes)


def _project(
    kg: Graph, view: View, chosen: _Selection, center: Entity | None, *, allow_empty: bool, attributes: bool
) -> nx.MultiDiGraph:
    if center is None and view.top is None:
        graph = _graph(kg, chosen, view.as_of, light=not attributes)
    else:
        # An ego view or a top N keeps a few nodes of a large projection: choose them on a light graph (labels,
        # stances, tie types: what the ego search and the ranking read), then attribute only what is kept.
        graph = _graph(kg, chosen, view.as_of, light=True)
        cut = False
        if center is not None:
            if center.iri not in graph:
                if allow_empty:
                    return _graph(kg, _Selection([], []), view.as_of)
                raise NoResultError(f"{NOTHING_MATCHES}: {center.label} is not in this projection")
            keep = {center.iri}.union(*ego_rings(graph, center.iri, depth=view.depth, direction=view.direction))
            graph, cut = _induced(graph, keep), True
        if view.top is not None and graph.number_of_nodes() > view.top:
            from .analysis.centrality import centrality

            ranked = centrality(graph, view.rank_by, weight=view.weight)
            graph, cut = _induced(graph, [s.actor for s in ranked[: view.top]]), True
        if not cut:  # the top N keeps every node: the projection itself
            graph = _graph(kg, chosen, view.as_of, light=not attributes)
        elif attributes:
            graph = _graph(kg, chosen, view.as_of, order=graph)
    if not allow_empty:
        if graph.number_of_nodes() == 0:
            raise NoResultError(NOTHING_MATCHES)
        if view.relations and graph.number_of_edges() == 0:
            raise NoResultError(NO_TIES_MATCH)
    return graph


@dataclass(frozen=True)
class _Selection:
    """What the filters of a view keep, in the projection's order: the actors that are nodes whatever their
    ties (when neither a year nor tie types are asked for), then the ties with the best grade of their sources.
    """

    nodes: list[str]
    ties: list[tuple[Tie, str]]


def _select(kg: Graph, view: View, include_entities: bool) -> _Selection:
    """The ties and entities the filters of ``view`` keep (before the ego view and the top N)."""
    wanted = {kg.resolve_class(c).name for c in view.classes}

    def keep(entity: Entity | None) -> bool:
        if entity is None:
            return False
        if wanted:
            return bool(wanted & entity.kinds)
        return entity.is_actor or include_entities

    nodes: list[str] = []
    if view.as_of is None and not view.relations:
        nodes = [e.iri for e in kg.entities.values() if keep(e) and (e.is_actor or wanted)]
    grades = {s.iri: s.reliability or "" for s in kg.sources}
    entities = kg.entities
    kept: dict[str, bool] = {}  # entity IRI -> whether keep() keeps it (each entity asked once)
    best: dict[int, str] = {}  # id of an evidence tuple (shared by many ties) -> the best grade of its sources
    ties: list[tuple[Tie, str]] = []
    as_of, may_hold = view.as_of, view.may_hold
    for tie in kg.ties(relations=view.relations, kinds=view.kinds, asserted_only=view.asserted_only):
        if tie.rank == "deprecated":
            continue
        if as_of is not None and not selected(tie.status(as_of), may_hold=may_hold):
            continue
        source, target = tie.source, tie.target
        keep_source = kept.get(source)
        if keep_source is None:
            keep_source = kept[source] = keep(entities.get(source))
        keep_target = kept.get(target)
        if keep_target is None:
            keep_target = kept[target] = keep(entities.get(target))
        if not (keep_source and keep_target):
            continue
        grade = best.get(id(tie.evidence))
        if grade is None:
            grade = best[id(tie.evidence)] = min(
                (grades.get(e.document or "", "") or "Z" for e in tie.evidence), default="Z"
            ).strip("Z")
        ties.append((tie, grade))
    return _Selection(nodes, ties)


def _graph(
    kg: Graph, chosen: _Selection, as_of: int | None, *, light: bool = False, order: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """The projection of what was ``chosen``: every attribute, or with ``light`` only ``label`` on nodes and
    ``stance`` and ``relation`` on ties. With ``order`` (a light graph), only its nodes and ties, in its order
    (which is the order the whole projection would have)."""
    import networkx as nx

    entities = kg.entities
    graph = nx.MultiDiGraph()
    # Many ties share one evidence tuple and one time (the store's table holds each once): by id, the quotes
    # and titles of each evidence tuple and the words of each time, worked out once.
    facts: dict[int, tuple[list[str], list[str]]] = {}
    whens: dict[int, str] = {}

    def attributes(tie: Tie, grade: str) -> dict[str, object]:
        found = facts.get(id(tie.evidence))
        if found is None:
            found = facts[id(tie.evidence)] = ([e.quote for e in tie.evidence], _titles(tie.evidence))
        when = whens.get(id(tie.time))
        if when is None:
            when = whens[id(tie.time)] = tie.time.text()
        return _edge_attributes(tie, as_of, grade, list(found[0]), list(found[1]), when)

    if order is not None:
        graph.add_nodes_from((node, node_attributes(entities[node])) for node in order)
        wanted = {
            (t.source, t.target, t.iri): (t, g) for t, g in chosen.ties if t.source in order and t.target in order
        }
        graph.add_edges_from((u, v, k, attributes(*wanted[(u, v, k)])) for u, v, k in order.edges(keys=True))
        return graph
    make_node = (lambda e: {"label": e.label}) if light else node_attributes
    graph.add_nodes_from((node, make_node(entities[node])) for node in chosen.nodes)
    for tie, grade in chosen.ties:
        source, target = tie.source, tie.target
        if source not in graph:
            graph.add_node(source, **make_node(entities[source]))
        if target not in graph:
            graph.add_node(target, **make_node(entities[target]))
        if light:
            graph.add_edge(source, target, key=tie.iri, stance=tie.stance, relation=tie.relation)
        else:
            graph.add_edge(source, target, key=tie.iri, **attributes(tie, grade))
    return graph


def _label_key(graph: nx.Graph, node: Any) -> tuple[str, str]:
    return (str(graph.nodes[node].get("label", node)), str(node))


def ego_rings(graph: nx.MultiDiGraph, center: Any, *, depth: int = 1, direction: str = "both") -> list[dict[Any, Any]]:
    """The ego network of ``center``, ring by ring: the one breadth-first search of ego views.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    center : node
        Must be in ``graph``.
    depth : int
        How many steps out (at least 1).
    direction : {"in", "out", "both"}
        ``out`` follows ties from the actor nearer the centre, ``in`` ties towards it, ``both`` either.

    Returns
    -------
    list of dict
        One dict per distance (1, 2, ...; empty rings are left off): node -> the node one step nearer the
        centre it was reached through (the first by label among equally near ones).

    Raises
    ------
    InputError
        ``depth`` below 1 or an unknown direction.
    NoResultError
        ``center`` is not in the graph.

    Examples
    --------
    >>> import networkx as nx
    >>> ego_rings(nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")]), "a", depth=3)
    [{'b': 'a'}, {'c': 'b'}, {'d': 'c'}]
    >>> ego_rings(nx.MultiDiGraph([("a", "b"), ("c", "b")]), "a", depth=3, direction="out")
    [{'b': 'a'}]
    """
    if depth < 1:
        raise InputError(f"depth must be at least 1, not {depth}", parameter="depth")
    if direction not in DIRECTIONS:
        raise InputError(f"unknown direction {direction!r}; choose one of: {', '.join(DIRECTIONS)}",
                         parameter="direction")  # fmt: skip
    if center not in graph:
        raise NoResultError(f"{NOTHING_MATCHES}: {center} is not in this projection")

    def step(node: Any) -> set[Any]:
        out: set[Any] = set()
        if direction in ("out", "both"):
            out.update(graph.successors(node))
        if direction in ("in", "both"):
            out.update(graph.predecessors(node))
        out.discard(node)
        return out

    seen = {center}
    ring = [center]
    rings: list[dict[Any, Any]] = []
    for _ in range(depth):
        nxt: dict[Any, Any] = {}
        for node in sorted(ring, key=lambda n: _label_key(graph, n)):
            for other in sorted(step(node), key=lambda n: _label_key(graph, n)):
                if other not in seen and other not in nxt:
                    nxt[other] = node
        if not nxt:
            break
        rings.append(nxt)
        seen.update(nxt)
        ring = list(nxt)
    return rings


def _induced(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph of ``nodes`` as a new graph, its nodes and ties in the graph's own order.

    ``graph.subgraph(nodes).copy()`` walks a node set smaller than half the graph in the set's order, which
    changes from run to run (string hashes are salted), and so did the order of a page's or a file's nodes.
    """
    keep = set(nodes)
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if n in keep)
    sub.add_edges_from(
        (u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep
    )
    return sub
