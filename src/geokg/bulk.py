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
    from pyoxigraph import Store

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
    from pyoxigraph import RdfFormat, parse

    from .errors import DataError
    from .guards import check_regular, check_xml, read_input
    from .progress import task

    formats = []
    inputs: list[dict[str, object]] = []
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
        formats.append(fmt)
        inputs.append(source)
    sizes = [path.stat().st_size for path in files]
    with task(f"loading {len(files)} files into Oxigraph", total=sum(sizes)) as progress:
        for path, fmt, size, source in zip(files, formats, sizes, inputs, strict=True):
            try:
                store.bulk_load(**source, format=fmt, base_iri=path.resolve().as_uri())  # type: ignore[arg-type]
            except (SyntaxError, OSError, ValueError):
                return None
            except MemoryError:
                raise DataError(_TOO_BIG, str(path)) from None
            progress.advance(size)
    with task("deriving year bounds and plain triples") as progress:
        before = len(store)
        for update in rule_updates():
            store.update(update)
        derived = len(store) - before
        progress.update(derived)
    return derived


_TOO_BIG = "a single term (literal or IRI) is larger than Oxigraph's 16 MiB limit; split or shorten it"
