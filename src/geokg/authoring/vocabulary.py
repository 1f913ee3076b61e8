"""The code lists the authoring tools name things by, read straight from ``ontology/*.ttl`` with rdflib.

Statement types, kinds, certainties, relation levels, CAMEO codes, ranks, Admiralty grades and entity
classes are each indexed by label, alternative label, notation and local name, so that a workbook can say
"supports", "Support", "backs" or "geo:Support" and an unknown name gets a "did you mean".

Examples
--------
>>> v = vocabulary()
>>> v.types.resolve("backs").label
'support'
>>> v.types.resolve("backs").kind
'relation'
>>> v.certainties.resolve("probable").label
'likely'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..lookup import NameIndex
from ..namespaces import GEO, OWL, RDF, RDFS, SKOS, local_name

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class Concept:
    """One concept of a code list: its IRI, label, notation, alternative labels and text cues."""

    iri: str
    label: str
    notation: str = ""
    alt_labels: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    score: float | None = None


@dataclass(frozen=True)
class StatementType(Concept):
    """A statement type with its kind (``"event"``, ``"relation"``, ``"attitude"``, ``"causal link"``),
    the class of its statements, its default level or CAMEO code and whether it is symmetric."""

    kind: str = ""
    statement_class: str = ""
    default_level: str | None = None
    cameo: str | None = None
    symmetric: bool = False


@dataclass
class Vocabulary:
    """Indexes of the code lists; each ``resolve(name)`` raises an error with suggestions when unknown."""

    types: NameIndex[StatementType] = field(default_factory=lambda: NameIndex("statement type"))
    kinds: NameIndex[Concept] = field(default_factory=lambda: NameIndex("statement kind"))
    certainties: NameIndex[Concept] = field(default_factory=lambda: NameIndex("certainty"))
    levels: NameIndex[Concept] = field(default_factory=lambda: NameIndex("relation level"))
    cameo: NameIndex[Concept] = field(default_factory=lambda: NameIndex("CAMEO code"))
    ranks: NameIndex[Concept] = field(default_factory=lambda: NameIndex("rank"))
    end_statuses: NameIndex[Concept] = field(default_factory=lambda: NameIndex("end status"))
    reliabilities: NameIndex[Concept] = field(default_factory=lambda: NameIndex("source reliability grade (A-F)"))
    credibilities: NameIndex[Concept] = field(default_factory=lambda: NameIndex("credibility grade (1-6)"))
    classes: NameIndex[Concept] = field(default_factory=lambda: NameIndex("actor class"))
    by_iri: dict[str, Concept] = field(default_factory=dict)
    quad_class: dict[str, str] = field(default_factory=dict)
    """CAMEO code IRI -> QuadClass IRI."""

    def all(self, index: NameIndex[Concept] | NameIndex[StatementType]) -> list[Concept]:
        """The concepts of one index, in label order."""
        seen = {id(c): c for c in index._iris.values()}
        return sorted(seen.values(), key=lambda c: c.label)

    def label(self, iri: str) -> str:
        """The label of a concept, or the IRI's local name."""
        concept = self.by_iri.get(iri)
        return concept.label if concept else local_name(iri)


def _texts(graph: Graph, subject: object, prop: object) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(subject, prop)))  # type: ignore[arg-type]


def _one(graph: Graph, subject: object, prop: object) -> str | None:
    values = _texts(graph, subject, prop)
    return values[0] if values else None


def _concepts(graph: Graph, cls: object) -> Iterable[tuple[object, Concept]]:
    for subject in sorted(set(graph.subjects(RDF.type, cls)), key=str):  # type: ignore[arg-type]
        label = _one(graph, subject, SKOS.prefLabel) or _one(graph, subject, RDFS.label) or local_name(str(subject))
        score = _one(graph, subject, GEO.score)
        yield (
            subject,
            Concept(
                iri=str(subject),
                label=label,
                notation=_one(graph, subject, SKOS.notation) or "",
                alt_labels=_texts(graph, subject, SKOS.altLabel),
                cues=_texts(graph, subject, GEO.cue),
                score=float(score) if score is not None else None,
            ),
        )


def build_vocabulary(graph: Graph) -> Vocabulary:
    """Index the code lists found in ``graph`` (the ontology, or a loaded graph that includes it)."""
    v = Vocabulary()
    kinds: dict[str, Concept] = {}
    for _kind_subject, c in _concepts(graph, GEO.StatementKind):
        v.kinds.add(c.iri, c.label, [c.notation], c)
        kinds[c.iri] = c
        v.by_iri[c.iri] = c
    kind_class = {str(s): str(o) for s, o in graph.subject_objects(GEO.statementClass)}
    for subject, c in _concepts(graph, GEO.StatementType):
        kind_iri = _one(graph, subject, GEO.kind) or ""
        cameo = _one(graph, subject, GEO.cameoCode)
        st = StatementType(
            iri=c.iri,
            label=c.label,
            notation=c.notation,
            alt_labels=c.alt_labels,
            cues=c.cues,
            score=c.score,
            kind=kinds[kind_iri].label if kind_iri in kinds else "",
            statement_class=kind_class.get(kind_iri, ""),
            default_level=_one(graph, subject, GEO.defaultLevel),
            cameo=cameo,
            symmetric=_one(graph, subject, GEO.symmetric) == "true",
        )
        plain = _one(graph, subject, GEO.plainProperty)
        aliases = list(c.alt_labels) + ([local_name(plain)] if plain else [])
        v.types.add(st.iri, st.label, aliases, st)
        v.by_iri[st.iri] = st
    simple = (
        (GEO.Certainty, v.certainties),
        (GEO.RelationLevel, v.levels),
        (GEO.Rank, v.ranks),
        (GEO.EndStatus, v.end_statuses),
        (GEO.SourceReliability, v.reliabilities),
        (GEO.InformationCredibility, v.credibilities),
    )
    for cls, index in simple:
        for _subject, c in _concepts(graph, cls):
            index.add(c.iri, c.label, [c.notation, *c.alt_labels], c)
            v.by_iri[c.iri] = c
    for _subject, c in _concepts(graph, GEO.QuadClass):
        v.by_iri[c.iri] = c
    for subject, c in _concepts(graph, GEO.CameoCode):
        notation = c.notation
        v.cameo.add(c.iri, c.label, [notation, notation.lstrip("0"), f"CAMEO {notation}"], c)
        v.by_iri[c.iri] = c
        quad = _one(graph, subject, GEO.quadClass)
        if quad:
            v.quad_class[c.iri] = quad
    entity_classes = {str(GEO.Entity)}
    changed = True
    while changed:
        changed = False
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if str(sup) in entity_classes and str(sub) not in entity_classes:
                entity_classes.add(str(sub))
                changed = True
    for iri in sorted(entity_classes):
        label = _one(graph, _uri(iri), RDFS.label) or local_name(iri)
        c = Concept(iri=iri, label=label)
        v.classes.add(iri, label, [], c)
        v.by_iri.setdefault(iri, c)
    _ = OWL  # the vocabulary's classes are owl:Class; only their labels are read here
    return v


def _uri(iri: str) -> object:
    from rdflib import URIRef

    return URIRef(iri)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The code lists of the bundled ontology (``ontology/*.ttl``), read once."""
    from rdflib import Graph

    from ..resources import ontology_files

    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return build_vocabulary(graph)
