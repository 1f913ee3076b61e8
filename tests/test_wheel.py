"""The wheel ships the ontology and the graph: install it in a fresh venv and run geokg elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import geokg as geokg_library

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = dist.glob("geokg-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "geokg/data/ontology/geokg.ttl" in names and "geokg/data/graph/relations.ttl" in names
    assert "geokg/data/ontology/shapes.ttl" in names and "geokg/data/ontology/rules/40-truthy.rq" in names
    # every bundled statement file, every rule and every named query (and its record) of this checkout is in the wheel
    for folder in ("graph", "ontology/rules", "ontology/queries"):
        for path in (ROOT / folder).iterdir():
            assert f"geokg/data/{folder}/{path.name}" in names
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    geokg = env_dir / "bin" / "geokg"
    info = subprocess.run([str(geokg), "info", "--format", "json"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert info.returncode == 0, info.stderr
    counts = {r["what"]: r["count"] for r in json.loads(info.stdout)}
    assert counts["statements"] == len(geokg_library.load().statements)  # the bundled graph, read from this checkout
    show = subprocess.run([str(geokg), "show", "Taliban", "--format", "json"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert show.returncode == 0, show.stderr
    support = [r for r in json.loads(show.stdout) if r["relation"] == "support"]
    assert [r["other"] for r in support] == ["Pakistan"]
    assert "long-time supporter of the Taliban" in support[0]["evidence"]
    where = subprocess.run([str(python), "-c", "import geokg.resources as r; print(r.data_root())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    assert str(env_dir) in where.stdout, "the installed package must use its own bundled data"
    recorded = "from geokg.named_queries import named_query as q, recorded_check as r; print(r(q('ties-as-of')).kind)"
    found = subprocess.run([str(python), "-c", recorded], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert found.stdout.strip() == "SELECT", found.stderr  # the installed queries' record is read and matches
