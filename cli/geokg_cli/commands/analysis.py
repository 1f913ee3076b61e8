"""Network analysis commands: ``centrality``, ``path``, ``neighbors``, ``communities``, ``balance``,
``compare`` and ``timeline`` (thin wrappers over :mod:`geokg.analysis`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

# the choice lists come from the library: light modules that import no networkx at import time
from geokg.analysis.centrality import MEASURES
from geokg.analysis.communities import METHODS
from geokg.analysis.simple import WEIGHTS
from geokg.projection import DIRECTIONS, View

from ..filters import (
    as_of_option,
    asserted_option,
    class_option,
    entities_option_as,
    kind_option,
    may_hold_option,
    relation_option,
)
from ..output import emit, output_options
from ..params import YEAR
from ..session import graph_options, session

F = TypeVar("F", bound=Callable[..., Any])

WEIGHT_CHOICE = click.Choice(WEIGHTS, case_sensitive=False)
MEASURE_HELP = ", ".join(MEASURES) + ", or all (one column each, ranked by the first). Repeatable."


def _weight_option(func: F) -> F:
    return click.option(
        "--weight",
        type=WEIGHT_CHOICE,
        default="none",
        show_default=True,
        help="Tie strength: none (1 per tied pair), count (ties per pair) or abs-stance (mean |stance|). "
        "Signed stances are never used as weights.",
    )(func)


def _one_measure(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> str:
    """compare ranks by one measure: --measure is declared as in centrality, and given once."""
    if len(value) > 1:
        raise click.BadParameter("compare ranks by one measure; give --measure once", param_hint="'--measure'")
    return value[0] if value else "degree"


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _year_note(as_of: int | None) -> str:
    return f" as of {as_of}" if as_of is not None else ""


# -- centrality -------------------------------------------------------------------------------------


def _view(
    relations: tuple[str, ...],
    classes: tuple[str, ...],
    as_of: int | None,
    asserted: bool,
    kinds: tuple[str, ...],
    may_hold: bool,
) -> View:
    """The projection an analysis command asks for, from the shared projection filters."""
    return View(
        relations=relations, classes=classes, as_of=as_of, asserted_only=asserted, kinds=kinds, may_hold=may_hold
    )


@click.command()
@click.option("--measure", "measures", multiple=True, default=("degree",), metavar="M", help=MEASURE_HELP)
@click.option("--top", type=click.IntRange(min=0), default=0, help="Only the N best ranked (0 = all).  [default: 0]")
@relation_option
@class_option
@as_of_option
@may_hold_option
@kind_option
@asserted_option
@click.option("--undirected", is_flag=True, help="Read every tie both ways (no in-/out-degree).")
@_weight_option
@click.option("--sample", type=int, metavar="K", help="Estimate betweenness from K random source actors.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --sample draw.")
@graph_options
@output_options
def centrality(
    measures: tuple[str, ...],
    top: int,
    relations: tuple[str, ...],
    classes: tuple[str, ...],
    as_of: int | None,
    may_hold: bool,
    kinds: tuple[str, ...],
    undirected: bool,
    weight: str,
    sample: int | None,
    seed: int,
    asserted: bool,
    fmt: str,
) -> None:
    """Rank actors by centrality: who has many ties, who brokers, who is tied to the well tied.

    Ties between two actors are collapsed into one edge first (see --weight). Directed measures read a
    tie from the actor that acts to the one acted upon; in-degree, closeness, harmonic, pagerank and katz
    score incoming ties. Eigenvector is computed on the undirected graph, per connected component.
    docs/analysis.md explains every measure.

    \b
    Examples:
      geokg centrality
      geokg centrality --measure betweenness --undirected --top 5
      geokg centrality --measure all --as-of 2022 --format csv
      geokg centrality --measure pagerank --weight count --relation support
      geokg centrality --measure betweenness --sample 10 --seed 7
    """
    from geokg.analysis.centrality import centrality as run
    from geokg.analysis.centrality import parse_measures
    from geokg.namespaces import compact
    from geokg.projection import project

    names = parse_measures(measures, undirected=undirected)
    view = _view(relations, classes, as_of, asserted, kinds, may_hold)
    graph = project(session().kg(), view, attributes=False)  # the measures read labels and stances only
    ranked = run(graph, names, weight=weight, undirected=undirected, sample=sample, seed=seed)
    if top:
        ranked = [s for s in ranked if s.rank <= top]
    rows = [
        {"rank": s.rank, "actor": compact(s.actor), "label": s.label, **{m: _num(v) for m, v in s.scores.items()}}
        for s in ranked
    ]
    emit(rows, fmt, ["rank", "actor", "label", *names])


# -- path -------------------------------------------------------------------------------------------
PATH_COLUMNS = ["path", "step", "from", "from_label", "relation", "direction", "to", "to_label",
                "tie", "when", "stance", "evidence"]  # fmt: skip


@click.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--all-paths", "all_paths", is_flag=True, help="Every shortest path, not just one.")
@click.option("--max-length", type=click.IntRange(min=1), metavar="L", help="Give up on paths of more than L steps.")
@click.option("--directed", is_flag=True, help="Follow ties only from the actor that holds them.")
@entities_option_as("entities")
@relation_option
@as_of_option
@may_hold_option
@kind_option
@asserted_option
@graph_options
@output_options
def path(
    source: str,
    target: str,
    all_paths: bool,
    max_length: int | None,
    directed: bool,
    entities: bool,
    relations: tuple[str, ...],
    as_of: int | None,
    may_hold: bool,
    kinds: tuple[str, ...],
    asserted: bool,
    fmt: str,
) -> None:
    """Find the shortest chain of ties from actor A to actor B: through whom are they linked?

    Ties are read both ways unless --directed. Each step lists every tie joining its two actors, with
    type, direction (-> along the path, <- against it), years, stance and evidence quote. Exit 1 with
    "no path" when the two are not connected.

    \b
    Examples:
      geokg path "United States" Russia
      geokg path Pakistan Russia --all-paths --as-of 2022
      geokg path Taliban "Soviet Union" --max-length 3 --format json
      geokg path USSR Mujahideen --relation support --relation "armed conflict"
    """
    from geokg.analysis.paths import shortest_paths
    from geokg.errors import NoResultError
    from geokg.namespaces import compact
    from geokg.projection import project

    kg = session().kg()
    a, b = kg.actor(source), kg.actor(target)
    graph = project(
        kg,
        View(
            relations=relations,
            as_of=as_of,
            include_entities=entities,
            asserted_only=asserted,
            kinds=kinds,
            may_hold=may_hold,
        ),
    )
    for end in (a, b):
        if end.iri not in graph:
            raise NoResultError(f"no path: {end.label} has no matching ties{_year_note(as_of)}")
    found = shortest_paths(graph, a.iri, b.iri, all_paths=all_paths, max_length=max_length, directed=directed)
    rows = [
        {
            "path": i,
            "step": h.step,
            "from": compact(h.source),
            "from_label": h.source_label,
            "relation": h.relation,
            "direction": "->" if h.forward else "<-",
            "to": compact(h.target),
            "to_label": h.target_label,
            "tie": compact(h.tie),
            "when": h.start,
            "stance": h.stance,
            "evidence": " | ".join(h.evidence),
        }
        for i, p in enumerate(found, start=1)
        for h in p.hops
    ]
    if fmt == "table":
        for i, p in enumerate(found, start=1):
            click.echo(f"path {i} ({p.length} step{'s' if p.length != 1 else ''}): " + " — ".join(p.labels))
        emit(rows, fmt, [c for c in PATH_COLUMNS if c not in ("from", "to", "tie")])
        return
    emit(rows, fmt, PATH_COLUMNS)


# -- neighbors --------------------------------------------------------------------------------------
@click.command()
@click.argument("actor", metavar="ACTOR")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="How many steps out.")
@click.option(
    "--direction",
    type=click.Choice(DIRECTIONS, case_sensitive=False),
    default="both",
    show_default=True,
    help="out: ties ACTOR holds towards others; in: ties others hold towards ACTOR; both.",
)
@entities_option_as("entities")
@relation_option
@as_of_option
@may_hold_option
@kind_option
@asserted_option
@graph_options
@output_options
def neighbors(
    actor: str,
    depth: int,
    direction: str,
    entities: bool,
    relations: tuple[str, ...],
    as_of: int | None,
    may_hold: bool,
    kinds: tuple[str, ...],
    asserted: bool,
    fmt: str,
) -> None:
    """List the ego network of ACTOR: who is within --depth steps of it, through whom, by which ties.

    In the ties column, "->" marks a tie from the "via" actor to the listed one, "<-" the reverse.

    \b
    Examples:
      geokg neighbors Russia
      geokg neighbors Taliban --depth 2 --as-of 1995
      geokg neighbors Pakistan --direction out --format json
      geokg neighbors Russia --entities --relation concern
    """
    from geokg.analysis.neighbors import ego_network
    from geokg.namespaces import compact
    from geokg.projection import project

    kg = session().kg()
    center = kg.actor(actor)
    graph = project(
        kg,
        View(
            relations=relations,
            as_of=as_of,
            include_entities=entities,
            asserted_only=asserted,
            kinds=kinds,
            may_hold=may_hold,
            actor=center.iri,
            depth=depth,
            direction=direction.lower(),
        ),
    )
    found = ego_network(graph, center.iri, depth=depth, direction=direction.lower())
    rows = [
        {
            "distance": n.distance,
            "actor": compact(n.actor),
            "label": n.label,
            "via": compact(n.via),
            "via_label": n.via_label,
            "ties": ", ".join(n.ties),
        }
        for n in found
    ]
    columns = ["distance", "label", "via_label", "ties"] if fmt == "table" else list(rows[0])
    emit(rows, fmt, columns)


# -- communities ------------------------------------------------------------------------------------
@click.command()
@click.option(
    "--method",
    type=click.Choice(METHODS, case_sensitive=False),
    default="louvain",
    show_default=True,
    help="How to find the groups.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of louvain and label-propagation.")
@click.option("--cooperative", is_flag=True, help="Only cooperative ties (stance > 0): read groups as alignments.")
@_weight_option
@relation_option
@class_option
@as_of_option
@may_hold_option
@kind_option
@asserted_option
@graph_options
@output_options
def communities(
    method: str,
    seed: int,
    cooperative: bool,
    weight: str,
    relations: tuple[str, ...],
    classes: tuple[str, ...],
    as_of: int | None,
    may_hold: bool,
    kinds: tuple[str, ...],
    asserted: bool,
    fmt: str,
) -> None:
    """Group actors into communities of dense ties, and score the grouping (modularity).

    Direction is ignored. Plain modularity knows no sign: with all ties, enemies who fight a lot
    group together; --cooperative keeps only cooperative ties. An actor without ties is a group alone.

    \b
    Examples:
      geokg communities
      geokg communities --method greedy-modularity --cooperative
      geokg communities --as-of 1985 --format json
      geokg communities --method label-propagation --seed 3 --weight count
    """
    from geokg.analysis.communities import communities as run
    from geokg.namespaces import compact
    from geokg.projection import project

    graph = project(
        session().kg(),
        _view(relations, classes, as_of, asserted, kinds, may_hold),
    )
    part = run(graph, method=method.lower(), seed=seed, weight=weight, cooperative_only=cooperative)
    rows = [
        {
            "community": c.number,
            "size": len(c.members),
            "members": ", ".join(c.labels),
            "ids": ", ".join(compact(m) for m in c.members),
            "modularity": _num(part.modularity),
        }
        for c in part.communities
    ]
    if fmt == "table":
        emit(rows, fmt, ["community", "size", "members"])
        seeded = f", seed {seed}" if part.method != "greedy-modularity" else ""
        click.echo(f"modularity {part.modularity:.4f} ({part.method}{seeded}, {len(rows)} communities)")
        return
    emit(rows, fmt, ["community", "size", "members", "ids", "modularity"])


# -- balance ----------------------------------------------------------------------------------------
@click.command()
@as_of_option
@may_hold_option
@kind_option
@asserted_option
@relation_option
@class_option
@click.option(
    "--show",
    type=click.Choice(["summary", "triads", "camps"], case_sensitive=False),
    help="Which listing to print. Default: all three in the table format, triads in csv/tsv/json.",
)
@graph_options
@output_options
def balance(
    as_of: int | None,
    may_hold: bool,
    kinds: tuple[str, ...],
    asserted: bool,
    relations: tuple[str, ...],
    classes: tuple[str, ...],
    show: str | None,
    fmt: str,
) -> None:
    """Structural balance of the signed actor graph: stable and strained alignments, and two camps.

    Each tied pair is signed by the mean stance of its ties (+ cooperative, - hostile; neutral pairs
    are left out). A triad is balanced when its sign product is positive ("the enemy of my enemy is
    my friend"). Frustration counts the ties that break the best split of actors into two camps
    (+ inside a camp, - across): 0 means perfectly balanced.

    \b
    Examples:
      geokg balance
      geokg balance --as-of 1985
      geokg balance --as-of 2022 --show camps --format csv
      geokg balance --show summary --format json
    """
    from geokg.analysis.balance import balance as run
    from geokg.namespaces import compact
    from geokg.projection import project

    graph = project(
        session().kg(),
        _view(relations, classes, as_of, asserted, kinds, may_hold),
    )
    result = run(graph)
    summary: list[dict[str, Any]] = [
        {"what": "signed pairs", "value": result.positive + result.negative},
        {"what": "cooperative pairs (+)", "value": result.positive},
        {"what": "hostile pairs (-)", "value": result.negative},
        {"what": "triads", "value": len(result.triads)},
        {"what": "balanced triads", "value": result.balanced_triads},
        {"what": "unbalanced triads", "value": result.unbalanced_triads},
        {"what": "frustration (pairs breaking the best split)", "value": result.frustration},
        {"what": "frustration ratio", "value": round(result.frustration_ratio, 4)},
        {"what": "search", "value": "exact" if result.exact else "local search (upper bound)"},
        {"what": "equally good splits", "value": result.optimal_splits if result.optimal_splits else ""},
    ]
    triads = [
        {
            "balanced": "yes" if t.balanced else "no",
            "signs": t.signs,
            "actors": " / ".join(t.labels),
            "ids": ", ".join(compact(a) for a in t.actors),
        }
        for t in result.triads
    ]
    camps = [
        {
            "camp": c.camp,
            "component": c.component,
            "actor": compact(c.actor),
            "label": c.label,
            "frustrated_with": ", ".join(c.frustrated),
        }
        for c in result.camps
    ]
    listings: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
        "summary": (summary, ["what", "value"]),
        "triads": (triads, ["balanced", "signs", "actors", "ids"]),
        "camps": (camps, ["camp", "component", "actor", "label", "frustrated_with"]),
    }
    if fmt == "table" and show is None:
        emit(summary, fmt, ["what", "value"], title=f"structural balance{_year_note(as_of)}")
        if triads:
            emit(triads, fmt, ["balanced", "signs", "actors"], title="triads")
        emit(camps, fmt, ["camp", "component", "label", "frustrated_with"], title="best split into two camps")
        return
    rows, columns = listings[(show or "triads").lower()]
    emit(rows, fmt, columns)


# -- compare ----------------------------------------------------------------------------------------
@click.command()
@click.option("--from", "year_from", type=YEAR, required=True, help="The earlier year.")
@click.option("--to", "year_to", type=YEAR, required=True, help="The later year.")
@click.option(
    "--measure",
    multiple=True,
    default=("degree",),
    show_default=True,
    metavar="M",
    callback=_one_measure,
    help="The centrality measure to rank by (one: " + MEASURE_HELP.split(", or all")[0] + ").",
)
@click.option("--undirected", is_flag=True, help="Read every tie both ways when ranking.")
@_weight_option
@relation_option
@class_option
@may_hold_option
@kind_option
@click.option(
    "--show",
    type=click.Choice(["ties", "ranks"], case_sensitive=False),
    help="Which listing to print. Default: both in the table format, ties in csv/tsv/json.",
)
@graph_options
@output_options
def compare(
    year_from: int,
    year_to: int,
    measure: str,
    undirected: bool,
    weight: str,
    relations: tuple[str, ...],
    classes: tuple[str, ...],
    may_hold: bool,
    kinds: tuple[str, ...],
    show: str | None,
    fmt: str,
) -> None:
    """What changed between two years: ties that began or ended, and how actors' ranks moved.

    By the one as-of rule (what holds; with --may-hold what may hold too): a tie began in the first year
    after --from in which it holds; it ended in the last year before --to in which it held. Ranks are by
    --measure on the graph as of each year; move > 0 means the actor rose; "new" and "gone" actors are in
    only one of the two years.

    \b
    Examples:
      geokg compare --from 1985 --to 2022
      geokg compare --from 1985 --to 2022 --show ranks --measure betweenness --undirected
      geokg compare --from 2000 --to 2022 --relation support --format csv
    """
    from geokg.analysis.compare import compare as run
    from geokg.errors import NoResultError
    from geokg.namespaces import compact
    from geokg.projection import NOTHING_MATCHES

    result = run(
        session().kg(), year_from, year_to, measure=measure, relations=relations, classes=classes,
        weight=weight, undirected=undirected, kinds=kinds, may_hold=may_hold,
    )  # fmt: skip
    if not result.ranks and not result.changes:
        raise NoResultError(NOTHING_MATCHES)
    ties = [
        {
            "change": c.change,
            "year": c.year,
            "from": compact(c.source),
            "from_label": c.source_label,
            "relation": c.relation,
            "to": compact(c.target),
            "to_label": c.target_label,
            "kind": c.kind,
            "when": c.when,
            "status_from": c.status_from,
            "status_to": c.status_to,
            "stance": c.stance,
            "tie": compact(c.tie),
        }
        for c in result.changes
    ]
    ranks = [
        {
            "actor": compact(m.actor),
            "label": m.label,
            f"rank_{year_from}": m.rank_from,
            f"rank_{year_to}": m.rank_to,
            f"{result.measure}_{year_from}": _num(m.score_from),
            f"{result.measure}_{year_to}": _num(m.score_to),
            "move": m.move,
            "status": m.status,
        }
        for m in result.ranks
    ]
    tie_cols = [
        "change", "year", "from", "from_label", "relation", "to", "to_label", "kind", "when", "status_from",
        "status_to", "stance", "tie",
    ]  # fmt: skip
    rank_cols = list(ranks[0]) if ranks else ["actor", "label", "move", "status"]
    if fmt == "table" and show is None:
        title = f"ties that began or ended between {year_from} and {year_to}"
        if ties:
            emit(ties, fmt, ["change", "year", "from_label", "relation", "to_label", "when", "stance"], title)
        else:
            click.echo(f"no tie began or ended between {year_from} and {year_to}")
        emit(ranks, fmt, [c for c in rank_cols if c != "actor"], f"{result.measure} rank, {year_from} -> {year_to}")
        return
    if (show or "ties").lower() == "ties":
        emit(ties, fmt, tie_cols)
    else:
        emit(ranks, fmt, rank_cols)


# -- timeline ---------------------------------------------------------------------------------------
@click.command()
@click.option("--actor", help="Only what involves this actor.")
@relation_option
@graph_options
@output_options
def timeline(actor: str | None, relations: tuple[str, ...], fmt: str) -> None:
    """List events (all of them), the starts and ends of relations and attitudes, and actors' lifespans.

    Each date is shown as the source gives it ("1990s", "after 2021-08"), never as a year it does not
    give; entries are ordered by the earliest year they can fall in.

    \b
    Examples:
      geokg timeline
      geokg timeline --actor Taliban
      geokg timeline --actor Russia --relation support --format csv
    """
    from geokg.analysis.timeline import timeline as run
    from geokg.knowledge import require
    from geokg.namespaces import compact

    found = run(session().kg(), actor, relations=relations)
    require(found, "events or ties")
    rows = [
        {
            "date": m.date,
            "year": m.year,
            "kind": m.kind,
            "what": m.what,
            "actors": ", ".join(m.actors),
            "id": compact(m.subject),
            "evidence": " | ".join(m.evidence),
        }
        for m in found
    ]
    columns = ["date", "year", "kind", "what", "actors", "id", "evidence"]
    emit(rows, fmt, [c for c in columns if c not in ("year", "actors", "id")] if fmt == "table" else columns)


COMMANDS = [centrality, path, neighbors, communities, balance, compare, timeline]
