"""Hardening: nothing in the load cache can run code, and a cache folder others can write is not used.

Issue 11, case 1.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from _hardening import ROOT, geokg


class _Plant:
    """A pickle that creates a file when it is loaded (what an attacker's pickle would do, harmlessly)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _env(folder: Path) -> dict[str, str]:
    return {"GEOKG_NO_CACHE": "", "GEOKG_CACHE_DIR": str(folder)}


def test_a_planted_pickle_is_never_loaded(tmp_path):
    folder = tmp_path / "cache"
    assert geokg("info", env=_env(folder)).returncode == 0
    entries = [p for p in folder.iterdir() if p.is_file()]
    assert entries
    marker = tmp_path / "pwned"
    for entry in entries:  # every entry replaced by the attacker's pickle
        entry.write_bytes(pickle.dumps(_Plant(marker)))
    for command in (["info"], ["query", "ASK { ?s ?p ?o }"]):
        result = geokg(*command, env=_env(folder))
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), "code from the cache ran"


def _doctor(folder: Path) -> None:
    (entry,) = folder.glob("graph-*.json")
    doc = json.loads(entry.read_text(encoding="utf-8"))
    text = json.dumps(doc["memo"]).replace('"Soviet Union"', '"PLANTED"')
    doc["memo"] = json.loads(text)
    entry.write_text(json.dumps(doc), encoding="utf-8")


def test_entries_are_plain_data_and_a_folder_others_can_write_is_ignored(tmp_path, monkeypatch):
    import geokg as lib
    from geokg import cache

    folder = tmp_path / "cache"
    assert geokg("info", env=_env(folder)).returncode == 0
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".nt"]
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path / "other"))
    monkeypatch.delenv("GEOKG_NO_CACHE", raising=False)
    fresh = lib.load()  # writes an entry
    cached = lib.load()  # reads it back
    assert isinstance(cached.backend, cache.CachedBackend)
    assert set(cached.graph) == set(fresh.graph)  # the same graph, blank node labels kept (rows name them)
    assert dict(cached.graph.namespaces())["geo"] == dict(fresh.graph.namespaces())["geo"]
    _doctor(folder)
    assert "PLANTED" in geokg("show", "USSR", env=_env(folder)).stdout  # the plant is what a cache would serve
    folder.chmod(0o777)  # world-writable: anyone could have planted it
    result = geokg("show", "USSR", env=_env(folder))
    assert result.returncode == 0, result.stderr
    assert "PLANTED" not in result.stdout and "Soviet Union" in result.stdout
    folder.chmod(0o700)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_cache_folder_owned_by_another_user_is_ignored(tmp_path):
    folder = tmp_path / "cache"
    assert geokg("info", env=_env(folder)).returncode == 0
    _doctor(folder)
    os.chown(folder, 65534, 65534)
    result = geokg("show", "USSR", env=_env(folder))
    assert result.returncode == 0, result.stderr
    assert "PLANTED" not in result.stdout


def test_no_pickle_in_the_library():
    for path in (ROOT / "src" / "geokg").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle.load" not in text, path
