"""The one table of formats (geokg.formats): every reader and writer agrees with it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from geokg import formats
from geokg.bulk import OXIGRAPH_FORMATS
from geokg.export import FORMATS as EXPORT_FORMATS
from geokg.export import export_data, resolve_format
from geokg.parsing import FORMATS as INPUT_SUFFIXES
from geokg.results import GRAPH_FORMATS, SELECT_FORMATS, serialize_graph


def test_every_reader_and_writer_reads_the_table():
    assert formats.names(formats.RESULTS) == SELECT_FORMATS
    assert formats.names(formats.GRAPH) == GRAPH_FORMATS
    assert set(EXPORT_FORMATS) == set(formats.names(formats.NETWORK, formats.GRAPH))
    assert formats.input_suffixes() == INPUT_SUFFIXES
    assert OXIGRAPH_FORMATS == {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML"}


def test_the_cli_lists_agree_with_the_table():
    from geokg_cli.commands import export as export_cli
    from geokg_cli.commands import query as query_cli

    assert formats.names(formats.RESULTS) == query_cli._SELECT
    assert formats.names(formats.GRAPH) == query_cli._GRAPH
    for name in EXPORT_FORMATS:
        assert name in export_cli.FORMAT_HELP


def test_names_are_unique_within_what_they_hold():
    for holds in formats.HOLDS:
        keys = [k for f in formats.formats(holds) for k in (f.name, *f.aliases)]
        assert len(keys) == len(set(keys)), holds
        suffixes = [s for f in formats.formats(holds) for s in f.suffixes]
        assert len(suffixes) == len(set(suffixes)), holds


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ttl", "turtle"), ("ntriples", "nt"), ("n-triples", "nt"), ("jsonld", "json-ld"), ("cyjs", "cytoscape"),
     ("cytoscape.js", "cytoscape"), ("nodelink", "node-link"), ("gv", "dot"), ("xml", "xml"), ("rdf", "xml"),
     ("TURTLE", "turtle")],
)  # fmt: skip
def test_every_existing_export_name_still_resolves(name, expected):
    assert resolve_format(name, "") == expected


def test_suffixes_mean_the_format_of_the_content():
    assert formats.input_format("data.json").name == "json-ld"  # a data file is always RDF
    assert formats.by_suffix("answer.json", formats.RESULTS).name == "json"
    assert formats.by_suffix("answer.xml", formats.RESULTS).label == "SPARQL XML"
    assert formats.by_suffix("graph.xml", formats.GRAPH).label == "RDF/XML"
    assert resolve_format(None, "out.rdf") == "xml"
    assert resolve_format(None, "out.csv") == "csv"
    assert formats.input_format("data.csv") is None


def test_export_writes_rdf_xml(kg):
    data = export_data(kg, kg.to_networkx(), "xml", filtered=False)
    ET.fromstring(data)  # well-formed XML
    back = Graph().parse(data=data, format="xml")
    assert len(back) == len(kg.graph)


def test_export_writes_filtered_rdf_xml(kg, tmp_path, invoke):
    out = tmp_path / "afg.rdf"
    result = invoke("export", "-o", str(out), "--as-of", "1985")
    assert result.exit_code == 0, result.stderr
    back = Graph().parse(out, format="xml")
    assert 0 < len(back) < len(kg.graph)


def test_query_writes_rdf_xml_by_suffix(tmp_path, invoke):
    out = tmp_path / "g.owl"
    result = invoke("query", "CONSTRUCT { ?a geo:memberOf ?b } WHERE { ?a geo:memberOf ?b }", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(Graph().parse(out, format="xml")) > 0


def test_graph_formats_accept_aliases():
    nt = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
    assert serialize_graph(nt, "ntriples") == nt
    assert json.loads(serialize_graph(nt, "jsonld"))


def test_the_docs_show_the_table():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "query.md").read_text(encoding="utf-8")
    assert formats.markdown_table() in doc
