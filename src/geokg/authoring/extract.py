"""Candidate statements from a new article: rule-based, transparent and deterministic (no model).

The method (docs/authoring.md says the same, with the measured precision and recall):

1. **Sentences.** The text is split into paragraphs at line breaks and into sentences after ``.``, ``!``
   or ``?`` followed by a capital letter, a quote or a digit -- unless the word before is an abbreviation
   (``U.S.``, ``e.g.``, ``Mr.``, single initials).
2. **Actors.** Every entity of the loaded graph is looked for by its label, its aliases (``skos:altLabel``:
   "Moscow", "Kabul") and its demonyms (``geo:demonym`` in ``ontology/cues.ttl``: "Russian", "Soviet"),
   on word boundaries, longest name first; names written in capitals (``US``, ``CSTO``) must match case.
3. **Cues.** Every statement type of a dyadic kind (relations, attitudes, events between two actors) is
   looked for by its ``geo:cue`` words, its label and its alternative labels (``ontology/codes.ttl``);
   every certainty by its cues ("may", "likely", "if"); the first certainty cue of a sentence (longest first)
   is its certainty.
4. **Candidates.** For each type cue, each actor mentioned before the cue is a candidate ``from`` and each
   entity mentioned after it a candidate ``to`` -- reversed when the cue is followed by "by" ("backed by
   the U.S."). Two entities joined by "and" or a comma before the cue are a candidate pair too ("Russia
   and China have strengthened their partnership"), and so are the last two mentions before a cue
   ("Russia views Pakistan as a necessary partner"). ``from`` must be an actor (not a region or an issue).
5. **Confidence** (deterministic, in [0.05, 1])::

       0.5 + 0.2 * [from is the mention nearest before the cue]
           + 0.2 * [to is the mention nearest after the cue]
           + 0.1 * [the cue has two or more words]
           - 0.1 * (other mentions between from and to, at most 3)

   Of several candidates with the same type and ends in one sentence, the most confident is kept.

Examples
--------
>>> import geokg
>>> kg = geokg.load()
>>> rows = extract_text("Moscow has recognized the Taliban government.", kg)
>>> [(r.type, r.source, r.target) for r in rows]
[('recognition', 'Russia', 'Taliban government')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..namespaces import GEO, SKOS
from .vocabulary import StatementType, vocabulary

if TYPE_CHECKING:
    from ..knowledge import KnowledgeGraph

ABBREVIATIONS = {"u.s", "u.k", "u.n", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "gen", "col"}
"""Words after which a full stop does not end a sentence (lower case, without the final dot)."""

REVIEW_COLUMNS = ("type", "from", "to", "certainty", "source", "quote", "confidence", "cue")
"""The columns of the review sheet `geokg extract` writes (confidence and cue are ignored by import)."""


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it starts in the text."""

    text: str
    start: int


@dataclass(frozen=True)
class Mention:
    """An entity found in a sentence: its IRI, its label and the span of the words that named it."""

    iri: str
    label: str
    start: int
    end: int
    is_actor: bool


@dataclass(frozen=True)
class Candidate:
    """A candidate statement for review."""

    type: str
    type_iri: str
    source: str
    source_iri: str
    target: str
    target_iri: str
    certainty: str
    quote: str
    confidence: float
    cue: str
    sentence: int

    def as_row(self, source_title: str = "") -> dict[str, str]:
        """A row of the review sheet."""
        return {
            "type": self.type,
            "from": self.source,
            "to": self.target,
            "certainty": self.certainty,
            "source": source_title,
            "quote": self.quote,
            "confidence": f"{self.confidence:.2f}",
            "cue": self.cue,
        }


def split_sentences(text: str) -> list[Sentence]:
    """Split a text into sentences (see the module docstring).

    Examples
    --------
    >>> [s.text for s in split_sentences("The U.S. left in 2021. Russia stayed! Did it?")]
    ['The U.S. left in 2021.', 'Russia stayed!', 'Did it?']
    """
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk, base = para.group(0), para.start()
        begin = 0
        for m in re.finditer(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])", chunk):
            before = chunk[begin : m.start() + 1]
            word = re.search(r"(\S+)$", before[:-1] if before.endswith(".") else before)
            token = (word.group(1) if word else "").lower().rstrip(".")
            if chunk[m.start()] == "." and (token in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token)):
                continue
            _add(sentences, chunk[begin : m.end()], base + begin)
            begin = m.end()
        _add(sentences, chunk[begin:], base + begin)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int) -> None:
    stripped = text.strip()
    if stripped:
        sentences.append(Sentence(stripped, start + (len(text) - len(text.lstrip()))))


class _Finder:
    """Finds entity mentions by label, alias and demonym."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        from rdflib import URIRef

        forms: dict[str, tuple[str, bool]] = {}  # form -> (iri, case-sensitive)
        self.labels: dict[str, str] = {}
        self.actor: dict[str, bool] = {}
        demonyms: dict[str, list[str]] = {}
        try:
            graph = kg.graph
            for s, o in graph.subject_objects(GEO.demonym):
                demonyms.setdefault(str(s), []).append(str(o))
        except Exception:  # a store or endpoint: ask it
            for row in kg.backend.select("SELECT ?s ?d WHERE { ?s geo:demonym ?d }"):
                demonyms.setdefault(str(row["s"]), []).append(str(row["d"]))
        _ = (SKOS, URIRef)
        for entity in kg.entities.values():
            self.labels[entity.iri] = entity.label
            self.actor[entity.iri] = entity.is_actor
            for form in (entity.label, *entity.aliases, *demonyms.get(entity.iri, [])):
                form = form.strip().replace("’", "'")
                if len(form) < 2:
                    continue
                sensitive = form.upper() == form or "." in form
                key = form if sensitive else form.lower()
                forms.setdefault(key, (entity.iri, sensitive))
        self.forms = forms
        ordered = sorted(forms, key=lambda f: (-len(f), f))
        alternation = "|".join(re.escape(f).replace("'", "['’]") for f in ordered)
        self.pattern = re.compile(rf"(?<![\w-])(?:the\s+)?({alternation})(?:['’]s)?(?![\w-])", re.IGNORECASE)

    def mentions(self, text: str) -> list[Mention]:
        found = []
        for m in self.pattern.finditer(text):
            word = m.group(1).replace("’", "'")
            entry = self.forms.get(word) or self.forms.get(word.lower())
            if entry is None:
                continue
            iri, sensitive = entry
            if sensitive and word not in self.forms:
                continue
            found.append(Mention(iri, self.labels[iri], m.start(1), m.end(1), self.actor[iri]))
        return found


class _Cues:
    """Cue phrases of statement types and certainties."""

    def __init__(self) -> None:
        v = vocabulary()
        self.types: dict[str, list[StatementType]] = {}
        for concept in v.all(v.types):
            st = concept
            assert isinstance(st, StatementType)
            if st.kind == "causal link" or (st.kind == "event" and st.cameo is None):
                continue  # causal links join statements; events without a code list participants
            for cue in {*st.cues, st.label.lower(), *(a.lower() for a in st.alt_labels)}:
                self.types.setdefault(cue.lower(), []).append(st)
        self.type_pattern = _phrases(self.types)
        self.certainties: dict[str, str] = {}
        for c in v.all(v.certainties):
            for cue in c.cues:
                self.certainties[cue.lower()] = c.label
        self.certainty_pattern = _phrases(self.certainties)


def _phrases(table: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(table, key=lambda f: (-len(f), f))
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in ordered) + r")(?![\w-])", re.IGNORECASE)


def confidence(from_nearest: bool, to_nearest: bool, multiword: bool, between: int) -> float:
    """The documented confidence formula (see the module docstring).

    Examples
    --------
    >>> confidence(True, True, False, 0), confidence(False, True, True, 2)
    (0.9, 0.6)
    """
    value = 0.5 + 0.2 * from_nearest + 0.2 * to_nearest + 0.1 * multiword - 0.1 * min(between, 3)
    return round(min(1.0, max(0.05, value)), 2)


def extract_text(text: str, kg: KnowledgeGraph, *, min_confidence: float = 0.0) -> list[Candidate]:
    """Candidate statements of a text, in sentence order, most confident first within a sentence."""
    finder = _Finder(kg)
    cues = _Cues()
    out: list[Candidate] = []
    for number, sentence in enumerate(split_sentences(text), start=1):
        mentions = finder.mentions(sentence.text)
        if len(mentions) < 2:
            continue
        cert_match = cues.certainty_pattern.search(sentence.text)
        certainty = cues.certainties[cert_match.group(1).lower()] if cert_match else "asserted"
        best: dict[tuple[str, str, str], Candidate] = {}
        for cue in cues.type_pattern.finditer(sentence.text):
            if any(m.start <= cue.start() < m.end for m in mentions):
                continue  # the cue is part of a name ("Collective Security Treaty Organization")
            before = [m for m in mentions if m.end <= cue.start()]
            after = [m for m in mentions if m.start >= cue.end()]
            pairs: list[tuple[Mention, Mention, bool, bool]] = []  # from, to, from nearest, to nearest
            if re.match(r"\s+by\b", sentence.text[cue.end() :]):
                before, after = after, before  # passive: "backed by the U.S." -- the supporter comes after
                before.reverse()
                after.reverse()
            nearest_before = before[-1].iri if before else ""
            nearest_after = after[0].iri if after else ""
            for f in before:
                for t in after:
                    pairs.append((f, t, f.iri == nearest_before, t.iri == nearest_after))
            for i, f in enumerate(before[:-1]):  # coordinated subjects: "Russia and China ... partnership"
                t = before[i + 1]
                if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", sentence.text[f.end : t.start]):
                    pairs.append((f, t, False, t.iri == nearest_before))
            if len(before) >= 2:  # object before the cue: "Russia views Pakistan as a partner"
                pairs.append((before[-2], before[-1], False, True))
            if not pairs:
                continue
            for stype in cues.types[cue.group(1).lower()]:
                for f, t, f_near, t_near in pairs:
                    if not f.is_actor or t.iri == f.iri:
                        continue
                    lo, hi = (f, t) if f.start < t.start else (t, f)
                    between = sum(1 for m in mentions if lo.end <= m.start and m.end <= hi.start)
                    if not (f_near and t_near):
                        between = max(0, between - 1)
                    if True:
                        score = confidence(f_near, t_near, " " in cue.group(1), between)
                        if score < min_confidence:
                            continue
                        key = (stype.iri, f.iri, t.iri)
                        if key in best and best[key].confidence >= score:
                            continue
                        best[key] = Candidate(
                            type=stype.label,
                            type_iri=stype.iri,
                            source=f.label,
                            source_iri=f.iri,
                            target=t.label,
                            target_iri=t.iri,
                            certainty=certainty,
                            quote=sentence.text,
                            confidence=score,
                            cue=cue.group(1),
                            sentence=number,
                        )
        out.extend(sorted(best.values(), key=lambda c: (-c.confidence, c.type, c.source, c.target)))
    return out


@dataclass(frozen=True)
class Score:
    """Precision and recall of candidates against the statements of a graph (distinct type-and-ends)."""

    candidates: int
    matched_candidates: int
    gold_relations: int
    found_relations: int
    gold_all: int
    found_all: int

    @property
    def precision(self) -> float:
        return self.matched_candidates / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        """Recall of the relation statements (same type and actor pair)."""
        return self.found_relations / self.gold_relations if self.gold_relations else 0.0

    @property
    def recall_all(self) -> float:
        """Recall of every dyadic statement (relations, attitudes, events between two actors)."""
        return self.found_all / self.gold_all if self.gold_all else 0.0


def _key(type_iri: str, a: str, b: str, symmetric: bool) -> tuple[str, str, str]:
    if symmetric and b < a:
        a, b = b, a
    return (type_iri, a, b)


def score(candidates: Sequence[Candidate], kg: KnowledgeGraph, source_iri: str | None = None) -> Score:
    """Compare candidates with the statements of ``kg`` (of one source when ``source_iri`` is given).

    A candidate matches a statement with the same type and the same ends (either order for symmetric
    types). Both sides are counted as distinct (type, from, to) triples.
    """
    v = vocabulary()

    def symmetric(type_iri: str) -> bool:
        return bool(getattr(v.by_iri.get(type_iri), "symmetric", False))

    gold_rel: set[tuple[str, str, str]] = set()
    gold_all: set[tuple[str, str, str]] = set()
    for st in kg.statements:
        if not st.source or not st.target:
            continue
        if source_iri and not any(e.document == source_iri for e in st.evidence):
            continue
        type_iri = str(GEO[st.relation])
        key = _key(type_iri, st.source, st.target, symmetric(type_iri))
        gold_all.add(key)
        if st.kind == "relation":
            gold_rel.add(key)
    cands = {_key(c.type_iri, c.source_iri, c.target_iri, symmetric(c.type_iri)) for c in candidates}
    return Score(
        candidates=len(cands),
        matched_candidates=len(cands & gold_all),
        gold_relations=len(gold_rel),
        found_relations=len(cands & gold_rel),
        gold_all=len(gold_all),
        found_all=len(cands & gold_all),
    )
