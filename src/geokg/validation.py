"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pyshacl), and the one check the shapes cannot
make: that the files write nothing by hand that the rules of ``ontology/rules/`` derive (they run before the
shapes, so the shapes see derived and hand-written triples alike)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .namespaces import GEO_IRI, RDF_IRI, compact
from .resources import shapes_file

if TYPE_CHECKING:
    from rdflib import Graph

DERIVED_PROPERTIES = ("mayFrom", "holdsFrom", "holdsUntil", "mayUntil", "supersededFrom")
"""The year bounds the rules derive (local names in the geo: vocabulary)."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the property path, the offending value and the message."""

    focus: str
    path: str
    value: str
    message: str
    severity: str = "Violation"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`."""

    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)


def validate(graph: Graph, extra: Iterable[Violation] = ()) -> ValidationReport:
    """Validate ``graph`` (data plus ontology) against the project's SHACL shapes.

    Parameters
    ----------
    graph : rdflib.Graph
        The merged graph, as :func:`geokg.load` builds it (the ontology supplies the class hierarchy).
    extra : iterable of Violation
        Violations found by other checks (e.g. :func:`hand_written_derivations`), reported with the shapes'.

    Returns
    -------
    ValidationReport
        ``conforms`` and one :class:`Violation` per SHACL result, sorted by focus node.

    Examples
    --------
    >>> import geokg
    >>> geokg.load().validate().conforms
    True
    """
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    shapes = Graph().parse(shapes_file(), format="turtle")
    # advanced: the SPARQL targets of the shapes (SHACL-AF); inplace: no copy of the graph (the shapes have no
    # rules, so nothing is added to it); _parsing_once: each SPARQL text is parsed once, not once per node.
    conforms, report, _ = pyshacl.validate(
        _parsing_once(graph),
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        meta_shacl=False,
        js=False,
    )
    assert isinstance(report, Graph)
    found = list(extra)
    violations = list(found)

    def one(result: object, prop: object) -> str:
        value = report.value(result, prop)  # type: ignore[call-overload]
        return "" if value is None else compact(str(value))

    for result in report.subjects(RDF.type, SH.ValidationResult):
        violations.append(
            Violation(
                focus=one(result, SH.focusNode),
                path=one(result, SH.resultPath),
                value=one(result, SH.value),
                message=one(result, SH.resultMessage),
                severity=one(result, SH.resultSeverity).rsplit("#", 1)[-1].replace("sh:", ""),
            )
        )
    # a shape reached along two paths reports the same violation twice: keep it once
    unique = {(v.focus, v.path, v.value, v.message): v for v in violations}
    violations = sorted(unique.values(), key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms) and not found, len(graph), violations)


def hand_written_derivations(graph: Graph, vocabulary: Graph | None = None) -> list[Violation]:
    """What a file writes by hand that the rules derive: one violation per such triple.

    The rules add ``a geo:Statement``, the year bounds (``geo:mayFrom``, ``geo:holdsFrom``, ``geo:holdsUntil``,
    ``geo:mayUntil``, ``geo:supersededFrom``) and the plain triples (the ``geo:plainProperty`` of each statement
    type). Written by hand, they would go unchecked or contradict what the rules derive.

    Parameters
    ----------
    graph : rdflib.Graph
        The user's triples as read from the files, before the rules ran.
    vocabulary : rdflib.Graph, optional
        Where the statement types name their plain properties (ontology/codes.ttl); ``graph`` when not given.

    Returns
    -------
    list of Violation
        Sorted by focus node.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<urn:x> <https://w3id.org/geokg/ontology#mayFrom> 1990 .", format="turtle")
    >>> [v.message for v in hand_written_derivations(g)]
    ['geo:mayFrom is derived by the rules: never write it by hand']
    """
    from rdflib import URIRef

    def one(s: Any, p: Any, o: Any, message: str) -> Violation:
        return Violation(compact(str(s)), compact(str(p)), compact(str(o)), message)

    found = []
    for name in DERIVED_PROPERTIES:
        prop = URIRef(GEO_IRI + name)
        found += [
            one(s, p, o, f"geo:{name} is derived by the rules: never write it by hand")
            for s, p, o in graph.triples((None, prop, None))
        ]
    statement = URIRef(GEO_IRI + "Statement")
    found += [
        one(s, p, o, "a geo:Statement is derived by the rules: write its kind (geo:Relation, geo:Event, ...)")
        for s, p, o in graph.triples((None, URIRef(RDF_IRI + "type"), statement))
    ]
    types = vocabulary if vocabulary is not None else graph
    for plain in sorted(set(types.objects(None, URIRef(GEO_IRI + "plainProperty"))), key=str):
        found += [
            one(s, p, o, "a plain triple is derived by the rules from its statement: write the statement")
            for s, p, o in graph.triples((None, plain, None))  # type: ignore[arg-type]
        ]
    return sorted(found, key=lambda v: (v.focus, v.path, v.value))


def _parsing_once(graph: Graph) -> Graph:
    """``graph`` (the same store, no copy) with a query method that parses each SPARQL text only once.

    pyshacl hands rdflib the text of an sh:sparql constraint for every focus node, and rdflib parses it
    every time (some 20 ms a query): that, not the evaluation, made validation take 20-120 s.
    """
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    class Prepared(Graph):
        parsed: ClassVar[dict[str, Any]] = {}

        def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(query_object, str):
                if query_object not in self.parsed:
                    self.parsed[query_object] = prepareQuery(query_object)
                query_object = self.parsed[query_object]
            return super().query(query_object, *args, **kwargs)

    return Prepared(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
