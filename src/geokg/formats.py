"""Every file format geokg reads or writes, in one table.

A format is known by its name (``turtle``, ``csv``, ...) and what it holds: an RDF **graph** (data files,
``export`` of the RDF, ``query`` CONSTRUCT answers), SPARQL query **results** (``query`` SELECT and ASK
answers) or a **network** (``export`` of the projection). One name may mean one format per kind of content
(``xml`` is RDF/XML for a graph and SPARQL XML for results; ``csv`` is SPARQL CSV for results and two CSV
files for a network), and a file suffix picks the format of the content being written: ``.json`` is SPARQL
JSON for query results, while a data file ``.json`` is read as JSON-LD (a data file is always RDF).

:mod:`geokg.parsing`, :mod:`geokg.bulk`, :mod:`geokg.export`, :mod:`geokg.results` and the command line read
this table; docs/query.md shows it.

Examples
--------
>>> find("ttl", GRAPH).name
'turtle'
>>> by_suffix("answer.json", RESULTS).media_type
'application/sparql-results+json'
>>> input_format("data.json").name
'json-ld'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GRAPH = "graph"
RESULTS = "results"
NETWORK = "network"
HOLDS = (GRAPH, RESULTS, NETWORK)


@dataclass(frozen=True)
class Format:
    """One file format.

    Parameters
    ----------
    name : str
        geokg's name (``-f NAME``).
    holds : {"graph", "results", "network"}
    label : str
    suffixes : tuple of str
        File suffixes that mean this format on output (and on input).
    media_type : str
    aliases : tuple of str
        Other names accepted for it.
    input_suffixes : tuple of str
        Further suffixes read as this format (data files only).
    rdflib : str or None
        rdflib's parser name (graphs).
    rdflib_writer : str or None
        rdflib's serializer name (graphs).
    oxigraph : str or None
        pyoxigraph's ``RdfFormat`` member: Oxigraph bulk-loads it in ``store build``.
    writer : str
        Who writes it: ``rdflib``, ``geokg.results``, ``geokg.export`` or ``networkx``.
    """

    name: str
    holds: str
    label: str
    suffixes: tuple[str, ...]
    media_type: str
    aliases: tuple[str, ...] = ()
    input_suffixes: tuple[str, ...] = ()
    rdflib: str | None = None
    rdflib_writer: str | None = None
    oxigraph: str | None = None
    writer: str = "geokg.results"

    @property
    def readers(self) -> tuple[str, ...]:
        """Who reads it: rdflib (in memory) and/or Oxigraph (``store build``)."""
        return tuple(r for r, ok in (("rdflib", self.rdflib), ("oxigraph", self.oxigraph)) if ok)


TABLE: tuple[Format, ...] = (
    # RDF graphs: data files, `export -f`, CONSTRUCT / DESCRIBE answers
    Format("turtle", GRAPH, "Turtle", (".ttl", ".turtle"), "text/turtle", ("ttl",),
           rdflib="turtle", rdflib_writer="turtle", oxigraph="TURTLE", writer="rdflib"),
    Format("nt", GRAPH, "N-Triples", (".nt",), "application/n-triples", ("ntriples", "n-triples"),
           rdflib="nt", rdflib_writer="nt", oxigraph="N_TRIPLES", writer="rdflib"),
    Format("json-ld", GRAPH, "JSON-LD", (".jsonld",), "application/ld+json", ("jsonld",), (".json",),
           rdflib="json-ld", rdflib_writer="json-ld", writer="rdflib"),
    Format("xml", GRAPH, "RDF/XML", (".rdf", ".owl", ".xml"), "application/rdf+xml", ("rdf-xml", "rdfxml", "rdf"),
           rdflib="xml", rdflib_writer="pretty-xml", oxigraph="RDF_XML", writer="rdflib"),
    # SPARQL query results: SELECT and ASK answers
    Format("table", RESULTS, "aligned text table", (), "text/plain"),
    Format("csv", RESULTS, "SPARQL CSV", (".csv",), "text/csv"),
    Format("tsv", RESULTS, "SPARQL TSV", (".tsv",), "text/tab-separated-values"),
    Format("json", RESULTS, "SPARQL JSON", (".json", ".srj"), "application/sparql-results+json"),
    Format("xml", RESULTS, "SPARQL XML", (".xml", ".srx"), "application/sparql-results+xml"),
    Format("md", RESULTS, "Markdown table", (".md",), "text/markdown", ("markdown",)),
    # networks: `export` of the projection
    Format("graphml", NETWORK, "GraphML", (".graphml",), "application/graphml+xml", writer="networkx"),
    Format("gexf", NETWORK, "GEXF", (".gexf",), "application/gexf+xml", writer="networkx"),
    Format("cytoscape", NETWORK, "Cytoscape.js JSON", (".cyjs",), "application/json", ("cyjs", "cytoscape.js"),
           writer="geokg.export"),
    Format("node-link", NETWORK, "node-link JSON", (), "application/json", ("nodelink",), writer="networkx"),
    Format("csv", NETWORK, "CSV (nodes and edges files)", (".csv",), "text/csv", writer="geokg.export"),
    Format("dot", NETWORK, "Graphviz DOT", (".dot", ".gv"), "text/vnd.graphviz", ("gv",), writer="geokg.export"),
)  # fmt: skip
"""Every format, grouped by what it holds."""


def formats(*holds: str) -> tuple[Format, ...]:
    """The formats that hold ``holds`` (all when none is given), in table order."""
    return tuple(f for f in TABLE if not holds or f.holds in holds)


def names(*holds: str) -> tuple[str, ...]:
    """The distinct names of the formats that hold ``holds``, in table order."""
    return tuple(dict.fromkeys(f.name for f in formats(*holds)))


def find(name: str, *holds: str) -> Format | None:
    """The format called ``name`` (or one of its aliases, any case) among those that hold ``holds``; the
    first kind listed wins when the name means several."""
    key = name.strip().lower()
    for kind in holds or HOLDS:
        for f in formats(kind):
            if key == f.name or key in f.aliases:
                return f
    return None


def by_suffix(path: str | Path, *holds: str) -> Format | None:
    """The format a file's suffix means for content that holds ``holds`` (first kind listed wins)."""
    suffix = Path(str(path)).suffix.lower()
    for kind in holds or HOLDS:
        for f in formats(kind):
            if suffix in f.suffixes:
                return f
    return None


def input_format(path: str | Path) -> Format | None:
    """The RDF format of a data file, from its suffix (``.json`` is JSON-LD: a data file is always RDF)."""
    suffix = Path(str(path)).suffix.lower()
    return next((f for f in formats(GRAPH) if suffix in f.suffixes or suffix in f.input_suffixes), None)


def input_suffixes() -> dict[str, str]:
    """Data-file suffix to rdflib parser name."""
    return {s: f.rdflib or f.name for f in formats(GRAPH) for s in (*f.suffixes, *f.input_suffixes)}


def markdown_table() -> str:
    """The table as Markdown (docs/query.md shows it)."""
    lines = [
        "| holds | name (aliases) | label | suffixes | media type | read by | written by |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in TABLE:
        name = f"`{f.name}`" + (f" ({', '.join(f.aliases)})" if f.aliases else "")
        suffixes = " ".join(f.suffixes) + (f" (input: {' '.join(f.input_suffixes)})" if f.input_suffixes else "")
        readers = ", ".join(f.readers) or "—"
        writer = "rdflib" if f.writer == "rdflib" else f.writer
        lines.append(
            f"| {f.holds} | {name} | {f.label} | {suffixes or '—'} | `{f.media_type}` | {readers} | {writer} |"
        )
    return "\n".join(lines) + "\n"
