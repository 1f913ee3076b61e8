"""Browsing commands: ``info``, ``actors``, ``show`` and ``ties``."""

from __future__ import annotations

import click

from ..filters import (
    as_of_option,
    asserted_option,
    class_option,
    entities_option,
    kind_option,
    may_hold_option,
    relation_option,
)
from ..output import emit, output_options
from ..session import graph_options, session


@click.command()
@graph_options
@output_options
def info(fmt: str) -> None:
    """Count what the graph holds: triples, actors by class, statements by kind and type, events, sources.

    \b
    Examples:
      geokg info
      geokg info --format json
      geokg --data my-ties.ttl info
    """
    summary = session().kg().info()
    rows = [{"what": "triples", "count": summary["triples"]},
            {"what": "derived plain triples", "count": summary["derived_triples"]},
            {"what": "actors", "count": summary["actors"]},
            {"what": "entities (actors and others)", "count": summary["entities"]}]  # fmt: skip
    rows += [{"what": f"class {k}", "count": v} for k, v in summary["actors_by_class"].items()]
    rows += [{"what": "statements", "count": summary["statements"]}]
    rows += [{"what": f"statements, kind {k}", "count": v} for k, v in summary["statements_by_kind"].items()]
    rows += [{"what": "ties (statements with two ends)", "count": summary["ties"]}]
    rows += [{"what": f"statements, type {k}", "count": v} for k, v in summary["ties_by_type"].items()]
    rows += [{"what": "events", "count": summary["events"]}, {"what": "sources", "count": summary["sources"]}]
    emit(rows, fmt, ["what", "count"])


@click.command()
@class_option
@entities_option
@graph_options
@output_options
def actors(classes: tuple[str, ...], include_entities: bool, fmt: str) -> None:
    """List actors with their classes, aliases and Wikidata alignment.

    \b
    Examples:
      geokg actors
      geokg actors --class State
      geokg actors --class ArmedGroup --format json
      geokg actors --class Issue
      geokg actors --entities -f csv
    """
    from geokg.knowledge import require
    from geokg.rows import ENTITY_COLUMNS, entity_row

    found = session().kg().actors(classes, include_entities=include_entities)
    require(found)
    emit([entity_row(e) for e in found], fmt, ENTITY_COLUMNS)


@click.command()
@click.argument("actor")
@as_of_option
@may_hold_option
@kind_option
@graph_options
@output_options
def show(actor: str, as_of: int | None, may_hold: bool, kinds: tuple[str, ...], fmt: str) -> None:
    """Show an actor's card: names, classes, Wikidata link, and every statement in and out with its evidence.

    ACTOR is a name, alias or IRI: "Taliban", "USSR", "Moscow", "U.S.", "ISKP", "id:Russia".
    Each statement shows its kind, its time as the source gives it ("1990s", "after 2021-08"), its
    certainty, its qualifiers and its quotes; with --as-of, whether it holds, may hold or is superseded.
    In csv, tsv and json, each row is one statement with the card's fields repeated (actor, actor_label, ...).

    \b
    Examples:
      geokg show Taliban
      geokg show "Soviet Union" --format json
      geokg show Russia --as-of 2021
      geokg show Russia --as-of 2026 --may-hold
    """
    from geokg.namespaces import compact
    from geokg.rows import tie_rows

    kg = session().kg()
    entity = kg.actor(actor)
    found = kg.ties(entity.iri, as_of=as_of, kinds=kinds, may_hold=may_hold, superseded=True)
    rows = tie_rows(kg, found, entity.iri, as_of)
    if fmt == "table":
        lines = [
            f"{entity.label}  ({compact(entity.iri)})",
            f"  classes:  {', '.join(entity.classes)}",
        ]
        if entity.aliases:
            lines.append(f"  aliases:  {', '.join(entity.aliases)}")
        if entity.wikidata:
            lines.append(f"  wikidata: {entity.wikidata}")
        if not entity.time.is_empty:
            lines.append(f"  lifespan: {entity.time.text().replace(', end unknown', '')}")
        if entity.definition:
            lines.append(f"  about:    {entity.definition}")
        what = f"  statements: {len(found)}"
        if as_of is not None:
            what += f" that hold{' or may hold' if may_hold else ''} in {as_of} (superseded ones are marked)"
        lines.append(what)
        click.echo("\n".join(lines))
        for t, row in zip(found, rows, strict=True):
            click.echo("")
            click.echo(_card_entry(t, row, as_of))
        return
    card = {
        "actor": compact(entity.iri),
        "actor_label": entity.label,
        "actor_classes": ", ".join(entity.classes),
        "actor_aliases": ", ".join(entity.aliases),
        "actor_wikidata": entity.wikidata or "",
    }
    columns = list(card)
    if rows:
        columns += ["direction", "other", *[c for c in rows[0] if c not in ("direction", "other")]]
    emit([{**card, **r} for r in rows] or [card], fmt, columns)


def _card_entry(tie: object, row: dict[str, object], as_of: int | None) -> str:
    """One statement of an actor's card, as an indented block of plain text."""
    arrow = "->" if row["direction"] == "out" else "<-"
    head = f"  {arrow} {row['relation']} {row['other']}  [{row['kind']}]"
    if row.get("status"):
        head += f"  {str(row['status']).upper()} in {as_of}"
    lines = [head, f"     when:      {row['when'] or 'no date given'}"]
    certainty = str(row["certainty"])
    if row.get("condition"):
        certainty += f" (if: {row['condition']})"
    lines.append(f"     certainty: {certainty}")
    score = f"{row['stance']:+.2f}" if isinstance(row["stance"], float) else str(row["stance"])
    scale = f"level {row['level']}" if row.get("level") else (f"CAMEO {row['cameo']}" if row.get("cameo") else "")
    lines.append(f"     score:     {score}" + (f" ({scale})" if scale else ""))
    if row.get("qualifiers"):
        lines.append(f"     how/why:   {row['qualifiers']}")
    if row.get("rank") and row["rank"] != "normal":
        lines.append(f"     rank:      {row['rank']}")
    grades = " ".join(g for g in (str(row.get("reliability") or ""), str(row.get("credibility") or "")) if g)
    lines.append(f"     source:    {row['source']}" + (f" (grade {grades})" if grades else ""))
    for quote in str(row["evidence"]).split(" | "):
        if quote:
            lines.append(f"     quote:     “{quote}”")
    return "\n".join(lines)


@click.command()
@click.option("--actor", help="Only statements from or to this actor.")
@relation_option
@kind_option
@as_of_option
@may_hold_option
@asserted_option
@graph_options
@output_options
def ties(
    actor: str | None,
    relations: tuple[str, ...],
    kinds: tuple[str, ...],
    as_of: int | None,
    may_hold: bool,
    asserted: bool,
    fmt: str,
) -> None:
    """List statements with two ends (relations, attitudes, events) with their time, certainty and quote.

    The time is shown as the source gives it ("1990s", "from after 2021-08, end unknown"). With --as-of,
    the status column says whether each statement holds, may hold (with --may-hold) or is superseded
    by a newer statement in that year.

    \b
    Examples:
      geokg ties --actor Mujahideen --relation support
      geokg ties --relation membership
      geokg ties --actor Russia --as-of 2021 --format csv
      geokg ties --as-of 1990 --may-hold --actor Taliban
      geokg ties --kind attitude --actor Russia
    """
    from geokg.knowledge import require
    from geokg.rows import TIE_COLUMNS, TIE_TABLE_COLUMNS, tie_rows

    kg = session().kg()
    found = kg.ties(actor, relations, as_of, kinds=kinds, may_hold=may_hold, superseded=True, asserted_only=asserted)
    if not found and as_of is not None and not may_hold:
        maybe = kg.ties(actor, relations, as_of, kinds=kinds, may_hold=True, asserted_only=asserted)
        if maybe:
            from geokg.errors import NoResultError

            raise NoResultError(
                f"no statements surely hold in {as_of}; {len(maybe)} may hold (add --may-hold to list them)"
            )
    require(found, "statements")
    emit(tie_rows(kg, found, as_of=as_of), fmt, TIE_TABLE_COLUMNS, all_columns=TIE_COLUMNS)


COMMANDS = [info, actors, show, ties]
