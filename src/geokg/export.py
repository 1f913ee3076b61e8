"""Export the graph to the tools analysts use: Gephi, Cytoscape, Graphviz, spreadsheets, triple stores.

Network formats (``graphml``, ``gexf``, ``cytoscape``, ``node-link``, ``csv``, ``dot``) write a projection
(made by :func:`geokg.projection.project`, filters in :class:`geokg.projection.View`). RDF formats
(``turtle``, ``nt``, ``json-ld``, ``xml``) write the RDF itself: the whole loaded graph (ontology, data and derived
triples) when no filter is given, otherwise the description of the chosen entities and ties (their
triples, the evidence nodes hanging from them, and only the links between chosen things).

Every file is written atomically. ``csv`` writes two files, ``nodes.csv`` and ``edges.csv``: into the
folder when the path ends with a slash or names an existing folder, otherwise beside the path used as a
prefix (``out/afg`` or ``out/afg.csv`` -> ``out/afg-nodes.csv`` and ``out/afg-edges.csv``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write, atomic_write_many, check_output_path
from .collector import paused
from .errors import InputError
from .formats import GRAPH, NETWORK, formats, names

if TYPE_CHECKING:
    import networkx as nx

    from .knowledge import KnowledgeGraph

NETWORK_FORMATS = names(NETWORK)
RDF_FORMATS = {f.name: f.rdflib_writer or f.name for f in formats(GRAPH)}
"""geokg format name -> rdflib serializer name."""
FORMATS = (*NETWORK_FORMATS, *RDF_FORMATS)
"""Every format :func:`export` writes (from the one table, :mod:`geokg.formats`)."""

ALIASES = {alias: f.name for f in formats(NETWORK, GRAPH) for alias in f.aliases}
SUFFIXES = {suffix: f.name for f in formats(GRAPH, NETWORK) for suffix in f.suffixes}


NODE_COLUMNS = ("id", "label", "cls", "classes", "is_actor", "wikidata", "start", "end")
EDGE_COLUMNS = (
    "id",
    "source",
    "target",
    "relation",
    "relation_label",
    "kind",
    "start",
    "end",
    "when",
    "status",
    "stance",
    "level",
    "quad_class",
    "certainty",
    "condition",
    "qualifiers",
    "credibility",
    "reliability",
    "cameo",
    "evidence",
    "sources",
)


def resolve_format(fmt: str | None, path: str | Path) -> str:
    """The export format: given by name (or alias), else guessed from the path's suffix.

    Raises
    ------
    InputError
        Unknown name, or no name and a suffix that says nothing.

    Examples
    --------
    >>> resolve_format("TTL", "x"), resolve_format(None, "g.graphml")
    ('turtle', 'graphml')
    """
    if fmt:
        name = fmt.strip().lower()
        name = ALIASES.get(name, name)
        if name not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return name
    suffix = Path(str(path)).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise InputError(f"cannot tell the export format from {str(path)!r}; give -f ({', '.join(FORMATS)})")


def flat_value(value: Any) -> str | int | float | bool | None:
    """A value Gephi can read: lists joined with `` | ``, other objects as text; None stays None (dropped).

    Examples
    --------
    >>> flat_value(["a", "b"]), flat_value(3), flat_value(None)
    ('a | b', 3, None)
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return " | ".join(str(v) for v in value)
    return str(value)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar, non-None attributes (what GraphML and GEXF readers like Gephi accept).

    Lists become text joined with `` | ``; attributes whose value is None are left out.
    """
    import networkx as nx

    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(str(node), **_flat_attrs(attrs))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(str(u), str(v), key=str(key), **_flat_attrs(attrs))
    return out


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    flat = {k: flat_value(v) for k, v in attrs.items()}
    return {k: v for k, v in flat.items() if v is not None}


def export(
    kg: KnowledgeGraph,
    graph: nx.MultiDiGraph,
    path: str | Path,
    fmt: str | None = None,
    *,
    filtered: bool = True,
    raw: bool = False,
) -> list[Path]:
    """Write ``graph`` (a projection of ``kg``) to ``path`` in ``fmt``.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph the projection was made from (its RDF is what the RDF formats write).
    graph : networkx.MultiDiGraph
        The projection to write.
    path : str or Path
        The output file (for ``csv``: a folder or a prefix, see the module docstring).
    fmt : str, optional
        One of :data:`FORMATS` (or an alias such as ``ttl``); default from the suffix.
    filtered : bool
        For RDF formats: False writes the whole loaded graph, True only what ``graph`` holds.
    raw : bool
        For ``csv``: write cells a spreadsheet would read as formulas unchanged (see :mod:`geokg.csvsafe`).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InputError
        Unknown format, a folder that does not exist, or a path that is a folder.

    Examples
    --------
    >>> import geokg, tempfile, pathlib
    >>> kg = geokg.load()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> [p.name for p in export(kg, kg.to_networkx(), out)]
    ['g.graphml']
    """
    name = resolve_format(fmt, path)
    if name == "csv":
        return write_csv(graph, path, raw=raw)
    target = check_output_path(path)
    atomic_write(target, export_data(kg, graph, name, filtered=filtered))
    return [target]


def export_data(kg: KnowledgeGraph, graph: nx.MultiDiGraph, fmt: str, *, filtered: bool = True) -> str | bytes:
    """The content :func:`export` writes for a one-file format (every format but ``csv``).

    Raises
    ------
    InputError
        An unknown format, or ``csv`` (two files).
    """
    name = resolve_format(fmt, "")
    if name == "csv":
        raise InputError("csv writes two files (nodes and edges); give a folder or a prefix, not standard output")
    if name in RDF_FORMATS:
        rdf = rdf_graph(kg) if not filtered else rdf_subgraph(kg, graph)
        return bytes(rdf.serialize(format=RDF_FORMATS[name], encoding="utf-8"))
    writers = {
        "graphml": graphml_text,
        "gexf": gexf_text,
        "cytoscape": cytoscape_text,
        "node-link": node_link_text,
        "dot": dot_text,
    }
    return writers[name](graph)


def rdf_graph(kg: KnowledgeGraph) -> Any:
    """The rdflib graph of ``kg``; for a graph in a store or on an endpoint, its triples
    (:meth:`geokg.backends.Backend.ntriples`) read into a new one."""
    try:
        return kg.graph
    except InputError:
        pass
    from rdflib import Graph

    from .namespaces import PREFIXES

    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, override=True)
    return out.parse(data=kg.backend.ntriples(), format="nt")


def graphml_text(graph: nx.MultiDiGraph) -> str:
    """GraphML of the projection (scalar attributes only; edge ids are tie IRIs).

    The text is the one ``networkx.generate_graphml(flat_graph(graph), prettyprint=True)`` gives, lines
    joined with ``\\n``; it is written here directly (:func:`_graphml`), which is many times faster on a
    large projection, and by networkx for what that does not expect.
    """
    with paused():  # a list per element, a million strings: lasting until the text is joined, no garbage
        text = _graphml(graph)
    if text is None:
        import networkx as nx

        return "\n".join(nx.generate_graphml(flat_graph(graph), encoding="utf-8", prettyprint=True)) + "\n"
    if any(c in text for c in _LINE_BREAKS):
        return "\n".join(text.splitlines()) + "\n"
    return text  # already split at "\n" only, and ends with one


_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
"""The ASCII characters other than ``\\n`` where :meth:`str.splitlines` splits (the text is ASCII by then)."""


_GRAPHML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}
"""The GraphML type networkx's writer gives to a value of each Python type (its last entry wins)."""
_GRAPHML_ROOT = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _graphml(graph: nx.MultiDiGraph) -> str | None:
    """The XML networkx's ``GraphMLWriter`` makes of ``flat_graph(graph)`` (before it is split into lines),
    or None for a graph that is not a directed multigraph without graph attributes, or whose flat values
    are not ``str``, ``int``, ``float`` or ``bool`` (numpy numbers, say): networkx writes those.

    As there: ElementTree's escaping (the standard library's own functions), every non-ASCII character as
    a character reference, two spaces of indentation per level, keys numbered ``d0``, ``d1``, ... in the
    order their (name, type, scope) first occurs (nodes, then edges) and listed last key first, empty
    values as empty elements.
    """
    from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]

    if not (graph.is_directed() and graph.is_multigraph()) or graph.graph:
        return None
    # scope -> name -> type -> the opening of its data elements, '<data key="d0"'
    keys: dict[str, dict[str, dict[type, str]]] = {"node": {}, "edge": {}}
    declared: list[str] = []
    elements: list[str] = []
    items: Iterable[tuple[str, str, dict[str, Any]]] = (
        *((f'<node id="{_escape_attrib(str(n))}"', "node", a) for n, a in graph.nodes(data=True)),
        *(
            (f'<edge source="{_escape_attrib(str(u))}" target="{_escape_attrib(str(v))}" id="{_escape_attrib(str(k))}"',
             "edge", a)
            for u, v, k, a in graph.edges(keys=True, data=True)
        ),
    )  # fmt: skip
    # An element's plan: per attribute, the opening of its data element and how to write its value; decided
    # once per (scope, names, value types), which nearly every node and every tie of a projection share.
    plans: dict[tuple[str, tuple[Any, ...], tuple[type, ...]], list[tuple[str, int]]] = {}
    for opening, scope, attrs in items:
        values = attrs.values()
        shape = (scope, tuple(attrs), tuple(map(type, values)))
        plan = plans.get(shape)
        if plan is None:
            made = _graphml_plan(scope, shape[1], shape[2], keys[scope], declared)
            if made is None:
                return None
            plan = plans[shape] = made
        data = []
        for (key, how), raw in zip(plan, values, strict=True):
            if how == _AS_IS:
                text = raw
            elif how == _JOINED:
                text = " | ".join(map(str, raw))
            elif how == _NUMBER:
                text = str(raw)
            elif how == _SKIPPED:
                continue
            else:
                text = str(flat_value(raw))
            if not text:
                data.append(f"{key} />")
            elif "&" in text or "<" in text or ">" in text:
                data.append(f"{key}>{_escape_cdata(text)}</data>")
            else:
                data.append(f"{key}>{text}</data>")
        if data:
            elements.append(f"{opening}>\n      " + "\n      ".join(data) + f"\n    </{scope}>")
        else:
            elements.append(f"{opening} />")
    # Each element is made ASCII (character references) on its own and the bytes are joined: joining the
    # strings would widen the whole text to two or four bytes a character as soon as one quote is not ASCII.
    to_ascii = methodcaller("encode", "ascii", "xmlcharrefreplace")
    graph_element = (
        b'<graph edgedefault="directed">\n    ' + b"\n    ".join(map(to_ascii, elements)) + b"\n  </graph>"
        if elements
        else b'<graph edgedefault="directed" />'
    )
    head = to_ascii("\n  ".join([_GRAPHML_ROOT, *reversed(declared)]))
    return (head + b"\n  " + graph_element + b"\n</graphml>\n").decode("ascii")


_AS_IS, _JOINED, _NUMBER, _SKIPPED, _AS_TEXT = range(5)
"""How :func:`_graphml` writes a value: a str as it is, a list joined with `` | ``, a number as its text,
None not at all, another value as :func:`flat_value` writes it."""


def _graphml_plan(
    scope: str, names: tuple[Any, ...], types: tuple[type, ...], keys: dict[str, dict[type, str]], declared: list[str]
) -> list[tuple[str, int]] | None:
    """The plan of elements with these attribute names and value types (declaring their keys on first use),
    or None when a flat value would not be ``str``, ``int``, ``float`` or ``bool``."""
    from xml.etree.ElementTree import _escape_attrib  # type: ignore[attr-defined]

    plan: list[tuple[str, int]] = []
    for raw_name, raw_type in zip(names, types, strict=True):
        if raw_type is type(None):
            plan.append(("", _SKIPPED))
            continue
        if raw_type in _GRAPHML_TYPES:
            kind, how = raw_type, (_AS_IS if raw_type is str else _NUMBER)
        elif raw_type is list:
            kind, how = str, _JOINED
        elif issubclass(raw_type, (bool, int, float, str)):
            return None  # flat_value keeps it, and its type is none GraphML has (a numpy number, say)
        else:
            kind, how = str, _AS_TEXT  # flat_value writes it as text
        name = raw_name if type(raw_name) is str else str(raw_name)
        key = keys.setdefault(name, {}).get(kind)
        if key is None:
            key = keys[name][kind] = f'<data key="d{len(declared)}"'
            declared.append(
                f'<key id="d{len(declared)}" for="{scope}" attr.name="{_escape_attrib(name)}" '
                f'attr.type="{_GRAPHML_TYPES[kind]}" />'
            )
        plan.append((key, how))
    return plan


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """GEXF 1.2 of the projection (scalar attributes only; edge ids are tie IRIs)."""
    import networkx as nx

    flat = flat_graph(graph)
    for _u, _v, key, attrs in flat.edges(keys=True, data=True):
        attrs["id"] = key
    # GEXF reads start/end as spells (integer years): leave out the ones with no year (no bound, or a node's
    # lifespan not known); the derived years and "when" say the rest.
    items = [a for _n, a in flat.nodes(data=True)] + [a for _u, _v, a in flat.edges(data=True)]
    for attrs in items:
        for name in ("start", "end"):
            if str(attrs.get(name, "")).strip().lstrip("-").isdigit() is False:
                attrs.pop(name, None)
    return "\n".join(nx.generate_gexf(flat, encoding="utf-8", prettyprint=True, version="1.2draft")) + "\n"


def cytoscape_text(graph: nx.MultiDiGraph) -> str:
    """Cytoscape.js JSON (``{"data": ..., "elements": {"nodes": [...], "edges": [...]}}``); edge ``id`` = tie IRI."""
    import networkx as nx

    data = nx.cytoscape_data(graph, name="label", ident="id")
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"].get("key")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def node_link_text(graph: nx.MultiDiGraph) -> str:
    """NetworkX node-link JSON with ``nodes`` and ``edges`` (read it with ``node_link_graph(..., edges="edges")``)."""
    import networkx as nx

    try:
        data = nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx < 3.4
        data = nx.node_link_data(graph, link="edges")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def dot_id(text: object) -> str:
    """A Graphviz quoted ID: backslashes and quotes escaped, line breaks as ``\\n``.

    Examples
    --------
    >>> print(dot_id('say "hi"'))
    "say \\"hi\\""
    """
    value = str(text).replace("\\", "\\\\").replace('"', '\\"')
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{value}"'


def dot_text(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT of the projection, with the same colours as the rendering.

    Nodes are named by IRI and labelled with their label; edges carry the tie IRI (``id``), the tie type
    (``label``), the stance colour and ``style=dashed`` for ties that may hold or are estimates or prospects.
    """
    from .render.encoding import class_style, is_dashed, stance_color

    lines = [
        "digraph geokg {",
        "  graph [overlap=false, splines=true];",
        '  node [style=filled, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for node, attrs in graph.nodes(data=True):
        style = class_style(str(attrs.get("cls") or ""))
        fields = {
            "label": attrs.get("label") or node,
            "fillcolor": style.color,
            "class": attrs.get("cls") or "",
            "wikidata": attrs.get("wikidata") or "",
        }
        lines.append(f"  {dot_id(node)} [" + ", ".join(f"{k}={dot_id(v)}" for k, v in fields.items()) + "];")
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        fields = {
            "id": key,
            "label": attrs.get("relation_label") or attrs.get("relation") or "",
            "color": stance_color(attrs.get("stance")),  # type: ignore[arg-type]
            "style": "dashed" if is_dashed(attrs) else "solid",
            "stance": attrs.get("stance"),
            "kind": attrs.get("kind") or "",
            "when": attrs.get("when") or "",
            "certainty": attrs.get("certainty") or "",
        }
        lines.append(
            f"  {dot_id(u)} -> {dot_id(v)} [" + ", ".join(f"{k}={dot_id(val)}" for k, val in fields.items()) + "];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """Where ``csv`` writes ``nodes.csv`` and ``edges.csv`` for an output path.

    Examples
    --------
    >>> [p.as_posix() for p in csv_paths("out/afg.csv")]
    ['out/afg-nodes.csv', 'out/afg-edges.csv']
    >>> [p.as_posix() for p in csv_paths("out/")]
    ['out/nodes.csv', 'out/edges.csv']
    """
    text = str(path)
    target = Path(text)
    if text.endswith(("/", "\\")) or target.is_dir():
        return target / "nodes.csv", target / "edges.csv"
    stem = target.name[: -len(".csv")] if target.name.lower().endswith(".csv") else target.name
    return target.with_name(f"{stem}-nodes.csv"), target.with_name(f"{stem}-edges.csv")


def write_csv(graph: nx.MultiDiGraph, path: str | Path, *, raw: bool = False) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` (see :func:`csv_paths`); lists joined with `` | ``, None empty.

    Both files are written or neither (:func:`geokg.atomic.atomic_write_many`). Cells a spreadsheet would
    read as formulas get a leading ``'`` unless ``raw`` (:mod:`geokg.csvsafe`).
    """
    text = str(path)
    if text.endswith(("/", "\\")) and not Path(text).is_dir():
        raise InputError(f"output folder {text!r} does not exist")
    nodes_path, edges_path = csv_paths(path)
    for p in (nodes_path, edges_path):
        check_output_path(p)
    node_rows = ([node, *(attrs.get(c) for c in NODE_COLUMNS[1:])] for node, attrs in graph.nodes(data=True))
    edge_rows = (
        [key, u, v, *(attrs.get(c) for c in EDGE_COLUMNS[3:])] for u, v, key, attrs in graph.edges(keys=True, data=True)
    )
    # both files or neither: a full disk leaves the old pair, never a new nodes.csv beside an old edges.csv
    return atomic_write_many(
        [(nodes_path, _csv_text(NODE_COLUMNS, node_rows, raw)), (edges_path, _csv_text(EDGE_COLUMNS, edge_rows, raw))]
    )


def _csv_text(columns: Iterable[str], rows: Iterable[list[Any]], raw: bool = False) -> str:
    from .csvsafe import csv_text

    def cell(v: Any) -> str:
        return "" if v is None else ("true" if v is True else "false" if v is False else str(flat_value(v)))

    return csv_text(list(columns), ([cell(v) for v in row] for row in rows), raw=raw)


def rdf_subgraph(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> Any:
    """The RDF that describes what a projection holds.

    For each node and each tie (edge key): every triple it is the subject of, followed through blank
    nodes (evidence), except triples that point at an entity or tie left out of the projection.

    Returns
    -------
    rdflib.Graph
        With the project's prefixes bound.
    """
    from rdflib import BNode, Graph, URIRef

    from .namespaces import PREFIXES

    source = rdf_graph(kg)
    chosen = {str(n) for n in graph} | {str(k) for _u, _v, k in graph.edges(keys=True)}
    excluded = ({str(i) for i in kg.entities} | {t.iri for t in kg.all_ties}) - chosen
    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, override=True)
    todo: list[Any] = [URIRef(i) for i in sorted(chosen)]
    seen: set[Any] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for _s, p, o in source.triples((subject, None, None)):
            if isinstance(o, URIRef) and str(o) in excluded:
                continue
            out.add((subject, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out
