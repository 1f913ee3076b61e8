"""Static images (PNG, SVG) of the projection with matplotlib, in the same encoding as the HTML page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write, check_output_path
from ..errors import InputError, NoResultError
from .encoding import class_style, is_dashed, node_sizes, parallel_offsets, stance_color

if TYPE_CHECKING:
    import networkx as nx

IMAGE_FORMATS = ("png", "svg")


def render_image(
    graph: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "geokg",
    size_by: str = "pagerank",
    fmt: str | None = None,
    width: float = 12.0,
    height: float = 9.0,
    dpi: int = 110,
    seed: int = 7,
) -> None:
    """Draw the projection to a PNG or SVG file (matplotlib, Agg backend), written atomically.

    Node colour and marker by class, size by centrality, edge colour by stance (hostile red, neutral grey,
    cooperative green), arrows by direction, dashed lines for ties that may hold or are estimates or
    prospects, and a legend.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection.
    path : str or Path
        The image file.
    title : str
    size_by : {"pagerank", "degree", "betweenness", "none"}
    fmt : {"png", "svg"}, optional
        Default: from the file's suffix.
    width, height : float
        In inches.
    dpi : int
        For PNG.
    seed : int
        Seed of the layout.

    Raises
    ------
    InputError
        Unknown format, or a bad output path.
    NoResultError
        The graph has no node.

    Examples
    --------
    >>> import geokg, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.svg"
    >>> render_image(geokg.load().to_networkx(), out)
    >>> out.read_text(encoding="utf-8").count("<svg") >= 1
    True
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    target = check_output_path(path)
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt not in IMAGE_FORMATS:
        raise InputError(f"unknown image format {fmt!r}; use .png or .svg")
    if graph.number_of_nodes() == 0:
        raise NoResultError("nothing to draw: the graph has no node")

    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    n = simple.number_of_nodes()
    from ..progress import task

    with task(f"laying out {n} nodes"):
        pos = nx.spring_layout(simple, seed=seed, k=2.2 / max(1.0, n**0.5), iterations=100 if n < 2000 else 30)
    sizes = node_sizes(graph, size_by)

    fig = Figure(figsize=(width, height), dpi=dpi)
    ax = fig.add_subplot(111)
    ax.set_axis_off()
    ax.set_title(title, fontsize=14)

    area = {node: (sizes.get(node, 20.0) * 1.6) ** 2 / 2 for node in graph}
    curves = parallel_offsets(graph)
    groups: dict[tuple[bool, float], tuple[list[tuple[str, str]], list[str]]] = {}
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        group = groups.setdefault((is_dashed(attrs), round(curves.get((u, v, key), 0.0), 3)), ([], []))
        group[0].append((u, v))
        group[1].append(stance_color(attrs.get("stance")))  # type: ignore[arg-type]
    for (dashed, rad), (edgelist, colors) in sorted(groups.items()):
        nx.draw_networkx_edges(
            graph,
            pos,
            ax=ax,
            edgelist=edgelist,
            edge_color=colors,
            style="--" if dashed else "-",
            width=1.4,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=11,
            connectionstyle=f"arc3,rad={rad}",
            nodelist=list(graph),
            node_size=[area[v] for v in graph],
            alpha=0.85,
        )

    by_class: dict[str, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        by_class.setdefault(str(attrs.get("cls") or ""), []).append(node)
    handles = []
    for cls, members in sorted(by_class.items()):
        style = class_style(cls)
        nx.draw_networkx_nodes(
            graph,
            pos,
            ax=ax,
            nodelist=members,
            node_color=style.color,
            node_shape=style.marker,
            node_size=[area[m] for m in members],
            edgecolors="#333333",
            linewidths=0.8,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker=style.marker,
                linestyle="",
                markersize=9,
                markerfacecolor=style.color,
                markeredgecolor="#333333",
                label=f"{cls or '(no class)'} ({len(members)})",
            )
        )
    if n <= 300:
        labels = {node: str(attrs.get("label") or node) for node, attrs in graph.nodes(data=True)}
        below = {node: (x, y - 0.035) for node, (x, y) in pos.items()}
        nx.draw_networkx_labels(graph, below, labels=labels, ax=ax, font_size=8, verticalalignment="top")
    handles += [
        Line2D([], [], color=stance_color(-1.0), lw=2, label="hostile tie"),
        Line2D([], [], color=stance_color(0.0), lw=2, label="neutral tie"),
        Line2D([], [], color=stance_color(1.0), lw=2, label="cooperative tie"),
        Line2D([], [], color="#555555", lw=1.5, linestyle="--", label="may hold, or an estimate or prospect"),
    ]
    ax.legend(
        handles=handles, loc="lower left", fontsize=8, frameon=True, title=f"node size: {size_by}", title_fontsize=8
    )
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata={"Software": "geokg"} if fmt == "png" else {"Creator": "geokg"})
    plt.close(fig)
    atomic_write(target, buffer.getvalue())
