"""geokg: a knowledge graph of geopolitical actors and their ties.

Load the bundled graph (and your own files), look actors up, list qualified ties with their evidence,
and project them into NetworkX for analysis.

Examples
--------
>>> import geokg
>>> kg = geokg.load()
>>> pakistan = kg.actor("Islamabad")
>>> [kg.label(t.target) for t in kg.ties(pakistan.iri, ["supports"]) if t.source == pakistan.iri]
['Afghan mujahideen', 'Taliban']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load": "knowledge",
    "KnowledgeGraph": "knowledge",
    "project": "projection",
    "View": "projection",
    "validate": "validation",
    "GeokgError": "errors",
    "DataError": "errors",
    "UnknownActorError": "errors",
    "UnknownNameError": "errors",
    "InputError": "errors",
    "NoResultError": "errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    # Imports are lazy so that `import geokg` (and `geokg --help`) stays fast.
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")
