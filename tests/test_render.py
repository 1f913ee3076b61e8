"""Rendering without a browser: encoding, view selection, the page's text, static images, and the CLI."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from geokg.errors import InputError, NoResultError
from geokg.projection import project
from geokg.render.encoding import CLASS_STYLES, class_style, is_dashed, node_sizes, size_scores, stance_color
from geokg.render.html import page_data, render_html, script_json
from geokg.render.static import render_image


def page_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="geokg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


# -- encoding -------------------------------------------------------------------------------------------
def test_stance_colours_run_from_hostile_to_cooperative():
    def green_minus_red(colour: str) -> int:
        return int(colour[3:5], 16) - int(colour[1:3], 16)

    steps = [green_minus_red(stance_color(s / 4)) for s in range(-4, 5)]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert stance_color(-1) == "#c62828" and stance_color(1) == "#2e7d32" and stance_color(None) == "#9e9e9e"
    assert stance_color(5) == stance_color(1)


def test_every_bundled_class_has_its_own_style(kg):
    used = {e.classes[0] for e in kg.entities.values() if e.classes}
    assert used <= set(CLASS_STYLES)
    assert class_style("NotAClass").shape == "ellipse"


def test_dashes_for_what_may_hold_and_estimates():
    assert is_dashed({"status": "may hold", "certainty": "asserted"})
    assert is_dashed({"status": "holds", "certainty": "possible"})
    assert not is_dashed({"status": "holds", "certainty": "asserted"})
    assert not is_dashed({"status": "", "certainty": "asserted"})


def test_sizes_follow_centrality(kg):
    graph = kg.to_networkx()
    for measure in ("pagerank", "degree", "betweenness"):
        scores = size_scores(graph, measure)
        sizes = node_sizes(graph, measure)
        best = max(scores, key=scores.__getitem__)
        assert sizes[best] == max(sizes.values())
    assert len(set(node_sizes(graph, "none").values())) == 1
    with pytest.raises(InputError):
        size_scores(graph, "closeness-ish")


# -- what is drawn --------------------------------------------------------------------------------------
def test_view_filters(kg):
    whole = project(kg)
    assert (whole.number_of_nodes(), whole.number_of_edges()) == (
        kg.to_networkx().number_of_nodes(),
        kg.to_networkx().number_of_edges(),
    )
    ego = project(kg, actor="USSR", depth=1)
    soviet = kg.actor("Soviet Union").iri
    assert set(ego) == {soviet} | set(whole.to_undirected(as_view=True).neighbors(soviet))
    assert project(kg, actor="USSR", depth=2).number_of_nodes() > ego.number_of_nodes()
    top = project(kg, top=5)
    assert top.number_of_nodes() == 5
    assert kg.actor("Afghanistan").iri in top
    support = project(kg, relations=["support"])
    assert {d["relation"] for *_e, d in support.edges(data=True)} == {"Support"}


def test_view_nothing_left_and_bad_values(kg):
    with pytest.raises(NoResultError):
        project(kg, as_of=1500, classes=["MilitaryAlliance"])
    with pytest.raises(NoResultError):
        project(kg, classes=["MilitaryAlliance"], relations=["armed conflict"])
    with pytest.raises(InputError):
        project(kg, actor="Russia", depth=0)
    with pytest.raises(InputError):
        project(kg, top=0)


# -- the page as text -----------------------------------------------------------------------------------
def test_page_is_self_contained(kg):
    page = render_html(kg.to_networkx(), title="t")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "googleapis"):
        assert host not in page.lower()
    assert "<script src" not in page and '<link rel="stylesheet"' not in page
    assert "vis.Network" in page and "Content-Security-Policy" in page
    assert (
        "innerHTML" not in page.split("<script>", 3)[-1] and "insertAdjacentHTML" not in page.split("<script>", 3)[-1]
    )
    data = page_json(page)
    graph = kg.to_networkx()
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    assert data["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in data["nodes"])


def test_data_text_cannot_break_out_of_the_page():
    graph = nx.MultiDiGraph()
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    graph.add_node("a", label=evil, cls="State", classes="State", wikidata="javascript:alert(1)", start=None, end=None)
    graph.add_node("b", label="b", cls="State", classes="State", wikidata="", start=None, end=None)
    graph.add_edge(
        "a",
        "b",
        key="t",
        relation="Support",
        relation_label=evil,
        stance=0.5,
        evidence=[evil],
        sources=[evil],
        start=None,
        end=None,
        modality="Asserted",
    )
    page = render_html(graph, title=evil)
    assert "</script><script>alert" not in page
    assert "<!--" not in page.split("<body>", 1)[1]
    data = page_json(page)
    assert data["nodes"][0]["label"] == evil
    assert data["nodes"][0]["wikidata"] == ""  # only real Wikidata entity links are kept
    assert "&lt;/script&gt;" in page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert json.loads(script_json([evil])) == [evil]


def test_large_graph_positions_are_precomputed():
    graph = nx.MultiDiGraph()
    for i in range(30):
        graph.add_node(str(i), label=str(i), cls="State", start=None, end=None)
        graph.add_edge(str(i), str((i + 1) % 30), key=f"e{i}", stance=0.0)
    data = page_data(graph, physics_threshold=20)
    assert data["large"] is True and data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert page_data(graph)["large"] is False


def test_page_is_written_as_utf8_atomically(tmp_path, kg):
    target = tmp_path / "g.html"
    render_html(kg.to_networkx(), target, title="Kabul – Москва")
    raw = target.read_bytes()
    assert "Kabul – Москва".encode() in raw
    assert [p.name for p in tmp_path.iterdir()] == ["g.html"]
    with pytest.raises(NoResultError):
        render_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert not (tmp_path / "empty.html").exists()


# -- static images --------------------------------------------------------------------------------------
def test_static_png_and_svg(tmp_path, kg):
    from PIL import Image, ImageStat

    graph = kg.to_networkx()
    png, svg = tmp_path / "g.png", tmp_path / "g.svg"
    render_image(graph, png, title="bundled")
    render_image(graph, svg, title="bundled", size_by="degree")
    image = Image.open(png).convert("RGB")
    assert image.size[0] > 600 and sum(ImageStat.Stat(image).var) > 200
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Soviet Union" in text and "#c62828" in text.lower()
    with pytest.raises(InputError):
        render_image(graph, tmp_path / "g.gif")


# -- the command ------------------------------------------------------------------------------------------
def test_cli_render_html_png_svg(invoke, tmp_path, kg):
    out = tmp_path / "g.html"
    result = invoke("render", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    graph = kg.to_networkx()
    assert result.stdout.strip() == f"wrote {out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties"
    data = page_json(out.read_text(encoding="utf-8"))
    assert data["title"] == "geokg: actors and ties"
    result = invoke(
        "render", "-o", str(tmp_path / "e.html"), "--actor", "USSR", "--size-by", "degree", "--title", "Soviet"
    )
    assert result.exit_code == 0
    data = page_json((tmp_path / "e.html").read_text(encoding="utf-8"))
    assert data["title"] == "Soviet" and data["sizeBy"] == "degree"
    assert len(data["nodes"]) == project(kg, actor="USSR").number_of_nodes()
    for name in ("g.png", "g.svg"):
        result = invoke("render", "-o", str(tmp_path / name), "--as-of", "1985", "--top", "6")
        assert result.exit_code == 0 and (tmp_path / name).stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "{tmp}/none/g.html"], 2, "does not exist"),
        (["-o", "{tmp}"], 2, "is a directory"),
        (["-o", "{tmp}/g.txt"], 2, ".html, .png or .svg"),
        (["-o", "{tmp}/g.html", "--actor", "Rusia"], 2, "did you mean"),
        (["-o", "{tmp}/g.html", "--size-by", "height"], 2, "height"),
        (["-o", "{tmp}/g.html", "--depth", "0", "--actor", "Russia"], 2, "--depth"),
        (["-o", "{tmp}/g.html", "--as-of", "1500", "--class", "MilitaryAlliance"], 1, "no actors match"),
        (
            ["-o", "{tmp}/g.png", "--class", "MilitaryAlliance", "--relation", "armed conflict"],
            1,
            "match these filters",
        ),
    ],
)
def test_cli_render_bad_input(invoke, tmp_path, args, code, message):
    result = invoke("render", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geokg: error:") and message in lines[0]
    assert "Traceback" not in result.stderr
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
