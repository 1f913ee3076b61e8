"""``geokg render``: the interactive HTML page or a static PNG/SVG image of the graph.

The filter options are declared once here (:func:`view_options`) and shared with ``geokg export``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from geokg.render.encoding import SIZE_MEASURES  # light: no networkx at import time

from ..filters import entities_option, projection_filters
from ..session import graph_options, session

F = TypeVar("F", bound=Callable[..., Any])

SIZE_CHOICES = SIZE_MEASURES
VIEW_KEYS = ("relations", "classes", "as_of", "actor", "depth", "top", "include_entities", "asserted")


def view_options(func: F) -> F:
    """Add the projection filters and the view options (passed on under the names in ``VIEW_KEYS``)."""
    options = [
        click.option("--actor", metavar="ACTOR", help="Ego view: this actor and its neighbourhood."),
        click.option(
            "--depth",
            type=int,
            default=1,
            show_default=True,
            metavar="N",
            help="With --actor: how many ties away from it to go.",
        ),
        click.option("--top", type=int, metavar="N", help="Only the N most central actors (PageRank)."),
        entities_option,
    ]
    for option in reversed(options):
        func = option(func)
    return projection_filters(func)


def view_from_options(view: dict[str, Any]) -> Any:
    """The :class:`geokg.projection.View` that the values of :func:`view_options` describe."""
    from geokg.projection import View

    return View(
        relations=view["relations"],
        classes=view["classes"],
        kinds=view.get("kinds") or (),
        as_of=view["as_of"],
        may_hold=bool(view.get("may_hold")),
        asserted_only=view["asserted"],
        include_entities=view["include_entities"],
        actor=view["actor"],
        depth=view["depth"],
        top=view["top"],
    )


def select_from_options(kg: Any, view: dict[str, Any]) -> Any:
    """The projection (:func:`geokg.projection.project`) that the values of :func:`view_options` choose."""
    from geokg.projection import project

    return project(kg, view_from_options(view))


def is_filtered(view: dict[str, Any]) -> bool:
    """Whether any filter option was given (the whole graph otherwise)."""
    return bool(view_from_options(view).is_filtered)


def default_title(kg: Any, view: dict[str, Any]) -> str:
    """A title that says what the picture shows, e.g. ``geokg: Soviet Union and neighbours, as of 1985``."""
    parts = []
    if view["actor"]:
        ego = kg.actor(view["actor"]).label
        parts.append(f"{ego} and its neighbours" + (f" (depth {view['depth']})" if view["depth"] > 1 else ""))
    if view["relations"]:
        parts.append("ties: " + ", ".join(kg.resolve_relation(r).label for r in view["relations"]))
    if view["classes"]:
        parts.append("classes: " + ", ".join(kg.resolve_class(c).label for c in view["classes"]))
    if view["top"] is not None:
        parts.append(f"top {view['top']} by PageRank")
    if view["as_of"] is not None:
        parts.append(f"as of {view['as_of']}")
    return "geokg" + (": " + "; ".join(parts) if parts else ": actors and ties")


@click.command()
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="FILE",
    help="The file to write: .html (interactive page), .png or .svg (static image).",
)
@view_options
@click.option(
    "--size-by",
    type=click.Choice(SIZE_CHOICES, case_sensitive=False),
    default="pagerank",
    show_default=True,
    help="What a node's size shows.",
)
@click.option("--title", help="Title of the page or image (default: says what is shown).")
@graph_options
def render(output: str, size_by: str, title: str | None, **view: Any) -> None:
    """Draw the graph: an interactive HTML page, or a PNG/SVG image for reports.

    The HTML page is one self-contained file (vis-network inlined): it opens from disk with no network
    and fetches nothing. Colour and shape show the actor class, size the centrality, tie colour the
    stance (red hostile, grey neutral, green cooperative); dashed ties have ended or are prospective.
    The page has a search box, tie type and class filters, a year slider and hover cards.

    \b
    Examples:
      geokg render -o afghanistan.html
      geokg render -o soviet.html --actor "Soviet Union" --depth 2
      geokg render -o 1985.png --as-of 1985
      geokg render -o support.svg --relation support --size-by degree
      geokg render -o core.html --top 10 --title "The ten most central actors"
    """
    from geokg.atomic import check_output_path

    target = check_output_path(output)
    kind = target.suffix.lower()
    if kind not in (".html", ".htm", ".png", ".svg"):
        hint = " (standard output is not supported for images and pages: give a file name)" if output == "-" else ""
        raise click.BadParameter(f"{output!r}: the file name must end in .html, .png or .svg{hint}", param_hint="'-o'")
    kg = session().kg()
    graph = select_from_options(kg, view)
    title = title if title is not None else default_title(kg, view)
    if kind in (".html", ".htm"):
        from geokg.render.html import render_html
        from geokg.render.view import entity_aliases

        render_html(graph, target, title=title, size_by=size_by.lower(), aliases=entity_aliases(kg, graph))
    else:
        from geokg.render.static import render_image

        render_image(graph, target, title=title, size_by=size_by.lower())
    from ..output import shown

    click.echo(f"wrote {shown(Path(output))}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties")


COMMANDS = [render]
