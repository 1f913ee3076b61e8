"""The article's statements (graph/*.ttl) against the article and the statement model (issue 10).

Uses only rdflib, pyshacl, pyoxigraph and the files of the repository. The rules of ontology/rules/ are run in
rdflib the way geokg runs them (file-name order; each CONSTRUCT's triples added before the next rule runs).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
GEO = Namespace("https://w3id.org/geokg/ontology#")
ID = Namespace("https://w3id.org/geokg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ARTICLE_NAME = "afghanistan-and-russia.txt"
ARTICLE_SHA256 = "5cbb44634d2ce7b15857d65982fd9ae9e547d98b1b632ec54d57fb64a4c28208"
EXAMPLE_DIR = ROOT / "docs" / "examples" / "recognition-2025"
EXAMPLE_TTL = EXAMPLE_DIR / "recognition.ttl"
KINDS = (GEO.Event, GEO.Relation, GEO.Attitude, GEO.CausalLink)
BOUNDS = (GEO.date, GEO.start, GEO.end, GEO.startEarliest, GEO.startLatest, GEO.endEarliest, GEO.endLatest)
QUOTE_PROPS = (GEO.evidence, GEO.startEvidence, GEO.endEvidence)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def find_article() -> Path | None:
    """The article lives in shared/sources beside (or above) the checkout."""
    for parent in [ROOT, *ROOT.parents]:
        path = parent / "shared" / "sources" / ARTICLE_NAME
        if path.is_file():
            return path
    return None


@pytest.fixture(scope="module")
def article() -> str:
    path = find_article()
    if path is None:
        pytest.skip("the source article (shared/sources) is not present")
    return path.read_text(encoding="utf-8")


def rule_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "ontology" / "rules").glob("*.rq"))]


def data_files(with_example: bool) -> list[Path]:
    files = [ROOT / "ontology" / "geokg.ttl", ROOT / "ontology" / "codes.ttl", *sorted((ROOT / "graph").glob("*.ttl"))]
    return files + ([EXAMPLE_TTL] if with_example else [])


@cache
def raw_graph(with_example: bool = False) -> Graph:
    g = Graph()
    for path in data_files(with_example):
        g.parse(path, format="turtle")
    return g


@cache
def derived_graph(with_example: bool = False) -> Graph:
    """Ontology + data with the rules applied in order, as /tmp/rt.py and geokg do."""
    g = Graph()
    for path in data_files(with_example):
        g.parse(path, format="turtle")
    for rule in rule_texts():
        for triple in list(g.query(rule)):
            g.add(triple)  # type: ignore[arg-type]
    return g


def statements(g: Graph) -> list[URIRef]:
    return sorted({s for k in KINDS for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)})


def years(g: Graph, s: URIRef) -> tuple[int, int, int, int]:
    def one(p: URIRef) -> int:
        values = list(g.objects(s, p))
        assert len(values) == 1, (s, p, values)
        return int(values[0])  # type: ignore[arg-type]

    return one(GEO.mayFrom), one(GEO.holdsFrom), one(GEO.holdsUntil), one(GEO.mayUntil)


def status(g: Graph, s: URIRef, year: int) -> str:
    """The one as-of rule: 'holds', 'may' or 'no' (docs/model.md, Time)."""
    may_from, holds_from, holds_until, may_until = years(g, s)
    if holds_from <= year <= holds_until:
        return "holds"
    if may_from <= year <= may_until:
        return "may"
    return "no"


def level_score(g: Graph, s: URIRef) -> float:
    """A relation's score is its level's; an attitude's is its type's."""
    level = g.value(s, GEO.level)
    scored = level if level is not None else g.value(s, GEO.statementType)
    return float(g.value(scored, GEO.score))  # type: ignore[arg-type]


def quotes_of(g: Graph, s: URIRef) -> list[str]:
    return [str(q) for p in QUOTE_PROPS for ev in g.objects(s, p) for q in g.objects(ev, GEO.quote)]


FRAGMENT = re.compile(r"(?:(?<=^)|(?<=[\s(\[;:,—]))'(.+?)'(?=[\s).,;:—]|$)|“(.+?)”")


def fragments(note: str) -> list[str]:
    """The words a time note quotes: in 'single quotes' or “double quotes”; ... or … mark an omission."""
    found = []
    for m in FRAGMENT.finditer(note):
        text = m.group(1) or m.group(2)
        found += [part.strip() for part in re.split(r"\s*(?:\.\.\.|…)\s*", text) if part.strip()]
    return found


# ---------------------------------------------------------------------------------------------------------
# (a) quotes
# ---------------------------------------------------------------------------------------------------------


def test_article_and_example_hashes_match_their_sources(article):
    assert hashlib.sha256(article.encode("utf-8")).hexdigest() == ARTICLE_SHA256
    g = raw_graph()
    assert str(g.value(ID.src_afghanistan_and_russia, GEO.sha256)) == ARTICLE_SHA256
    example = (EXAMPLE_DIR / "source.txt").read_text(encoding="utf-8")
    eg = Graph().parse(EXAMPLE_TTL, format="turtle")
    assert (
        str(eg.value(ID.src_example_recognition_2025, GEO.sha256))
        == hashlib.sha256(example.encode("utf-8")).hexdigest()
    )
    assert example.startswith("EXAMPLE")
    assert 80 <= len(example.split()) <= 150


def test_every_quote_is_verbatim_and_short(article):
    texts = {
        ID.src_afghanistan_and_russia: article,
        ID.src_example_recognition_2025: (EXAMPLE_DIR / "source.txt").read_text(encoding="utf-8"),
    }
    g = raw_graph(with_example=True)
    bad = []
    evidence = {ev for p in QUOTE_PROPS for ev in g.objects(None, p)}
    assert len(evidence) > 100
    for ev in evidence:
        (quote,) = list(g.objects(ev, GEO.quote))
        (src,) = list(g.objects(ev, PROV.wasQuotedFrom))
        if str(quote) not in texts[src]:
            bad.append(("not verbatim", str(quote)))
        if len(str(quote).split()) > 30:
            bad.append(("over 30 words", str(quote)))
    assert bad == []


# ---------------------------------------------------------------------------------------------------------
# (b) SHACL
# ---------------------------------------------------------------------------------------------------------


def shacl_results(g: Graph) -> list[tuple[str, str, str]]:
    import pyshacl

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, report, text = pyshacl.validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    if not isinstance(report, Graph):  # a broken shape: pyshacl returns a failure object
        return [("shapes", "", str(text))]
    SH = Namespace("http://www.w3.org/ns/shacl#")
    return sorted(
        (
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


@pytest.mark.parametrize("with_example", [False, True])
def test_shacl_conforms_after_the_rules(with_example):
    assert shacl_results(derived_graph(with_example)) == []


def test_shapes_catch_what_the_audit_found():
    """A few hand-made mistakes of the old model must each be reported."""
    bad = """
    @prefix : <https://w3id.org/geokg/id/> . @prefix geo: <https://w3id.org/geokg/ontology#> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    :x1 a geo:Relation ; geo:statementType geo:Concern ; geo:from :Russia ; geo:to :Iran ; geo:level geo:LevelWar ;
        geo:cameoCode geo:CAMEO_19 ; geo:certainty geo:Asserted ; geo:stance -1.0 ;
        geo:start "1995"^^xsd:gYear ; geo:startPrecision geo:DecadePrecision ;
        geo:evidence [ a geo:Evidence ; geo:quote "x" ; prov:wasQuotedFrom :src_afghanistan_and_russia ] .
    :x2 a geo:Relation ; geo:statementType geo:Support ; geo:from :Russia ; geo:to :Iran ;
        geo:level geo:LevelCooperative ; geo:certainty geo:Likely ; geo:condition "if y" ;
        geo:start "2005"^^xsd:gYear ; geo:end "2001"^^xsd:gYear ; geo:endStatus geo:Ended ;
        geo:evidence [ a geo:Evidence ; geo:quote "x" ; prov:wasQuotedFrom :src_afghanistan_and_russia ] .
    :Pakistan geo:partnersWith :Russia .
    """
    g = Graph()
    for path in data_files(False):
        g.parse(path, format="turtle")
    g.parse(data=bad, format="turtle")
    for rule in rule_texts():
        for triple in list(g.query(rule)):
            g.add(triple)  # type: ignore[arg-type]
    messages = " | ".join(m for _, _, m in shacl_results(g))
    for expected in [
        "another kind than its class",
        "no CAMEO code",
        "no hand-written stance",
        "decade precision",
        "only a conditional one",
        "time runs backwards",
        "end status",
        "plain triple with no asserted",
        "needs a time note",
    ]:
        assert expected in messages, expected


def test_rules_agree_in_rdflib_and_oxigraph():
    import pyoxigraph

    q = """PREFIX geo: <https://w3id.org/geokg/ontology#>
    SELECT ?s ?a ?b ?c ?d WHERE { ?s a geo:Statement ; geo:mayFrom ?a ; geo:holdsFrom ?b ; geo:holdsUntil ?c ;
    geo:mayUntil ?d } ORDER BY ?s"""
    r1 = [tuple(str(v) for v in row) for row in derived_graph(True).query(q)]  # type: ignore[union-attr]
    store = pyoxigraph.Store()
    for path in data_files(True):
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    for rule in rule_texts():
        store.update(re.sub(r"\bCONSTRUCT\b", "INSERT", rule, count=1))
    r2 = [tuple(v.value for v in row) for row in store.query(q)]  # type: ignore[union-attr]
    assert r1 == r2 and len(r1) > 80


# ---------------------------------------------------------------------------------------------------------
# (c) every bound is supported by words of the source
# ---------------------------------------------------------------------------------------------------------


def bound_support(g: Graph, s: URIRef, article: str) -> tuple[list[tuple], list[tuple]]:
    """(listing, problems): each bound of s with the words that support it, and what is unsupported."""
    notes = [str(n) for n in g.objects(s, GEO.timeNote)]
    texts = quotes_of(g, s) + notes
    listing, problems = [], []
    precision = {GEO.date: GEO.datePrecision, GEO.start: GEO.startPrecision, GEO.end: GEO.endPrecision}
    for p in BOUNDS:
        for value in g.objects(s, p):
            v = str(value)
            year = re.match(r"-?\d+", v).group(0)  # type: ignore[union-attr]
            needed = [year]
            prec = g.value(s, precision[p]) if p in precision else None
            if prec == GEO.DecadePrecision or prec == GEO.CenturyPrecision:
                needed = [f"{year}s"]
            month = re.match(r"-?\d+-(\d\d)", v)
            if month:
                needed.append(MONTHS[int(month.group(1)) - 1])
            for word in needed:
                where = [t for t in texts if word in t]
                listing.append((str(s), p.split("#")[-1], v, word, where[0][:80] if where else "-"))
                if not where:
                    problems.append((str(s), p.split("#")[-1], v, f"'{word}' in no quote or time note"))
    for p in (GEO.datePrecision, GEO.startPrecision, GEO.endPrecision, GEO.endStatus):
        for value in g.objects(s, p):
            own = GEO.endEvidence if p in (GEO.endPrecision, GEO.endStatus) else GEO.startEvidence
            support = notes or [str(q) for ev in g.objects(s, own) for q in g.objects(ev, GEO.quote)]
            listing.append(
                (str(s), p.split("#")[-1], value.split("#")[-1], "time note", support[0][:80] if support else "-")
            )
            if not support:
                problems.append((str(s), p.split("#")[-1], str(value), "no time note and no quote for it"))
    for note in notes:
        found = fragments(note)
        if not found:
            problems.append((str(s), "timeNote", note[:60], "quotes no words of the source"))
        for frag in found:
            if frag not in article:
                problems.append((str(s), "timeNote", note[:60], f"quotes words not in the source: {frag!r}"))
    return listing, problems


def test_every_bound_is_supported_by_the_source(article):
    g = raw_graph()
    subjects = statements(g) + sorted(
        {s for s in g.subjects(GEO.timeNote, None) if isinstance(s, URIRef)} - set(statements(g))
    )
    listing, problems = [], []
    for s in subjects:
        rows, bad = bound_support(g, s, article)
        listing += rows
        problems += bad
    if problems:
        print("\nbound | value | supporting words | found in")
        for row in listing:
            print(" | ".join(str(c).replace(str(ID), ":") for c in row))
        print("\nPROBLEMS")
        for row in problems:
            print(" | ".join(str(c).replace(str(ID), ":") for c in row))
    assert problems == []
    assert len(listing) > 40


def test_no_statement_has_a_year_the_article_does_not_give(article):
    """Every year written in the data appears in the article (no invented 1991 for the CSTO, no 2021 for
    'in recent years')."""
    article_years = set(re.findall(r"\b(1\d{3}|20\d{2})", article))
    g = raw_graph()
    written = {str(o)[:4] for s in statements(g) for p in BOUNDS for o in g.objects(s, p)}
    written |= {str(o)[:4] for p in BOUNDS for o in g.objects(None, p)}
    assert written - article_years == set()


# ---------------------------------------------------------------------------------------------------------
# (d) what analysts ask
# ---------------------------------------------------------------------------------------------------------


def of_type(g: Graph, type_: URIRef, frm: URIRef | None = None, to: URIRef | None = None) -> list[URIRef]:
    return [
        s
        for s in statements(g)
        if g.value(s, GEO.statementType) == type_
        and (frm is None or g.value(s, GEO["from"]) == frm)
        and (to is None or g.value(s, GEO.to) == to)
    ]


def test_taliban_control_of_afghanistan_in_1990_may_hold_but_does_not_hold():
    g = derived_graph()
    control = of_type(g, GEO.Control, ID.Taliban, ID.Afghanistan)
    assert control
    states = {status(g, s, 1990) for s in control}
    assert "holds" not in states and "may" in states
    assert {status(g, s, 2021) for s in control} >= {"holds"}


def test_no_csto_membership_holds_before_2021_when_the_article_gives_no_date():
    g = derived_graph()
    members = of_type(g, GEO.Membership, to=ID.CSTO)
    assert len(members) == 4
    for s in members:
        if any(g.objects(s, p) for p in BOUNDS):
            continue  # dated by the article: allowed
        assert all(status(g, s, y) != "holds" for y in range(1900, 2021)), s


def test_no_contradictory_relations_hold_in_the_same_year():
    """As of 2005 (and any year the article covers), no cooperative and hostile relation (or favourable view and
    threat perception) between the same two actors, in either direction, both hold."""
    g = derived_graph()
    rels = [s for s in statements(g) if (s, RDF.type, GEO.Relation) in g or (s, RDF.type, GEO.Attitude) in g]
    for year in [2005, *range(1979, 2027)]:
        holding = [s for s in rels if status(g, s, year) == "holds"]
        for a, b in combinations(holding, 2):
            pair_a = {g.value(a, GEO["from"]), g.value(a, GEO.to)}
            pair_b = {g.value(b, GEO["from"]), g.value(b, GEO.to)}
            if pair_a == pair_b:
                scores = sorted([level_score(g, a), level_score(g, b)])
                # cooperative or allied (+2, +3) against hostile or war (-2, -3); engaged (+1) and strained (-1)
                # may stand together ("has not officially recognized ..., it has maintained open channels")
                assert not (scores[0] <= -0.6 and scores[1] >= 0.6), (year, a, b)


def test_old_contradictions_of_2005_are_gone():
    g = derived_graph()
    for s in of_type(g, GEO.Support, ID.Russia, ID.UnitedStates) + of_type(
        g, GEO.Opposition, ID.Russia, ID.UnitedStates
    ):
        assert status(g, s, 2005) != "holds", s
    for s in [*of_type(g, GEO.DiplomaticEngagement, ID.Russia, ID.Taliban)]:
        assert status(g, s, 2005) != "holds", s


def test_present_tense_claims_are_not_eternal():
    """Nothing of the article is recorded as ongoing: its present-tense claims hold at its date, may hold after."""
    g = raw_graph()
    assert not list(g.subjects(GEO.endStatus, GEO.Ongoing))
    d = derived_graph()
    s = ID.rel_Taliban_controls_Afghanistan
    assert status(d, s, 2021) == "holds" and status(d, s, 2030) == "may"


def test_recognition_example_supersedes_the_non_recognition():
    g = derived_graph(with_example=True)
    rec, non = ID.rel_Russia_recognizes_TalibanGovernment, ID.rel_Russia_nonRecognition_TalibanGovernment
    assert status(g, rec, 2026) == "holds"
    assert status(g, non, 2021) == "holds"
    assert int(g.value(non, GEO.supersededFrom)) == 2025  # type: ignore[arg-type]
    assert (ID.Russia, GEO.recognizes, ID.TalibanGovernment) in g
    assert (ID.Russia, GEO.withholdsRecognitionFrom, ID.TalibanGovernment) not in g
    plain = derived_graph()
    assert (ID.Russia, GEO.withholdsRecognitionFrom, ID.TalibanGovernment) in plain
    assert (ID.Russia, GEO.recognizes, ID.TalibanGovernment) not in plain


def test_views_are_not_made_symmetric():
    g = derived_graph()
    assert (ID.Russia, GEO.viewsFavourably, ID.Pakistan) in g
    assert (ID.Pakistan, GEO.viewsFavourably, ID.Russia) not in g
    assert (ID.Pakistan, GEO.partnersWith, ID.Russia) not in g


def test_prospects_keep_their_certainty_and_yield_no_plain_triple():
    g = derived_graph()
    certainty = {s: g.value(s, GEO.certainty) for s in statements(g)}
    assert certainty[ID.rel_Russia_engages_Taliban_possible] == GEO.Possible
    assert certainty[ID.rel_Russia_engages_Afghanistan_likely] == GEO.Likely
    assert certainty[ID.rel_Russia_deeperInvolvement_Afghanistan_unlikely] == GEO.Unlikely
    mediation = ID.rel_Russia_mediates_TalibanGovernment_conditional
    assert certainty[mediation] == GEO.Conditional and "if Afghanistan" in str(g.value(mediation, GEO.condition))
    assert (ID.Russia, GEO.mediatesFor, ID.TalibanGovernment) not in g


def test_statements_cover_the_article():
    g = raw_graph()
    counts = {k.split("#")[-1]: len(set(g.subjects(RDF.type, k))) for k in KINDS}
    assert sum(counts.values()) >= 80 and all(counts.values()), counts
    assert not (ROOT / "graph" / "ties.ttl").exists()
    assert not list(g.subjects(RDF.type, GEO.Tie)) and not list(g.subjects(RDF.type, GEO.Concern))
    # the humanitarian crisis is pointed at; the audit's missing content is present
    assert (None, None, ID.HumanitarianCrisis) in g
    for iri in [
        "rel_Taliban_connectedTo_IslamistExtremism",
        "ev_Russia_exercises_Tajikistan",
        "ev_Russia_hosts_TalibanDelegations",
        "ev_Taliban_assures_Russia",
        "ev_AfghanCivilWar",
        "rel_Afghanistan_produces_Opium",
        "cause_War_contributesTo_SovietCollapse",
        "cause_AfghanHeroin_contributesTo_DrugAddiction",
        "att_Russia_FavourableView_UnitedStates",
    ]:
        assert (ID[iri], RDF.type, None) in g, iri
    # qualifiers the old ties lost
    assert Literal("cautiously") in set(g.objects(ID.rel_Russia_supports_UnitedStates, GEO.manner))
    assert Literal("intelligence and logistical support") in set(
        g.objects(ID.rel_Russia_supports_UnitedStates, GEO.means)
    )
