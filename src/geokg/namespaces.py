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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    GEO: Namespace
    """The vocabulary: classes, properties and code lists (``ontology/*.ttl``)."""
    ID: Namespace
    """Instances: actors, ties, events and sources (``graph/*.ttl``)."""
    WD: Namespace
    """Wikidata entities, for ``skos:exactMatch`` alignments."""

GEO_IRI = "https://w3id.org/geokg/ontology#"
ID_IRI = "https://w3id.org/geokg/id/"
WD_IRI = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "geo": GEO_IRI,
    "id": ID_IRI,
    "wd": WD_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}
"""Prefixes bound on every graph geokg builds and predeclared for SPARQL queries."""

_OWN = {"GEO": GEO_IRI, "ID": ID_IRI, "WD": WD_IRI}
_RDFLIB = ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD")


def __getattr__(name: str) -> Any:
    # The rdflib Namespace objects are made on first use, so that importing geokg (and running
    # `geokg --help` or a command answered from the cache) does not import rdflib.
    if name in _OWN:
        from rdflib import Namespace

        value: Any = Namespace(_OWN[name])
    elif name in _RDFLIB:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


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
