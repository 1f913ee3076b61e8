"""The options that filter statements and the projection, declared once and shared by every command.

``--relation`` (repeatable, passed as ``relations``), ``--class`` (repeatable, ``classes``), ``--as-of``
(``as_of``, a year), ``--may-hold`` (``may_hold``), ``--kind`` (repeatable, ``kinds``), ``--asserted``
(``asserted``) and ``--entities`` (``include_entities``). They mean the same everywhere: see
:func:`geokg.projection.to_networkx` and the one as-of rule, :func:`geokg.timespan.status`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from geokg.model import KINDS

from .params import YEAR

F = TypeVar("F", bound=Callable[..., Any])


def relation_option(func: F) -> F:
    """``--relation TYPE`` (repeatable): only ties of these types."""
    return click.option(
        "--relation",
        "relations",
        multiple=True,
        metavar="TYPE",
        help="Only ties of this type, named by its label as 'geokg info' lists it (support, membership, "
        "'armed conflict', ...). Repeatable.",
    )(func)


def class_option(func: F) -> F:
    """``--class CLASS`` (repeatable): only actors of these classes or their subclasses."""
    return click.option(
        "--class",
        "classes",
        multiple=True,
        metavar="CLASS",
        help="Only actors of this class or its subclasses, named as 'geokg info' lists it (State, ArmedGroup, "
        "MilitaryAlliance, ...; a label such as 'military alliance' works too). Repeatable.",
    )(func)


def as_of_option(func: F) -> F:
    """``--as-of YEAR``: only what holds in that year (the one as-of rule)."""
    return click.option(
        "--as-of",
        type=YEAR,
        help="Only statements that hold in this year (add --may-hold for those that may hold).",
    )(func)


def may_hold_option(func: F) -> F:
    """``--may-hold``: with ``--as-of``, also what may hold in that year (passed as ``may_hold``)."""
    return click.option(
        "--may-hold",
        "may_hold",
        is_flag=True,
        help="With --as-of: also statements that may hold in that year (a bound's uncertainty, or after the "
        "source's date with no known end); each row says which.",
    )(func)


def kind_option(func: F) -> F:
    """``--kind relation|attitude|event`` (repeatable, passed as ``kinds``; relations when not given)."""
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(KINDS),
        help="Only statements of this kind: relation, attitude, event. Repeatable. Analysis, render and export "
        "take relations when not given; listings take every kind.",
    )(func)


def kinds_or_default(kinds: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The kinds a command was given, or relations only."""
    return tuple(kinds) or ("relation",)


def asserted_option(func: F) -> F:
    """``--asserted``: leave out estimates and prospects (certainty other than asserted)."""
    return click.option(
        "--asserted",
        is_flag=True,
        help="Only what the sources state as fact (leave out likely, possible, conditional, ... statements).",
    )(func)


def entities_option_as(dest: str) -> Callable[[F], F]:
    """``--entities``, passed on as ``dest``: also regions, initiatives, population groups and issues."""
    return click.option(
        "--entities",
        dest,
        is_flag=True,
        help="Also include entities that are not actors: regions, initiatives, population groups, issues.",
    )


def entities_option(func: F) -> F:
    """``--entities`` (passed on as ``include_entities``)."""
    return entities_option_as("include_entities")(func)


def projection_filters(func: F) -> F:
    """All the filters at once, in the order they appear in ``--help``."""
    for option in (asserted_option, kind_option, may_hold_option, as_of_option, class_option, relation_option):
        func = option(func)
    return func
