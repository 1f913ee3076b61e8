"""Browsing commands: ``info``, ``actors``, ``show`` and ``ties``."""

from __future__ import annotations

import click

from ..filters import as_of_option, asserted_option, class_option, relation_option
from ..output import emit, output_options
from ..session import graph_options, session


@click.command()
@graph_options
@output_options
def info(fmt: str) -> None:
    """Count what the graph holds: triples, actors by class, ties by type, events, sources.

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
    rows += [{"what": "ties", "count": summary["ties"]}]
    rows += [{"what": f"ties {k}", "count": v} for k, v in summary["ties_by_type"].items()]
    rows += [{"what": "events", "count": summary["events"]}, {"what": "sources", "count": summary["sources"]}]
    emit(rows, fmt, ["what", "count"])


@click.command()
@class_option
@click.option("--all", "include_entities", is_flag=True, help="Also list regions, initiatives, populations, concerns.")
@graph_options
@output_options
def actors(classes: tuple[str, ...], include_entities: bool, fmt: str) -> None:
    """List actors with their classes, aliases and Wikidata alignment.

    \b
    Examples:
      geokg actors
      geokg actors --class State
      geokg actors --class ArmedGroup --format json
      geokg actors --class Concern
    """
    from geokg.knowledge import require
    from geokg.rows import ENTITY_COLUMNS, entity_row

    found = session().kg().actors(classes, include_entities=include_entities)
    require(found)
    emit([entity_row(e) for e in found], fmt, ENTITY_COLUMNS)


@click.command()
@click.argument("actor")
@as_of_option
@graph_options
@output_options
def show(actor: str, as_of: int | None, fmt: str) -> None:
    """Show an actor's card: names, classes, Wikidata link, and every tie in and out with its evidence.

    ACTOR is a name, alias or IRI: "Taliban", "USSR", "Moscow", "U.S.", "ISKP", "id:Russia".
    In csv, tsv and json, each row is one tie with the card's fields repeated (actor, actor_label, ...).

    \b
    Examples:
      geokg show Taliban
      geokg show "Soviet Union" --format json
      geokg show Russia --as-of 2022
    """
    from geokg.namespaces import compact
    from geokg.rows import CARD_COLUMNS, tie_row

    kg = session().kg()
    entity = kg.actor(actor)
    ties = kg.ties(entity.iri, as_of=as_of)
    rows = [tie_row(kg, t, entity.iri) for t in ties]
    if fmt == "table":
        lines = [
            f"{entity.label}  ({compact(entity.iri)})",
            f"  classes:  {', '.join(entity.classes)}",
        ]
        if entity.aliases:
            lines.append(f"  aliases:  {', '.join(entity.aliases)}")
        if entity.wikidata:
            lines.append(f"  wikidata: {entity.wikidata}")
        if entity.start or entity.end:
            lines.append(f"  lifespan: {entity.start or '?'} – {entity.end or ''}")
        if entity.definition:
            lines.append(f"  about:    {entity.definition}")
        lines.append(f"  ties:     {len(ties)}" + (f" alive in {as_of}" if as_of is not None else ""))
        click.echo("\n".join(lines))
        if rows:
            emit(rows, fmt, CARD_COLUMNS)
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


@click.command()
@click.option("--actor", help="Only ties from or to this actor.")
@relation_option
@as_of_option
@asserted_option
@graph_options
@output_options
def ties(actor: str | None, relations: tuple[str, ...], as_of: int | None, asserted: bool, fmt: str) -> None:
    """List qualified ties with their span, stance, modality and evidence quote.

    \b
    Examples:
      geokg ties --actor Mujahideen --relation support
      geokg ties --relation membership
      geokg ties --actor Russia --as-of 2022 --format csv
      geokg ties --relation "withheld recognition"
    """
    from geokg.knowledge import require
    from geokg.rows import TIE_COLUMNS, tie_row

    kg = session().kg()
    found = kg.ties(actor, relations, as_of, include_prospective=not asserted)
    require(found, "ties")
    emit([tie_row(kg, t) for t in found], fmt, TIE_COLUMNS)


COMMANDS = [info, actors, show, ties]
