"""The interactive page in real headless Chromium: offline, complete, interactive, and safe from its data.

Every request whose URL is not ``file:`` is aborted and recorded; a test fails if the page tried any.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_LABEL = "<img src=x onerror=alert(1)>"

USER_TTL = """\
@prefix :     <https://w3id.org/geokg/id/> .
@prefix geo:  <https://w3id.org/geokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

:XssGroup a geo:ArmedGroup ;
    skos:prefLabel "<img src=x onerror=alert(1)>"@en ;
    skos:altLabel "</script><script>alert(3)</script>"@en .

:tie_XssGroup_opposes_Russia a geo:Relation ;
    geo:statementType geo:Opposition ;
    geo:from :XssGroup ;
    geo:to :Russia ;
    geo:start "2015"^^xsd:gYear ;
    geo:level geo:LevelHostile ;
    geo:certainty geo:Asserted ;
    geo:manner "<b>quietly</b>" ;
    geo:evidence [ a geo:Evidence ; geo:quote "<a href=\\"javascript:alert(4)\\">href</a><svg onload=alert(5)>" ;
                   prov:wasQuotedFrom :src_afghanistan_and_russia ] .
"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from a file, with every remote request aborted and recorded."""

    def __init__(self, browser, path: Path, wait: bool = True) -> None:
        self.remote: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else self.remote.append(r.url))
        self.page.goto(path.resolve().as_uri())
        if wait:
            self.page.wait_for_function("() => window.geokg && window.geokg.stabilized === true", timeout=120_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def set_year(self, year: int) -> None:
        self.page.locator("#year").evaluate(
            "(el, y) => { el.value = String(y); el.dispatchEvent(new Event('input', {bubbles: true})); }", year
        )

    def hover_node(self, iri: str) -> str:
        self.eval("(id) => geokg.network.focus(id, {scale: 1.0, animation: false})", iri)
        point = self.eval(
            "(id) => { const p = geokg.network.canvasToDOM(geokg.network.getPosition(id));"
            " const r = document.getElementById('graph').getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; }",
            iri,
        )
        self.page.mouse.move(point[0] + 40, point[1] + 40)
        self.page.mouse.move(point[0], point[1], steps=4)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        return tooltip.inner_text()

    def close(self) -> None:
        self.page.close()


def not_blank(png: bytes) -> bool:
    import io

    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    return sum(ImageStat.Stat(image).var) > 200 and len(colours) > 50


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory, kg):
    from geokg.render.html import render_html
    from geokg.render.view import entity_aliases

    path = tmp_path_factory.mktemp("page") / "bundled.html"
    graph = kg.to_networkx()
    render_html(graph, path, title="Bundled graph", aliases=entity_aliases(kg, graph))
    return path


def test_harness_catches_a_remote_fetch(browser, tmp_path):
    """The request trap works: a page that loads a remote image is caught (and the request aborted)."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"></body></html>', "utf-8")
    visit = Visit(browser, page, wait=False)
    visit.page.wait_for_load_state("load")
    assert any("example.invalid" in url for url in visit.remote)
    visit.close()


def test_bundled_page_offline_complete_and_drawn(browser, bundled_page, kg):
    visit = Visit(browser, bundled_page)
    graph = kg.to_networkx()
    assert visit.eval("[geokg.nodes.length, geokg.edges.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert set(visit.eval("geokg.edges.getIds()")) == {k for _u, _v, k in graph.edges(keys=True)}
    assert set(visit.eval("geokg.visibleNodeIds()")) == set(graph.nodes)
    assert visit.eval("geokg.network.physics.physicsEnabled") is False  # stopped once stabilized
    shot = visit.page.locator("#graph").screenshot()
    assert not_blank(shot)
    assert visit.eval("document.querySelectorAll('link[href^=http], script[src]').length") == 0
    assert visit.remote == []
    assert visit.console_errors == []
    visit.close()


def test_year_slider_1985(browser, bundled_page, kg):
    visit = Visit(browser, bundled_page)
    soviet, taliban_gov = kg.actor("Soviet Union").iri, kg.actor("Taliban government").iri
    edges = {e["id"]: e for e in visit.eval("geokg.edges.get()")}

    def touching(visible, iri):
        return [i for i in visible if iri in (edges[i]["from"], edges[i]["to"])]

    before = visit.eval("geokg.visibleEdgeIds()")
    assert touching(before, taliban_gov)
    visit.set_year(1985)
    assert visit.page.locator("#year-value").inner_text() == "1985"
    visible = visit.eval("geokg.visibleEdgeIds()")
    assert touching(visible, taliban_gov) == []
    assert touching(visible, soviet)
    assert taliban_gov not in visit.eval("geokg.visibleNodeIds()")
    assert soviet in visit.eval("geokg.visibleNodeIds()")
    expected = kg.to_networkx(as_of=1985)
    assert set(visible) == {k for _u, _v, k in expected.edges(keys=True)}
    assert set(visit.eval("geokg.visibleNodeIds()")) == set(expected.nodes)
    # the "may hold" checkbox adds what may hold that year, by the same rule as the library
    visit.page.check("#may-hold")
    maybe = kg.to_networkx(as_of=1985, may_hold=True)
    assert set(visit.eval("geokg.visibleEdgeIds()")) == {k for _u, _v, k in maybe.edges(keys=True)} > set(visible)
    visit.page.uncheck("#may-hold")
    assert set(visit.eval("geokg.visibleEdgeIds()")) == set(visible)
    visit.page.click("#all-years")
    assert len(visit.eval("geokg.visibleEdgeIds()")) == len(edges)
    assert visit.console_errors == [] and visit.remote == []
    visit.close()


def test_filters_search_and_hover_card(browser, bundled_page, kg):
    visit = Visit(browser, bundled_page)
    edges = {e["id"]: e for e in visit.eval("geokg.edges.get()")}
    nodes = {n["id"]: n for n in visit.eval("geokg.nodes.get()")}
    # tie type filter
    visit.page.locator("#relations input[value=Support]").uncheck()
    shown = visit.eval("geokg.visibleEdgeIds()")
    assert shown and all(edges[i]["relation"] != "Support" for i in shown)
    assert len(shown) == len(edges) - sum(1 for e in edges.values() if e["relation"] == "Support")
    visit.page.locator("#relations input[value=Support]").check()
    # class filter
    visit.page.locator("#classes input[value=State]").uncheck()
    shown_nodes = visit.eval("geokg.visibleNodeIds()")
    assert shown_nodes and all(nodes[i]["cls"] != "State" for i in shown_nodes)
    visit.page.locator("#classes input[value=State]").check()
    # search by alias, highlight the neighbourhood
    soviet = kg.actor("Soviet Union").iri
    visit.page.fill("#search", "USSR")
    visit.page.press("#search", "Enter")
    assert visit.page.locator("#search-result").inner_text().startswith("Soviet Union:")
    neighbours = set(kg.to_networkx().to_undirected(as_view=True).neighbors(soviet))
    colours = {n["id"]: n["color"]["background"] for n in visit.eval("geokg.nodes.get()")}
    assert all(colours[n] != "#e4e4e4" for n in neighbours | {soviet})
    assert any(colour == "#e4e4e4" for colour in colours.values())
    visit.page.click("#clear")
    # hover card of an actor: names, classes, Wikidata link
    card = visit.hover_node(soviet)
    assert "Soviet Union" in card and "HistoricalState" in card and "USSR" in card and "Q15180" in card
    href = visit.page.locator("div.vis-tooltip a").get_attribute("href")
    assert href == "http://www.wikidata.org/entity/Q15180"
    assert visit.console_errors == [] and visit.remote == []
    visit.close()


def test_data_text_is_shown_as_text_never_run(browser, tmp_path, invoke):
    data = tmp_path / "user.ttl"
    data.write_text(USER_TTL, encoding="utf-8")
    page = tmp_path / "xss.html"
    title = "<script>alert(2)</script> & </title>"
    result = invoke("--data", str(data), "render", "-o", str(page), "--title", title)
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert XSS_LABEL not in text and "<script>alert" not in text
    visit = Visit(browser, page)
    iri = "https://w3id.org/geokg/id/XssGroup"
    assert visit.eval("(id) => geokg.nodes.get(id).label", iri) == XSS_LABEL
    assert visit.page.title() == title
    assert visit.page.locator("h1").inner_text() == title
    # search finds it and prints the label as text
    visit.page.fill("#search", "<img")
    visit.page.press("#search", "Enter")
    assert visit.page.locator("#search-result").inner_text().startswith(XSS_LABEL)
    # hover card shows the label and the quote (which contains "href") as text
    card = visit.hover_node(iri)
    assert XSS_LABEL in card
    visit.page.click("#clear")
    tie = "https://w3id.org/geokg/id/tie_XssGroup_opposes_Russia"
    visit.eval("(id) => geokg.network.setSelection({nodes: [], edges: [id]})", tie)
    # click on the node shows its card in the side panel, as text too
    point = visit.eval(
        "(id) => { const p = geokg.network.canvasToDOM(geokg.network.getPosition(id));"
        " const r = document.getElementById('graph').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
        iri,
    )
    visit.page.mouse.click(point[0], point[1])
    assert XSS_LABEL in visit.page.locator("#info").inner_text()
    quote_card = visit.eval(
        "(id) => { const e = geokg.edges.get(id);"
        " return [e.title.textContent, e.title.querySelectorAll('*').length]; }",
        tie,
    )
    assert '<a href="javascript:alert(4)">href</a>' in quote_card[0]
    assert visit.eval("document.querySelectorAll('img, svg, a[href^=javascript]').length") == 0
    assert visit.dialogs == []
    assert visit.remote == []
    assert visit.console_errors == []
    visit.close()


def test_large_graph_has_fixed_positions_and_opens(browser, tmp_path):
    import networkx as nx

    from geokg.render.html import render_html

    base = nx.barabasi_albert_graph(5000, 1, seed=3)
    graph = nx.MultiDiGraph()
    for n in base:
        graph.add_node(
            f"n{n}",
            label=f"actor {n}",
            cls="State" if n % 3 else "ArmedGroup",
            classes="State",
            is_actor=True,
            wikidata="",
            start=None,
            end=None,
        )
    for i, (u, v) in enumerate(base.edges()):
        graph.add_edge(
            f"n{u}",
            f"n{v}",
            key=f"t{i}",
            relation="Support",
            relation_label="support",
            start=1990 + i % 30,
            end=None,
            start_text=str(1990 + i % 30),
            end_text="",
            stance=((i % 21) - 10) / 10,
            quad_class="Neutral",
            modality="Asserted",
            cameo="",
            evidence=[],
            sources=[],
        )
    page = tmp_path / "large.html"
    render_html(graph, page, title="5,000 nodes")
    visit = Visit(browser, page)
    assert visit.eval("geokg.nodes.length") == 5000
    assert visit.eval("geokg.network.physics.physicsEnabled") is False
    assert visit.eval("geokg.nodes.get().every(n => typeof n.x === 'number' && typeof n.y === 'number')")
    assert not_blank(visit.page.locator("#graph").screenshot())
    assert visit.console_errors == [] and visit.remote == []
    visit.close()
