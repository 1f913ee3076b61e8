"""Plain, immutable records of what the graph holds: entities, ontology classes, statement types,
statements with their evidence, and sources.

They are what library functions return; they hold strings and numbers only, so they can be printed,
compared, serialized and tested without rdflib. :mod:`geokg.records` reads them from any backend (and
reads the concepts of the code lists, which statements refer to by label, as its own ``Code``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .timespan import ALWAYS, TimeSpec, Years, status, year_of

KINDS = ("relation", "attitude", "event")
"""The statement kinds that have two ends and so can be edges of the network."""


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote and the document (source) it was quoted from.

    Attributes
    ----------
    quote : str
    document : str or None
        IRI of the :class:`Source`.
    document_title : str or None
    supports : str
        What the quote supports: ``"statement"`` (the claim itself), ``"start"`` or ``"end"`` (a time bound).
    """

    quote: str
    document: str | None = None
    document_title: str | None = None
    supports: str = "statement"


@dataclass(frozen=True)
class Entity:
    """An actor or another thing statements point at (region, initiative, population group, issue).

    Attributes
    ----------
    iri : str
    label : str
        The preferred label (``skos:prefLabel``).
    classes : tuple of str
        Local names of the asserted classes, e.g. ``("HistoricalState",)``.
    kinds : frozenset of str
        Local names of the asserted classes and all their superclasses.
    is_actor : bool
        True for actors (subclasses of ``geo:Actor``).
    aliases : tuple of str
        ``skos:altLabel`` values.
    wikidata : str or None
        The Wikidata IRI of a ``skos:exactMatch``.
    time : TimeSpec
        Its lifespan as written.
    years : Years
        The derived year bounds of its lifespan (no lifespan: it exists in every year).
    definition : str or None
    """

    iri: str
    label: str
    classes: tuple[str, ...]
    kinds: frozenset[str]
    is_actor: bool
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    time: TimeSpec = field(default=TimeSpec())
    years: Years = field(default=ALWAYS)
    definition: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def start(self) -> str | None:
        """The start of its lifespan as written (or its earliest bound)."""
        return self.time.start or self.time.start_earliest

    @property
    def end(self) -> str | None:
        """The end of its lifespan as written (or its latest bound)."""
        return self.time.end or self.time.end_latest

    def status(self, year: int) -> str | None:
        """Whether it exists in ``year``: ``"holds"``, ``"may hold"`` or None (see :func:`geokg.timespan.status`)."""
        return status(self.years, year)


@dataclass(frozen=True)
class Statement:
    """A qualified statement: an event, a relation, an attitude or a causal link.

    A statement with two ends (``source`` and ``target``: relations, attitudes and events between two
    actors) is a *tie* of the network. Names follow CAMEO: the source actor acts on the target.

    Attributes
    ----------
    iri : str
    kind : str
        ``"event"``, ``"relation"``, ``"attitude"`` or ``"causal link"``.
    relation : str
        Local name of the statement type, e.g. ``"Support"``.
    relation_label : str
        Its label, e.g. ``"support"``.
    source, target : str
        IRIs of the entity it starts from (actor, holder) and points at ("" for events that have only
        participants, and for causal links).
    stance : float
        In [-1, 1]: the score of its relation level, of its attitude type, or its CAMEO code's Goldstein / 10
        (0 for causal links and uncoded events).
    certainty : str
        Local name of the certainty: ``"Asserted"``, ``"Likely"``, ``"Possible"``, ``"Unlikely"``,
        ``"Conditional"``, ...
    time : TimeSpec
        The time as the source gives it.
    years : Years
        The derived year bounds read by the as-of rule.
    level : str or None
        Relations: local name of the relation level, e.g. ``"LevelCooperative"``.
    cameo : str or None
        Events: the CAMEO root code, e.g. ``"04"``.
    quad_class : str
        Events: the QuadClass of the code (local name); "" otherwise.
    rank : str
        ``"preferred"``, ``"normal"`` or ``"deprecated"``.
    evidence : tuple of Evidence
        The quotes that support it, then those that support its time bounds.
    """

    iri: str
    kind: str
    relation: str
    relation_label: str
    source: str = ""
    target: str = ""
    stance: float = 0.0
    certainty: str = "Asserted"
    certainty_label: str = "asserted"
    time: TimeSpec = field(default=TimeSpec())
    years: Years = field(default=ALWAYS)
    level: str | None = None
    level_label: str | None = None
    cameo: str | None = None
    quad_class: str = ""
    condition: str | None = None
    rank: str = "normal"
    label: str | None = None
    participants: tuple[str, ...] = ()
    location: str | None = None
    cause: str | None = None
    effect: str | None = None
    about: str | None = None
    manner: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    motive: tuple[str, ...] = ()
    motive_entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    place_note: str | None = None
    time_note: str | None = None
    level_note: str | None = None
    credibility: str | None = None
    supersedes: tuple[str, ...] = ()
    superseded_by: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def start(self) -> str | None:
        """The start as written (a point event's date; else the earliest bound), or None."""
        t = self.time
        return t.date or t.start or t.start_earliest

    @property
    def end(self) -> str | None:
        """The end as written (a point event's date; else the latest bound), or None."""
        t = self.time
        return t.date or t.end or t.end_latest

    @property
    def start_year(self) -> int | None:
        return year_of(self.start)

    @property
    def end_year(self) -> int | None:
        return year_of(self.end)

    @property
    def when(self) -> str:
        """The time as the source gives it, in words ("1990s", "from after 2021-08, end unknown")."""
        return self.time.text()

    @property
    def is_asserted(self) -> bool:
        """Whether the source states it as fact (certainty ``Asserted``)."""
        return self.certainty == "Asserted"

    @property
    def is_tie(self) -> bool:
        """Whether it has two ends, and so is an edge of the network."""
        return bool(self.source and self.target)

    def status(self, year: int) -> str | None:
        """The one as-of rule: ``"holds"``, ``"may hold"``, ``"superseded"`` or None in ``year``.

        See :func:`geokg.timespan.status`.
        """
        return status(self.years, year)


Tie = Statement
"""A statement with two ends; the records are the same class."""
Event = Statement
"""An event statement; the records are the same class."""


@dataclass(frozen=True)
class Source:
    """A document quotes are taken from.

    Attributes
    ----------
    iri, title : str
    sha256 : str or None
    time : TimeSpec
        Its date (``date``/``date_precision``) or the bounds of its date (``start_earliest``/``end_latest``
        hold ``geo:dateEarliest``/``geo:dateLatest``).
    date_note, file_name, creator, publisher, url, citation, language : str or None
    reliability : str or None
        Admiralty grade ``"A"`` ... ``"F"``.
    """

    iri: str
    title: str
    sha256: str | None = None
    time: TimeSpec = field(default=TimeSpec())
    date_note: str | None = None
    file_name: str | None = None
    creator: str | None = None
    publisher: str | None = None
    url: str | None = None
    citation: str | None = None
    language: str | None = None
    reliability: str | None = None
    description: str | None = None

    @property
    def date(self) -> str:
        """Its date as written ("2026-10-02", "after 2021-08"), "" when unknown."""
        t = self.time
        if t.date:
            return t.text()
        if t.start_earliest and t.end_latest:
            return f"between {t.start_earliest} and {t.end_latest}"
        if t.start_earliest:
            return f"after {t.start_earliest}"
        if t.end_latest:
            return f"by {t.end_latest}"
        return ""


@dataclass(frozen=True)
class StatementType:
    """A type of statement: its kind, its default score and the plain property its best statements derive.

    Attributes
    ----------
    iri, name, label : str
    kind : str
        ``"event"``, ``"relation"``, ``"attitude"`` or ``"causal link"``.
    plain_property : str
        IRI of the truthy property ("" for events and causal links).
    symmetric : bool
    default_level : str or None
        Relations: local name of the default relation level.
    cameo : str or None
        Events: the default CAMEO root code.
    score : float or None
        Attitudes: the valence score of the type.
    aliases : tuple of str
    cues : tuple of str
        Words that signal it in a text (``geokg extract``).
    """

    iri: str
    name: str
    label: str
    kind: str = "relation"
    plain_property: str = ""
    symmetric: bool = False
    default_level: str | None = None
    cameo: str | None = None
    score: float | None = None
    definition: str | None = None
    aliases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


TieType = StatementType


@dataclass(frozen=True)
class OntologyClass:
    """A class of the vocabulary with its direct superclasses."""

    iri: str
    name: str
    label: str
    parents: tuple[str, ...] = ()
    definition: str | None = None
