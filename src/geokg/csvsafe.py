"""CSV and TSV that a spreadsheet opens safely: one place that every CSV/TSV writer of geokg uses.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (``=HYPERLINK(...)`` in a label is a link, worse is possible). Following
OWASP's advice for CSV injection, such a cell is written with a leading ``'`` (which spreadsheets show as
text), unless it is a plain number such as ``-0.7``. Pass ``raw=True`` (``--raw-csv`` on the command line)
to write values unchanged. Whatever the mode, a line break or carriage return inside a value is quoted
(CSV) or replaced by a space (listing TSV), so a value never splits a row.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralize(value: str) -> str:
    """Make a cell inert in a spreadsheet: prefix ``'`` to a value that would start a formula.

    A value wrapped in quotes (the SPARQL TSV form ``"=x"``) is looked at inside the quotes too.

    Examples
    --------
    >>> neutralize("=HYPERLINK(\\"http://evil\\")"), neutralize("-0.7"), neutralize("Russia")
    ('\\'=HYPERLINK("http://evil")', '-0.7', 'Russia')
    >>> neutralize('"@cmd"')
    '\\'"@cmd"'
    """
    if not value:
        return value
    inner = value[1:] if value[0] == '"' else value
    if inner[:1] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(cells: Sequence[str], *, raw: bool = False, line_end: str = "\n", delimiter: str = ",") -> str:
    """One CSV row: cells neutralized (unless ``raw``), quoted when needed, a carriage return always quoted.

    Examples
    --------
    >>> print(repr(csv_row(["a\\rb", "=1+1", "x"])).replace("\\\\", "/"))
    '"a/rb",/'=1+1,x/n'
    """
    buffer = io.StringIO()
    # "\r\n" as the writer's terminator makes it quote any cell holding a CR or an LF; the row's own
    # terminator is then replaced by the one asked for.
    csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter).writerow(
        [c if raw else neutralize(c) for c in cells]
    )
    return buffer.getvalue()[:-2] + line_end


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False, line_end: str = "\n") -> str:
    """A CSV document: a header row and one row per item (see :func:`csv_row`).

    Examples
    --------
    >>> csv_text(["a", "b"], [["=1", "x,y"]])
    'a,b\\n\\'=1,"x,y"\\n'
    """
    # One writer for the whole document (as csv_row: "\r\n" as its terminator quotes any cell holding a CR
    # or an LF); with another line end each row's own terminator is replaced.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cells = rows if raw else ([neutralize(c) for c in row] for row in rows)
    if line_end == "\r\n":
        writer.writerow(list(header))
        writer.writerows(cells)
        return buffer.getvalue()
    parts = []
    for row in itertools.chain([list(header)], cells):
        writer.writerow(row)
        parts.append(buffer.getvalue()[:-2] + line_end)
        buffer.seek(0)
        buffer.truncate()
    return "".join(parts)


def tsv_cell(value: str, *, raw: bool = False) -> str:
    """A TSV cell for a listing: tabs, line feeds and carriage returns become spaces; neutralized unless ``raw``.

    Examples
    --------
    >>> tsv_cell("a\\tb\\r\\nc"), tsv_cell("+7")
    ('a b  c', '+7')
    >>> tsv_cell("+cmd")
    "'+cmd"
    """
    flat = value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    if raw:
        return flat
    if value[:1] in ("\t", "\r"):  # a formula start even though the flat form starts with a space
        return "'" + flat
    return neutralize(flat)
