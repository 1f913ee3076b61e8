"""The knowledge graph: loading the bundled and the user's files, and asking it for actors and statements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import Backend, RdflibBackend
from .errors import InputError, NoResultError
from .lookup import NameIndex, actor_index
from .model import KINDS, Entity, Evidence, OntologyClass, Source, Statement, StatementType, Tie
from .namespaces import PREFIXES, local_name
from .timespan import selected

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from .records import Code
    from .validation import ValidationReport


class KnowledgeGraph:
    """A loaded geokg graph: the ontology, the instance data and the derived plain triples.

    Build one with :func:`load`. Records (actors, ties, ...) are read once through a
    :class:`~geokg.backends.Backend` and cached.

    Parameters
    ----------
    backend : Backend
        Where the records are read from.
    graph : rdflib.Graph, optional
        The in-memory graph, when there is one (power users may query it directly).
    files : sequence of Path
        The files that were loaded.
    derived : int
        How many plain triples the derivation rule added.
    """

    def __init__(
        self,
        backend: Backend,
        graph: Graph | None = None,
        files: Sequence[Path] = (),
        derived: int = 0,
    ) -> None:
        self.backend = backend
        self._graph = graph
        self.files = tuple(files)
        self.derived = derived
        self.min_grade: str | None = None

    # -- the raw graph ---------------------------------------------------------------------------
    @property
    def graph(self) -> Graph:
        """The in-memory rdflib graph.

        Raises
        ------
        InputError
            When the graph lives in a store or endpoint and was never loaded into memory.
        """
        if self._graph is None and isinstance(self.backend, RdflibBackend):
            self._graph = self.backend.graph  # a cached load parses its graph on first use
        if self._graph is None:
            raise InputError("this graph lives in a store or endpoint; it has no in-memory rdflib graph")
        return self._graph

    def __len__(self) -> int:
        rows = self.backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"] or 0)

    # -- records ---------------------------------------------------------------------------------
    @cached_property
    def classes(self) -> dict[str, OntologyClass]:
        """The vocabulary's classes by IRI."""
        from .records import read_classes

        return read_classes(self.backend)

    @cached_property
    def entities(self) -> dict[str, Entity]:
        """Every actor and other entity, by IRI."""
        from .records import read_entities

        return read_entities(self.backend, self.classes)

    @cached_property
    def _evidence(self) -> dict[str, tuple[Evidence, ...]]:
        from .records import read_evidence

        return read_evidence(self.backend)

    @cached_property
    def codes(self) -> dict[str, Code]:
        """The concepts of the code lists (relation levels, CAMEO codes, certainties, grades), by IRI."""
        from .records import read_codes

        return read_codes(self.backend)

    @cached_property
    def statement_types(self) -> dict[str, StatementType]:
        """The statement types by IRI."""
        from .records import read_statement_types

        return read_statement_types(self.backend, self.codes)

    @property
    def tie_types(self) -> dict[str, StatementType]:
        """Deprecated name of :attr:`statement_types`."""
        return self.statement_types

    @cached_property
    def statements(self) -> list[Statement]:
        """Every statement: events, relations, attitudes and causal links, ordered by time (only those graded
        at least :attr:`min_grade` when it is set, see :meth:`restrict`)."""
        return self._graded(self._read_statements())

    def _read_statements(self) -> list[Statement]:
        """Every statement as the backend holds it, before :meth:`restrict` (a store's table overrides this)."""
        from .records import read_statements

        return read_statements(self.backend, self.statement_types, self.codes, self._evidence)

    def _graded(self, found: list[Statement]) -> list[Statement]:
        """``found`` without the statements graded below :attr:`min_grade` (all of them when it is not set)."""
        if not self.min_grade:
            return found
        from .authoring.grades import statement_filter

        keep = statement_filter(self, self.min_grade)
        return [s for s in found if keep(s)]  # type: ignore[operator]

    def _ties_of(self, kinds: frozenset[str]) -> list[Tie]:
        """The statements with two ends of these kinds, in the order of :attr:`all_ties` (a store's table
        overrides this, to decode only those)."""
        return [t for t in self.all_ties if t.kind in kinds]

    def restrict(self, *, min_grade: str | None) -> KnowledgeGraph:
        """Keep only the statements graded at least ``min_grade`` from now on, for every reader of this graph.

        Parameters
        ----------
        min_grade : str or None
            An Admiralty grade such as ``"B2"`` (source reliability A or B, information credibility 1 or 2),
            ``"B"`` or ``"2"``; statements without the grade asked for fail it. None keeps everything.

        Returns
        -------
        KnowledgeGraph
            This graph.

        Raises
        ------
        InputError
            ``min_grade`` is not a grade.

        Examples
        --------
        >>> import geokg
        >>> kg = geokg.load(["docs/examples/recognition-2025/recognition.ttl"]).restrict(min_grade="C")
        >>> [t.relation for t in kg.statements]
        ['Recognition']
        """
        if min_grade:
            from .authoring.grades import parse_grade

            parse_grade(min_grade)
        self.min_grade = min_grade or None
        for name in ("statements", "all_ties", "events", "causal_links", "_statements_by_iri"):
            self.__dict__.pop(name, None)
        return self

    @cached_property
    def all_ties(self) -> list[Tie]:
        """Every statement with two ends (relations, attitudes, events between two actors), ordered by time."""
        return [s for s in self.statements if s.is_tie]

    @cached_property
    def events(self) -> list[Statement]:
        """Every event, in date order."""
        return sorted((s for s in self.statements if s.kind == "event"), key=lambda e: (e.years.may_from, e.iri))

    @cached_property
    def causal_links(self) -> list[Statement]:
        """Every causal link."""
        return [s for s in self.statements if s.kind == "causal link"]

    @cached_property
    def sources(self) -> list[Source]:
        """Every source document."""
        from .records import read_sources

        return read_sources(self.backend, self.codes)

    def statement(self, iri: str) -> Statement | None:
        """The statement with this IRI, or None."""
        return self._statements_by_iri.get(iri)

    @cached_property
    def _statements_by_iri(self) -> dict[str, Statement]:
        return {s.iri: s for s in self.statements}

    # -- lookup ------------------------------------------------------------------------------------
    @cached_property
    def _entity_index(self) -> NameIndex[Entity]:
        index: NameIndex[Entity] = actor_index()
        for ent in sorted(self.entities.values(), key=lambda e: (not e.is_actor, e.iri)):
            index.add(ent.iri, ent.label, ent.aliases, ent)
        return index

    @cached_property
    def _class_index(self) -> NameIndex[OntologyClass]:
        index: NameIndex[OntologyClass] = NameIndex("class")
        entity = PREFIXES["geo"] + "Entity"
        for cls in self.classes.values():
            if entity in self._class_ancestors.get(cls.iri, ()):
                index.add(cls.iri, cls.label, [], cls)
        return index

    @cached_property
    def _class_ancestors(self) -> dict[str, frozenset[str]]:
        from .records import superclasses

        return superclasses(self.classes)

    @cached_property
    def _relation_index(self) -> NameIndex[StatementType]:
        index: NameIndex[StatementType] = NameIndex("statement type")
        for tt in self.statement_types.values():
            names = [*tt.aliases, local_name(tt.plain_property)] if tt.plain_property else list(tt.aliases)
            index.add(tt.iri, tt.label, names, tt)
        return index

    def actor(self, name: str) -> Entity:
        """Find an actor or other entity by IRI, prefixed name, label or alias.

        Matching ignores case, accents, dots and a leading "the".

        Parameters
        ----------
        name : str
            E.g. ``"USSR"``, ``"Moscow"``, ``"ISKP"``, ``"U.S."`` or ``"id:Russia"``.

        Returns
        -------
        Entity

        Raises
        ------
        UnknownActorError
            Nothing matches; ``suggestions`` holds the closest names.

        Examples
        --------
        >>> import geokg
        >>> geokg.load().actor("USSR").label
        'Soviet Union'
        """
        return self._entity_index.resolve(name)

    def actor_iri(self, name: str) -> str:
        """The IRI of the actor or entity named ``name``, as :meth:`actor` finds it.

        On a store or endpoint, a name that equals one entity's label or alias (ignoring case) is
        answered by one targeted query, without reading every entity; anything else (accents, dots,
        misspellings, ambiguity) goes through :meth:`actor`, with its suggestions.

        Raises
        ------
        UnknownActorError

        Examples
        --------
        >>> import geokg
        >>> geokg.load().actor_iri("Moscow")
        'https://w3id.org/geokg/id/Russia'
        """
        if "entities" not in self.__dict__ and not isinstance(self.backend, RdflibBackend):
            found = self._exact_label(name)
            if found is not None:
                return found
        return self.actor(name).iri

    def _exact_label(self, name: str) -> str | None:
        import json

        text = name.strip()
        exact = json.dumps(text)  # a valid SPARQL string literal, quotes escaped
        # First the label exactly as typed (index lookups), then any case (a scan of the labels).
        for match in (
            f"VALUES ?l {{ {exact} {exact}@en }}",
            f"FILTER(LCASE(STR(?l)) = {json.dumps(text.lower())})",
        ):
            rows = self.backend.select(
                "SELECT DISTINCT ?e ?kind WHERE {"
                " { ?e skos:prefLabel ?l BIND(1 AS ?kind) } UNION { ?e skos:altLabel ?l BIND(2 AS ?kind) }"
                f" {match} ?e a ?class . ?class rdfs:subClassOf* geo:Entity }}"
            )
            for kind in ("1", "2"):  # preferred labels first, then aliases; only a single match counts
                hits = {r["e"] for r in rows if r["kind"] == kind}
                if hits:
                    return hits.pop() if len(hits) == 1 else None
        return None

    def resolve_class(self, name: str) -> OntologyClass:
        """Find an entity class by name or label ("State", "armed group", "geo:Region").

        Raises
        ------
        UnknownNameError
        """
        return self._class_index.resolve(name)

    def resolve_relation(self, name: str) -> StatementType:
        """Find a statement type by name, label, alias or plain property ("Support", "support", "supports").

        Raises
        ------
        UnknownNameError
        """
        return self._relation_index.resolve(name)

    def actors(self, classes: Iterable[str] = (), *, include_entities: bool = False) -> list[Entity]:
        """List actors (and, optionally, other entities), filtered by class.

        Parameters
        ----------
        classes : iterable of str
            Class names; an entity matches when it belongs to any of them or to a subclass.
        include_entities : bool
            Also list regions, initiatives, population groups and concerns.

        Returns
        -------
        list of Entity
            Sorted by label.

        Examples
        --------
        >>> import geokg
        >>> [a.label for a in geokg.load().actors(["MilitaryAlliance"])]
        ['Collective Security Treaty Organization', 'North Atlantic Treaty Organization']
        """
        wanted = {self.resolve_class(c).name for c in classes}
        out = [
            e
            for e in self.entities.values()
            if (e.is_actor or include_entities or wanted) and (not wanted or wanted & e.kinds)
        ]
        return sorted(out, key=lambda e: e.label.casefold())

    def label(self, iri: str) -> str:
        """The preferred label of an entity, or the IRI's local name."""
        ent = self.entities.get(iri)
        return ent.label if ent else local_name(iri)

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
    ) -> list[Tie]:
        """List statements with two ends (relations, attitudes, events between two actors), filtered.

        Parameters
        ----------
        actor : str, optional
            Keep statements from or to this actor (any name :meth:`actor` accepts).
        relations : iterable of str
            Keep statements of these types (names, labels, aliases or plain properties).
        as_of : int, optional
            Keep what holds in this year by the one as-of rule (:func:`geokg.timespan.status`).
        kinds : iterable of str
            Keep these kinds: ``"relation"``, ``"attitude"``, ``"event"`` (empty = all).
        may_hold : bool
            With ``as_of``: also keep what may hold in that year.
        superseded : bool
            With ``as_of``: also keep what a newer statement supersedes in that year.
        asserted_only : bool
            Keep only what the sources state as fact (certainty ``Asserted``), not estimates or prospects.
        include_prospective : bool, optional
            Deprecated spelling of ``not asserted_only``.

        Returns
        -------
        list of Statement

        Raises
        ------
        UnknownNameError
            An unknown actor, type or kind (with suggestions).

        Examples
        --------
        >>> import geokg
        >>> kg = geokg.load()
        >>> sorted(kg.label(t.source) for t in kg.ties("mujahideen", ["support"]))
        ['Pakistan', 'Saudi Arabia', 'United States']
        """
        if include_prospective is not None:
            asserted_only = not include_prospective
        iri = self.actor(actor).iri if actor else None
        types = {self.resolve_relation(r).name for r in relations}
        wanted_kinds = {resolve_kind(k) for k in kinds}
        out = []
        for tie in self._ties_of(frozenset(wanted_kinds)) if wanted_kinds else self.all_ties:
            if iri and iri not in (tie.source, tie.target):
                continue
            if types and tie.relation not in types:
                continue
            if asserted_only and not tie.is_asserted:
                continue
            if as_of is not None and not selected(tie.status(as_of), may_hold=may_hold, superseded=superseded):
                continue
            out.append(tie)
        return out

    # -- summaries and views ---------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """Counts: triples, actors by class, ties by type, events, sources.

        Returns
        -------
        dict
            ``{"triples": int, "derived_triples": int, "actors": int, "entities": int,
            "actors_by_class": {...}, "statements": int, "statements_by_kind": {...}, "ties": int,
            "ties_by_type": {...} (statements by type label), "events": int, "sources": int}``
        """
        by_class: dict[str, int] = {}
        for ent in self.entities.values():
            for cls in ent.classes:
                by_class[cls] = by_class.get(cls, 0) + 1
        by_type: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for st in self.statements:
            by_type[st.relation_label] = by_type.get(st.relation_label, 0) + 1
            by_kind[st.kind] = by_kind.get(st.kind, 0) + 1
        return {
            "triples": len(self),
            "derived_triples": self.derived,
            "actors": sum(1 for e in self.entities.values() if e.is_actor),
            "entities": len(self.entities),
            "actors_by_class": dict(sorted(by_class.items())),
            "statements": len(self.statements),
            "statements_by_kind": dict(sorted(by_kind.items())),
            "ties": len(self.all_ties),
            "ties_by_type": dict(sorted(by_type.items())),
            "events": len(self.events),
            "sources": len(self.sources),
        }

    def to_networkx(self, **filters: Any) -> nx.MultiDiGraph:
        """Project into a :class:`networkx.MultiDiGraph`: a convenience for
        ``geokg.projection.project(self, View.of(**filters), allow_empty=True)``.

        Parameters
        ----------
        **filters
            Fields of :class:`geokg.projection.View` (``relations``, ``classes``, ``kinds``, ``as_of``,
            ``may_hold``, ``asserted_only`` or its old spelling ``include_prospective``, ``include_entities``,
            ``actor``, ``depth``, ``top``, ...).

        Returns
        -------
        networkx.MultiDiGraph
            Possibly empty (:func:`geokg.projection.project` raises instead).

        Examples
        --------
        >>> import geokg
        >>> kg = geokg.load()
        >>> kg.actor("Soviet Union").iri in kg.to_networkx(as_of=1985)
        True
        """
        from .progress import task
        from .projection import View, project

        with task("reading actors and ties"):  # the first call reads the records: long on a big store
            return project(self, View.of(**filters), allow_empty=True)

    def validate(self) -> ValidationReport:
        """Check the graph against the SHACL shapes, and its files for what the rules derive written by hand.

        See :func:`geokg.validation.validate` and :func:`geokg.validation.hand_written_derivations`. The
        statement files (the bundled graph and the user's, not the ontology) are read again for the second
        check, since the loaded graph holds the derived triples too.
        """
        from rdflib import Graph

        from .parsing import parse_file
        from .resources import ontology_files
        from .validation import hand_written_derivations, validate

        graph = self.graph  # raises InputError on a store or endpoint
        ontology = set(ontology_files())
        written = Graph()
        for path in self.files:
            if path not in ontology:
                parse_file(path, written)
        return validate(graph, hand_written_derivations(written, vocabulary=graph))


def load(
    paths: Iterable[str | Path] = (),
    *,
    bundled: bool = True,
    allow_network: bool = False,
) -> KnowledgeGraph:
    """Load the ontology, the bundled graph and the user's files into an in-memory graph.

    The ontology (vocabulary and code lists) is always loaded. Then the rules of ``ontology/rules/`` derive
    the statements' year bounds and the plain triples. Nothing is fetched from the network.

    Parameters
    ----------
    paths : iterable of str or Path
        The user's Turtle, N-Triples, JSON-LD or RDF/XML files, or folders of them.
    bundled : bool
        Include the bundled graph of the source article.
    allow_network : bool
        Allow remote JSON-LD contexts.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    DataError
        A file is missing, unreadable, empty or not valid RDF (the message names file:line:column).

    Examples
    --------
    >>> import geokg
    >>> kg = geokg.load()
    >>> kg.actor("Taliban").label
    'Taliban'
    """
    from . import cache
    from .guards import read_input
    from .parsing import collect_files
    from .resources import graph_files, ontology_files, rule_files

    user_files = collect_files(paths)
    files = ontology_files() + (graph_files() if bundled else []) + user_files
    inputs = {path: read_input(path) for path in files}  # each file read once, for the key and the parser
    # A graph loaded before from the very same files (same bytes, paths, code and versions) is reused.
    key = cache.cache_key(files, rule_files(), allow_network=allow_network, contents=inputs)
    entry = cache.lookup(key) if key else None
    if entry is not None:
        return KnowledgeGraph(cache.CachedBackend(entry), None, files, entry.derived)
    graph, derived = _parse(files, allow_network, inputs)
    if key is None:
        return KnowledgeGraph(RdflibBackend(graph), graph, files, derived)
    recorder = cache.RecordingBackend(graph)
    kg = KnowledgeGraph(recorder, graph, files, derived)
    kg.info()  # runs the record readers once, so that the cache entry holds their rows
    cache.store(cache.entry_for(key, derived, recorder.memo, graph))
    return kg


def _parse(files: Sequence[Path], allow_network: bool, inputs: dict[Path, bytes]) -> tuple[Graph, int]:
    """Parse ``files`` into a new graph, derive its plain triples, report progress; return both."""
    from rdflib import Graph

    from .derive import derive
    from .parsing import parse_file
    from .progress import task

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    sizes = [len(inputs[path]) for path in files]
    with task(f"parsing {len(files)} files", total=sum(sizes)) as progress:
        for path, size in zip(files, sizes, strict=True):
            parse_file(path, graph, allow_network=allow_network, data=inputs[path])
            progress.advance(size)
    with task("deriving year bounds and plain triples") as progress:
        derived = derive(graph)
        progress.update(derived)
    return graph, derived


def resolve_kind(name: str) -> str:
    """Read a statement kind ("relation", "relations", "Attitude", ...).

    Raises
    ------
    UnknownNameError
        Not a kind; the message lists the kinds.

    Examples
    --------
    >>> resolve_kind("Relations")
    'relation'
    """
    from .errors import UnknownNameError

    text = name.strip().lower().rstrip("s")
    if text in KINDS:
        return text
    raise UnknownNameError("kind", name, KINDS)


def require(items: Sequence[Any], what: str = "actors") -> None:
    """Raise :class:`NoResultError` ("no actors match") when ``items`` is empty."""
    if not items:
        raise NoResultError(f"no {what} match")
