"""Consistency rules beyond SHACL: what the docs promise of a statement that a shape cannot say.

=============  =====================================================================================
rule           what it finds
=============  =====================================================================================
``type``       a statement with no type, or a type that is not in the code lists (with suggestions)
``kind``       a statement whose class does not match its type's kind (a relation typed as talks)
``score``      a score of its own on a statement (scores come from level, code or type); a level on a
               statement that is not a relation; a CAMEO code on one that is not an event; a code whose
               QuadClass contradicts the type (a cooperative type coded as material conflict); a level
               whose sign departs from the type's default without a level note (warning)
``date``       a date whose text does not fit its datatype ("2025-07" typed as a year), a decade or
               century precision on a value that is not a year ending in 0 or 00, a start after its end
``certainty``  a certainty that is not in the code list; a conditional statement with no condition
``grade``      a source reliability or statement credibility that is not an Admiralty grade
``evidence``   a statement with no quote
``name``       an end (from, to, participant) that is no entity of the graph, with the closest names
``quote``      a quote that is not in its source's text (when the text is given)
``duplicate``  two statements with the same type, ends, time and certainty (warning)
=============  =====================================================================================

Each finding names its focus by label and IRI -- a quote's finding names the statement that holds it,
never a blank-node ID -- and the same finding is reported once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..namespaces import DCTERMS, GEO, PROV, RDF, SKOS, XSD, compact, local_name
from .dates import datatype_of
from .vocabulary import Vocabulary, build_vocabulary, vocabulary

if TYPE_CHECKING:
    from rdflib import Graph

STATEMENT_CLASSES = ("Event", "Relation", "Attitude", "CausalLink")
TIME_PROPERTIES = ("date", "start", "end", "startEarliest", "startLatest", "endEarliest", "endLatest")
_LEXICAL = {
    "gYear": re.compile(r"^-?\d{4}$"),
    "gYearMonth": re.compile(r"^-?\d{4}-(0[1-9]|1[0-2])$"),
    "date": re.compile(r"^-?\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}


@dataclass(frozen=True)
class Finding:
    """One finding: the rule, the focus (IRI, and label with IRI for people), the message, the severity."""

    rule: str
    iri: str
    focus: str
    message: str
    severity: str = "error"

    def as_row(self) -> dict[str, str]:
        """A row for tables and JSON."""
        return {"severity": self.severity, "rule": self.rule, "focus": self.focus, "message": self.message}


def fold_text(text: str) -> str:
    """Fold a text for quote matching: typographic quotes and dashes, case and runs of spaces do not matter.

    Examples
    --------
    >>> fold_text("Afghanistan’s  modern\\nrelationship") == fold_text("afghanistan's modern relationship")
    True
    """
    text = unicodedata.normalize("NFKC", text)
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
    return " ".join(text.translate(table).casefold().split())


class _Checker:
    def __init__(self, graph: Graph, vocab: Vocabulary, texts: Mapping[str, str], names: bool) -> None:
        self.g = graph
        self.v = vocab
        self.texts = {k: fold_text(t) for k, t in texts.items()}
        self.names = names
        self.findings: dict[tuple[str, str, str], Finding] = {}

    def focus(self, node: Any) -> tuple[str, str]:
        """(IRI, "label <IRI>") of a node; a blank node is named by the statement or source that holds it."""
        from rdflib import BNode

        if isinstance(node, BNode):
            for owner in self.g.subjects(None, node):
                return self.focus(owner)
            return ("", "(an unnamed node)")
        label = self.g.value(node, SKOS.prefLabel) or self.g.value(node, DCTERMS.title)
        iri = str(node)
        return iri, (f"{label} <{compact(iri)}>" if label else f"<{compact(iri)}>")

    def add(self, rule: str, node: Any, message: str, severity: str = "error") -> None:
        iri, focus = self.focus(node)
        key = (rule, iri or focus, message)
        if key not in self.findings:
            self.findings[key] = Finding(rule, iri, focus, message, severity)

    def statements(self) -> list[Any]:
        found: set[Any] = set()
        for cls in STATEMENT_CLASSES:
            found.update(self.g.subjects(RDF.type, GEO[cls]))
        found.update(self.g.subjects(GEO.statementType, None))
        return sorted(found, key=str)

    def run(self) -> list[Finding]:
        statements = self.statements()
        entity_index = self._entity_index() if self.names else None
        for st in statements:
            self.check_statement(st, entity_index)
        self.check_dates()
        self.check_sources()
        self.check_duplicates(statements)
        order = {"error": 0, "warning": 1}
        return sorted(self.findings.values(), key=lambda f: (order.get(f.severity, 2), f.rule, f.focus, f.message))

    # -- statements --------------------------------------------------------------------------------
    def check_statement(self, st: Any, entity_index: Any) -> None:
        g, v = self.g, self.v
        types = list(g.objects(st, GEO.statementType))
        stype = None
        if not types:
            self.add("type", st, "a statement needs a type (geo:statementType)")
        for t in types:
            concept = v.by_iri.get(str(t))
            if concept is None or not hasattr(concept, "kind"):
                close = _suggest(local_name(str(t)), [c.label for c in v.all(v.types)])
                self.add("type", st, f"unknown statement type {compact(str(t))}{close}")
            else:
                stype = concept
        classes = {str(c) for c in g.objects(st, RDF.type)}
        if stype is not None:
            expected = stype.statement_class  # type: ignore[attr-defined]
            others = {str(GEO[c]) for c in STATEMENT_CLASSES} - {expected}
            wrong = classes & others
            if wrong:
                self.add(
                    "kind",
                    st,
                    f"a {stype.label} is a {stype.kind} (geo:{local_name(expected)}), "  # type: ignore[attr-defined]
                    f"not a {', '.join(sorted('geo:' + local_name(w) for w in wrong))}",
                )
        kind = getattr(stype, "kind", None) or _kind_of(classes)
        for prop in ("stance", "score"):
            for value in g.objects(st, GEO[prop]):
                self.add(
                    "score",
                    st,
                    f"a statement carries no score of its own (geo:{prop} {value}); its score comes from its "
                    "level (relation), CAMEO code (event) or type (attitude)",
                )
        for level in g.objects(st, GEO.level):
            if kind not in (None, "relation"):
                self.add("score", st, f"only relations have a level; this is a {kind}")
            concept = v.by_iri.get(str(level))
            if concept is None or concept not in v.all(v.levels):
                self.add("score", st, f"unknown relation level {compact(str(level))}")
            elif stype is not None and getattr(stype, "default_level", None):
                default = v.by_iri.get(stype.default_level)  # type: ignore[attr-defined]
                if (
                    default is not None
                    and (concept.score or 0) * (default.score or 0) < 0
                    and g.value(st, GEO.levelNote) is None
                ):
                    self.add(
                        "score",
                        st,
                        f"level {concept.label} contradicts the type {stype.label} (default {default.label}); "
                        "say why in a level note",
                        "warning",
                    )
        for code in g.objects(st, GEO.cameoCode):
            if kind not in (None, "event"):
                self.add("score", st, f"only events have a CAMEO code; this is a {kind}")
            if str(code) not in v.quad_class:
                self.add("score", st, f"unknown CAMEO code {compact(str(code))}")
                continue
            default = getattr(stype, "cameo", None)
            if default and default in v.quad_class:
                coop_default = "Cooperation" in v.quad_class[default]
                coop = "Cooperation" in v.quad_class[str(code)]
                if coop_default != coop:
                    self.add(
                        "score",
                        st,
                        f"a {stype.label} is {v.label(v.quad_class[default])} (CAMEO "  # type: ignore[union-attr]
                        f"{v.by_iri[default].notation}) but is coded {v.by_iri[str(code)].notation}, "
                        f"{v.label(v.quad_class[str(code)])}",
                    )
        certainty = g.value(st, GEO.certainty)
        if certainty is not None and v.by_iri.get(str(certainty)) not in v.all(v.certainties):
            close = _suggest(local_name(str(certainty)), [c.label for c in v.all(v.certainties)])
            self.add("certainty", st, f"unknown certainty {compact(str(certainty))}{close}")
        if certainty == GEO.Conditional and g.value(st, GEO.condition) is None:
            self.add("certainty", st, "a conditional statement needs its condition (geo:condition)")
        for grade in g.objects(st, GEO.credibility):
            if v.by_iri.get(str(grade)) not in v.all(v.credibilities):
                self.add("grade", st, f"credibility {compact(str(grade))} is not an Admiralty grade 1-6")
        evidence = list(g.objects(st, GEO.evidence))
        if not evidence:
            self.add("evidence", st, "a statement needs at least one quote (geo:evidence)")
        for ev in evidence + list(g.objects(st, GEO.endEvidence)) + list(g.objects(st, GEO.startEvidence)):
            self.check_quote(st, ev)
        if entity_index is not None:
            for prop in ("from", "to", "participant"):
                for end in g.objects(st, GEO[prop]):
                    if not any(True for _ in g.objects(end, RDF.type)) and not _is_statement(g, end):
                        close = _suggest(local_name(str(end)), entity_index)
                        self.add(
                            "name", st, f"geo:{prop} {compact(str(end))} is no actor or entity of the graph{close}"
                        )

    def check_quote(self, st: Any, ev: Any) -> None:
        quote = self.g.value(ev, GEO.quote)
        source = self.g.value(ev, PROV.wasQuotedFrom)
        if quote is None:
            self.add("evidence", st, "a piece of evidence has no quote")
            return
        if source is None:
            self.add("evidence", st, f"the quote {str(quote)[:40]!r}... names no source")
            return
        text = self.texts.get(str(source))
        if text is not None and fold_text(str(quote)) not in text:
            self.add("quote", st, f"the quote {_short(str(quote))!r} is not in the text of {compact(str(source))}")

    # -- dates -------------------------------------------------------------------------------------
    def check_dates(self) -> None:
        g = self.g
        props = [GEO[p] for p in TIME_PROPERTIES] + [DCTERMS.date, GEO.dateEarliest, GEO.dateLatest]
        for prop in props:
            for s, value in g.subject_objects(prop):
                datatype = getattr(value, "datatype", None)
                name = local_name(str(datatype)) if datatype is not None else None
                text = str(value)
                if name not in _LEXICAL or str(datatype) != str(XSD[name]):
                    fits = datatype_of(text) if _LEXICAL[datatype_of(text)].match(text) else None
                    hint = f" (it reads as xsd:{fits})" if fits else ""
                    self.add("date", s, f"{compact(str(prop))} {text!r} must be an xsd:gYear, gYearMonth or date{hint}")
                    continue
                if not _LEXICAL[name].match(text):
                    fits = datatype_of(text)
                    hint = f"; it is an xsd:{fits}" if _LEXICAL[fits].match(text) else ""
                    self.add("date", s, f"{compact(str(prop))} {text!r} is not a valid xsd:{name}{hint}")
        for side, prec_prop in (("start", "startPrecision"), ("end", "endPrecision"), ("date", "datePrecision")):
            for s, precision in g.subject_objects(GEO[prec_prop]):
                found: Any = (
                    g.value(s, GEO[side]) if side != "date" else (g.value(s, GEO.date) or g.value(s, DCTERMS.date))
                )
                if found is None:
                    self.add("date", s, f"geo:{prec_prop} without a geo:{side} value")
                    continue
                zeros = {str(GEO.DecadePrecision): 1, str(GEO.CenturyPrecision): 2}.get(str(precision))
                if zeros is None:
                    continue
                text = str(found)
                dtype = local_name(str(getattr(found, "datatype", "") or ""))
                if dtype != "gYear" or not text.endswith("0" * zeros):
                    what = "decade" if zeros == 1 else "century"
                    self.add(
                        "date",
                        s,
                        f"a {what} precision needs an xsd:gYear ending in {'0' * zeros}; "
                        f"geo:{side} is {text!r} ({dtype or 'untyped'})",
                    )
        for s, start in g.subject_objects(GEO.start):
            end = g.value(s, GEO.end)
            if end is None or _year(str(start)) is None or _year(str(end)) is None:
                continue
            later = (_year(str(start)), str(start)) > (_year(str(end)), str(end))
            if later and not str(end).startswith(str(start)):
                self.add("date", s, f"it starts ({start}) after it ends ({end})")

    def check_sources(self) -> None:
        for src in self.g.subjects(RDF.type, GEO.Source):
            for grade in self.g.objects(src, GEO.reliability):
                if self.v.by_iri.get(str(grade)) not in self.v.all(self.v.reliabilities):
                    self.add("grade", src, f"reliability {compact(str(grade))} is not an Admiralty grade A-F")

    def check_duplicates(self, statements: Iterable[Any]) -> None:
        groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
        g = self.g
        for st in statements:
            key = (
                str(g.value(st, GEO.statementType)),
                str(g.value(st, GEO["from"])),
                str(g.value(st, GEO.to)),
                *(str(g.value(st, GEO[p]) or "") for p in TIME_PROPERTIES),
                str(g.value(st, GEO.endStatus) or ""),
                str(g.value(st, GEO.certainty) or GEO.Asserted),
                str(g.value(st, GEO.cause)),
                str(g.value(st, GEO.effect)),
                " ".join(sorted(str(p) for p in g.objects(st, GEO.participant))),
            )
            groups[key].append(st)
        for members in groups.values():
            if len(members) > 1:
                first, *rest = sorted(members, key=str)
                others = ", ".join(self.focus(m)[1] for m in rest)
                self.add("duplicate", first, f"the same statement as {others}", "warning")

    def _entity_index(self) -> list[str]:
        return sorted({str(o) for o in self.g.objects(None, SKOS.prefLabel)})


def _is_statement(g: Graph, node: Any) -> bool:
    return g.value(node, GEO.statementType) is not None


def _kind_of(classes: set[str]) -> str | None:
    for name, kind in (
        ("Event", "event"),
        ("Relation", "relation"),
        ("Attitude", "attitude"),
        ("CausalLink", "causal link"),
    ):
        if str(GEO[name]) in classes:
            return kind
    return None


def _year(text: str) -> int | None:
    m = re.match(r"^(-?\d{4})", text)
    return int(m.group(1)) if m else None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _suggest(name: str, choices: list[str]) -> str:
    import difflib

    from ..lookup import normalize

    folded = {normalize(c): c for c in choices}
    close = difflib.get_close_matches(normalize(name), list(folded), n=3, cutoff=0.6)
    return f"; did you mean: {', '.join(folded[c] for c in close)}?" if close else ""


def check_graph(
    graph: Graph,
    *,
    include_ontology: bool = False,
    vocab: Vocabulary | None = None,
    texts: Mapping[str, str] | None = None,
    names: bool = True,
) -> list[Finding]:
    """Run the consistency rules over a graph.

    Parameters
    ----------
    graph : rdflib.Graph
        A loaded graph (ontology and data), or data alone with ``include_ontology=True``.
    include_ontology : bool
        The graph lacks the ontology: read the code lists from the bundled ontology, and do not ask
        that every end is an entity of ``graph`` (it may be an actor of the bundled graph).
    vocab : Vocabulary, optional
    texts : mapping of str to str, optional
        Source IRI -> the source's text, to check that quotes are verbatim.
    names : bool
        Check that the ends of statements are entities of the graph.

    Returns
    -------
    list of Finding
        Errors first, then warnings; each finding once.
    """
    if vocab is None:
        has_types = (None, RDF.type, GEO.StatementType) in graph
        vocab = build_vocabulary(graph) if has_types and not include_ontology else vocabulary()
    checker = _Checker(graph, vocab, texts or {}, names and not include_ontology)
    return checker.run()


def stale_shape_targets() -> list[str]:
    """Classes that ``ontology/shapes.ttl`` targets but the ontology no longer defines (e.g. ``geo:Tie``).

    While the shapes lag behind the ontology, SHACL would report every statement of the new model; the
    authoring tools then skip SHACL and say why, and the built-in rules still run.
    """
    from rdflib import Graph
    from rdflib.namespace import OWL, SH

    from ..resources import ontology_files, shapes_file

    shapes = Graph().parse(shapes_file(), format="turtle")
    onto = Graph()
    for path in ontology_files():
        onto.parse(path, format="turtle")
    return sorted(
        compact(str(c)) for c in set(shapes.objects(None, SH.targetClass)) if (c, RDF.type, OWL.Class) not in onto
    )


def shacl_findings(graph: Graph) -> list[Finding]:
    """SHACL results as findings: focus by label and IRI (blank nodes by their owner), each once."""
    from rdflib import BNode, URIRef

    from ..namespaces import PREFIXES
    from ..validation import validate

    report = validate(graph)
    checker = _Checker(graph, vocabulary(), {}, False)
    for v in report.violations:
        focus_text = v.focus
        prefix, _, rest = focus_text.partition(":")
        node: Any
        if prefix in PREFIXES and rest:
            node = URIRef(PREFIXES[prefix] + rest)
        elif focus_text.startswith("http"):
            node = URIRef(focus_text)
        else:
            node = BNode(focus_text)
        path = f" ({v.path})" if v.path else ""
        checker.add("shacl", node, v.message + path, "error" if v.severity == "Violation" else "warning")
    return list(checker.findings.values())
