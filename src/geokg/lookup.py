"""Name lookup: find a thing by IRI, prefixed name, label or alias, forgiving case, accents and dots.

"USSR", "u.s.", "Moscow", "ISKP" and "id:Russia" all resolve; an unknown name raises an error that
suggests the closest names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Generic, TypeVar

from .errors import AmbiguousNameError, UnknownActorError, UnknownNameError
from .namespaces import PREFIXES, local_name

T = TypeVar("T")

_DROP = re.compile(r"[.'’`\"]")
_SPACE = re.compile(r"[\s_\-–—/,]+")


def normalize(name: str) -> str:
    """Fold a name for matching: no accents, no case, no dots or quotes, one space between words.

    A leading "the " is dropped and CamelCase local names are split.

    Examples
    --------
    >>> normalize("U.S."), normalize("the Kremlin"), normalize("SovietUnion"), normalize("Tajikistán")
    ('us', 'kremlin', 'soviet union', 'tajikistan')
    """
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SPACE.sub(" ", _DROP.sub("", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


class NameIndex(Generic[T]):
    """An index from names to items, with preferred names winning over aliases.

    Parameters
    ----------
    kind : str
        What the items are, for error messages (``"actor"``, ``"class"``, ...).

    Examples
    --------
    >>> idx = NameIndex("actor")
    >>> idx.add("https://w3id.org/geokg/id/SovietUnion", "Soviet Union", ["USSR"], "SovietUnion")
    >>> idx.resolve("ussr")
    'SovietUnion'
    """

    def __init__(self, kind: str, error: type[UnknownNameError] | None = None) -> None:
        self.kind = kind
        self._error = error
        self._preferred: dict[str, list[T]] = {}
        self._aliases: dict[str, list[T]] = {}
        self._iris: dict[str, T] = {}
        self._display: dict[str, str] = {}

    def add(self, iri: str, label: str, aliases: Iterable[str], item: T) -> None:
        """Index ``item`` under its IRI, label, local name and aliases."""
        self._iris[iri] = item
        for key in {normalize(label), normalize(local_name(iri))}:
            self._preferred.setdefault(key, [])
            if item not in self._preferred[key]:
                self._preferred[key].append(item)
        self._display[normalize(label)] = label
        for alias in aliases:
            key = normalize(alias)
            self._aliases.setdefault(key, [])
            if item not in self._aliases[key]:
                self._aliases[key].append(item)
            self._display.setdefault(key, alias)

    def resolve(self, name: str) -> T:
        """Return the item named ``name``.

        Raises
        ------
        UnknownNameError
            Nothing matches; the error's suggestions hold the closest names.
        AmbiguousNameError
            The name matches several items equally well.
        """
        text = name.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if text in self._iris:
            return self._iris[text]
        prefix, _, rest = text.partition(":")
        if rest and prefix in PREFIXES and PREFIXES[prefix] + rest in self._iris:
            return self._iris[PREFIXES[prefix] + rest]
        key = normalize(text)
        for table in (self._preferred, self._aliases):
            found = table.get(key, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise AmbiguousNameError(self.kind, name, [self._describe(i) for i in found])
        raise self._unknown(name, key)

    def _describe(self, item: T) -> str:
        for iri, it in self._iris.items():
            if it is item:
                return local_name(iri)
        return str(item)

    def _unknown(self, name: str, key: str) -> UnknownNameError:
        keys = list(self._display)
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        if not close:
            close = [k for k in keys if key and (key in k or k in key)][:3]
        suggestions = list(dict.fromkeys(self._display[k] for k in close))
        if self._error is not None:
            return self._error(name, suggestions)  # type: ignore[call-arg, arg-type]
        return UnknownNameError(self.kind, name, suggestions)

    def names(self) -> list[str]:
        """All preferred labels, sorted."""
        return sorted({self._display[k] for k in self._preferred if k in self._display})


def actor_index() -> NameIndex[T]:
    """A :class:`NameIndex` whose unknown names raise :class:`UnknownActorError`."""
    return NameIndex("actor", UnknownActorError)  # type: ignore[arg-type]
