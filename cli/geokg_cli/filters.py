"""The options that filter statements and the projection, declared once and shared by every command.

``--relation`` (repeatable, passed as ``relations``), ``--class`` (repeatable, ``classes``), ``--as-of``
(``as_of``, a year), ``--may-hold`` (``may_hold``), ``--kind`` (repeatable, ``kinds``) and ``--asserted``
(``asserted``). They mean the same everywhere: see :func:`geokg.projection.to_networkx` and
:func:`geokg.timespan.status` (the one as-of rule).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .params import YEAR

F = TypeVar("F", bound=Callable[..., Any])


def relation_option(func: F) -> F:
    """``--relation TYPE`` (repeatable): only ties of these types."""
    return click.option(
        "--relation",
        "relations",
        multiple=True,
        metavar="TYPE",
        help="Only ties of this type (support, membership, 'armed conflict', ...). Repeatable.",
    )(func)


def class_option(func: F) -> F:
    """``--class CLASS`` (repeatable): only actors of these classes or their subclasses."""
    return click.option(
        "--class",
        "classes",
        multiple=True,
        metavar="CLASS",
        help="Only actors of this class or its subclasses (State, ArmedGroup, 'military alliance', ...). Repeatable.",
    )(func)


def as_of_option(func: F) -> F:
    """``--as-of YEAR``: only what holds in that year (the one as-of rule)."""
    return click.option(
        "--as-of",
        type=YEAR,
        help="Only what surely holds in this year, by the dates the sources give (see --may-hold).",
    )(func)


def may_hold_option(func: F) -> F:
    """``--may-hold``: with ``--as-of``, also what may hold in that year."""
    return click.option(
        "--may-hold",
        is_flag=True,
        help="With --as-of: also what may hold that year (an imprecise date, or after the source's date with "
        "no known end). The status column says which.",
    )(func)


def kind_option(func: F) -> F:
    """``--kind KIND`` (repeatable): relation, attitude, event."""
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        metavar="KIND",
        help="Only statements of this kind: relation, attitude, event. Repeatable.",
    )(func)


def asserted_option(func: F) -> F:
    """``--asserted``: leave out estimates and prospects."""
    return click.option(
        "--asserted",
        is_flag=True,
        help="Only what the sources state as fact: leave out estimates and prospects (likely, may, unlikely, if ...).",
    )(func)


def projection_filters(func: F) -> F:
    """All the filters at once, in the order they appear in ``--help``."""
    for option in (asserted_option, kind_option, may_hold_option, as_of_option, class_option, relation_option):
        func = option(func)
    return func
