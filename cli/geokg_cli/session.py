"""The state one invocation shares between the group and its commands: which graph to load, and how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from geokg.knowledge import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Session:
    """Options that choose the graph, gathered from the group and the command line of a command."""

    data: list[str] = field(default_factory=list)
    bundled: bool = True
    debug: bool = False
    store: str | None = None
    endpoint: str | None = None
    min_grade: str | None = None
    _kg: KnowledgeGraph | None = None

    endpoint_timeout: float | None = None

    def kg(self) -> KnowledgeGraph:
        """Load the graph once, on first use (so ``--help`` never loads it).

        With ``--store DIR`` the graph is read from an Oxigraph store; with ``--endpoint URL`` from a
        remote SPARQL endpoint; else the bundled and ``--data`` files are loaded into memory.
        """
        if self._kg is None:
            if not self.debug:
                _quiet_library_logs()
            from .progressbar import progress_bar

            with progress_bar():  # drawn on stderr only when it is a terminal and loading takes a while
                self._kg = self._open()
            if self.min_grade:
                self._kg.restrict(min_grade=self.min_grade)
        return self._kg

    def files_kg(self, command: str) -> KnowledgeGraph:
        """The graph of the files, for a command that reads files only (:func:`file_options`); ``--store``
        or ``--endpoint`` given before the command name is refused with a usage error."""
        if self.store is not None or self.endpoint is not None:
            given = "--store" if self.store is not None else "--endpoint"
            raise click.UsageError(
                f"{command} reads files (the bundled graph and --data), not a store or an endpoint; drop {given}"
            )
        return self.kg()

    def _open(self) -> KnowledgeGraph:
        from geokg.errors import InputError

        if self.store is not None and self.endpoint is not None:
            raise InputError("give --store or --endpoint, not both")
        if (self.store is not None or self.endpoint is not None) and (self.data or not self.bundled):
            raise InputError("--data and --no-bundled choose files; they cannot be combined with --store or --endpoint")
        if self.store is not None:
            from geokg.stores import open_knowledge_graph, table_unused
            from geokg.storetable import StoreKnowledgeGraph

            kg = open_knowledge_graph(self.store)
            if not isinstance(kg, StoreKnowledgeGraph) and table_unused(self.store):  # asked only when no table
                click.echo(
                    "geokg: warning: this store's table was written by another version of geokg, so records are "
                    "read with SPARQL (slow on a large store); rebuild the store with: geokg store build",
                    err=True,
                )
            return kg
        if self.endpoint is not None:
            from geokg.endpoint import DEFAULT_TIMEOUT, open_endpoint

            timeout = DEFAULT_TIMEOUT if self.endpoint_timeout is None else self.endpoint_timeout
            return open_endpoint(self.endpoint, timeout)
        import geokg

        return geokg.load(self.data, bundled=self.bundled)


def _quiet_library_logs() -> None:
    """rdflib logs warnings (with tracebacks) for odd literals and IRIs, matplotlib for missing glyphs: not
    the user's business; --debug keeps them."""
    import logging

    for name in ("rdflib", "matplotlib", "pyshacl", "owlrl", "PIL"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def session() -> Session:
    """The :class:`Session` of the running command."""
    ctx = click.get_current_context()
    return ctx.ensure_object(Session)


def _add_data(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    if value:
        ctx.ensure_object(Session).data.extend(value)


def _no_bundled(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Session).bundled = False


def _set_store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).store = value


def _set_endpoint(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).endpoint = value


def _set_min_grade(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).min_grade = value


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Session).debug = True


def _debug_option(func: F) -> F:
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_set_debug,
        help="Show the Python traceback of an error (global option).",
    )(func)


def _file_options(func: F) -> F:
    func = click.option(
        "--no-bundled",
        is_flag=True,
        expose_value=False,
        callback=_no_bundled,
        help="Leave out the bundled graph; the ontology is always loaded (global option).",
    )(func)
    return click.option(
        "--data",
        "data",
        multiple=True,
        metavar="PATH",
        expose_value=False,
        callback=_add_data,
        help="Add your own RDF file or folder (Turtle, N-Triples, JSON-LD, RDF/XML). Repeatable (global option).",
    )(func)


def global_options(func: F) -> F:
    """Add the global options, declared here once: ``--debug`` and the options that choose the graph.

    ``--data PATH`` (repeatable) and ``--no-bundled`` choose files loaded in memory; ``--store DIR`` reads
    an Oxigraph store built by ``geokg store build``; ``--endpoint URL`` reads a remote SPARQL endpoint;
    ``--min-grade B2`` keeps only statements graded that well; ``--debug`` shows tracebacks. The group
    and every command take them, so they work before or after the command name
    (``geokg --data x.ttl show Russia`` = ``geokg show Russia --data x.ttl``); both places add up.
    """
    func = click.option(
        "--endpoint",
        metavar="URL",
        expose_value=False,
        callback=_set_endpoint,
        help="Read the graph from a remote SPARQL 1.1 endpoint, e.g. http://127.0.0.1:7878/query (global option).",
    )(func)
    func = click.option(
        "--min-grade",
        metavar="GRADE",
        expose_value=False,
        callback=_set_min_grade,
        help="Only statements graded at least this well (Admiralty: B2 = source reliability A or B and "
        "credibility 1 or 2; B or 2 alone; ungraded statements fail) (global option).",
    )(func)
    func = click.option(
        "--store",
        metavar="DIR",
        expose_value=False,
        callback=_set_store,
        help="Read the graph from an Oxigraph store built with 'geokg store build DIR' (global option).",
    )(func)
    return _debug_option(_file_options(func))


def file_options(func: F) -> F:
    """The global options of the commands that read files only (``store build``, ``validate``, ``check``,
    ``import``): the files to read (``--data``, ``--no-bundled``) and ``--debug``, but not ``--store`` or
    ``--endpoint`` (they need the graph in memory; see :meth:`Session.files_kg`)."""
    return _debug_option(_file_options(func))


graph_options = global_options
"""The former name of :func:`global_options`."""
