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

GEO_IRI = "https://w3id.org/geokg/ontology#"
ID_IRI = "https://w3id.org/geokg/id/"
WD_IRI = "http://www.wikidata.org/entity/"
RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_IRI = "http://www.w3.org/2000/01/rdf-schema#"
OWL_IRI = "http://www.w3.org/2002/07/owl#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
PROV_IRI = "http://www.w3.org/ns/prov#"
DCTERMS_IRI = "http://purl.org/dc/terms/"
SPARQL_RESULTS_IRI = "http://www.w3.org/2005/sparql-results#"
"""The namespace of the W3C SPARQL 1.1 Query Results XML Format."""

PREFIXES: dict[str, str] = {
    "geo": GEO_IRI,
    "id": ID_IRI,
    "wd": WD_IRI,
    "rdf": RDF_IRI,
    "rdfs": RDFS_IRI,
    "owl": OWL_IRI,
    "xsd": XSD_IRI,
    "skos": SKOS_IRI,
    "prov": PROV_IRI,
    "dcterms": DCTERMS_IRI,
}
"""Prefixes bound on every graph geokg builds and predeclared for SPARQL queries."""

# rdflib Namespace objects: GEO (the vocabulary), ID (instances), WD (Wikidata), and rdflib's own
# RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS. They are made on first use, so that importing this module
# (and the string constants above) does not import rdflib.
if TYPE_CHECKING:
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    GEO: Namespace
    ID: Namespace
    WD: Namespace

_OURS = {"GEO": GEO_IRI, "ID": ID_IRI, "WD": WD_IRI}
_RDFLIB = ("RDF", "RDFS", "OWL", "XSD", "SKOS", "PROV", "DCTERMS")

__all__ = ["DCTERMS", "GEO", "ID", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SKOS", "WD", "XSD"]


def __getattr__(name: str) -> Any:
    if name in _OURS:
        from rdflib import Namespace

        value: Any = Namespace(_OURS[name])
    elif name in _RDFLIB:
        from rdflib import namespace

        value = getattr(namespace, name)
    else:
        raise AttributeError(f"module 'geokg.namespaces' has no attribute {name!r}")
    globals()[name] = value
    return value


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
