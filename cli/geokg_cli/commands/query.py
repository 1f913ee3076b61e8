"""SPARQL from the command line: ``geokg query`` and ``geokg queries``."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click

from ..output import emit, output_options, raw_csv, raw_csv_option, write_output
from ..session import global_options, graph_options, session

if TYPE_CHECKING:
    from geokg.named_queries import NamedQuery
    from geokg.results import Term

# The names of geokg.formats (tests/test_formats.py checks they agree); written out so that `geokg --help`
# does not import the library.
_SELECT = ("table", "csv", "tsv", "json", "xml", "md")
_GRAPH = ("turtle", "nt", "json-ld", "xml")


_OLD_FILE = "geokg.query_file"


class _FormatOrOldFile(click.Choice):
    """A format name; any other value of ``-f`` is the old ``-f FILE`` (now ``--file FILE``), kept for one
    release with a warning."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value)
        if ctx is not None and text.lower() not in self.choices and _is_old_file(text):
            from ..deprecated import warn

            warn("-f FILE", "--file FILE")
            ctx.meta[_OLD_FILE] = text
            return None
        return super().convert(value, param, ctx)


def _is_old_file(text: str) -> bool:
    """Whether ``-f TEXT`` is the old ``-f FILE``: TEXT is ``-`` (standard input) or looks like a file."""
    import os

    return text == "-" or "." in text or os.sep in text or os.path.exists(text)


@click.command()
@click.argument("text", metavar="[QUERY]", required=False)
@click.option("--file", "query_file", metavar="FILE", help="Read the query from a .rq file ('-': stdin).")
@click.option("-n", "--name", metavar="NAME", help="Run a named query (see 'geokg queries').")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="VAR=VALUE",
    help='Bind a variable (repeatable): an actor name, <iri>, prefixed name, "text", number, year or date.',
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=_FormatOrOldFile(sorted({*_SELECT, *_GRAPH}), case_sensitive=False),
    multiple=True,  # only so that the old '-f FILE' and a '--format' can both be given; the last format counts
    callback=lambda _ctx, _param, value: next((v for v in reversed(value) if v is not None), None),
    help="SELECT: table|csv|tsv|json|xml|md (default table on a terminal, else tsv). "
    "CONSTRUCT/DESCRIBE: turtle|nt|json-ld|xml (default turtle).",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output ('-': stdout)."
)
@raw_csv_option
@click.option(
    "--reasoning",
    type=click.Choice(["none", "rdfs", "owl-rl"], case_sensitive=False),
    default="none",
    show_default=True,
    help="Query a copy of the graph closed under RDFS or OWL 2 RL (slower: see docs/query.md).",
)
@click.option("--allow-network", is_flag=True, help="Permit SERVICE clauses and FROM graphs that are fetched.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop the query after this many seconds (default 60; 0: no limit).",
)
@graph_options
def query(
    text: str | None,
    query_file: str | None,
    name: str | None,
    binds: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    reasoning: str,
    allow_network: bool,
    timeout: float | None,
) -> None:
    """Run a read-only SPARQL query on the graph, a store (--store) or an endpoint (--endpoint).

    The query comes inline (QUERY), from a file (--file FILE.rq), from standard input (QUERY or FILE '-'),
    or by name (--name). The prefixes geo, id, wd, rdf, rdfs, owl, xsd, skos, prov and dcterms are
    predeclared. --bind sets a variable to an RDF term (never by pasting text); an actor name resolves
    like 'geokg show' does. ASK prints true or false and exits 0 or 1. UPDATE is refused; SERVICE and
    FROM <remote graph> are refused unless --allow-network. A query stops after 60 s unless --timeout
    says otherwise (--timeout 0: no limit).

    \b
    Examples:
      geokg query 'SELECT ?s WHERE { ?s a geo:State }'
      geokg query --name csto-members --format json
      geokg query --name ties-between --bind a=Russia --bind b=Taliban
      geokg query --name ties-as-of --bind year=1985 --format csv -o ties-1985.csv
      geokg query 'SELECT ?a WHERE { ?a a geo:Actor }' --reasoning rdfs
      geokg query 'ASK { id:Pakistan geo:supports id:Taliban }'
      geokg query 'CONSTRUCT WHERE { ?a geo:supports ?b }' --format nt
      geokg query --file my.rq --store kg-store
      echo 'SELECT * WHERE { ?s geo:memberOf ?o }' | geokg query -
    """
    from geokg.atomic import check_output_path
    from geokg.errors import InputError
    from geokg.sparql import bind_all, read_bounded, read_query_file, run_query

    query_file = query_file or click.get_current_context().meta.get(_OLD_FILE)
    sources = [s for s in (text is not None, query_file is not None, name is not None) if s]
    if len(sources) != 1:
        raise click.UsageError("give exactly one query: QUERY, --file FILE or --name NAME")
    named = None
    if name is not None:
        from geokg.named_queries import named_query

        named = named_query(name)
        query_text = named.text
    elif query_file is not None:
        query_text = read_query_file(query_file, lambda: read_bounded(sys.stdin))
    else:
        assert text is not None
        query_text = read_query_file("-", lambda: read_bounded(sys.stdin)) if text == "-" else text
    if output == "-":
        output = None
    if output is not None:
        check_output_path(output)
    s = session()
    if timeout:
        s.endpoint_timeout = timeout
    kg = s.kg()
    bindings = bind_all(kg, binds)
    if named is not None:
        from geokg.named_queries import run_named_query

        _check_parameters(named, bindings)
        result = run_named_query(
            kg, named, bindings=bindings, reasoning=reasoning.lower(), allow_network=allow_network, timeout=timeout
        )
    else:
        result = run_query(
            kg, query_text, bindings=bindings, reasoning=reasoning.lower(), allow_network=allow_network, timeout=timeout
        )
    fmt = (fmt or "").lower() or None
    if fmt is None and output is not None:
        from pathlib import Path

        from geokg.formats import GRAPH, RESULTS, by_suffix

        known = by_suffix(Path(output), GRAPH if result.kind == "CONSTRUCT" else RESULTS)
        fmt = known.name if known else None
    if result.kind == "ASK":
        from geokg.results import serialize_ask

        answer = serialize_ask(bool(result.boolean), fmt)
        write_output(output, answer + "\n")
        if not result.boolean:
            click.get_current_context().exit(1)
        return
    if result.kind == "CONSTRUCT":
        from geokg.results import serialize_graph

        fmt = fmt or "turtle"
        if fmt not in _GRAPH:
            raise InputError(f"--format {fmt} is for SELECT results; a graph is written as turtle, nt, json-ld or xml")
        write_output(output, serialize_graph(result.ntriples, fmt))
        return
    fmt = fmt or ("table" if output is None and sys.stdout.isatty() else "tsv")
    if fmt not in _SELECT:
        raise InputError(f"--format {fmt} is for graphs; a SELECT result is written as {', '.join(_SELECT)}")
    if fmt == "table":
        from geokg.namespaces import compact

        from ..output import render

        rows = [{k: (compact(v) if v else v) for k, v in row.items()} for row in result.plain_rows()]
        text_out = render(rows, "table", result.variables)
        if not rows:
            text_out += "(no rows)\n"
    else:
        from geokg.results import serialize_select

        text_out = serialize_select(result, fmt, raw=raw_csv())
    write_output(output, text_out)


def _check_parameters(named: NamedQuery, bindings: Mapping[str, Term]) -> None:
    from geokg.errors import InputError

    for param in named.parameters:
        term = bindings.get(param.name)
        if term is None:
            if param.required:
                raise InputError(
                    f"named query {named.name!r} needs --bind {param.name}=... ({param.kind}: {param.description})"
                )
            continue
        if param.kind == "year" and not (term.kind == "literal" and term.value.lstrip("+-").isdigit()):
            raise InputError(f"--bind {param.name}: expected a year such as 1985, got {term.value!r}")
        if param.kind in ("actor", "iri") and term.kind != "uri":
            raise InputError(f"--bind {param.name}: expected an actor name or IRI, got the literal {term.value!r}")


@click.command()
@click.argument("name", metavar="[NAME]", required=False)
@output_options
@global_options
def queries(name: str | None, fmt: str) -> None:
    """List the named competency queries shipped with geokg (run one with 'geokg query --name NAME');
    with NAME, print that query: its header and SPARQL text.

    \b
    Examples:
      geokg queries
      geokg queries --format json
      geokg queries ties-between
    """
    from geokg.named_queries import list_named_queries, named_query

    if name is not None:
        click.echo(named_query(name).text, nl=False)
        return
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(p.name + ("" if p.required else "?") + f" ({p.kind})" for p in q.parameters),
            "example": q.examples[0] if q.examples else "",
        }
        for q in list_named_queries()
    ]
    emit(rows, fmt, ["name", "title", "parameters", "example"] if fmt != "table" else ["name", "title", "parameters"])


COMMANDS = [query, queries]
