"""Every example in README.md and docs/*.md is run, and its output compared with what the page shows.

What counts as an example:

- in a ```` ```console ```` block, or a block indented by four spaces, each line starting with ``$ `` is a
  shell command; the lines after it, up to the next ``$ `` line or the end of the block, are its output;
- a ```` ```pycon ```` block is a doctest (``>>>`` lines and their output).

The one declared difference: ``...`` in an expected line stands for any text, and a line of its own ``...``
for any number of lines (doctest's ELLIPSIS), used for timings, paths and progress that vary from run to
run. Trailing spaces are ignored. A command with no output shown must succeed; one whose shown output starts
with ``geokg: error:`` must fail with that message; exit 1 (a negative answer, such as an ASK that is false)
is accepted when the output it prints is shown. A block preceded by ``<!-- example: not run (why) -->``
is not run (for instance, one that needs a browser screenshot tool); the reason is on the page.

Commands run with the project's ``geokg`` on ``PATH`` (by ``bash -c``, as a user's shell runs them), in a fresh
folder that links to the repository's
``docs``, ``bench``, ``graph`` and ``ontology`` folders, one block after another in page order (so a
block may use a file an earlier block wrote), with no terminal (tables are plain) and a private cache.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIP = re.compile(r"<!--\s*example:\s*not run\b")


@dataclass
class Example:
    page: Path
    line: int
    command: str
    expected: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(text: str) -> list[tuple[int, str, list[str]]]:
    """(first line number, kind, lines) of every console, pycon or indented ``$`` block not marked as not run."""
    lines = text.splitlines()
    out: list[tuple[int, str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        skipped = (i > 0 and bool(SKIP.search(lines[i - 1]))) or (i > 1 and bool(SKIP.search(lines[i - 2])))
        fence = re.match(r"^```(console|pycon)\s*$", line)
        if fence:
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            if not skipped:
                out.append((i + 2, fence.group(1), lines[i + 1 : j]))
            i = j + 1
            continue
        if line.startswith("```"):  # another fenced block: skip it whole
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            i = j + 1
            continue
        if line.startswith("    $ ") and (i == 0 or not lines[i - 1].startswith("    ")):
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
                if not lines[j].strip() and (j + 1 >= len(lines) or not lines[j + 1].startswith("    ")):
                    break
                j += 1
            if not skipped:
                out.append((i + 1, "console", [x[4:] for x in lines[i:j]]))
            i = j
            continue
        i += 1
    return out


def _examples(page: Path) -> list[Example | tuple[int, str]]:
    """The shell examples of a page, and its doctest blocks as (line, text)."""
    found: list[Example | tuple[int, str]] = []
    for first, kind, lines in _blocks(page.read_text(encoding="utf-8")):
        if kind == "pycon":
            found.append((first, "\n".join(lines) + "\n"))
            continue
        current: Example | None = None
        for offset, line in enumerate(lines):
            if line.startswith("$ "):
                if current is not None:
                    found.append(current)
                current = Example(page, first + offset, line[2:], "")
            elif current is not None:
                current.expected += line + "\n"
        if current is not None:
            found.append(current)
    return found


def _matches(expected: str, got: str) -> bool:
    want = "\n".join(line.rstrip() for line in expected.strip("\n").splitlines())
    have = "\n".join(line.rstrip() for line in got.strip("\n").splitlines())
    return doctest.OutputChecker().check_output(want + "\n", have + "\n", doctest.ELLIPSIS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("examples")
    for name in ("docs", "bench", "graph", "ontology"):
        (work / name).symlink_to(ROOT / name)
    return work


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env["XDG_CACHE_HOME"] = str(work / ".cache")
    env.pop("COLUMNS", None)
    return env


PAGE_IDS = [str(p.relative_to(ROOT)) for p in PAGES]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_examples_of_page_reproduce(page: Path, workdir: Path) -> None:
    if shutil.which("geokg", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("the geokg command is not installed next to this Python")
    failures = []
    for example in _examples(page):
        if isinstance(example, tuple):
            first, text = example
            parser = doctest.DocTestParser()
            test = parser.get_doctest(text, {}, f"{page.name}:{first}", str(page), first)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            cwd = os.getcwd()
            try:
                os.chdir(workdir)
                result = runner.run(test, out=failures.append)
            finally:
                os.chdir(cwd)
            assert result.attempted > 0
            continue
        proc = subprocess.run(
            ["bash", "-c", example.command],
            cwd=workdir,
            env=_env(workdir),
            capture_output=True,
            text=True,
            timeout=300,
        )
        expected = example.expected
        if expected.startswith("geokg: error:"):
            if proc.returncode == 0 or not _matches(expected, proc.stderr):
                failures.append(
                    f"{example.where}: $ {example.command}\nexpected failure:\n{expected}got:\n{proc.stderr}"
                )
            continue
        # exit 1 is a negative answer (an ASK that is false, nothing matches): fine when its output is shown
        if proc.returncode != 0 and not (proc.returncode == 1 and expected.strip()):
            failures.append(f"{example.where}: $ {example.command}\nexit {proc.returncode}\n{proc.stderr[-2000:]}")
        elif expected.strip() and not _matches(expected, proc.stdout):
            failures.append(f"{example.where}: $ {example.command}\nexpected:\n{expected}got:\n{proc.stdout}")
    assert not failures, "\n\n".join(failures)


def test_pages_have_examples() -> None:
    """The parser finds the README's examples (a guard against a parser that finds nothing)."""
    found = [e for e in _examples(ROOT / "README.md") if isinstance(e, Example)]
    assert len(found) >= 10
    assert all(e.command.startswith(("geokg", "mkdir", "python", "cat", "cd", "ls", "head")) for e in found), [
        e.command for e in found
    ]
