"""Actor, class and relation lookup: forgiving names, typed errors with suggestions."""

from __future__ import annotations

import pytest

from geokg.errors import AmbiguousNameError, UnknownActorError, UnknownNameError
from geokg.lookup import NameIndex, normalize


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("USSR", "Soviet Union"), ("ussr", "Soviet Union"), ("Moscow", "Russia"), ("the Kremlin", "Russia"),
        ("ISKP", "ISIS-K"), ("U.S.", "United States"), ("us", "United States"), ("Tajikistán", "Tajikistan"),
        ("id:Russia", "Russia"), ("<https://w3id.org/geokg/id/Iran>", "Iran"), ("SovietUnion", "Soviet Union"),
        ("  taliban ", "Taliban"), ("TALIBAN GOVERNMENT", "Taliban government"),
    ],
)  # fmt: skip
def test_names_resolve(kg, name, label):
    assert kg.actor(name).label == label


def test_unknown_actor_suggests_close_names(kg):
    with pytest.raises(UnknownActorError) as info:
        kg.actor("Talibn")
    assert "Taliban" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_unknown_actor_without_close_names_has_no_suggestions(kg):
    with pytest.raises(UnknownActorError) as info:
        kg.actor("Zzyzx Qqq")
    assert info.value.suggestions == []
    assert "did you mean" not in str(info.value)


def test_ambiguous_alias_lists_candidates():
    index: NameIndex[str] = NameIndex("actor")
    index.add("http://x/a", "Alpha", ["Shared"], "a")
    index.add("http://x/b", "Beta", ["Shared"], "b")
    with pytest.raises(AmbiguousNameError) as info:
        index.resolve("shared")
    assert sorted(info.value.candidates) == ["a", "b"]


def test_preferred_label_beats_alias():
    index: NameIndex[str] = NameIndex("actor")
    index.add("http://x/a", "Gamma", [], "a")
    index.add("http://x/b", "Delta", ["Gamma"], "b")
    assert index.resolve("gamma") == "a"


def test_classes_and_relations_resolve(kg):
    assert kg.resolve_class("armed group").name == "ArmedGroup"
    assert kg.resolve_class("geo:MilitaryAlliance").name == "MilitaryAlliance"
    assert kg.resolve_relation("supports").name == "Support"
    assert kg.resolve_relation("shared border").name == "SharedBorder"
    with pytest.raises(UnknownNameError) as info:
        kg.resolve_class("Stat")
    assert "state" in [s.lower() for s in info.value.suggestions]


def test_normalize_folds_case_accents_dots_and_the():
    assert normalize("The U.S.") == "us"
    assert normalize("Afghanistan’s") == "afghanistans"
