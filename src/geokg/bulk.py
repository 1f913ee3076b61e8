"""Bulk loading of files straight into an Oxigraph store, and the derivation rule run inside the store.

This is the path that scales: Oxigraph parses Turtle, N-Triples and RDF/XML itself (in Rust, streaming)
and the rules of ``ontology/rules/`` (year bounds, supersession, plain triples) run as SPARQL UPDATEs,
so nothing passes through rdflib. :func:`geokg.stores.build_store` uses it for data files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .formats import GRAPH, formats, input_format

if TYPE_CHECKING:
    from pyoxigraph import RdfFormat, Store

OXIGRAPH_FORMATS = {f.name: f.oxigraph for f in formats(GRAPH) if f.oxigraph}
"""geokg's RDF format names that Oxigraph bulk-loads, to ``RdfFormat`` names (from :mod:`geokg.formats`)."""


def bulk_files(paths: Iterable[str | Path], *, bundled: bool = True) -> list[Path]:
    """The files a load of ``paths`` reads: the ontology, the bundled graph (optional), the user's files.

    Raises
    ------
    DataError
        A path does not exist or names no RDF format.
    """
    from .parsing import collect_files
    from .resources import graph_files, ontology_files

    return ontology_files() + (graph_files() if bundled else []) + collect_files(paths)


def rule_updates() -> list[str]:
    """The derivation rules as SPARQL UPDATEs (``INSERT … WHERE``) instead of ``CONSTRUCT`` queries."""
    from .derive import rules

    return [re.sub(r"\bCONSTRUCT\b", "INSERT", rule, count=1) for rule in rules()]


Input = tuple[Path, "RdfFormat", dict[str, object]]
"""A file Oxigraph reads: its path, its ``RdfFormat`` and the arguments that give it to ``Store.bulk_load``."""


def bulk_load(store: Store, files: Sequence[Path]) -> int | None:
    """Load ``files`` into ``store`` with Oxigraph's bulk loader and derive the plain triples there.

    Parameters
    ----------
    store : pyoxigraph.Store
        An empty store.
    files : sequence of Path

    Returns
    -------
    int or None
        How many plain triples the rule added; None when a file needs rdflib instead (JSON-LD, an
        empty file, a file without triples, or a file Oxigraph cannot parse), in which case the store
        may hold part of the data and must be discarded.

    Examples
    --------
    >>> from pyoxigraph import Store
    >>> store = Store()
    >>> bulk_load(store, bulk_files([])) > 0
    True
    """
    inputs = oxigraph_inputs(files)
    if inputs is None or not load_inputs(store, inputs):
        return None
    return derive_in(store)


def oxigraph_inputs(files: Sequence[Path]) -> list[Input] | None:
    """The files as Oxigraph reads them, after the same guards as in memory; None when one needs rdflib
    (JSON-LD, an empty file, a file without triples, or one Oxigraph cannot parse from its first triple).

    Raises
    ------
    DataError
        A file is not a regular file, its XML is unsafe, or a term in it is too large.
    """
    from pyoxigraph import RdfFormat, parse

    from .errors import DataError
    from .guards import check_regular, check_xml, read_input

    inputs: list[Input] = []
    for path in files:
        known = input_format(path)
        name = known.oxigraph if known else None
        if name is None:
            return None
        fmt = getattr(RdfFormat, name)
        # The same guards as in memory: regular files only; XML without entities, external DTDs or deep nesting
        # (checked on the very bytes Oxigraph then reads).
        if name == "RDF_XML":
            data = read_input(path)
            check_xml(data, path)
            source: dict[str, object] = {"input": data}
        else:
            check_regular(path)
            source = {"path": str(path)}
        try:
            if next(iter(parse(**source, format=fmt, base_iri=path.resolve().as_uri())), None) is None:  # type: ignore[arg-type]
                return None  # empty or no triples: rdflib's path says so with file and line
        except (SyntaxError, OSError, ValueError):
            return None
        except MemoryError:
            raise DataError(_TOO_BIG, str(path)) from None
        inputs.append((path, fmt, source))
    return inputs


def load_inputs(store: Store, inputs: Sequence[Input], *, report: bool = True) -> bool:
    """Bulk-load files checked by :func:`oxigraph_inputs` into ``store`` (``report``: as a progress task).

    Returns
    -------
    bool
        False when Oxigraph cannot parse one of them (the store then holds part of the data).

    Raises
    ------
    DataError
        A term is too large for Oxigraph.
    """
    from contextlib import nullcontext

    from .errors import DataError
    from .progress import task

    sizes = [path.stat().st_size for path, _, _ in inputs]
    with task(f"loading {len(inputs)} files into Oxigraph", total=sum(sizes)) if report else nullcontext() as progress:
        for (path, fmt, source), size in zip(inputs, sizes, strict=True):
            try:
                store.bulk_load(**source, format=fmt, base_iri=path.resolve().as_uri())  # type: ignore[arg-type]
            except (SyntaxError, OSError, ValueError):
                return False
            except MemoryError:
                raise DataError(_TOO_BIG, str(path)) from None
            if progress is not None:
                progress.advance(size)
    return True


def derive_in(store: Store) -> int:
    """Run the derivation rules in ``store`` as SPARQL UPDATEs.

    Returns
    -------
    int
        How many triples they added.
    """
    from .progress import task

    with task("deriving year bounds and plain triples") as progress:
        before = len(store)
        for update in rule_updates():
            store.update(update)
        derived = len(store) - before
        progress.update(derived)
    return derived


def derive_aside(store: Store, output: Path) -> tuple[int, bool]:
    """Run the derivation rules in ``store`` (in memory) and also write what they derive to ``output``, as
    N-Triples, so that the same triples can be bulk-loaded into a database holding the same files.

    Each rule runs as its CONSTRUCT query (the text of ``ontology/rules/``); its triples are written to
    ``output`` and loaded into ``store`` before the next rule runs, which is what the rule's UPDATE does.
    Once a rule derives a triple with a blank node (which a parser would name afresh), that rule and the
    next ones run as UPDATEs instead and ``output`` stays incomplete.

    Returns
    -------
    tuple of (int, bool)
        How many triples the rules added to ``store``, and whether ``output`` holds all of them (not when a
        derived triple has a blank node: a database that loaded the files itself names them otherwise).
    """
    from pyoxigraph import QueryTriples, RdfFormat

    from .derive import rules
    from .progress import task

    complete = True
    with task("deriving year bounds and plain triples") as progress, output.open("wb") as out:
        before = len(store)
        for rule, update in zip(rules(), rule_updates(), strict=True):
            if complete:
                triples = store.query(rule)
                assert isinstance(triples, QueryTriples)  # a CONSTRUCT query
                found = triples.serialize(format=RdfFormat.N_TRIPLES) or b""
                complete = b"_:" not in found or _BLANK_NODE.search(found) is None  # (the regex is slow on MBs)
            if not complete:
                store.update(update)
                continue
            out.write(found)
            store.bulk_load(found, RdfFormat.N_TRIPLES)
        derived = len(store) - before
        progress.update(derived)
    return derived, complete


# A blank node as the subject or object of an N-Triples line (the object after an IRI predicate's "> "). It
# may also match inside a literal: that only makes the caller take its slower, always right, way.
_BLANK_NODE = re.compile(rb"(?:^|> )_:", re.MULTILINE)


_TOO_BIG = "a single term (literal or IRI) is larger than Oxigraph's 16 MiB limit; split or shorten it"
