"""The interactive HTML page: pyvis builds the network from the projection, our own small template
makes the page self-contained (vis-network inlined from pyvis's bundled copy, nothing fetched from any
host) and safe (every text from the data reaches the page as JSON and is shown through ``textContent``
or the canvas, never through ``innerHTML``).

Known pyvis 0.3.2 pitfalls this module avoids by not using pyvis's own template: its ``in_line`` mode
still links Bootstrap and tom-select from a CDN, its ``local`` mode still loads vis-network remotely, a
node title containing "href" switches every tooltip to an ``innerHTML`` popup, ``write_html`` writes in
the platform's default encoding, and its filter/select menus can make nodes vanish.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_write, check_output_path
from ..errors import NoResultError
from .encoding import class_style, is_dashed, node_sizes, parallel_offsets, stance_color

if TYPE_CHECKING:
    import networkx as nx

LARGE_GRAPH = 1000
"""Above this many nodes physics is off and positions are computed in Python."""

VIS_VERSION = "9.1.2"

_WIKIDATA = re.compile(r"^https?://www\.wikidata\.org/entity/Q[0-9]+$")
_SYMBOLS = {
    "dot": "●",
    "square": "■",
    "triangle": "▲",
    "triangleDown": "▼",
    "diamond": "◆",
    "star": "★",
    "hexagon": "⬢",
    "ellipse": "⬬",
}

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: inline code only, no request to any host."""


def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet bundled with pyvis, as text.

    Returns
    -------
    (str, str)
        JavaScript and CSS.
    """
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline_safe(js, "script"), _inline_safe(css, "style")


def _inline_safe(text: str, tag: str) -> str:
    # an inlined script or style must not close its own element early
    return re.sub(f"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)


def _own_asset(name: str) -> str:
    return (resources.files("geokg.render") / "assets" / name).read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or line separators.

    Examples
    --------
    >>> script_json({"label": "</script><img src=x>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def layout_positions(
    graph: nx.MultiDiGraph, seed: int = 7, scale: float | None = None
) -> dict[Any, tuple[float, float]]:
    """Precomputed positions for a large graph (a force-directed layout in Python).

    Uses igraph's grid Fruchterman-Reingold when igraph is installed (well under a second for 5,000
    nodes), else NetworkX's ``spring_layout`` with fewer iterations as the graph grows.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    seed : int
        Seed of the layout, so the same graph gets the same picture.
    scale : float, optional
        Half the width of the drawing in vis-network units (default grows with the square root of the
        number of nodes).

    Returns
    -------
    dict
        Node -> (x, y).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout_positions(nx.MultiDiGraph([("a", "b"), ("b", "c")]), scale=100)
    >>> sorted(pos) == ["a", "b", "c"] and max(abs(v) for xy in pos.values() for v in xy) <= 100.0001
    True
    """
    import random

    nodes = list(graph)
    n = max(1, len(nodes))
    scale = scale if scale is not None else 60.0 * n**0.5
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(index[u], index[v]) for u, v in graph.edges() if u != v})
    try:
        import igraph
    except ImportError:
        igraph = None
    if igraph is not None:
        rng = random.Random(seed)
        half = n**0.5 / 2  # igraph's own start square: its grid then keeps each step near-linear
        start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
        igraph.set_random_number_generator(random.Random(seed))  # the same graph, the same picture
        try:
            layout = igraph.Graph(n=len(nodes), edges=pairs).layout_fruchterman_reingold(seed=start, grid=True)
        finally:
            igraph.set_random_number_generator(random)
        coords = [(float(x), float(y)) for x, y in layout.coords]
    else:
        import networkx as nx

        simple = nx.Graph()
        simple.add_nodes_from(range(len(nodes)))
        simple.add_edges_from(pairs)
        iterations = 50 if n <= 1000 else max(8, 50_000 // n)
        pos = nx.spring_layout(simple, seed=seed, iterations=iterations)
        coords = [(float(pos[i][0]), float(pos[i][1])) for i in range(len(nodes))]
    if not coords:
        return {}
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    reach = max(max(abs(x - cx), abs(y - cy)) for x, y in coords) or 1.0
    factor = scale / reach
    return {node: ((x - cx) * factor, (y - cy) * factor) for node, (x, y) in zip(nodes, coords, strict=True)}


def build_network(
    graph: nx.MultiDiGraph,
    *,
    size_by: str = "pagerank",
    aliases: Mapping[str, Sequence[str]] | None = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
) -> Any:
    """Build a :class:`pyvis.network.Network` from the projection with geokg's encoding.

    Each node and edge carries the projection's attributes (years, stance, evidence, ...) beside
    vis-network's options (colour, shape, size, dashes, arrows), for the page's filters and hover cards.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection (see :mod:`geokg.projection`).
    size_by : {"pagerank", "degree", "betweenness", "none"}
    aliases : mapping, optional
        Node -> other names, shown on the hover card.
    positions : mapping, optional
        Node -> (x, y); when given, nodes are placed there.

    Returns
    -------
    pyvis.network.Network
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    sizes = node_sizes(graph, size_by)
    aliases = aliases or {}
    for node, attrs in graph.nodes(data=True):
        cls = str(attrs.get("cls") or "")
        style = class_style(cls)
        wikidata = str(attrs.get("wikidata") or "")
        extra: dict[str, Any] = {}
        if positions is not None and node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            str(node),
            label=str(attrs.get("label") or node),
            shape=style.shape,
            color={
                "background": style.color,
                "border": _darker(style.color),
                "highlight": {"background": style.color, "border": "#000000"},
            },
            size=round(sizes.get(node, 20.0), 2),
            cls=cls,
            classes=str(attrs.get("classes") or cls),
            aliases=[str(a) for a in aliases.get(node, ())],
            wikidata=wikidata if _WIKIDATA.match(wikidata) else "",
            start=_year(attrs.get("start")),
            end=_year(attrs.get("end")),
            years=[int(str(y)) for y in _as_list(attrs.get("years"))] or [-10000, -10000, 10000, 10000],
            **extra,
        )
    curves = parallel_offsets(graph)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        color = stance_color(_float(attrs.get("stance")))
        rad = curves.get((u, v, key), 0.0)
        smooth: dict[str, Any] = {"enabled": False}
        if rad:
            smooth = {"enabled": True, "type": "curvedCW" if rad > 0 else "curvedCCW", "roundness": round(abs(rad), 3)}
        net.add_edge(
            str(u),
            str(v),
            id=str(key),
            arrows="to",
            color={"color": color, "highlight": color, "hover": color},
            dashes=is_dashed(attrs),
            width=2,
            smooth=smooth,
            relation=str(attrs.get("relation") or ""),
            relation_label=str(attrs.get("relation_label") or attrs.get("relation") or ""),
            start=_year(attrs.get("start")),
            end=_year(attrs.get("end")),
            years=[int(str(y)) for y in _as_list(attrs.get("years"))] or [-10000, -10000, 10000, 10000, 10000],
            kind=str(attrs.get("kind") or ""),
            when=str(attrs.get("when") or ""),
            status=str(attrs.get("status") or ""),
            level=str(attrs.get("level") or ""),
            certainty=str(attrs.get("certainty") or ""),
            condition=str(attrs.get("condition") or ""),
            qualifiers=str(attrs.get("qualifiers") or ""),
            credibility=str(attrs.get("credibility") or ""),
            reliability=str(attrs.get("reliability") or ""),
            stance=_float(attrs.get("stance")),
            quad_class=str(attrs.get("quad_class") or ""),
            evidence=[str(q) for q in _as_list(attrs.get("evidence"))],
            sources=[str(s) for s in _as_list(attrs.get("sources"))],
        )
    return net


def page_data(
    graph: nx.MultiDiGraph,
    *,
    title: str = "geokg",
    size_by: str = "pagerank",
    aliases: Mapping[str, Sequence[str]] | None = None,
    physics_threshold: int = LARGE_GRAPH,
) -> dict[str, Any]:
    """Everything the page's script reads: nodes, edges, legend entries, year range, vis options.

    Returns
    -------
    dict
        JSON-able; ``nodes`` and ``edges`` are as many as the graph's.
    """
    large = graph.number_of_nodes() > physics_threshold
    from ..progress import task

    with task(f"laying out {graph.number_of_nodes()} nodes"):
        positions = layout_positions(graph) if large else None
    net = build_network(graph, size_by=size_by, aliases=aliases, positions=positions)
    nodes = list(net.nodes)
    edges = list(net.edges)

    class_counts: dict[str, int] = {}
    for n in nodes:
        class_counts[n["cls"]] = class_counts.get(n["cls"], 0) + 1
    classes = []
    for name in sorted(class_counts):
        style = class_style(name)
        classes.append(
            {
                "name": name,
                "label": name or "(no class)",
                "color": style.color,
                "symbol": _SYMBOLS.get(style.shape, "●"),
                "count": class_counts[name],
            }
        )
    rel_counts: dict[str, list[Any]] = {}
    for e in edges:
        entry = rel_counts.setdefault(e["relation"], [e["relation_label"], 0])
        entry[1] += 1
    relations = [
        {"name": k, "label": v[0], "count": v[1]} for k, v in sorted(rel_counts.items(), key=lambda kv: kv[1][0])
    ]

    years = [y for item in nodes + edges for y in (item.get("start"), item.get("end")) if y is not None]
    year_range = [min(years), max(max(years), _this_year())] if years else None

    options: dict[str, Any] = {
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
        },
        "nodes": {
            "font": {"size": 14, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1.5,
        },
        "edges": {"arrowStrikethrough": False, "selectionWidth": 1.5, "arrows": {"to": {"scaleFactor": 0.6}}},
    }
    if large:
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = False
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 140, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    return {
        "title": title,
        "sizeBy": size_by,
        "large": large,
        "nodes": nodes,
        "edges": edges,
        "classes": classes,
        "relations": relations,
        "years": year_range,
        "options": options,
    }


def render_html(
    graph: nx.MultiDiGraph,
    path: str | Path | None = None,
    *,
    title: str = "geokg",
    size_by: str = "pagerank",
    aliases: Mapping[str, Sequence[str]] | None = None,
    physics_threshold: int = LARGE_GRAPH,
) -> str:
    """Render the projection as one self-contained HTML page; write it (UTF-8, atomically) when ``path`` is given.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection (:func:`geokg.projection.project`).
    path : str or Path, optional
        Where to write the page.
    title : str
        Shown as the page's title and heading (escaped).
    size_by : {"pagerank", "degree", "betweenness", "none"}
        What a node's size shows.
    aliases : mapping, optional
        Node -> other names, for hover cards and search.
    physics_threshold : int
        Above this many nodes, physics is off and positions are computed in Python.

    Returns
    -------
    str
        The page.

    Raises
    ------
    NoResultError
        The graph has no node.
    InputError
        Unknown ``size_by``, or ``path`` is a folder or in a folder that does not exist.

    Examples
    --------
    >>> import geokg
    >>> page = render_html(geokg.load().to_networkx(), title="Actors")
    >>> page.startswith("<!DOCTYPE html>") and "<script src" not in page
    True
    """
    if path is not None:
        check_output_path(path)
    if graph.number_of_nodes() == 0:
        raise NoResultError("nothing to draw: the graph has no node")
    data = page_data(graph, title=title, size_by=size_by, aliases=aliases, physics_threshold=physics_threshold)
    vis_js, vis_css = vis_assets()
    parts = {
        "CSP": html.escape(CSP),
        "TITLE": html.escape(title),
        "VIS_CSS": vis_css,
        "PAGE_CSS": _inline_safe(_own_asset("page.css"), "style"),
        "VIS_JS": vis_js,
        "PAGE_JS": _inline_safe(_own_asset("page.js"), "script"),
        "DATA": script_json(data),
        "SIZE_BY": html.escape(size_by),
    }
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _PAGE)
    if path is not None:
        atomic_write(path, page)
    return page


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="geokg">
<link rel="icon" href="data:,">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>@@PAGE_CSS@@</style>
</head>
<body>
<aside id="side">
  <h1>@@TITLE@@</h1>
  <div id="status"></div>
  <h2>Legend</h2>
  <div id="legend">
    <div>Tie colour: score (relation level, attitude valence, Goldstein / 10)</div>
    <div class="bar"></div>
    <div class="bar-labels"><span>hostile</span><span>neutral</span><span>cooperative</span></div>
    <div class="row"><span class="line"></span> asserted, holds (or all years)</div>
    <div class="row"><span class="line dashed"></span> may hold, or an estimate or prospect</div>
    <div class="row"><span>→</span> arrow: from the actor a tie starts at</div>
    <div class="row">node size: @@SIZE_BY@@</div>
    <div class="row">node colour and shape: actor class (below)</div>
  </div>
  <h2>Search</h2>
  <input id="search" type="search" list="actor-names" placeholder="actor name, then Enter" autocomplete="off">
  <datalist id="actor-names"></datalist>
  <div class="row"><button id="clear" type="button">Clear</button><span id="search-result"></span></div>
  <div id="info"></div>
  <div id="year-box">
    <h2>Year</h2>
    <input id="year" type="range" step="1" aria-label="year">
    <div class="row"><span id="year-value">all years</span><button id="all-years" type="button">All years</button></div>
    <label class="row"><input id="may-hold" type="checkbox"> also what may hold (dashed)</label>
    <label class="row"><input id="superseded" type="checkbox"> also what a newer statement superseded</label>
  </div>
  <h2>Actor classes</h2>
  <div id="classes"></div>
  <h2>Tie types</h2>
  <div id="relations"></div>
</aside>
<main id="main"><div id="graph"></div></main>
<script type="application/json" id="geokg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@PAGE_JS@@</script>
</body>
</html>
"""


def _darker(color: str) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * 0.7):02x}" for c in (r, g, b))


def _year(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _float(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _as_list(value: object) -> list[object]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _this_year() -> int:
    import datetime

    return datetime.date.today().year
