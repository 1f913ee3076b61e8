#!/usr/bin/env python3
"""Generate synthetic actor graphs in geokg's own ontology, deterministically, for benchmarks.

The graph has actors of every class (with one ``skos:prefLabel`` and some ``skos:altLabel``), non-actor
entities, qualified ``geo:Tie`` ties whose types come from ``ontology/codes.ttl`` (stance = Goldstein / 10 of
the type's CAMEO code, QuadClass of that code, neutral for types without a code), years, modality, evidence
quotes quoted from a ``geo:Source``, and events. Actors fall into regional clusters (most ties stay inside a
cluster) and a few hubs attract many ties, so centrality and community detection have something to find.

The same ``size`` and ``seed`` always give the same bytes.

Usage::

    python bench/generate.py --size 10k -o /tmp/g10k.ttl
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from geokg.namespaces import GEO_IRI, ID_IRI, PREFIXES  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
"""Named sizes, in triples of the generated file (the derived plain triples come on top at load time)."""

ACTOR_CLASSES = (
    ("State", 30),
    ("HistoricalState", 3),
    ("Government", 12),
    ("ArmedGroup", 10),
    ("InsurgentMovement", 8),
    ("TerroristOrganization", 6),
    ("InternationalOrganization", 8),
    ("MilitaryAlliance", 3),
)
"""Actor classes of ``ontology/geokg.ttl`` with their relative frequency."""

ENTITY_CLASSES = (("Region", 4), ("Initiative", 3), ("PopulationGroup", 3), ("Issue", 3))
"""Non-actor entity classes with their relative frequency."""

CLUSTER_SIZE = 60
SYLLABLES = ("ka", "ro", "vi", "ta", "mu", "sen", "dor", "li", "zan", "qu", "bel", "ori", "nat", "has", "eme", "tu")
WORDS = (
    "the", "minister", "said", "forces", "talks", "border", "agreed", "support", "against", "security",
    "troops", "aid", "deal", "signed", "accused", "attack", "meeting", "capital", "envoy", "joint",
    "exercise", "sanctions", "recognised", "trade", "pipeline", "ceasefire", "refugees", "reported", "visit",
)  # fmt: skip


@dataclass(frozen=True)
class TieKind:
    """A statement type of the code lists, with what a statement of that type carries."""

    name: str
    cameo: str | None
    stance: float
    quad: str
    kind: str = "relation"
    level: str | None = None


def tie_kinds() -> list[TieKind]:
    """Read the tie types, their CAMEO codes, Goldstein scores and QuadClasses from ``ontology/codes.ttl``."""
    from rdflib import Graph

    from geokg.resources import ontology_dir

    g = Graph().parse(ontology_dir() / "codes.ttl", format="turtle")
    query = """
    SELECT ?t ?kind ?level ?code ?gold ?quad WHERE {
      ?t a geo:StatementType ; geo:kind ?k . ?k skos:notation ?kind .
      FILTER(?kind IN ("relation", "attitude", "event"))
      OPTIONAL { ?t geo:defaultLevel ?level }
      OPTIONAL { ?t geo:cameoCode ?code . ?code geo:goldstein ?gold ; geo:quadClass ?quad }
    } ORDER BY ?t"""
    skos = "http://www.w3.org/2004/02/skos/core#"
    kinds = []
    for row in g.query(query, initNs={"geo": GEO_IRI, "skos": skos}):
        t, kind, level, code, gold, quad = (str(v) if v is not None else None for v in row)  # type: ignore[union-attr]
        name = (t or "")[len(GEO_IRI) :]
        lvl = level[len(GEO_IRI) :] if level else None
        if kind == "relation" and lvl is None:
            lvl = "LevelNeutral"
        if code:
            kinds.append(
                TieKind(
                    name,
                    code[len(GEO_IRI) :],
                    round(float(gold or 0) / 10, 2),
                    (quad or "")[len(GEO_IRI) :],
                    str(kind),
                    lvl,
                )
            )
        else:
            kinds.append(TieKind(name, None, 0.0, "Neutral", str(kind), lvl))
    return kinds


def parse_size(size: str | int) -> int:
    """Return the number of triples for ``"10k"``, ``"100k"``, ``"1m"`` or an int."""
    if isinstance(size, int):
        return size
    text = size.strip().lower()
    if text in SIZES:
        return SIZES[text]
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    digits = text[:-1] if factor != 1 else text
    return int(float(digits) * factor)


def _name(index: int) -> str:
    parts = []
    n = index + len(SYLLABLES)
    while n:
        n, r = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    return "".join(parts).capitalize()


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    """Collects Turtle statements and counts the triples they hold."""

    def __init__(self) -> None:
        self.triples = 0

    def subject(self, subject: str, pairs: list[tuple[str, str]]) -> str:
        self.triples += len(pairs)
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        return f"{subject} {body} .\n"


def generate(size: str | int = "10k", seed: int = 7) -> Iterator[str]:
    """Yield the Turtle text of a synthetic graph of about ``size`` triples, chunk by chunk.

    Parameters
    ----------
    size : str or int
        ``"10k"``, ``"100k"``, ``"1m"`` or a number of triples.
    seed : int
        Seed of the random generator; the same size and seed give the same text.

    Yields
    ------
    str
        Pieces of one Turtle document (prefixes first).
    """
    target = parse_size(size)
    rng = random.Random(seed)
    # an event between two actors needs a CAMEO code (shapes.ttl, DyadicEventShape): event types without one
    # (a war, a dissolution, a takeover) are told with participants only, as the events below are
    kinds = [k for k in tie_kinds() if k.kind != "event" or k.cameo]
    out = _Writer()
    yield "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items() if p != "id")
    yield f"@prefix : <{ID_IRI}> .\n\n"

    n_sources = max(2, target // 20_000)
    for i in range(n_sources):
        sha = hashlib.sha256(f"source {seed} {i}".encode()).hexdigest()
        yield out.subject(
            f":src_{i}",
            [
                ("a", "geo:Source"),
                ("dcterms:title", _lit(f"Synthetic dispatch {i}") + "@en"),
                ("geo:sha256", _lit(sha)),
                # every other source is dated; the others are only known to be after a month
                ("dcterms:date", f'"{2020 + i % 5}-0{1 + i % 9}-15"^^xsd:date')
                if i % 2 == 0
                else ("geo:dateEarliest", f'"{2019 + i % 5}-08"^^xsd:gYearMonth'),
                ("geo:reliability", f"geo:Reliability{'ABCDEF'[i % 6]}"),
            ],
        )

    # About 10% of the triples describe actors and entities, 85% ties, the rest events.
    n_actors = max(40, target // 50)
    n_entities = max(8, n_actors // 12)
    actor_names = [c for c, _ in ACTOR_CLASSES]
    actor_weights = [w for _, w in ACTOR_CLASSES]
    actors: list[str] = []
    for i in range(n_actors):
        cls = actor_names[i] if i < len(actor_names) else rng.choices(actor_names, actor_weights)[0]
        name = _name(i)
        iri = f":a{i}"
        actors.append(iri)
        pairs = [("a", f"geo:{cls}"), ("skos:prefLabel", _lit(f"{name} {cls[0]}{i}") + "@en")]
        for k in range(rng.choice((0, 0, 1, 2))):
            pairs.append(("skos:altLabel", _lit(f"{name}{'ia' if k == 0 else 'ese'} {i}") + "@en"))
        if cls == "HistoricalState":
            born = rng.randint(1900, 1960)
            pairs.append(("geo:start", f'"{born}"^^xsd:gYear'))
            pairs.append(("geo:end", f'"{born + rng.randint(10, 60)}"^^xsd:gYear'))
        elif rng.random() < 0.3:
            pairs.append(("geo:start", f'"{rng.randint(1900, 2015)}"^^xsd:gYear'))
        pairs.append(("dcterms:source", f":src_{rng.randrange(n_sources)}"))
        yield out.subject(iri, pairs)

    entity_names = [c for c, _ in ENTITY_CLASSES]
    entity_weights = [w for _, w in ENTITY_CLASSES]
    entities: list[str] = []
    for i in range(n_entities):
        cls = entity_names[i] if i < len(entity_names) else rng.choices(entity_names, entity_weights)[0]
        iri = f":e{i}"
        entities.append(iri)
        yield out.subject(iri, [("a", f"geo:{cls}"), ("skos:prefLabel", _lit(f"{_name(i + 7)} {cls} {i}") + "@en")])

    # A few hubs per cluster attract ties (heavy-tailed degrees); 85% of ties stay in their cluster.
    clusters = max(1, n_actors // CLUSTER_SIZE)
    hub_weight = [8.0 if rng.random() < 0.05 else 1.0 for _ in actors]
    members: list[list[int]] = [[] for _ in range(clusters)]
    for i in range(n_actors):
        members[i % clusters].append(i)
    member_weights = [[hub_weight[i] for i in group] for group in members]

    def pick(cluster: int) -> int:
        if rng.random() < 0.15:
            cluster = rng.randrange(clusters)
        return rng.choices(members[cluster], member_weights[cluster])[0]

    events_budget = max(60, target // 20)
    tie_no = 0
    evidence_no = 0
    chunk: list[str] = []
    while out.triples < target - events_budget:
        kind = kinds[rng.randrange(len(kinds))]
        src = rng.randrange(n_actors)
        cluster = src % clusters
        dst_iri = entities[rng.randrange(n_entities)] if rng.random() < 0.05 else actors[pick(cluster)]
        if dst_iri == actors[src]:
            continue
        iri = f":t{tie_no}"
        tie_no += 1
        cls = {"relation": "geo:Relation", "attitude": "geo:Attitude", "event": "geo:Event"}[kind.kind]
        certainty = "geo:Asserted" if rng.random() < 0.9 else rng.choice(("geo:Likely", "geo:Possible"))
        pairs = [
            ("a", cls),
            ("geo:statementType", f"geo:{kind.name}"),
            ("geo:from", actors[src]),
            ("geo:to", dst_iri),
            ("geo:certainty", certainty),
        ]
        if kind.level:
            pairs.append(("geo:level", f"geo:{kind.level}"))
        if kind.kind == "event" and kind.cameo:
            pairs.append(("geo:cameoCode", f"geo:{kind.cameo}"))
        if kind.kind == "event":
            pairs.append(("skos:prefLabel", _lit(f"{kind.name} {tie_no}") + "@en"))
            pairs.append(("geo:date", f'"{rng.randint(1950, 2024)}"^^xsd:gYear'))
        elif rng.random() < 0.9:
            start = rng.randint(1950, 2024)
            roll = rng.random()
            if roll < 0.1:  # decade precision: "the 1990s"
                pairs.append(("geo:start", f'"{start - start % 10}"^^xsd:gYear'))
                pairs.append(("geo:startPrecision", "geo:DecadePrecision"))
                pairs.append(("geo:timeNote", _lit(f"'in the {start - start % 10}s': some year of that decade")))
            elif roll < 0.15:  # only bounds
                pairs.append(("geo:startEarliest", f'"{start}"^^xsd:gYear'))
                pairs.append(("geo:startLatest", f'"{start + rng.randint(1, 5)}"^^xsd:gYear'))
                pairs.append(("geo:timeNote", _lit("'some years after': only bounds of the start are known")))
            else:
                pairs.append(("geo:start", f'"{start}"^^xsd:gYear'))
            end_roll = rng.random()
            if end_roll < 0.35:
                pairs.append(("geo:end", f'"{min(2025, start + rng.randint(5, 20))}"^^xsd:gYear'))
            elif end_roll < 0.45:
                pairs.append(("geo:endStatus", "geo:Ongoing"))
                pairs.append(("geo:endEvidence", f":ev{evidence_no}"))  # the statement's quote says it goes on
            elif end_roll < 0.5:
                pairs.append(("geo:endStatus", "geo:Ended"))
                pairs.append(("geo:endEvidence", f":ev{evidence_no}"))  # the statement's quote tells it in the past
        quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))
        pairs.append(("geo:evidence", f":ev{evidence_no}"))
        chunk.append(out.subject(iri, pairs))
        chunk.append(
            out.subject(
                f":ev{evidence_no}",
                [
                    ("a", "geo:Evidence"),
                    ("geo:quote", _lit(quote)),
                    ("prov:wasQuotedFrom", f":src_{rng.randrange(n_sources)}"),
                ],
            )
        )
        evidence_no += 1
        if len(chunk) >= 2000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)

    event_no = 0
    while out.triples < target:
        where = rng.randrange(clusters)
        participants = sorted({actors[pick(where)] for _ in range(rng.randint(2, 5))})
        pairs = [
            ("a", "geo:Event"),
            ("skos:prefLabel", _lit(f"Event {event_no} of cluster {where}") + "@en"),
            ("geo:statementType", "geo:Talks"),
            ("geo:certainty", "geo:Asserted"),
            ("geo:date", f'"{rng.randint(1950, 2024)}"^^xsd:gYear'),
            *[("geo:participant", p) for p in participants],
            ("geo:evidence", f":ev{evidence_no}"),
        ]
        if rng.random() < 0.5:
            pairs.append(("geo:location", entities[rng.randrange(n_entities)]))
        yield out.subject(f":event{event_no}", pairs)
        yield out.subject(
            f":ev{evidence_no}",
            [
                ("a", "geo:Evidence"),
                ("geo:quote", _lit(f"reported event {event_no}")),
                ("prov:wasQuotedFrom", f":src_{rng.randrange(n_sources)}"),
            ],
        )
        event_no += 1
        evidence_no += 1


def write(path: str | Path, size: str | int = "10k", seed: int = 7) -> Path:
    """Write the synthetic graph to ``path`` (Turtle) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for piece in generate(size, seed):
            fh.write(piece)
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic geokg graph (Turtle).")
    parser.add_argument("--size", default="10k", help="10k, 100k, 1m or a number of triples (default 10k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True, help="the Turtle file to write")
    args = parser.parse_args(argv)
    write(args.output, args.size, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
