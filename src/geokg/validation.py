"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .namespaces import compact
from .resources import shapes_file

if TYPE_CHECKING:
    from rdflib import Graph


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


def validate(graph: Graph) -> ValidationReport:
    """Validate ``graph`` (data plus ontology) against the project's SHACL shapes.

    Parameters
    ----------
    graph : rdflib.Graph
        The merged graph, as :func:`geokg.load` builds it (the ontology supplies the class hierarchy).

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
    conforms, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    violations = []

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
    return ValidationReport(bool(conforms), len(graph), violations)
