"""Hardening: stores survive a kill -9 in the middle of their swap, and broken stores give plain errors.

Issue 11, cases 4 (recoverable swap, leftovers of dead processes) and 12 (format 99, corrupt store, another
Oxigraph, a symlink to an empty folder, rebuilding a read-only store).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from _hardening import error_line, geokg


@functools.cache
def bundled_triples() -> int:
    """What a store built from the bundled graph holds: its triples and the ones the rules derive (not pinned)."""
    import geokg as library

    return len(library.load().graph)


STOP_BETWEEN_RENAMES = """
import os, sys, time
from pathlib import Path

real_replace = os.replace

def replace(src, dst):
    real_replace(src, dst)
    if ".old-" in str(dst):  # the old store is aside, the new one not yet in place
        Path(sys.argv[2]).write_text("between the renames")
        time.sleep(600)

os.replace = replace
from geokg.stores import build_store
build_store([], sys.argv[1])
"""


@pytest.fixture()
def built(tmp_path):
    from geokg.stores import build_store

    target = tmp_path / "kg"
    build_store([], target)
    return target


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".kg."))


def _kill_between_renames(target):
    marker = target.parent / "marker"
    child = subprocess.Popen([sys.executable, "-c", STOP_BETWEEN_RENAMES, str(target), str(marker)])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the build ended before reaching its swap"
            assert time.monotonic() < deadline, "the build never reached its swap"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert not target.exists()  # the state the kill leaves: no store at the path
    assert any(".old-" in name for name in _leftovers(target.parent))


def test_a_kill_between_the_two_renames_is_repaired_on_open(built):
    _kill_between_renames(built)
    result = geokg("info", "--store", str(built), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert f"triples,{bundled_triples()}\n" in result.stdout
    assert _leftovers(built.parent) == []  # the dead build's folders are gone too


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(built):
    _kill_between_renames(built)
    live = built.parent / f".kg.building-{os.getpid()}-abc"  # a build still running (this process) is left alone
    live.mkdir()
    result = geokg("store", "build", str(built))
    assert result.returncode == 0, result.stderr
    assert _leftovers(built.parent) == [live.name]
    assert f"triples,{bundled_triples()}\n" in geokg("info", "--store", str(built), "--format", "csv").stdout


def test_a_marker_of_an_unknown_format_is_refused(built):
    marker = built / "geokg-store.json"
    meta = json.loads(marker.read_text(encoding="utf-8"))
    meta["format"] = 99
    marker.write_text(json.dumps(meta), encoding="utf-8")
    assert "has format 99; this geokg reads format 1" in error_line(geokg("info", "--store", str(built)))


def test_a_corrupt_store_is_a_plain_error(built):
    for file in (built / "oxigraph").iterdir():
        if file.is_file():
            file.write_bytes(b"\x00garbage\x00" * 8)
    assert "may be corrupt or made by another version" in error_line(geokg("info", "--store", str(built)))


def test_a_store_from_another_oxigraph_names_both_versions(built):
    marker = built / "geokg-store.json"
    meta = json.loads(marker.read_text(encoding="utf-8"))
    meta["oxigraph"] = "0.1.0"
    marker.write_text(json.dumps(meta), encoding="utf-8")
    (built / "oxigraph" / "CURRENT").write_text("MANIFEST-999999", encoding="utf-8")  # what it cannot read
    assert "built with pyoxigraph 0.1.0" in error_line(geokg("info", "--store", str(built)))


def test_a_store_path_that_is_a_symlink_to_an_empty_folder(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "kg"
    link.symlink_to(real)
    result = geokg("store", "build", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (real / "geokg-store.json").is_file()
    assert f"triples,{bundled_triples()}\n" in geokg("info", "--store", str(link), "--format", "csv").stdout


def _make_read_only(folder):
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.fail("chattr +i is not available to make a folder read-only for root")
        return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


def test_rebuilding_a_read_only_store_is_a_plain_error(built):
    undo = _make_read_only(built.parent)
    try:
        line = error_line(geokg("store", "build", str(built)))
    finally:
        undo()
    assert "cannot build a store in" in line or "cannot write the store" in line
    assert f"triples,{bundled_triples()}\n" in geokg("info", "--store", str(built), "--format", "csv").stdout
