"""Helpers shared by the authoring tests: workbooks written as real CSV and XLSX files."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

RECOGNITION_SOURCE = {
    "id": "news-2025-07-03",
    "title": "Russia becomes first country to recognize Taliban government",
    "publisher": "Example News",
    "date": "2025-07-03",
    "url": "https://example.org/news/russia-taliban",
    "language": "en",
    "reliability": "B",
}
RECOGNITION_QUOTE = "Russia on Thursday became the first country to recognize the Taliban government."
RECOGNITION_STATEMENT = {
    "type": "recognition",
    "from": "Moscow",
    "to": "Taliban government",
    "start": "2025-07",
    "certainty": "asserted",
    "credibility": "2",
    "source": "news-2025-07-03",
    "quote": RECOGNITION_QUOTE,
}
RECOGNITION_TEXT = (
    "MOSCOW, 3 July 2025 (example). " + RECOGNITION_QUOTE + " The Kremlin said the step would open the way to "
    "trade and security talks with Kabul."
)
EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "docs" / "examples" / "border-security"


def write_csv(
    path: Path, rows: Sequence[dict[str, str]], header: Sequence[str] | None = None, encoding: str = "utf-8"
) -> Path:
    """Write rows as a CSV file with the csv module (header from the first row unless given)."""
    fields = list(header) if header is not None else list(rows[0])
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def recognition_workbook(folder: Path, **statement: str) -> Path:
    """The July 2025 recognition: one source, one statement (fields overridable)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "sources.csv", [RECOGNITION_SOURCE])
    write_csv(folder / "statements.csv", [{**RECOGNITION_STATEMENT, **statement}])
    return folder


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write an XLSX workbook with openpyxl: sheet name -> rows (first row the header)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path
