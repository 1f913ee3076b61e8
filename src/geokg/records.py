"""Reading records (entities, ties, events, sources, code lists) out of any :class:`~geokg.backends.Backend`.

Each reader runs a few SPARQL SELECTs and groups the rows into the dataclasses of :mod:`geokg.model`.
The same readers serve the in-memory graph, an Oxigraph store and a remote endpoint.
"""

from __future__ import annotations

from collections import defaultdict

from .backends import Backend, Row
from .model import Entity, Event, Evidence, OntologyClass, Source, Tie, TieType
from .namespaces import GEO_IRI, WD_IRI, local_name

_CLASSES = """
SELECT ?c ?label ?parent ?definition WHERE {
  ?c a owl:Class .
  FILTER(STRSTARTS(STR(?c), STR(geo:)))
  OPTIONAL { ?c rdfs:label ?label }
  OPTIONAL { ?c rdfs:subClassOf ?parent }
  OPTIONAL { ?c skos:definition ?definition }
}"""

_ENTITIES = """
SELECT ?e ?class ?label ?wd ?start ?end ?definition ?source WHERE {
  ?e a ?class .
  ?class rdfs:subClassOf* geo:Entity .
  OPTIONAL { ?e skos:prefLabel ?label }
  OPTIONAL { ?e skos:exactMatch ?wd FILTER(STRSTARTS(STR(?wd), "WD_IRI")) }
  OPTIONAL { ?e geo:start ?start }
  OPTIONAL { ?e geo:end ?end }
  OPTIONAL { ?e skos:definition ?definition }
  OPTIONAL { ?e dcterms:source ?source }
}""".replace("WD_IRI", WD_IRI)

_ALIASES = "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"

_TIES = """
SELECT ?tie ?type ?from ?to ?stance ?quad ?modality ?start ?end ?cameo ?timeNote ?stanceNote WHERE {
  ?tie a geo:Tie ; geo:tieType ?type ; geo:from ?from ; geo:to ?to .
  OPTIONAL { ?tie geo:stance ?stance }
  OPTIONAL { ?tie geo:quadClass ?quad }
  OPTIONAL { ?tie geo:modality ?modality }
  OPTIONAL { ?tie geo:start ?start }
  OPTIONAL { ?tie geo:end ?end }
  OPTIONAL { ?tie geo:cameoCode/skos:notation ?cameo }
  OPTIONAL { ?tie geo:timeNote ?timeNote }
  OPTIONAL { ?tie geo:stanceNote ?stanceNote }
}"""

_EVIDENCE = """
SELECT ?x ?quote ?source ?title WHERE {
  ?x geo:evidence ?ev .
  ?ev geo:quote ?quote .
  OPTIONAL { ?ev prov:wasQuotedFrom ?source OPTIONAL { ?source dcterms:title ?title } }
}"""

_EVENTS = """
SELECT ?ev ?label ?start ?end ?participant ?location WHERE {
  ?ev a geo:Event .
  OPTIONAL { ?ev skos:prefLabel ?label }
  OPTIONAL { ?ev geo:start ?start }
  OPTIONAL { ?ev geo:end ?end }
  OPTIONAL { ?ev geo:participant ?participant }
  OPTIONAL { ?ev geo:location ?location }
}"""

_SOURCES = """
SELECT ?s ?title ?sha ?date ?dateNote ?file WHERE {
  ?s a geo:Source .
  OPTIONAL { ?s dcterms:title ?title }
  OPTIONAL { ?s geo:sha256 ?sha }
  OPTIONAL { ?s dcterms:date ?date }
  OPTIONAL { ?s geo:dateNote ?dateNote }
  OPTIONAL { ?s geo:fileName ?file }
}"""

_TIE_TYPES = """
SELECT ?t ?label ?plain ?symmetric ?cameo ?definition WHERE {
  ?t a geo:TieType .
  OPTIONAL { ?t skos:prefLabel ?label }
  OPTIONAL { ?t geo:plainProperty ?plain }
  OPTIONAL { ?t geo:symmetric ?symmetric }
  OPTIONAL { ?t geo:cameoCode/skos:notation ?cameo }
  OPTIONAL { ?t skos:definition ?definition }
}"""


def read_classes(backend: Backend) -> dict[str, OntologyClass]:
    """Return the vocabulary's classes by IRI."""
    parents: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Row] = {}
    for row in backend.select(_CLASSES):
        iri = row["c"] or ""
        first.setdefault(iri, row)
        if row["parent"]:
            parents[iri].add(row["parent"])
    return {  # in IRI order, so that every backend gives the same order
        iri: OntologyClass(
            iri=iri,
            name=local_name(iri),
            label=row["label"] or local_name(iri),
            parents=tuple(sorted(parents[iri])),
            definition=row["definition"],
        )
        for iri, row in sorted(first.items())
    }


def superclasses(classes: dict[str, OntologyClass]) -> dict[str, frozenset[str]]:
    """Map each class IRI to itself and all its ancestors (IRIs)."""
    closure: dict[str, frozenset[str]] = {}

    def up(iri: str, seen: frozenset[str]) -> frozenset[str]:
        if iri in closure:
            return closure[iri]
        result = {iri}
        cls = classes.get(iri)
        for parent in cls.parents if cls else ():
            if parent not in seen:
                result |= up(parent, seen | {iri})
        closure[iri] = frozenset(result)
        return closure[iri]

    for iri in classes:
        up(iri, frozenset())
    return closure


def read_entities(backend: Backend, classes: dict[str, OntologyClass]) -> dict[str, Entity]:
    """Return every entity (actor or other) by IRI, with its classes, names and lifespan."""
    closure = superclasses(classes)
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in backend.select(_ENTITIES):
        rows[row["e"] or ""].append(row)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in backend.select(_ALIASES):
        if row["alias"] and row["alias"] not in aliases[row["e"] or ""]:
            aliases[row["e"] or ""].append(row["alias"])
    actor = GEO_IRI + "Actor"
    entities: dict[str, Entity] = {}
    for iri, group in sorted(rows.items()):  # IRI order: the same from every backend
        asserted = sorted({r["class"] for r in group if r["class"]})
        kinds: set[str] = set()
        for cls in asserted:
            kinds |= closure.get(cls, frozenset({cls}))
        # keep the most specific asserted classes: drop any that is an ancestor of another
        specific = [c for c in asserted if not any(c != o and c in closure.get(o, ()) for o in asserted)]
        g = group[0]
        label = next((r["label"] for r in group if r["label"]), None) or local_name(iri)
        entities[iri] = Entity(
            iri=iri,
            label=label,
            classes=tuple(local_name(c) for c in specific),
            kinds=frozenset(local_name(k) for k in kinds),
            is_actor=actor in kinds,
            aliases=tuple(sorted(aliases.get(iri, []), key=str.casefold)),
            wikidata=next((r["wd"] for r in group if r["wd"]), None),
            start=g["start"],
            end=g["end"],
            definition=g["definition"],
            sources=tuple(sorted({r["source"] for r in group if r["source"]})),
        )
    return entities


def read_evidence(backend: Backend) -> dict[str, tuple[Evidence, ...]]:
    """Return the evidence of every tie, event or entity, keyed by its IRI, quotes in a stable order."""
    found: dict[str, set[Evidence]] = defaultdict(set)
    for row in backend.select(_EVIDENCE):
        found[row["x"] or ""].add(Evidence(row["quote"] or "", row["source"], row["title"]))
    return {k: tuple(sorted(v, key=lambda e: e.quote)) for k, v in found.items()}


def read_tie_types(backend: Backend) -> dict[str, TieType]:
    """Return the tie types by IRI."""
    out: dict[str, TieType] = {}
    for row in sorted(backend.select(_TIE_TYPES), key=lambda r: r["t"] or ""):
        iri = row["t"] or ""
        if iri in out:
            continue
        out[iri] = TieType(
            iri=iri,
            name=local_name(iri),
            label=row["label"] or local_name(iri),
            plain_property=row["plain"] or "",
            symmetric=(row["symmetric"] or "").lower() in ("true", "1"),
            cameo=row["cameo"],
            definition=row["definition"],
        )
    return out


def read_ties(backend: Backend, tie_types: dict[str, TieType], evidence: dict[str, tuple[Evidence, ...]]) -> list[Tie]:
    """Return every qualified tie, sorted by start year, then IRI."""
    ties: dict[str, Tie] = {}
    for row in backend.select(_TIES):
        iri = row["tie"] or ""
        if iri in ties:
            continue
        ttype = tie_types.get(row["type"] or "")
        ties[iri] = Tie(
            iri=iri,
            relation=local_name(row["type"] or ""),
            relation_label=ttype.label if ttype else local_name(row["type"] or ""),
            source=row["from"] or "",
            target=row["to"] or "",
            stance=float(row["stance"]) if row["stance"] not in (None, "") else 0.0,
            quad_class=local_name(row["quad"] or "Neutral"),
            modality=local_name(row["modality"] or "Asserted"),
            start=row["start"],
            end=row["end"],
            cameo=row["cameo"],
            time_note=row["timeNote"],
            stance_note=row["stanceNote"],
            evidence=evidence.get(iri, ()),
        )
    return sorted(ties.values(), key=lambda t: (t.start_year if t.start_year is not None else -(10**6), t.iri))


def read_events(backend: Backend, evidence: dict[str, tuple[Evidence, ...]]) -> list[Event]:
    """Return every event, in date order."""
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in backend.select(_EVENTS):
        rows[row["ev"] or ""].append(row)
    events = []
    for iri, group in rows.items():
        g = group[0]
        events.append(
            Event(
                iri=iri,
                label=g["label"] or local_name(iri),
                start=g["start"],
                end=g["end"],
                participants=tuple(sorted({r["participant"] for r in group if r["participant"]})),
                location=g["location"],
                evidence=evidence.get(iri, ()),
            )
        )
    return sorted(events, key=lambda e: (e.start or "", e.iri))


def read_sources(backend: Backend) -> list[Source]:
    """Return every source document."""
    out: dict[str, Source] = {}
    for row in backend.select(_SOURCES):
        iri = row["s"] or ""
        out.setdefault(
            iri,
            Source(iri, row["title"] or local_name(iri), row["sha"], row["date"], row["dateNote"], row["file"]),
        )
    return sorted(out.values(), key=lambda s: s.iri)
