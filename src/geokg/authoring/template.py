"""The empty workbook a new user starts from: CSV headers, one commented example row each, and a README.

Examples
--------
>>> import tempfile
>>> written = write_template(tempfile.mkdtemp())
>>> sorted(p.name for p in written)
['README.md', 'actors.csv', 'sources.csv', 'statements.csv']
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..atomic import atomic_write
from ..errors import InputError
from .workbook import COLUMNS, REQUIRED, SHEETS

EXAMPLES: dict[str, dict[str, str]] = {
    "sources": {
        "id": "news-2025-07-03",
        "title": "Russia becomes first country to recognize Taliban government",
        "publisher": "Example News",
        "date": "2025-07-03",
        "url": "https://example.org/news/russia-taliban",
        "language": "en",
        "reliability": "B",
    },
    "actors": {
        "id": "imu",
        "label": "Islamic Movement of Uzbekistan",
        "class": "armed group",
        "aliases": "IMU",
        "description": "An armed Islamist group from Uzbekistan.",
    },
    "statements": {
        "id": "ru-recognizes-taliban",
        "type": "recognition",
        "from": "Russia",
        "to": "Taliban government",
        "start": "2025-07",
        "certainty": "asserted",
        "credibility": "2",
        "source": "news-2025-07-03",
        "quote": "Russia on Thursday became the first country to recognize the Taliban government.",
    },
}
"""The example row of each sheet (written commented out, so that importing the template imports nothing)."""


EXTRACT_ONLY = ("confidence", "cue")
"""Columns that `geokg extract` writes and import ignores; not in the template."""


def sheet_rows(sheet: str) -> tuple[list[str], list[str]]:
    """The header and the commented example row of one sheet."""
    columns = [c for c in COLUMNS[sheet] if c not in EXTRACT_ONLY]
    example = [EXAMPLES[sheet].get(c, "") for c in columns]
    example[0] = "# " + example[0]
    return columns, example


def readme() -> str:
    """The README of the workbook: one table of columns per sheet."""
    lines = [
        "# geokg workbook",
        "",
        "Fill the three sheets, then run `geokg import . -o my-graph.ttl` in this folder and load the result with",
        "`geokg --data my-graph.ttl show Russia`. Headers are case-insensitive; `|` separates several values in",
        "one cell; rows starting with `#` are comments (the example rows are). Names of actors, types, certainties",
        "and levels are matched like `geokg show` matches them (case, accents and aliases do not matter).",
        "Dates are written as people write them: 1979, 2025-07, 2025-07-03, July 2025, 1990s, 19th century,",
        "after 2021-08, before 2001, between 1992 and 1996, 1985~ (about), 1979/1989, 2001/.. (ongoing), ../1989.",
        "See docs/authoring.md for the whole path and `geokg relations` for the statement types.",
        "",
    ]
    for sheet in SHEETS:
        lines += [f"## {sheet}.csv", "", "| column | required | what goes in it |", "| --- | --- | --- |"]
        for column, text in COLUMNS[sheet].items():
            if column in EXTRACT_ONLY:
                continue
            required = "yes" if column in REQUIRED[sheet] else ""
            lines.append(f"| {column} | {required} | {text} |")
        lines.append("")
    return "\n".join(lines)


def write_template(folder: str | Path, fmt: str = "csv") -> list[Path]:
    """Write the empty workbook into ``folder`` (created if missing): CSV files or one XLSX, and a README.

    Raises
    ------
    InputError
        A file of the workbook already exists there (nothing is overwritten).
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InputError(f"{str(target)!r} is a file; give a folder for the template")
    names = [f"{s}.csv" for s in SHEETS] if fmt == "csv" else ["workbook.xlsx"]
    names.append("README.md")
    existing = [n for n in names if (target / n).exists()]
    if existing:
        raise InputError(f"{', '.join(existing)} already exist in {str(target)!r}; choose an empty folder")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "csv":
        for sheet in SHEETS:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            for row in sheet_rows(sheet):
                writer.writerow(row)
            atomic_write(target / f"{sheet}.csv", buffer.getvalue())
            written.append(target / f"{sheet}.csv")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for sheet in SHEETS:
            ws = book.create_sheet(sheet)
            for row in sheet_rows(sheet):
                ws.append(row)
        buffer_b = io.BytesIO()
        book.save(buffer_b)
        atomic_write(target / "workbook.xlsx", buffer_b.getvalue())
        written.append(target / "workbook.xlsx")
    else:
        raise InputError(f"fmt {fmt!r}: choose csv or xlsx", parameter="fmt")
    atomic_write(target / "README.md", readme())
    written.append(target / "README.md")
    return written
