"""``geokg export``: the graph for Gephi, Cytoscape, Graphviz, spreadsheets and triple stores."""

from __future__ import annotations

from typing import Any

import click

from ..output import raw_csv_option
from ..session import graph_options, session
from .render import is_filtered, select_from_options, view_options

FORMAT_HELP = (
    "graphml, gexf, cytoscape, node-link, csv, dot, turtle, nt, json-ld, xml (RDF/XML) (default: from the file suffix)"
)


@click.command()
@click.option("-f", "--format", "fmt", metavar="FORMAT", help=FORMAT_HELP)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="PATH",
    help="The file to write ('-': standard output); for csv a folder (ending in /) or a prefix for "
    "NAME-nodes.csv, NAME-edges.csv.",
)
@raw_csv_option
@view_options
@graph_options
def export(fmt: str | None, output: str, **view: Any) -> None:
    """Export the graph, whole or filtered, to a file other tools open.

    Network formats write the projection (actors as nodes, ties as edges keyed by the tie IRI, scalar
    attributes only, so Gephi opens graphml and gexf). turtle, nt and json-ld write the RDF: all of
    it without filters, else the triples that describe the chosen actors and ties.

    \b
    Examples:
      geokg export -f graphml -o afghanistan.graphml
      geokg export -o afghanistan.gexf --as-of 2022
      geokg export -f csv -o tables/          (tables/nodes.csv, tables/edges.csv)
      geokg export -f cytoscape -o soviet.json --actor "Soviet Union"
      geokg export -f turtle -o support.ttl --relation support
    """
    from geokg.atomic import check_output_path
    from geokg.export import resolve_format, write_csv

    from ..output import raw_csv, shown, write_output

    to_stdout = output == "-"
    if to_stdout and not fmt:
        raise click.UsageError("-o - (standard output) needs -f FORMAT")
    name = resolve_format(fmt, output)
    if to_stdout and name == "csv":
        raise click.UsageError("csv writes two files (nodes.csv and edges.csv); give a folder or a prefix with -o")
    if name != "csv" and not to_stdout:
        check_output_path(output)
    kg = session().kg()
    if name in ("turtle", "nt", "json-ld") and not is_filtered(view):
        from geokg.export import export as write
        from geokg.export import export_data

        if to_stdout:
            write_output(None, export_data(kg, kg.to_networkx(), name, filtered=False))
            return
        written = write(kg, kg.to_networkx(), output, name, filtered=False)
        click.echo(f"wrote {shown(written[0])}: {len(kg)} triples")
        return
    graph = select_from_options(kg, view)
    if to_stdout:
        from geokg.export import export_data

        write_output(None, export_data(kg, graph, name))
        return
    if name == "csv":
        written = write_csv(graph, output, raw=raw_csv())
    else:
        from geokg.export import export as write

        written = write(kg, graph, output, name)
    click.echo(
        f"wrote {', '.join(shown(p) for p in written)}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties"
    )


COMMANDS = [export]
