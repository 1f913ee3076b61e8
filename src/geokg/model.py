"""Plain, immutable records of what the graph holds: actors, ties, evidence, events, sources.

They are what library functions return; they hold strings and numbers only, so they can be printed,
compared, serialized and tested without rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .timespan import alive, year_of


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote and the source it was quoted from."""

    quote: str
    source: str | None = None
    """IRI of the :class:`Source`."""
    source_title: str | None = None


@dataclass(frozen=True)
class Entity:
    """An actor or another thing ties point at (region, initiative, population group, concern).

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
    start, end : str or None
        Lifespan bounds as written (xsd lexical form).
    definition : str or None
    """

    iri: str
    label: str
    classes: tuple[str, ...]
    kinds: frozenset[str]
    is_actor: bool
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    start: str | None = None
    end: str | None = None
    definition: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def start_year(self) -> int | None:
        return year_of(self.start)

    @property
    def end_year(self) -> int | None:
        return year_of(self.end)

    def alive_in(self, year: int) -> bool:
        """Whether the entity's lifespan (where known) includes ``year``."""
        return alive(self.start_year, self.end_year, year)


@dataclass(frozen=True)
class Tie:
    """A qualified tie: who, what relation, to whom, when, how cooperative, how sure, and why.

    Attributes
    ----------
    iri : str
    relation : str
        Local name of the tie type, e.g. ``"Support"``.
    relation_label : str
        Its label, e.g. ``"support"``.
    source, target : str
        IRIs of the entity the tie starts from and points at.
    stance : float
        In [-1, 1]: Goldstein score / 10 of the tie's CAMEO code, unless ``stance_note`` says otherwise.
    quad_class : str
        Local name: Neutral, VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict.
    modality : str
        ``"Asserted"`` or ``"Prospective"``.
    start, end : str or None
        Bounds as written; None when unknown (a missing end means ongoing).
    cameo : str or None
        The CAMEO root code, e.g. ``"07"``.
    evidence : tuple of Evidence
    """

    iri: str
    relation: str
    relation_label: str
    source: str
    target: str
    stance: float
    quad_class: str
    modality: str
    start: str | None = None
    end: str | None = None
    cameo: str | None = None
    time_note: str | None = None
    stance_note: str | None = None
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def start_year(self) -> int | None:
        return year_of(self.start)

    @property
    def end_year(self) -> int | None:
        return year_of(self.end)

    @property
    def is_prospective(self) -> bool:
        return self.modality == "Prospective"

    def alive_in(self, year: int) -> bool:
        """Whether the tie's span includes ``year`` (unknown bounds are open)."""
        return alive(self.start_year, self.end_year, year)


@dataclass(frozen=True)
class Event:
    """A dated event with its participants and evidence."""

    iri: str
    label: str
    start: str | None
    end: str | None
    participants: tuple[str, ...]
    location: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def start_year(self) -> int | None:
        return year_of(self.start)


@dataclass(frozen=True)
class Source:
    """A document quotes are taken from."""

    iri: str
    title: str
    sha256: str | None = None
    date: str | None = None
    date_note: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class TieType:
    """A kind of tie and the plain property its asserted ties derive."""

    iri: str
    name: str
    label: str
    plain_property: str
    symmetric: bool = False
    cameo: str | None = None
    definition: str | None = None


@dataclass(frozen=True)
class OntologyClass:
    """A class of the vocabulary with its direct superclasses."""

    iri: str
    name: str
    label: str
    parents: tuple[str, ...] = ()
    definition: str | None = None
