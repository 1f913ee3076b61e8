"""Shared fixtures: the real bundled graph, a CLI runner, and the source article."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="session")
def kg():
    """The bundled graph, loaded once per test session (read-only: do not mutate it)."""
    import geokg

    return geokg.load()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def invoke(runner):
    """Run ``geokg ARGS...`` in-process; returns the click Result (stdout in .stdout, stderr in .stderr)."""
    from geokg_cli.main import cli

    def run(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def article_text() -> str:
    """The source article's text; tests that need it are skipped when ../shared/sources is absent."""
    path = SOURCES / "afghanistan-and-russia.txt"
    if not path.is_file():
        pytest.skip("the source article (../shared/sources) is not present")
    return path.read_text(encoding="utf-8")
