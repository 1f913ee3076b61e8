"""The project's namespaces: every IRI prefix geokg uses is defined here and nowhere else.

Examples
--------
>>> from geokg.namespaces import GEO, ID
>>> str(GEO.Tie)
'https://w3id.org/geokg/ontology#Tie'
>>> str(ID.Russia)
'https://w3id.org/geokg/id/Russia'
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

GEO_IRI = "https://w3id.org/geokg/ontology#"
ID_IRI = "https://w3id.org/geokg/id/"
WD_IRI = "http://www.wikidata.org/entity/"

GEO = Namespace(GEO_IRI)
"""The vocabulary: classes, properties and code lists (``ontology/*.ttl``)."""
ID = Namespace(ID_IRI)
"""Instances: actors, ties, events and sources (``graph/*.ttl``)."""
WD = Namespace(WD_IRI)
"""Wikidata entities, for ``skos:exactMatch`` alignments."""

PREFIXES: dict[str, str] = {
    "geo": GEO_IRI,
    "id": ID_IRI,
    "wd": WD_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}
"""Prefixes bound on every graph geokg builds and predeclared for SPARQL queries."""

__all__ = ["DCTERMS", "GEO", "ID", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SKOS", "WD", "XSD"]


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines declaring :data:`PREFIXES`, for prepending to a query.

    Returns
    -------
    str
        One ``PREFIX name: <iri>`` line per prefix.

    Examples
    --------
    >>> "PREFIX geo: <https://w3id.org/geokg/ontology#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def compact(iri: str) -> str:
    """Shorten an IRI with the first matching prefix of :data:`PREFIXES`.

    Parameters
    ----------
    iri : str
        A full IRI.

    Returns
    -------
    str
        ``prefix:local`` when a prefix matches, else the IRI unchanged.

    Examples
    --------
    >>> compact("https://w3id.org/geokg/id/Russia")
    'id:Russia'
    """
    for name, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{name}:{iri[len(base) :]}"
    return iri


def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/geokg/ontology#Support")
    'Support'
    """
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri
