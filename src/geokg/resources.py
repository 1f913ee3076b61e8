"""Where the bundled ontology, graph and queries live.

In an installed wheel they are package data under ``geokg/data/``; in a source checkout they are the
``ontology/`` and ``graph/`` folders at the repository's root. Nothing else in geokg builds these paths.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """Return the folder holding ``ontology/`` and ``graph/``.

    Returns
    -------
    pathlib.Path
        ``geokg/data`` inside an installed package, else the source checkout's root.

    Raises
    ------
    FileNotFoundError
        If neither place has an ``ontology/`` folder (a broken installation).
    """
    for root in (_PACKAGE_DIR / "data", _PACKAGE_DIR.parent.parent):
        if (root / "ontology" / "geokg.ttl").is_file():
            return root
    raise FileNotFoundError("geokg's bundled ontology is missing: reinstall the package")


def ontology_dir() -> Path:
    """The folder of the vocabulary, code lists, shapes, rules and named queries."""
    return data_root() / "ontology"


def graph_dir() -> Path:
    """The folder of the bundled instance data (the article's graph)."""
    return data_root() / "graph"


def ontology_files() -> list[Path]:
    """The Turtle files of the vocabulary and code lists (not the SHACL shapes)."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def graph_files() -> list[Path]:
    """The Turtle files of the bundled graph, in a stable order."""
    return sorted(graph_dir().glob("*.ttl"))


def shapes_file() -> Path:
    """The SHACL shapes used by validation."""
    return ontology_dir() / "shapes.ttl"


def rule_files() -> list[Path]:
    """The derivation rules (SPARQL CONSTRUCT queries) in ``ontology/rules/``, in the order they run."""
    return sorted((ontology_dir() / "rules").glob("*.rq"))


def queries_dir() -> Path:
    """The folder of the named SPARQL queries."""
    return ontology_dir() / "queries"
