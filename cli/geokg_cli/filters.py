"""The options that filter the projection, declared once and shared by every command that takes them.

``--relation`` (repeatable, passed as ``relations``), ``--class`` (repeatable, ``classes``), ``--as-of``
(``as_of``, a year) and ``--asserted`` (``asserted``). They mean the same everywhere: see
:func:`geokg.projection.to_networkx`.
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
    """``--as-of YEAR``: only ties alive in that year, between actors alive then."""
    return click.option(
        "--as-of", type=YEAR, help="Only ties alive in this year, between actors alive then (unknown bounds are open)."
    )(func)


def asserted_option(func: F) -> F:
    """``--asserted``: leave out prospective ties."""
    return click.option(
        "--asserted", is_flag=True, help="Leave out prospective ties (those the source only anticipates: may, could)."
    )(func)


def projection_filters(func: F) -> F:
    """All four filters at once, in the order they appear in ``--help``."""
    for option in (asserted_option, as_of_option, class_option, relation_option):
        func = option(func)
    return func
