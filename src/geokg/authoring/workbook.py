"""Reading a workbook (CSV files or an XLSX file) into rows that remember where each cell came from.

A workbook has three sheets -- ``sources``, ``actors`` and ``statements`` -- kept either as CSV files of
those names (in a folder, or given one by one; ``my-statements.csv`` counts as statements too) or as the
sheets of one XLSX file. Headers are case-insensitive; rows whose first cell starts with ``#`` are
comments; empty rows are skipped. Every problem is collected as a :class:`~geokg.errors.Problem`
(``FILE:ROW:COLUMN: message``) so that all of them can be reported at once.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "sources.csv").write_text("ID,Title\\n# id,title\\ns1,A report\\n", encoding="utf-8")
>>> book = read_workbook([folder])
>>> row = book.sheets["sources"].rows[0]
>>> row.number, row.get("title")
(3, 'A report')
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..lookup import normalize

SHEETS = ("sources", "actors", "statements")

COLUMNS: dict[str, dict[str, str]] = {
    "sources": {
        "id": "a short ID of your own (e.g. reuters-2025-07-04); statements name their source by it",
        "title": "the title of the article, report or book (required)",
        "author": "author(s); several separated by |",
        "publisher": "the outlet or publisher",
        "date": "when it was published: 2025-07-04, 2025-07, 2025, after 2021-08, ...",
        "url": "where to find it",
        "citation": "a bibliographic citation, when there is no URL",
        "language": "language code, e.g. en",
        "reliability": "Admiralty source reliability A-F (A completely reliable ... F cannot be judged)",
        "file": "the file name of the source's text, beside the workbook or one folder up (its SHA-256 is recorded)",
        "sha256": "SHA-256 of that text (optional; computed by geokg import when the file is found)",
        "note": "how the date was read, or anything else about the source",
    },
    "actors": {
        "id": "a short ID of your own (optional)",
        "label": "the actor's name (required); an actor the graph knows is reused, not duplicated",
        "class": "state, government, armed group, insurgent movement, international organization, ...",
        "aliases": "other names, separated by |",
        "description": "one sentence on who it is",
        "start": "when it came into being (date forms as for statements)",
        "end": "when it ceased to exist",
        "located in": "the state or region it belongs to",
    },
    "statements": {
        "id": "a short ID of your own (optional; otherwise one is made from the row's content)",
        "type": "statement type by name: support, recognition, talks, concern, ... (required)",
        "from": "the actor it starts from, or the holder of an attitude (required but for causal links)",
        "to": "the actor or entity it points at (required but for causal links)",
        "kind": "event, relation, attitude or causal link (optional; checked against the type)",
        "date": "when an event happened (point in time)",
        "start": "when it began; or a span START/END such as 1979/1989 or 2001/..",
        "end": "when it ended; .. for ongoing; empty for unknown",
        "certainty": "asserted (default), almost certain, very likely, likely, even chance, possible, unlikely, "
        "very unlikely, remote, conditional",
        "condition": "the condition of a conditional statement, in the source's words",
        "level": "relation level, if not the type's default: war, hostile, strained, neutral, engaged, "
        "cooperative, allied",
        "level note": "why the level departs from the default",
        "cameo": "CAMEO root code of an event (01-20), if not the type's default",
        "credibility": "Admiralty information credibility 1-6 (1 confirmed ... 6 cannot be judged)",
        "rank": "preferred, normal (default) or deprecated",
        "supersedes": "ID(s) of statements this one replaces, separated by |",
        "ends": "ID of a statement already in the graph that this row ends (give end, quote and source)",
        "manner": "how, in the source's words",
        "means": "by what means, in the source's words",
        "motive": "why, in the source's words",
        "place": "where: an actor or region the graph knows, or words of the source",
        "source": "the ID or title of the source (may be left empty when the workbook has one source)",
        "quote": "the verbatim sentence(s) of the source that support it, separated by | (required)",
        "end quote": "the verbatim words that support the end",
        "time note": "how the time was read from the source",
        "confidence": "written by geokg extract; ignored by import",
        "cue": "written by geokg extract (the cue word it found); ignored by import",
    },
}
"""The documented columns of each sheet, with what goes in them."""

ALIASES: dict[str, str] = {
    "name": "label",
    "type of actor": "class",
    "actor class": "class",
    "alias": "aliases",
    "source id": "source",
    "source title": "source",
    "evidence": "quote",
    "statement type": "type",
    "relation": "type",
    "target": "to",
    "holder": "from",
    "published": "date",
    "identifier": "url",
    "link": "url",
    "grade": "reliability",
    "lang": "language",
}
"""Other header names accepted for a column (Kumu and Gephi headers among them)."""

REQUIRED = {"sources": ("title",), "actors": ("label",), "statements": ("type", "quote")}


def column_key(header: str) -> str:
    """Normalize a header: case, accents, underscores and dashes do not matter.

    Examples
    --------
    >>> column_key("Level_Note"), column_key(" Source ID ")
    ('level note', 'source')
    """
    key = normalize(header)
    return ALIASES.get(key, key)


@dataclass
class Row:
    """One data row: its file, 1-based row number, and its cells by column key (empty cells left out)."""

    file: str
    number: int
    cells: dict[str, str]
    headers: dict[str, str]

    def get(self, key: str) -> str:
        """The cell's text, stripped ('' when empty or absent)."""
        return self.cells.get(key, "")

    def values(self, key: str) -> list[str]:
        """The cell split on ``|``, each part stripped, empty parts dropped."""
        return [part.strip() for part in self.get(key).split("|") if part.strip()]

    def problem(self, key: str, message: str) -> Problem:
        """A :class:`Problem` at this row and column."""
        return Problem(self.file, self.number, self.headers.get(key, key), message)


@dataclass
class Sheet:
    """The rows of one sheet and the file they came from."""

    name: str
    file: str
    rows: list[Row] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Workbook:
    """The sheets read, the problems found while reading, and the folders the files were in."""

    sheets: dict[str, Sheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)


def sheet_for(path: Path) -> str | None:
    """The sheet a CSV file holds, by its name: ``statements.csv``, ``2025-statements.csv`` ...

    Examples
    --------
    >>> sheet_for(Path("my_statements.csv")), sheet_for(Path("notes.csv"))
    ('statements', None)
    """
    stem = normalize(path.stem)
    for name in SHEETS:
        if stem == name or stem.endswith(" " + name) or stem == name.rstrip("s"):
            return name
    return None


def _check_headers(sheet: str, file: str, raw: Sequence[str], problems: list[Problem]) -> dict[str, str]:
    """Map column keys to the headers as written; report unknown, duplicate and missing columns."""
    known = COLUMNS[sheet]
    headers: dict[str, str] = {}
    for i, header in enumerate(raw, start=1):
        text = (header or "").strip()
        if not text:
            continue
        key = column_key(text)
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=2, cutoff=0.6)
            hint = f"; did you mean: {', '.join(close)}?" if close else f"; the columns are: {', '.join(known)}"
            problems.append(Problem(file, 1, text, f"unknown column {text!r} in the {sheet} sheet{hint}"))
            continue
        if key in headers:
            problems.append(Problem(file, 1, text, f"column {text!r} appears twice (also as {headers[key]!r})"))
            continue
        headers[key] = text
        headers.setdefault(f"#{i}", key)
    for key in REQUIRED[sheet]:
        if key not in headers:
            problems.append(Problem(file, 1, key, f"the {sheet} sheet needs a {key!r} column"))
    return headers


def _rows(sheet: str, file: str, records: Iterable[tuple[int, Sequence[str]]], problems: list[Problem]) -> Sheet:
    result = Sheet(sheet, file)
    iterator = iter(records)
    header_row = None
    for number, values in iterator:
        if any((v or "").strip() for v in values) and not (values[0] or "").lstrip().startswith("#"):
            header_row = (number, values)
            break
    if header_row is None:
        problems.append(Problem(file, 1, "-", f"the {sheet} sheet has no header row"))
        return result
    raw = [str(v or "") for v in header_row[1]]
    headers = _check_headers(sheet, file, raw, problems)
    result.headers = {k: v for k, v in headers.items() if not k.startswith("#")}
    keys = [column_key(h.strip()) if h.strip() and column_key(h.strip()) in COLUMNS[sheet] else None for h in raw]
    for number, values in iterator:
        if not any((v or "").strip() for v in values):
            continue
        if (values[0] or "").lstrip().startswith("#"):
            continue
        cells: dict[str, str] = {}
        for i, value in enumerate(values):
            text = (value or "").strip()
            if not text:
                continue
            if i >= len(keys):
                problems.append(Problem(file, number, f"#{i + 1}", f"a value {text!r} beyond the last column"))
                continue
            key = keys[i]
            if key is not None:
                cells[key] = text
        result.rows.append(Row(file, number, cells, result.headers))
    return result


def read_csv(path: Path, sheet: str, problems: list[Problem], encoding: str = "utf-8") -> Sheet:
    """Read one CSV file (UTF-8 by default, a byte-order mark allowed; ``,`` ``;`` or tab separated)."""
    file = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                file,
                line,
                "-",
                f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as 'CSV UTF-8', "
                "or give its encoding with --encoding (e.g. --encoding latin-1)",
            )
        )
        return Sheet(sheet, file)
    except LookupError:
        problems.append(Problem(file, 0, "-", f"unknown encoding {encoding!r}"))
        return Sheet(sheet, file)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def records() -> Iterable[tuple[int, Sequence[str]]]:
        try:
            for values in reader:
                yield reader.line_num, values
        except csv.Error as exc:
            problems.append(Problem(file, reader.line_num, "-", f"not a valid CSV row: {exc}"))

    return _rows(sheet, file, records(), problems)


def read_xlsx(path: Path, problems: list[Problem]) -> list[Sheet]:
    """Read the ``sources``, ``actors`` and ``statements`` sheets of an XLSX file.

    Formulas and merged cells are reported as problems: a workbook for import holds values only.
    """
    from openpyxl import load_workbook

    file = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error for a file that is not XLSX
        problems.append(Problem(file, 0, "-", f"cannot read the XLSX file: {exc}"))
        return []
    sheets: list[Sheet] = []
    names = {column_key(n): n for n in book.sheetnames}
    found = [name for name in SHEETS if name in names]
    if not found:
        problems.append(
            Problem(
                file, 0, "-", f"no sheet named sources, actors or statements (it has: {', '.join(book.sheetnames)})"
            )
        )
    for name in found:
        ws = book[names[name]]
        where = f"{file}#{names[name]}"
        for first_row, ref in _merged_ranges(path, getattr(ws, "_worksheet_path", "")):
            first_cell = ref.split(":")[0]
            problems.append(
                Problem(where, first_row, first_cell, f"merged cells {ref}; unmerge them and fill every cell")
            )

        def records(ws: object = ws, where: str = where) -> Iterable[tuple[int, Sequence[str]]]:
            from openpyxl.utils import get_column_letter

            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
                values = []
                for i, value in enumerate(row, start=1):
                    if isinstance(value, str) and value.startswith("="):
                        problems.append(
                            Problem(
                                where,
                                number,
                                get_column_letter(i),
                                f"a formula ({value}); paste its value instead (Paste Special > Values)",
                            )
                        )
                        values.append("")
                    else:
                        values.append(_cell_text(value))
                yield number, values

        sheets.append(_rows(name, where, records(), problems))
    return sheets


def _merged_ranges(path: Path, member: str) -> list[tuple[int, str]]:
    """The merged ranges of one sheet (``<mergeCell ref="A2:B3"/>`` in its XML), as (first row, range).

    A read-only openpyxl sheet does not parse them, so they are read from the sheet's XML directly.
    """
    import re
    import zipfile

    if not member:
        return []
    with zipfile.ZipFile(path) as archive:
        try:
            xml = archive.read(member.lstrip("/")).decode("utf-8", "replace")
        except KeyError:
            return []
    ranges = []
    for ref in re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
        first = re.match(r"[A-Z]+(\d+)", ref)
        ranges.append((int(first.group(1)) if first else 0, ref))
    return ranges


def _cell_text(value: object) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_by_headers(path: Path, encoding: str) -> str | None:
    """The sheet a CSV file with another name holds, by its headers (e.g. the review sheet of extract)."""
    try:
        with path.open(encoding="utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding) as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError, LookupError):
        return None
    keys = {column_key(h) for h in re.split(r"[,;\t]", first)}
    if {"type", "quote"} <= keys:
        return "statements"
    if "title" in keys:
        return "sources"
    if "label" in keys and "class" in keys:
        return "actors"
    return None


def read_workbook(paths: Iterable[str | Path], encoding: str = "utf-8") -> Workbook:
    """Read CSV files, folders of them and XLSX files into one :class:`Workbook`.

    Problems (unreadable files, unknown columns, formulas, merged cells, ...) are collected in
    ``Workbook.problems``; nothing is raised for them.
    """
    book = Workbook()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            book.folders.append(path)
            inside = sorted(
                p
                for p in path.iterdir()
                if (p.suffix.lower() in (".csv", ".xlsx") and sheet_for(p)) or p.suffix.lower() == ".xlsx"
            )
            if not inside:
                book.problems.append(
                    Problem(str(path), 0, "-", "no sources.csv, actors.csv, statements.csv or .xlsx file in the folder")
                )
            files.extend(inside)
        elif path.is_file():
            book.folders.append(path.parent)
            files.append(path)
        else:
            book.problems.append(Problem(str(path), 0, "-", "no such file or folder"))
    for path in files:
        sheets: list[Sheet]
        if path.suffix.lower() == ".xlsx":
            sheets = read_xlsx(path, book.problems)
        elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
            name = sheet_for(path) or _sheet_by_headers(path, encoding)
            if name is None:
                book.problems.append(
                    Problem(str(path), 0, "-", "name the file sources.csv, actors.csv or statements.csv")
                )
                continue
            sheets = [read_csv(path, name, book.problems, encoding)]
        else:
            book.problems.append(Problem(str(path), 0, "-", "not a .csv or .xlsx file"))
            continue
        for sheet in sheets:
            if sheet.name in book.sheets:
                book.sheets[sheet.name].rows.extend(sheet.rows)
            else:
                book.sheets[sheet.name] = sheet
    return book
