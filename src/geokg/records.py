"""Reading the records of :mod:`geokg.model` out of any :class:`~geokg.backends.Backend`.

The records are the immutable dataclasses :mod:`geokg.model` defines: entities, ontology classes,
statement types, statements with their evidence, and sources; the concepts of the code lists (relation
levels, CAMEO codes, certainties, grades) are read as :class:`Code` here. Each reader runs a few SPARQL
SELECTs and groups their solution rows (:data:`geokg.backends.Row`) into records.
The same readers serve the in-memory graph, an Oxigraph store and a remote endpoint. Statements are read
with one narrow query for what every statement has and one ``?s ?p ?v`` query over a fixed list of
properties for the rest (no chain of OPTIONALs), so a big store answers quickly. A backend that can list
the triples of one predicate itself (:class:`TripleReader`, as an Oxigraph store does from its index)
answers those ``?s ?p ?v`` reads that way instead: the same rows, grouped by the same code, without a
solution row per value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Protocol, runtime_checkable

from .backends import Backend, Row
from .model import Entity, Evidence, OntologyClass, Source, Statement, StatementType
from .namespaces import GEO_IRI, WD_IRI, local_name
from .timespan import NO_END, NO_START, TimeSpec, Years

_CLASSES = """
SELECT ?c ?label ?parent ?definition WHERE {
  ?c a owl:Class .
  FILTER(STRSTARTS(STR(?c), STR(geo:)))
  OPTIONAL { ?c rdfs:label ?label }
  OPTIONAL { ?c rdfs:subClassOf ?parent }
  OPTIONAL { ?c skos:definition ?definition }
}"""

_ENTITY_CLASSES = "SELECT DISTINCT ?class WHERE { ?class rdfs:subClassOf* geo:Entity }"

# ENTITY_CLASSES is replaced by a VALUES block of the classes _ENTITY_CLASSES finds (a few dozen): the store then
# looks up the members of each class instead of testing the class of every typed node (statements too) with a path.
_ENTITIES = """
SELECT ?e ?class ?label ?wd ?definition ?source WHERE {
  ENTITY_CLASSES
  ?e a ?class .
  OPTIONAL { ?e skos:prefLabel ?label }
  OPTIONAL { ?e skos:exactMatch ?wd FILTER(STRSTARTS(STR(?wd), "WD_IRI")) }
  OPTIONAL { ?e skos:definition ?definition }
  OPTIONAL { ?e dcterms:source ?source }
}""".replace("WD_IRI", WD_IRI)

_ALIASES = "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"

TIME_PROPERTIES = (
    "date", "datePrecision", "start", "startPrecision", "startEarliest", "startLatest",
    "end", "endPrecision", "endEarliest", "endLatest", "endStatus",
)  # fmt: skip
"""The time properties of the model (local names in ``geo:``)."""
YEAR_PROPERTIES = ("mayFrom", "holdsFrom", "holdsUntil", "mayUntil", "supersededFrom")
"""The year bounds the derivation rule adds (local names in ``geo:``)."""

_STATEMENT_PROPERTIES = (
    TIME_PROPERTIES
    + YEAR_PROPERTIES
    + (
        "statementType", "from", "to", "level", "cameoCode", "certainty", "condition", "rank", "participant",
        "location", "cause", "effect", "about", "manner", "means", "motive", "motiveEntity", "place",
        "placeNote", "timeNote", "levelNote", "credibility", "supersedes",
    )
)  # fmt: skip

_KINDS = {"Event": "event", "Relation": "relation", "Attitude": "attitude", "CausalLink": "causal link"}


def _values(names: Iterable[str]) -> str:
    return " ".join(f"geo:{n}" for n in names)


def _values_query(names: Sequence[str]) -> str:
    """``SELECT ?s ?p ?v`` over the triples of these properties (local names in ``geo:``): the rows that
    :func:`_property_values` groups (a :class:`TripleReader` lists the very same triples itself)."""
    return f"""
SELECT ?s ?p ?v WHERE {{
  VALUES ?p {{ {_values(names)} }}
  ?s ?p ?v .
}}"""


_STATEMENTS = f"""
SELECT ?s ?class ?label WHERE {{
  VALUES ?class {{ {_values(_KINDS)} }}
  ?s a ?class .
  OPTIONAL {{ ?s skos:prefLabel ?label }}
}}"""

# The statements' values are read as every subject's values of _STATEMENT_PROPERTIES (entities have time
# properties too: only the statements' are kept); leaving out the type test halves the time the store takes.
# The entities' times are read as every subject's values of these (statements have them too: only the
# entities' are kept). Leaving the class out keeps it one pattern per property in every store (a second VALUES
# block made rdflib's engine crawl).
_ENTITY_TIME_PROPERTIES = TIME_PROPERTIES + YEAR_PROPERTIES[:4]

_EVIDENCE = """
SELECT ?x ?p ?quote ?source ?title WHERE {
  VALUES ?p { geo:evidence geo:startEvidence geo:endEvidence }
  ?x ?p ?ev .
  ?ev geo:quote ?quote .
  OPTIONAL { ?ev prov:wasQuotedFrom ?source OPTIONAL { ?source dcterms:title ?title } }
}"""

_SOURCES = """
SELECT ?s ?p ?v WHERE {
  VALUES ?p { dcterms:title geo:sha256 dcterms:date geo:datePrecision geo:dateEarliest geo:dateLatest
              geo:dateNote geo:fileName dcterms:creator dcterms:publisher dcterms:identifier
              dcterms:bibliographicCitation dcterms:language geo:reliability dcterms:description }
  ?s a geo:Source ; ?p ?v .
}"""

_SOURCE_LIST = "SELECT ?s WHERE { ?s a geo:Source }"

_STATEMENT_TYPES = """
SELECT ?t ?p ?v WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:definition geo:kind geo:plainProperty geo:symmetric
              geo:defaultLevel geo:cameoCode geo:score geo:cue }
  ?t a geo:StatementType ; ?p ?v .
}"""

_CODES = """
SELECT ?c ?class ?label ?notation ?score ?quad WHERE {
  VALUES ?class { geo:RelationLevel geo:CameoCode geo:Certainty geo:TimePrecision geo:EndStatus geo:Rank
                  geo:SourceReliability geo:InformationCredibility geo:StatementKind }
  ?c a ?class .
  OPTIONAL { ?c skos:prefLabel ?label }
  OPTIONAL { ?c skos:notation ?notation }
  OPTIONAL { ?c geo:score ?score }
  OPTIONAL { ?c geo:quadClass ?quad }
}"""


class Code(tuple):  # type: ignore[type-arg]
    """One concept of a code list: ``(iri, class name, label, notation, score, quad class)``."""

    __slots__ = ()

    @property
    def label(self) -> str:
        return str(self[2])

    @property
    def notation(self) -> str:
        return str(self[3])

    @property
    def score(self) -> float | None:
        return self[4]  # type: ignore[no-any-return]

    @property
    def quad_class(self) -> str:
        return str(self[5])


def read_codes(backend: Backend) -> dict[str, Code]:
    """Return the concepts of the model's code lists (levels, CAMEO codes, certainties, ...) by IRI."""
    codes: dict[str, Code] = {}
    for row in backend.select(_CODES):
        iri = row["c"] or ""
        if iri in codes:
            continue
        score = float(row["score"]) if row["score"] not in (None, "") else None
        notation = row["notation"] or ""
        codes[iri] = Code(
            (iri, local_name(row["class"] or ""), row["label"] or local_name(iri), notation, score,
             local_name(row["quad"] or ""))
        )  # fmt: skip
    return codes


@runtime_checkable
class TripleReader(Protocol):
    """A backend that lists the triples of a predicate without SPARQL (an Oxigraph store, from its index).

    The record readers then read their ``?s ?p ?v`` rows (:func:`_values_query`) one property at a time
    this way: the same triples as the query's, each value as a :data:`~geokg.backends.Row` holds it.
    """

    def subject_values(self, predicate: str) -> Iterable[tuple[str, str]]:
        """``(subject, object)`` of every triple of the default graph whose predicate is the IRI
        ``predicate``, as values: an IRI, a blank node's label, a literal's lexical form."""
        ...


def _property_values(
    backend: Backend, names: Sequence[str], subjects: Collection[str] | None = None
) -> dict[str, dict[str, list[str]]]:
    """The values of these properties (local names in ``geo:``), grouped as :func:`_grouped` groups the
    rows of :func:`_values_query`: subject -> property local name -> values (sorted, distinct); only the
    ``subjects`` given, if any."""
    if not isinstance(backend, TripleReader):
        rows = backend.select(_values_query(names))
        return _grouped(rows if subjects is None else (row for row in rows if row["s"] in subjects))
    out: dict[str, dict[str, list[str]]] = {}
    for name in names:
        for subject, value in backend.subject_values(GEO_IRI + name):
            if subjects is not None and subject not in subjects:
                continue
            props = out.get(subject)
            if props is None:
                out[subject] = {name: [value]}
                continue
            values = props.get(name)
            if values is None:
                props[name] = [value]
            else:
                values.append(value)
    _sort_values(out)
    return out


def _sort_values(grouped: dict[str, dict[str, list[str]]]) -> None:
    """Make each property's values sorted and distinct (one value stays as it is)."""
    for props in grouped.values():
        for name, values in props.items():
            if len(values) > 1:
                props[name] = sorted(set(values))


def _grouped(rows: Iterable[Row], key: str = "s") -> dict[str, dict[str, list[str]]]:
    """Group ``?s ?p ?v`` rows: subject -> property local name -> values (sorted, distinct)."""
    out: dict[str, dict[str, list[str]]] = {}
    names: dict[str, str] = {}  # few properties, many rows: each local name computed once
    for row in rows:
        value = row["v"]
        if value is None:
            continue
        p = row["p"] or ""
        name = names.get(p)
        if name is None:
            name = names[p] = local_name(p)
        props = out.get(row[key] or "")
        if props is None:
            props = out[row[key] or ""] = {}
        values = props.get(name)
        if values is None:
            props[name] = [value]
        else:
            values.append(value)
    _sort_values(out)
    return out


def _one(props: dict[str, list[str]], name: str) -> str | None:
    values = props.get(name)
    return values[0] if values else None


_PRECISIONS = {"DecadePrecision": "decade", "CenturyPrecision": "century"}
_END_STATUSES = {"Ongoing": "ongoing", "Ended": "ended"}


def _time(props: dict[str, list[str]]) -> TimeSpec:
    def precision(name: str) -> str | None:
        value = _one(props, name)
        return _PRECISIONS.get(local_name(value)) if value else None

    status = _one(props, "endStatus")
    return TimeSpec(
        date=_one(props, "date"),
        date_precision=precision("datePrecision"),
        start=_one(props, "start"),
        start_precision=precision("startPrecision"),
        start_earliest=_one(props, "startEarliest"),
        start_latest=_one(props, "startLatest"),
        end=_one(props, "end"),
        end_precision=precision("endPrecision"),
        end_earliest=_one(props, "endEarliest"),
        end_latest=_one(props, "endLatest"),
        end_status=_END_STATUSES.get(local_name(status)) if status else None,
    )


def _years(props: dict[str, list[str]]) -> Years:
    def year(name: str, default: int, pick: Callable[[list[int]], int]) -> int:
        values = [int(float(v)) for v in props.get(name, ())]
        return pick(values) if values else default

    superseded = [int(float(v)) for v in props.get("supersededFrom", ())]
    return Years(
        may_from=year("mayFrom", NO_START, min),
        holds_from=year("holdsFrom", NO_START, min),
        holds_until=year("holdsUntil", NO_END, max),
        may_until=year("mayUntil", NO_END, max),
        superseded_from=min(superseded) if superseded else None,
    )


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


def _entity_classes(backend: Backend) -> str:
    """The entity classes (``geo:Entity`` and its subclasses) as a ``VALUES`` block of IRIs checked by
    Oxigraph; the path pattern instead if one of them is not an IRI it accepts (never spliced as text)."""
    from pyoxigraph import NamedNode

    found = sorted({row["class"] for row in backend.select(_ENTITY_CLASSES) if row["class"]})
    try:
        return "VALUES ?class { " + " ".join(str(NamedNode(iri)) for iri in found) + " }"
    except ValueError:
        return "?class rdfs:subClassOf* geo:Entity ."


def read_entities(backend: Backend, classes: dict[str, OntologyClass]) -> dict[str, Entity]:
    """Return every entity (actor or other) by IRI, with its classes, names and lifespan."""
    closure = superclasses(classes)
    rows: dict[str, list[Row]] = defaultdict(list)
    members = _entity_classes(backend)
    for row in backend.select(_ENTITIES.replace("ENTITY_CLASSES", members)):
        rows[row["e"] or ""].append(row)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in backend.select(_ALIASES):
        if row["alias"] and row["alias"] not in aliases[row["e"] or ""]:
            aliases[row["e"] or ""].append(row["alias"])
    times = _property_values(backend, _ENTITY_TIME_PROPERTIES, rows)
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
            time=_time(times.get(iri, {})),
            years=_years(times.get(iri, {})),
            definition=g["definition"],
            sources=tuple(sorted({r["source"] for r in group if r["source"]})),
        )
    return entities


def read_evidence(backend: Backend) -> dict[str, tuple[Evidence, ...]]:
    """Return the evidence of every statement or entity, keyed by its IRI: the quotes that support the claim
    first, then those that support its start and its end; quotes in a stable order."""
    supports = {"evidence": "statement", "startEvidence": "start", "endEvidence": "end"}
    order = {"statement": 0, "start": 1, "end": 2}
    found: dict[str, set[Evidence]] = defaultdict(set)
    for row in backend.select(_EVIDENCE):
        what = supports.get(local_name(row["p"] or ""), "statement")
        found[row["x"] or ""].add(Evidence(row["quote"] or "", row["source"], row["title"], what))
    return {k: tuple(sorted(v, key=lambda e: (order[e.supports], e.quote))) for k, v in found.items()}


def read_statement_types(backend: Backend, codes: dict[str, Code]) -> dict[str, StatementType]:
    """Return the statement types by IRI."""
    out: dict[str, StatementType] = {}
    for iri, props in sorted(_grouped(backend.select(_STATEMENT_TYPES), "t").items()):
        kind = codes.get(_one(props, "kind") or "")
        level = _one(props, "defaultLevel")
        cameo = codes.get(_one(props, "cameoCode") or "")
        score = _one(props, "score")
        out[iri] = StatementType(
            iri=iri,
            name=local_name(iri),
            label=_one(props, "prefLabel") or local_name(iri),
            kind=kind.notation if kind else "relation",
            plain_property=_one(props, "plainProperty") or "",
            symmetric=(_one(props, "symmetric") or "").lower() in ("true", "1"),
            default_level=local_name(level) if level else None,
            cameo=cameo.notation if cameo else None,
            score=float(score) if score else None,
            definition=_one(props, "definition"),
            aliases=tuple(props.get("altLabel", ())),
            cues=tuple(props.get("cue", ())),
        )
    return out


def read_statements(
    backend: Backend,
    types: dict[str, StatementType],
    codes: dict[str, Code],
    evidence: dict[str, tuple[Evidence, ...]],
) -> list[Statement]:
    """Return every statement (events, relations, attitudes, causal links), by start year, then IRI.

    The stance is read from the code lists: a relation's level score, an attitude type's score, or an
    event's Goldstein / 10; never from the statement itself.
    """
    heads: dict[str, tuple[str, str | None]] = {}
    for row in backend.select(_STATEMENTS):
        iri = row["s"] or ""
        kind = _KINDS.get(local_name(row["class"] or ""))
        if kind and (iri not in heads or row["label"]):
            heads[iri] = (kind, row["label"])
    props_by = _property_values(backend, _STATEMENT_PROPERTIES)
    superseded_by: dict[str, list[str]] = defaultdict(list)
    for iri in heads:
        for old in props_by.get(iri, {}).get("supersedes", ()):
            superseded_by[old].append(iri)
    out: list[Statement] = []
    for iri, (kind, label) in heads.items():
        props = props_by.get(iri, {})
        type_iri = _one(props, "statementType") or ""
        stype = types.get(type_iri)
        level = codes.get(_one(props, "level") or "")
        cameo = codes.get(_one(props, "cameoCode") or "")
        certainty = _one(props, "certainty")
        rank = _one(props, "rank")
        credibility = codes.get(_one(props, "credibility") or "")
        if kind == "relation":
            stance = level.score if level and level.score is not None else 0.0
        elif kind == "attitude":
            stance = stype.score if stype and stype.score is not None else 0.0
        elif kind == "event":
            stance = cameo.score if cameo and cameo.score is not None else 0.0
        else:
            stance = 0.0
        out.append(
            Statement(
                iri=iri,
                kind=kind,
                relation=local_name(type_iri),
                relation_label=stype.label if stype else local_name(type_iri),
                source=_one(props, "from") or "",
                target=_one(props, "to") or "",
                stance=stance,
                certainty=local_name(certainty) if certainty else "Asserted",
                certainty_label=codes[certainty].notation if certainty in codes else "asserted",
                time=_time(props),
                years=_years(props),
                level=local_name(level[0]) if level else None,
                level_label=level.label if level else None,
                cameo=cameo.notation if cameo else None,
                quad_class=cameo.quad_class if cameo else "",
                condition=_one(props, "condition"),
                rank=codes[rank].notation if rank in codes else "normal",
                label=label,
                participants=tuple(props.get("participant", ())),
                location=_one(props, "location"),
                cause=_one(props, "cause"),
                effect=_one(props, "effect"),
                about=_one(props, "about"),
                manner=tuple(props.get("manner", ())),
                means=tuple(props.get("means", ())),
                motive=tuple(props.get("motive", ())),
                motive_entities=tuple(props.get("motiveEntity", ())),
                places=tuple(props.get("place", ())),
                place_note=_one(props, "placeNote"),
                time_note=_one(props, "timeNote"),
                level_note=_one(props, "levelNote"),
                credibility=credibility.notation if credibility else None,
                supersedes=tuple(props.get("supersedes", ())),
                superseded_by=tuple(sorted(superseded_by.get(iri, ()))),
                evidence=evidence.get(iri, ()),
            )
        )
    return sorted(out, key=lambda t: (t.years.may_from, t.years.holds_from, t.iri))


def read_sources(backend: Backend, codes: dict[str, Code]) -> list[Source]:
    """Return every source document."""
    props_by = _grouped(backend.select(_SOURCES))
    out = []
    for row in backend.select(_SOURCE_LIST):
        iri = row["s"] or ""
        props = props_by.get(iri, {})
        grade = codes.get(_one(props, "reliability") or "")
        precision = _one(props, "datePrecision")
        out.append(
            Source(
                iri=iri,
                title=_one(props, "title") or local_name(iri),
                sha256=_one(props, "sha256"),
                time=TimeSpec(
                    date=_one(props, "date"),
                    date_precision=_PRECISIONS.get(local_name(precision)) if precision else None,
                    start_earliest=_one(props, "dateEarliest"),
                    end_latest=_one(props, "dateLatest"),
                ),
                date_note=_one(props, "dateNote"),
                file_name=_one(props, "fileName"),
                creator=_one(props, "creator"),
                publisher=_one(props, "publisher"),
                url=_one(props, "identifier"),
                citation=_one(props, "bibliographicCitation"),
                language=_one(props, "language"),
                reliability=grade.notation if grade else None,
                description=_one(props, "description"),
            )
        )
    return sorted({s.iri: s for s in out}.values(), key=lambda s: s.iri)
