"""Helpers shared by the hardening tests: run the real command in a subprocess with a time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def geokg(*args: str, timeout: float = 120, env: dict[str, str] | None = None, cwd: Path | None = None, **kw):
    """Run ``geokg ARGS`` in a fresh process; returns the CompletedProcess (text, stdout and stderr captured).

    A command that runs past ``timeout`` seconds is killed and reported as exit code -9 with a note on stderr.
    """
    full_env = {**os.environ, "GEOKG_NO_CACHE": "1", **(env or {})}
    try:
        return subprocess.run(
            [sys.executable, "-m", "geokg_cli.main", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=cwd,
            **kw,
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(exc.cmd, -9, exc.stdout or "", f"TIMEOUT after {timeout} s")


def error_line(result, code: int = 2) -> str:
    """The one ``geokg: error: …`` line of a failed run (asserting the exit code and that no traceback leaked)."""
    assert result.returncode == code, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("geokg: error: "), lines[0]
    assert "internal error" not in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]
