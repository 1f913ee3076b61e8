"""Stores: ``geokg store build`` writes an Oxigraph store; ``geokg push`` uploads the graph to an endpoint."""

from __future__ import annotations

import click

from ..session import file_options, graph_options, session


@click.group()
def store() -> None:
    """Persistent Oxigraph stores of the graph (query them with --store DIR).

    \b
    Examples:
      geokg store build kg-store
      geokg --data my-ties.ttl store build kg-store
      geokg query --store kg-store --name csto-members
    """


@store.command("build")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@file_options
def build(directory: str) -> None:
    """Write the graph (bundled data, --data files, derived plain triples) to an Oxigraph store in DIR.

    DIR must be absent, empty, or an existing geokg store. The new store is built beside DIR and swapped
    in only when complete, so an interrupted build leaves the old store usable.

    \b
    Examples:
      geokg store build kg-store
      geokg store build kg-store --data my-ties.ttl
      geokg info --store kg-store
    """
    from geokg.stores import build_store

    from ..progressbar import progress_bar

    s = session()
    if s.store is None and s.endpoint is None:
        with progress_bar():  # files are bulk-loaded by Oxigraph, without rdflib
            info = build_store(s.data, directory, bundled=s.bundled)
    else:
        info = build_store(s.kg(), directory)
    from ..output import shown

    click.echo(f"built store {shown(info.path)}: {info.triples} triples ({info.derived} derived)")


@click.command()
@click.option("--graph", "graph_iri", metavar="IRI", help="Add the triples to this named graph.")
@click.option(
    "--update",
    "use_update",
    is_flag=True,
    help="Send a SPARQL UPDATE (INSERT DATA) to URL instead of using the Graph Store Protocol.",
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds to wait.")
@graph_options
def push(graph_iri: str | None, use_update: bool, timeout: float) -> None:
    """Upload the graph (with its derived plain triples) to a remote store given by --endpoint URL.

    By default URL is a SPARQL 1.1 Graph Store Protocol endpoint and the triples are POSTed (added) to
    its default graph or to --graph IRI; with --update, URL is a SPARQL UPDATE endpoint. For
    'oxigraph serve' these are http://HOST:PORT/store and http://HOST:PORT/update; query it back at
    http://HOST:PORT/query. The graph pushed is chosen as usual (--data, --no-bundled, --store).

    \b
    Examples:
      geokg push --endpoint http://127.0.0.1:7878/store
      geokg push --endpoint http://127.0.0.1:7878/store --graph https://example.org/geokg
      geokg push --update --endpoint http://127.0.0.1:7878/update
      geokg query --endpoint http://127.0.0.1:7878/query --name csto-members
    """
    from geokg.endpoint import check_url
    from geokg.endpoint import push as push_graph

    s = session()
    target = s.endpoint
    if target is None:
        raise click.UsageError("push needs --endpoint URL (where to upload the graph)")
    check_url(target)
    s.endpoint = None  # the graph to push comes from files or a store; the endpoint is the destination
    count = push_graph(s.kg(), target, graph_iri, method="update" if use_update else "gsp", timeout=timeout)
    from ..output import shown

    click.echo(f"pushed {count} triples to {shown(target)}" + (f" (graph <{shown(graph_iri)}>)" if graph_iri else ""))


for _param in push.params:  # on push, --endpoint is where the graph goes, not where it is read from
    if _param.name == "endpoint" and isinstance(_param, click.Option):
        _param.help = "Where to upload: a Graph Store Protocol URL (or, with --update, a SPARQL UPDATE URL)."

COMMANDS = [store, push]
