"""Turning workbook rows into sources, actors and statements of the geokg model, written as Turtle.

Every name in the workbook -- actors, statement types, kinds, certainties, levels, grades, classes -- is
looked up the way ``geokg show`` looks up names (case, accents and aliases do not matter) and an unknown
one is reported with the closest names. All problems are collected and raised together as a
:class:`~geokg.errors.WorkbookError`; when there is any, nothing is written.

IDs are stable, so that importing the same rows again yields the same triples (the graph does not grow):
an ``id`` column wins; otherwise a statement is ``:stmt_<12 hex>`` from a hash of its type, ends, time and
quotes, a source ``:src_<slug of its title>``, a new actor ``:<CamelCaseLabel>``, and a piece of evidence
``:ev_<12 hex>`` from its statement, source and quote.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AmbiguousNameError, GeokgError, Problem, UnknownNameError, WorkbookError
from ..lookup import NameIndex, normalize
from ..namespaces import DCTERMS, GEO, ID, PREFIXES, PROV, RDF, SKOS, XSD
from .dates import DateFormatError, Point, Span, parse_point, parse_span
from .vocabulary import StatementType, Vocabulary, vocabulary
from .workbook import Row, Workbook, read_workbook

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from ..knowledge import KnowledgeGraph

SHACL_LIMIT = 5000
"""Above this many statements, the written file is checked by the built-in rules only (SHACL on a very big
import takes minutes); run ``geokg validate`` on it afterwards."""

PRECISIONS = {"decade": "DecadePrecision", "century": "CenturyPrecision"}


@dataclass
class ImportResult:
    """What an import made: its triples (and :attr:`graph`), and counts for the summary line."""

    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)
    sources: int = 0
    actors: int = 0
    reused_actors: int = 0
    reused_sources: int = 0
    statements: int = 0
    ended: int = 0
    merged_rows: int = 0
    already_in_graph: int = 0
    shacl: bool = False
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Statement IRI -> (file, row) it came from."""

    _graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph with geokg's prefixes (built on first use)."""
        if self._graph is None:
            from rdflib import Graph

            graph = Graph(bind_namespaces="none")
            for prefix, iri in PREFIXES.items():
                if prefix != "id":
                    graph.bind(prefix, iri, override=True)
            graph.bind("", PREFIXES["id"], override=True)
            for triple in self.triples:
                graph.add(triple)
            self._graph = graph
        return self._graph

    def summary(self) -> str:
        """One line: how many sources, actors and statements were written."""
        parts = [
            f"{self.sources} source{'s' if self.sources != 1 else ''}"
            + (f" ({self.reused_sources} more already in the graph, reused)" if self.reused_sources else ""),
            f"{self.actors} actor{'s' if self.actors != 1 else ''}"
            + (f" ({self.reused_actors} more already in the graph, reused)" if self.reused_actors else ""),
            f"{self.statements} statement{'s' if self.statements != 1 else ''}",
        ]
        if self.ended:
            parts.append(f"{self.ended} end{'s' if self.ended != 1 else ''} of statements already in the graph")
        text = ", ".join(parts)
        notes = []
        if self.merged_rows:
            notes.append(f"{self.merged_rows} duplicate row(s) merged")
        if self.already_in_graph:
            notes.append(f"{self.already_in_graph} statement(s) were already in the loaded graph (same IDs)")
        return text + (f"; {'; '.join(notes)}" if notes else "")


def slug(text: str, limit: int = 48) -> str:
    """A local-name-safe slug: letters, digits and underscores.

    Examples
    --------
    >>> slug("Reuters, 4 July 2025: Russia recognizes the Taliban")
    'reuters_4_july_2025_russia_recognizes_the_taliba'
    """
    folded = normalize(text)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:limit].rstrip("_") or "x"


def camel(label: str) -> str:
    """The CamelCase local name of a new actor.

    Examples
    --------
    >>> camel("Islamic Movement of Uzbekistan"), camel("the 5+5 group")
    ('IslamicMovementOfUzbekistan', 'N55Group')
    """
    words = re.findall(r"[A-Za-z0-9]+", normalize(label))
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Actor"
    return name if name[0].isalpha() else "N" + name


def digest(*parts: str) -> str:
    """The first 12 hex digits of the SHA-256 of the parts (joined by a unit separator)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


class _Names:
    """Actors by name: the workbook's own first, then the loaded graph's."""

    def __init__(self, kg: KnowledgeGraph | None) -> None:
        self.local: NameIndex[str] = NameIndex("actor")
        self.kg = kg
        self.cache: dict[str, str | GeokgError] = {}

    def resolve(self, name: str) -> str:
        found = self.cache.get(name)
        if found is None:
            found = self._resolve(name)
            self.cache[name] = found
        if isinstance(found, GeokgError):
            raise found
        return found

    def _resolve(self, name: str) -> str | GeokgError:
        local_error: UnknownNameError | None = None
        try:
            return self.local.resolve(name)
        except AmbiguousNameError as exc:
            return exc
        except UnknownNameError as exc:
            local_error = exc
        if self.kg is None:
            return local_error
        try:
            return self.kg.actor(name).iri
        except AmbiguousNameError as exc:
            return exc
        except UnknownNameError as exc:
            suggestions = list(dict.fromkeys([*local_error.suggestions, *exc.suggestions]))[:3]
            return UnknownNameError("actor", name, suggestions)


def _literal(value: str, datatype: str) -> Any:
    from rdflib import Literal

    return Literal(value, datatype=XSD[datatype])


def _date_literal(value: str) -> Any:
    from .dates import datatype_of

    return _literal(value, datatype_of(value))


class _Builder:
    def __init__(self, book: Workbook, kg: KnowledgeGraph | None, vocab: Vocabulary) -> None:

        self.book = book
        self.kg = kg
        self.vocab = vocab
        self.problems: list[Problem] = list(book.problems)
        self.result = ImportResult()
        self.triples = self.result.triples
        self.made: set[str] = set()
        self.labels: dict[str, str] = {}
        self.actors = _Names(kg)
        self.sources: NameIndex[str] = NameIndex("source")
        self.source_iris: list[str] = []
        self.statement_ids: dict[str, str] = {}
        self._subjects: set[str] | None = None

    # -- helpers ----------------------------------------------------------------------------------
    def add(self, s: Any, p: Any, o: Any) -> None:
        self.triples.append((s, p, o))

    def lookup(self, row: Row, column: str, resolve: Callable[[str], Any], value: str | None = None) -> Any:
        text = row.get(column) if value is None else value
        try:
            return resolve(text)
        except UnknownNameError as exc:
            message = str(exc)
            if not exc.suggestions and exc.kind != "actor":
                index = self._index_for(exc.kind)
                if index is not None:
                    message += "; the choices are: " + ", ".join(index.names())
            self.problems.append(row.problem(column, message))
        except GeokgError as exc:
            self.problems.append(row.problem(column, str(exc)))
        return None

    def _index_for(self, kind: str) -> NameIndex[Any] | None:
        for index in (
            self.vocab.types,
            self.vocab.certainties,
            self.vocab.levels,
            self.vocab.cameo,
            self.vocab.ranks,
            self.vocab.kinds,
            self.vocab.reliabilities,
            self.vocab.credibilities,
            self.vocab.classes,
        ):
            if index.kind == kind:
                return index
        return None

    def exists(self, iri: str) -> bool:
        """Whether the loaded graph has triples about ``iri`` (its subjects are read once)."""
        if self.kg is None:
            return False
        if self._subjects is None:
            try:
                self._subjects = {str(s) for s in self.kg.graph.subjects(unique=True)}
            except GeokgError:  # a store or an endpoint: one query for the IRIs an import can meet
                rows = self.kg.backend.select(
                    "SELECT DISTINCT ?s WHERE { { ?s geo:statementType ?t } UNION { ?s a geo:Source } UNION"
                    " { ?s a ?c . ?c rdfs:subClassOf* geo:Entity } }"
                )
                self._subjects = {str(r["s"]) for r in rows}
        return iri in self._subjects

    def statement_ref(self, text: str) -> str | None:
        """A statement named by its workbook ID, or by IRI / prefixed name in the loaded graph."""
        if text in self.statement_ids:
            return self.statement_ids[text]
        iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        prefix, _, rest = iri.partition(":")
        if prefix in PREFIXES and rest and not rest.startswith("//"):
            iri = PREFIXES[prefix] + rest
        elif ":" not in iri:
            iri = str(ID[iri])
        return iri if self.exists(iri) else None

    def time(self, subject: Any, row: Row, column: str, side: str, point: Point) -> None:
        """Write one end (side = start, end or date) of a statement's or an entity's time."""
        if point.value is not None:
            self.add(subject, GEO[side], _date_literal(point.value))
            if point.precision:
                self.add(subject, GEO[f"{side}Precision"], GEO[PRECISIONS[point.precision]])
        bound_side = "start" if side == "date" else side
        if point.earliest:
            self.add(subject, GEO[f"{bound_side}Earliest"], _date_literal(point.earliest))
        if point.latest:
            self.add(subject, GEO[f"{bound_side}Latest"], _date_literal(point.latest))

    # -- sheets -----------------------------------------------------------------------------------
    def build(self) -> ImportResult:
        from ..progress import task

        sheets = self.book.sheets
        if "statements" not in sheets and "actors" not in sheets and "sources" not in sheets and not self.problems:
            self.problems.append(Problem("-", 0, "-", "no sources, actors or statements sheet was given"))
        total = sum(len(s.rows) for s in sheets.values())
        with task("importing rows", total=total) as progress:
            for row in sheets["sources"].rows if "sources" in sheets else []:
                self.source(row)
                progress.advance()
            actor_rows = sheets["actors"].rows if "actors" in sheets else []
            for row in actor_rows:  # names first, so that statements may name actors defined below them
                self.actor_name(row)
            for row in actor_rows:
                self.actor(row)
                progress.advance()
            statement_rows = sheets["statements"].rows if "statements" in sheets else []
            for row in statement_rows:
                self.statement_id(row)
            for row in statement_rows:
                self.statement(row)
                progress.advance()
        return self.result

    def source(self, row: Row) -> None:
        from rdflib import Literal

        title = row.get("title")
        if not title:
            self.problems.append(row.problem("title", "a source needs a title"))
            return
        key = row.get("id")
        iri = ID["src_" + slug(key.removeprefix("src_"))] if key else ID["src_" + slug(title)]
        if str(iri) in self.source_iris:
            self.problems.append(row.problem("id" if key else "title", f"a second source with the ID {iri.n3()}"))
            return
        self.source_iris.append(str(iri))
        self.sources.add(str(iri), title, [key] if key else [], str(iri))
        if self.exists(str(iri)):
            self.result.reused_sources += 1  # already in the loaded graph: named, not written again
            return
        lang = row.get("language") or None
        self.add(iri, RDF.type, GEO.Source)
        self.add(iri, DCTERMS.title, Literal(title, lang=lang))
        for author in row.values("author"):
            self.add(iri, DCTERMS.creator, Literal(author))
        if row.get("publisher"):
            self.add(iri, DCTERMS.publisher, Literal(row.get("publisher")))
        if row.get("date"):
            try:
                point = parse_point(row.get("date"))
            except DateFormatError as exc:
                self.problems.append(row.problem("date", str(exc)))
            else:
                if point.value is not None:
                    self.add(iri, DCTERMS.date, _date_literal(point.value))
                    if point.precision:
                        self.add(iri, GEO.datePrecision, GEO[PRECISIONS[point.precision]])
                if point.earliest:
                    self.add(iri, GEO.dateEarliest, _date_literal(point.earliest))
                if point.latest:
                    self.add(iri, GEO.dateLatest, _date_literal(point.latest))
                if point.note:
                    self.add(iri, GEO.dateNote, Literal(point.note))
        if row.get("url"):
            url = row.get("url")
            if not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", url, re.IGNORECASE):
                self.problems.append(row.problem("url", f"not a URL: {url!r} (put citations in the citation column)"))
            else:
                self.add(iri, DCTERMS.identifier, _literal(url, "anyURI"))
        if row.get("citation"):
            self.add(iri, DCTERMS.bibliographicCitation, Literal(row.get("citation")))
        if lang:
            self.add(iri, DCTERMS.language, Literal(lang))
        if row.get("reliability"):
            grade = self.lookup(row, "reliability", self.vocab.reliabilities.resolve, row.get("reliability")[:1])
            if grade is not None:
                self.add(iri, GEO.reliability, _uri(grade.iri))
        if row.get("file"):
            self.add(iri, GEO.fileName, Literal(row.get("file")))
            text_file = self._find_file(row.get("file"))
            if text_file is not None and not row.get("sha256"):
                self.add(iri, GEO.sha256, Literal(hashlib.sha256(text_file.read_bytes()).hexdigest()))
        if row.get("sha256"):
            sha = row.get("sha256").lower()
            if not re.fullmatch(r"[0-9a-f]{64}", sha):
                self.problems.append(row.problem("sha256", "a SHA-256 is 64 hex digits"))
            else:
                self.add(iri, GEO.sha256, Literal(sha))
        if row.get("note"):
            self.add(iri, GEO.dateNote, Literal(row.get("note")))
        self.result.sources += 1

    def _find_file(self, name: str) -> Path | None:
        for folder in [*self.book.folders, *(f.parent for f in self.book.folders)]:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        return None

    def actor_name(self, row: Row) -> None:
        label = row.get("label")
        if not label:
            return
        if self.kg is not None:
            try:
                iri = self.kg.actor(label).iri
            except GeokgError:
                iri = None
            if iri is not None:
                self.actors.local.add(iri, label, row.values("aliases") + [row.get("id")] * bool(row.get("id")), iri)
                return
        iri = str(ID[camel(label)])
        aliases = row.values("aliases") + ([row.get("id")] if row.get("id") else [])
        self.actors.local.add(iri, label, aliases, iri)

    def actor(self, row: Row) -> None:
        from rdflib import Literal

        label = row.get("label")
        if not label:
            self.problems.append(row.problem("label", "an actor needs a label (its name)"))
            return
        iri = self.actors.local.resolve(label)
        if self.kg is not None and self.exists(iri):
            self.result.reused_actors += 1
            return
        subject = _uri(iri)
        if iri in self.made:
            self.problems.append(row.problem("label", f"a second actor named {label!r} (its ID is {subject.n3()})"))
            return
        self.made.add(iri)
        self.labels[iri] = label
        if not row.get("class"):
            choices = ", ".join(c.label for c in self.vocab.all(self.vocab.classes))
            self.problems.append(row.problem("class", f"a new actor needs a class; the choices are: {choices}"))
        else:
            cls = self.lookup(row, "class", self.vocab.classes.resolve)
            if cls is not None:
                self.add(subject, RDF.type, _uri(cls.iri))
        self.add(subject, SKOS.prefLabel, Literal(label, lang="en"))
        for alias in row.values("aliases"):
            self.add(subject, SKOS.altLabel, Literal(alias, lang="en"))
        if row.get("description"):
            self.add(subject, SKOS.definition, Literal(row.get("description"), lang="en"))
        for side in ("start", "end"):
            if row.get(side):
                try:
                    point = parse_point(row.get(side))
                except DateFormatError as exc:
                    self.problems.append(row.problem(side, str(exc)))
                else:
                    self.time(subject, row, side, side, point)
        if row.get("located in"):
            where = self.lookup(row, "located in", self.actors.resolve)
            if where is not None:
                self.add(subject, GEO.locatedIn, _uri(where))
        if len(self.source_iris) == 1:
            self.add(subject, DCTERMS.source, _uri(self.source_iris[0]))
        self.result.actors += 1

    def statement_id(self, row: Row) -> None:
        key = row.get("id")
        if key and not row.get("ends"):
            self.statement_ids[key] = str(ID["stmt_" + slug(key.removeprefix("stmt_"))])

    def statement(self, row: Row) -> None:
        if row.get("ends"):
            self.end_existing(row)
            return
        for column in ("type", "quote"):
            if not row.get(column):
                what = "type (e.g. support, recognition, talks)" if column == "type" else "verbatim quote of the source"
                self.problems.append(row.problem(column, f"a statement needs a {what}"))
        stype: StatementType | None = self.lookup(row, "type", self.vocab.types.resolve) if row.get("type") else None
        if stype is not None and row.get("kind"):
            kind = self.lookup(row, "kind", self.vocab.kinds.resolve)
            if kind is not None and kind.label != stype.kind:
                self.problems.append(
                    row.problem("kind", f"the type {stype.label!r} is a {stype.kind}, not a {kind.label}")
                )
        causal = stype is not None and stype.kind == "causal link"
        ends: dict[str, Any] = {}
        for column in ("from", "to"):
            if not row.get(column):
                if stype is not None and (stype.cameo or stype.kind != "event"):
                    self.problems.append(row.problem(column, f"a {stype.label} statement needs {column!r}"))
                    ends[column] = None
                continue
            if causal:
                ref = self.statement_ref(row.get(column))
                if ref is None:
                    ref = self.lookup(row, column, self.actors.resolve)
                ends[column] = ref
            else:
                ends[column] = self.lookup(row, column, self.actors.resolve)
        if "from" in ends and "to" in ends and ends["from"] is not None and ends["from"] == ends["to"]:
            self.problems.append(row.problem("to", "'from' and 'to' name the same actor"))
        span = self.read_time(row, stype)
        quotes = row.values("quote")
        sources = self.read_sources(row)
        if stype is None or span is None or sources is None or None in ends.values() or not quotes:
            self.read_rest_for_problems(row, stype)
            return
        key = row.get("id")
        if key:
            iri = self.statement_ids[key]
        else:
            iri = str(
                ID[
                    "stmt_"
                    + digest(
                        stype.iri,
                        ends.get("from", ""),
                        ends.get("to", ""),
                        row.get("date"),
                        row.get("start"),
                        row.get("end"),
                        *quotes,
                    )
                ]
            )
        subject = _uri(iri)
        if iri in self.made:
            if key:
                self.problems.append(row.problem("id", f"a second statement with the ID {key!r}"))
            else:
                self.result.merged_rows += 1
            return
        self.made.add(iri)
        if self.exists(iri):
            self.result.already_in_graph += 1
        self.result.rows[iri] = (row.file, row.number)
        self.write_statement(subject, row, stype, ends, span, quotes, sources)

    def read_time(self, row: Row, stype: StatementType | None) -> Span | None:
        spans: dict[str, Span] = {}
        ok = True
        for column in ("date", "start"):
            if row.get(column):
                try:
                    spans[column] = parse_span(row.get(column))
                except DateFormatError as exc:
                    self.problems.append(row.problem(column, str(exc)))
                    ok = False
        end: Point | None = None
        ongoing = False
        ended = False
        text = row.get("end")
        if text in ("..", "ongoing"):
            ongoing = True
        elif text.lower() == "ended":
            ended = True
        elif text:
            try:
                end = parse_point(text)
            except DateFormatError as exc:
                self.problems.append(row.problem("end", str(exc)))
                ok = False
        if not ok:
            return None
        if "date" in spans and "start" in spans:
            self.problems.append(row.problem("date", "give either date (a point in time) or start/end, not both"))
            return None
        if "date" in spans and stype is not None and stype.kind != "event" and spans["date"].end is None:
            self.problems.append(
                row.problem("date", f"a {stype.kind} holds over a period: put its time in start (and end)")
            )
            return None
        span = spans.get("start") or spans.get("date") or Span()
        if (span.end is not None or span.ongoing) and (end is not None or ongoing or ended):
            self.problems.append(row.problem("end", "the start column already holds a span START/END"))
            return None
        if end is not None or ongoing:
            span = Span(span.start, end, ongoing)
        if span.start is not None and span.end is not None:
            lo, _ = span.start.years()
            _, hi = span.end.years()
            if lo is not None and hi is not None and lo > hi:
                self.problems.append(row.problem("end", "it ends before it starts"))
                return None
        if ended:
            span = Span(span.start, None, False)
            self._ended = True
        else:
            self._ended = False
        self._point = "date" in spans and spans["date"].end is None and not span.ongoing
        return span

    def read_sources(self, row: Row) -> list[str] | None:
        names = row.values("source")
        if not names:
            if len(self.source_iris) == 1:
                return list(self.source_iris)
            what = "the workbook has no sources sheet" if not self.source_iris else "the workbook has several sources"
            self.problems.append(row.problem("source", f"name the source of the quote ({what})"))
            return None
        found = []
        for name in names:
            iri = None
            try:
                iri = self.sources.resolve(name)
            except UnknownNameError as exc:
                refs = [name] if ":" in name else [f"id:{name}", f"id:src_{slug(name.removeprefix('src_'))}"]
                candidate = next((c for c in map(self.statement_ref, refs) if c is not None), None)
                if candidate is not None:
                    iri = candidate
                else:
                    self.problems.append(row.problem("source", str(exc).replace("unknown source", "unknown source")))
            except GeokgError as exc:
                self.problems.append(row.problem("source", str(exc)))
            if iri is None:
                return None
            found.append(iri)
        return found

    def read_rest_for_problems(self, row: Row, stype: StatementType | None) -> None:
        """Check the other cells of a row that cannot be written, so that all its problems are reported."""
        for column, index in (
            ("certainty", self.vocab.certainties),
            ("level", self.vocab.levels),
            ("cameo", self.vocab.cameo),
            ("credibility", self.vocab.credibilities),
            ("rank", self.vocab.ranks),
        ):
            if row.get(column):
                self.lookup(row, column, index.resolve)

    def write_statement(
        self,
        subject: URIRef,
        row: Row,
        stype: StatementType,
        ends: dict[str, Any],
        span: Span,
        quotes: Sequence[str],
        sources: Sequence[str],
    ) -> None:
        from rdflib import Literal

        g = self.add
        g(subject, RDF.type, _uri(stype.statement_class))
        g(subject, GEO.statementType, _uri(stype.iri))
        dyadic = stype.kind != "event" or stype.cameo is not None
        if stype.kind == "causal link":
            if ends.get("from"):
                g(subject, GEO.cause, _uri(ends["from"]))
            if ends.get("to"):
                g(subject, GEO.effect, _uri(ends["to"]))
        elif dyadic:
            g(subject, GEO["from"], _uri(ends["from"]))
            g(subject, GEO.to, _uri(ends["to"]))
        else:
            for end in ends.values():
                g(subject, GEO.participant, _uri(end))
        labels = [self._label(ends.get("from")), stype.label, self._label(ends.get("to"))]
        when = row.get("date") or row.get("start")
        g(
            subject,
            SKOS.prefLabel,
            Literal(" ".join(x for x in labels if x) + (f" ({when})" if when else ""), lang="en"),
        )
        # time
        if span.start is not None:
            self.time(subject, row, "start", "date" if self._point else "start", span.start)
        if span.end is not None:
            self.time(subject, row, "end", "end", span.end)
        if span.ongoing:
            g(subject, GEO.endStatus, GEO.Ongoing)
        if self._ended:
            g(subject, GEO.endStatus, GEO.Ended)
        notes = [p.note for p in (span.start, span.end) if p is not None and p.note]
        if row.get("time note"):
            notes.append(row.get("time note"))
        if notes:
            g(subject, GEO.timeNote, Literal("; ".join(notes), lang="en"))
        # certainty
        certainty = self.lookup(row, "certainty", self.vocab.certainties.resolve) if row.get("certainty") else None
        g(subject, GEO.certainty, _uri(certainty.iri) if certainty else GEO.Asserted)
        if certainty is not None and certainty.iri == str(GEO.Conditional) and not row.get("condition"):
            self.problems.append(row.problem("condition", "a conditional statement needs its condition"))
        if row.get("condition"):
            g(subject, GEO.condition, Literal(row.get("condition"), lang="en"))
        # scores
        if row.get("level"):
            if stype.kind != "relation":
                self.problems.append(
                    row.problem("level", f"only relations have a level; a {stype.label} is a {stype.kind}")
                )
            else:
                level = self.lookup(row, "level", self.vocab.levels.resolve)
                if level is not None:
                    g(subject, GEO.level, _uri(level.iri))
                    if stype.default_level and level.iri != stype.default_level and not row.get("level note"):
                        default = self.vocab.label(stype.default_level)
                        self.problems.append(
                            row.problem(
                                "level",
                                f"level {level.label} differs from the default of a {stype.label} ({default}); "
                                "say why in the level note column, in the source's words",
                            )
                        )
        elif stype.kind == "relation" and stype.default_level:
            g(subject, GEO.level, _uri(stype.default_level))  # written out, so that every reader sees the score
        if row.get("level note"):
            g(subject, GEO.levelNote, Literal(row.get("level note"), lang="en"))
        if row.get("cameo"):
            if stype.kind != "event" or not dyadic:
                self.problems.append(
                    row.problem(
                        "cameo", f"only events between two actors have a CAMEO code; a {stype.label} is not one"
                    )
                )
            else:
                code = self.lookup(row, "cameo", self.vocab.cameo.resolve, row.get("cameo").split(":")[0].strip())
                if code is not None:
                    self._check_quad(row, stype, code.iri)
                    g(subject, GEO.cameoCode, _uri(code.iri))
        elif stype.kind == "event" and stype.cameo:
            g(subject, GEO.cameoCode, _uri(stype.cameo))
        # grades, rank, supersession
        if row.get("credibility"):
            grade = self.lookup(row, "credibility", self.vocab.credibilities.resolve, row.get("credibility")[:1])
            if grade is not None:
                g(subject, GEO.credibility, _uri(grade.iri))
        if row.get("rank"):
            rank = self.lookup(row, "rank", self.vocab.ranks.resolve)
            if rank is not None:
                g(subject, GEO.rank, _uri(rank.iri))
        for ref in row.values("supersedes"):
            target = self.statement_ref(ref)
            if target is None:
                self.problems.append(row.problem("supersedes", f"no statement {ref!r} in the workbook or the graph"))
            elif target == str(subject):
                self.problems.append(row.problem("supersedes", "a statement cannot supersede itself"))
            else:
                g(subject, GEO.supersedes, _uri(target))
        # qualifiers
        for column, prop in (("manner", GEO.manner), ("means", GEO.means), ("motive", GEO.motive)):
            for value in row.values(column):
                g(subject, prop, Literal(value, lang="en"))
        if row.get("place"):
            try:
                g(subject, GEO.place, _uri(self.actors.resolve(row.get("place"))))
            except GeokgError:
                g(subject, GEO.placeNote, Literal(row.get("place"), lang="en"))
        # evidence
        for source in sources:
            for quote in quotes:
                self.evidence(subject, GEO.evidence, row, "quote", quote, source)
            for quote in row.values("end quote"):
                self.evidence(subject, GEO.endEvidence, row, "end quote", quote, source)
        self.result.statements += 1

    def _check_quad(self, row: Row, stype: StatementType, code: str) -> None:
        if stype.cameo is None:
            return
        default_quad = self.vocab.quad_class.get(stype.cameo, "")
        quad = self.vocab.quad_class.get(code, "")
        if default_quad and quad and ("Cooperation" in default_quad) != ("Cooperation" in quad):
            self.problems.append(
                row.problem(
                    "cameo",
                    f"a {stype.label} is {self.vocab.label(default_quad)} (CAMEO "
                    f"{self.vocab.by_iri[stype.cameo].notation}); code {self.vocab.by_iri[code].notation} is "
                    f"{self.vocab.label(quad)}",
                )
            )

    def _label(self, iri: str | None) -> str:
        if not iri:
            return ""
        if iri not in self.labels:
            from ..namespaces import local_name

            label = local_name(iri)
            if self.kg is not None:
                with contextlib.suppress(GeokgError):
                    label = self.kg.label(iri)
            self.labels[iri] = label
        return self.labels[iri]

    def evidence(self, subject: Any, prop: Any, row: Row, column: str, quote: str, source: str) -> None:
        from rdflib import Literal

        if len(quote) < 3:
            self.problems.append(row.problem(column, f"a quote of {len(quote)} characters; copy the source's words"))
            return
        if len(quote.split()) > 80:
            self.problems.append(row.problem(column, "a quote of more than 80 words; quote the sentence that says it"))
            return
        node = ID["ev_" + digest(str(subject), source, quote)]
        self.add(subject, prop, node)
        self.add(node, RDF.type, GEO.Evidence)
        self.add(node, GEO.quote, Literal(quote))
        self.add(node, PROV.wasQuotedFrom, _uri(source))

    def end_existing(self, row: Row) -> None:
        """A row that ends a statement already in the graph: its end, the quote that says so, its source."""
        target = self.statement_ref(row.get("ends"))
        if target is None:
            self.problems.append(row.problem("ends", f"no statement {row.get('ends')!r} in the loaded graph"))
            return
        if not row.get("end"):
            self.problems.append(row.problem("end", "give the end (a date, or 'ended' when only that is known)"))
            return
        if not row.values("quote"):
            self.problems.append(row.problem("quote", "quote the words of the source that say it ended"))
            return
        sources = self.read_sources(row)
        if sources is None:
            return
        subject = _uri(target)
        if self.kg is not None:
            rows = self.kg.backend.select(f"SELECT ?e WHERE {{ <{target}> geo:end|geo:endStatus ?e }} LIMIT 1")
            if rows:
                self.problems.append(row.problem("ends", f"{row.get('ends')!r} already has an end ({rows[0]['e']})"))
                return
        text = row.get("end")
        if text.lower() == "ended":
            self.add(subject, GEO.endStatus, GEO.Ended)
        else:
            try:
                point = parse_point(text)
            except DateFormatError as exc:
                self.problems.append(row.problem("end", str(exc)))
                return
            self.time(subject, row, "end", "end", point)
        for source in sources:
            for quote in row.values("quote"):
                self.evidence(subject, GEO.endEvidence, row, "quote", quote, source)
        self.result.ended += 1


def _uri(iri: str) -> Any:
    from rdflib import URIRef

    return URIRef(iri)


def build(
    paths: Iterable[str | Path],
    kg: KnowledgeGraph | None,
    *,
    encoding: str = "utf-8",
    vocab: Vocabulary | None = None,
    shacl: bool = True,
) -> ImportResult:
    """Read a workbook and build its graph; check it (built-in rules, and SHACL for small imports).

    Raises
    ------
    WorkbookError
        Any problem at all, every one listed with its ``FILE:ROW:COLUMN``.
    """
    book = read_workbook(paths, encoding=encoding)
    builder = _Builder(book, kg, vocab or vocabulary())
    result = builder.build()
    problems = builder.problems
    if not problems:
        problems.extend(_check(result, kg, shacl))
    if problems:
        order = {p: i for i, p in enumerate(problems)}
        unique = sorted(set(problems), key=lambda p: (p.file, p.row, order[p]))
        raise WorkbookError(unique)
    return result


def _check(result: ImportResult, kg: KnowledgeGraph | None, shacl: bool) -> list[Problem]:
    """The built-in consistency rules, and SHACL on the union with the loaded graph (small imports)."""
    from ..progress import task
    from .check import check_graph, stale_shape_targets

    problems: list[Problem] = []

    def where(focus: str) -> tuple[str, int]:
        return result.rows.get(focus, ("(output)", 0))

    if result.statements > SHACL_LIMIT:
        return problems  # every cell was checked as it was read; the graph-wide rules would take minutes
    with task("checking the statements"):
        for finding in check_graph(result.graph, include_ontology=True, vocab=None):
            if finding.severity != "error":
                continue
            file, row = where(finding.iri)
            problems.append(Problem(file, row, finding.rule, f"{finding.message} [{finding.focus}]"))
    if shacl and kg is not None and result.statements <= SHACL_LIMIT and not stale_shape_targets():
        from rdflib import Graph

        from ..validation import validate

        with task("validating with SHACL"):
            union = Graph()
            for triple in kg.graph:
                union.add(triple)
            for triple in result.graph:
                union.add(triple)
            report = validate(union)
        result.shacl = True
        new_subjects = {str(s) for s in result.graph.subjects()}
        for v in report.violations:
            iri = PREFIXES["id"] + v.focus[3:] if v.focus.startswith("id:") else v.focus
            if iri not in new_subjects:
                continue  # a violation of the loaded graph, not of the import
            file, row = where(iri)
            problems.append(Problem(file, row, v.path or "-", f"{v.message} [{v.focus}]"))
    return problems


def write(result: ImportResult, output: str | Path) -> None:
    """Write the triples as Turtle, atomically (nothing is left behind when writing fails).

    Up to :data:`SHACL_LIMIT` statements, rdflib's Turtle serializer writes grouped, prefixed Turtle. A
    bigger import is written one triple a line by rdflib's N-Triples row serializer -- N-Triples is a
    subset of Turtle, so the file is still Turtle -- because the pretty serializer needs minutes for a
    million triples.
    """
    from ..atomic import atomic_open, atomic_write
    from ..progress import task

    triples = list(dict.fromkeys(result.triples))
    if result.statements <= SHACL_LIMIT:
        atomic_write(output, result.graph.serialize(format="turtle"))
        return
    from rdflib.plugins.serializers.nt import _nt_row

    with atomic_open(output) as handle, task(f"writing {Path(output).name}", total=len(triples)) as progress:
        handle.write("# geokg import: one triple a line (N-Triples, which is also Turtle)\n")
        for i, triple in enumerate(triples, start=1):
            handle.write(_nt_row(triple))
            if i % 10000 == 0:
                progress.update(i)


def import_workbook(
    paths: Iterable[str | Path],
    output: str | Path,
    kg: KnowledgeGraph | None,
    *,
    encoding: str = "utf-8",
    shacl: bool = True,
) -> ImportResult:
    """Read, check and write a workbook; nothing is written when any problem is found.

    Parameters
    ----------
    paths : iterable of str or Path
        CSV files, folders of them, or XLSX files.
    output : str or Path
        The Turtle file to write.
    kg : KnowledgeGraph or None
        The loaded graph whose actors, sources and statements the workbook may name.
    encoding : str
        The encoding of CSV files.
    shacl : bool
        Validate with SHACL too (small imports only, see :data:`SHACL_LIMIT`).

    Raises
    ------
    WorkbookError
        Every problem found, each with ``FILE:ROW:COLUMN``.
    """
    from ..atomic import check_output_path

    check_output_path(output)
    result = build(paths, kg, encoding=encoding, shacl=shacl)
    write(result, output)
    return result
