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
    allow_network: bool = False
    store: str | None = None
    endpoint: str | None = None
    _kg: KnowledgeGraph | None = None

    def kg(self) -> KnowledgeGraph:
        """Load the graph once, on first use (so ``--help`` never loads it)."""
        if self._kg is None:
            import geokg

            self._kg = geokg.load(self.data, bundled=self.bundled, allow_network=self.allow_network)
        return self._kg


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


def graph_options(func: F) -> F:
    """Add ``--data PATH`` (repeatable) and ``--no-bundled`` to a command that reads the graph.

    The same options are accepted before the command name (``geokg --data x.ttl show Russia``); both
    places add up.
    """
    func = click.option(
        "--no-bundled",
        is_flag=True,
        expose_value=False,
        callback=_no_bundled,
        help="Leave out the bundled graph (the ontology is always loaded).",
    )(func)
    func = click.option(
        "--data",
        "data",
        multiple=True,
        metavar="PATH",
        expose_value=False,
        callback=_add_data,
        help="Add your own RDF file or folder (Turtle, N-Triples, JSON-LD, RDF/XML). Repeatable.",
    )(func)
    return func
