"""Plain-text tables that fit the terminal.

A table is drawn in columns separated by two spaces, with the header underlined (a rule of ``─`` on a
terminal, of ``-`` when piped, so that a file or a pipe gets no box drawing). When the columns are wider
than the terminal, the widest cells are shortened with ``…`` (never folded mid-word), down to a floor per
column; if that is not enough, the last columns are left out and a closing line says how many and how to
see them (``--wide``, ``--columns``). Values themselves are never changed: csv, tsv and json stay complete.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence

ELLIPSIS = "…"
GAP = "  "
MIN_WIDTH = 12
"""No column is shortened below this many characters (or its header's width, if larger)."""


def terminal_width() -> int | None:
    """The width to fit: the terminal's columns when standard output is one, else None (no limit)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 40)).columns


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes (wide East Asian characters take two).

    Examples
    --------
    >>> display_width("Kabul"), display_width("1979 – 1989"), display_width("北京")
    (5, 11, 4)
    """
    if text.isascii():  # no ASCII character is wide
        return len(text)
    counts = Counter(text)  # each distinct character looked up once
    return len(text) + sum(n for ch, n in counts.items() if unicodedata.east_asian_width(ch) in "WF")


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells, ending with ``…`` when something was cut.

    Examples
    --------
    >>> shorten("Pakistan, a long-time supporter", 12)
    'Pakistan, a…'
    >>> shorten("Iran", 12)
    'Iran'
    """
    if display_width(text) <= width:
        return text
    if text.isascii() and width >= 1:  # one cell per character
        return text[: width - 1].rstrip() + ELLIPSIS
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def _clean(text: str) -> str:
    # one line per row: line breaks and tabs inside a value become spaces; control characters are dropped
    if text.isprintable():  # no line break, tab or other control character (category Cc) to change
        return text
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def draw(header: Sequence[str], rows: Sequence[Sequence[str]], width: int | None, *, rule: str | None = None) -> str:
    """Draw a table of strings.

    Parameters
    ----------
    header : sequence of str
    rows : sequence of sequence of str
    width : int or None
        The width to fit (None: as wide as the cells need).
    rule : str, optional
        The character of the header's underline; ``─`` on a terminal, ``-`` otherwise by default.

    Returns
    -------
    str
        The table, ending with a newline.

    Examples
    --------
    >>> print(draw(["actor", "quote"], [["Pakistan", "a long-time supporter of the Taliban"]], 30, rule="-"), end="")
    actor     quote
    --------  -------------------
    Pakistan  a long-time suppo…
    """
    header = [_clean(h) for h in header]
    body = [[_clean(c) for c in r] for r in rows]
    body_widths = [list(map(display_width, r)) for r in body]  # each cell measured once
    widths = [max([display_width(header[i])] + [r[i] for r in body_widths]) for i in range(len(header))]
    shown = len(header)
    if width is not None:
        floors = [min(w, max(MIN_WIDTH, display_width(h))) for w, h in zip(widths, header, strict=True)]
        widths = _fit(widths, floors, width)
        while shown > 1 and sum(widths[:shown]) + len(GAP) * (shown - 1) > width:
            shown -= 1
    rule = rule or ("─" if width is not None else "-")
    lines = [_line(header[:shown], widths), GAP.join(rule * w for w in widths[:shown])]
    lines += [_line(r[:shown], widths, w) for r, w in zip(body, body_widths, strict=True)]
    if shown < len(header):
        hidden = ", ".join(header[shown:])
        lines.append(f"({len(header) - shown} more columns: {hidden}; use --wide, --columns or --format csv)")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int], cell_widths: Sequence[int] | None = None) -> str:
    parts = []
    for i, (cell, w) in enumerate(zip(cells, widths, strict=False)):
        used = display_width(cell) if cell_widths is None else cell_widths[i]
        if used <= w:  # fits: as shorten() would leave it
            parts.append(cell + " " * (w - used))
            continue
        text = shorten(cell, w)
        parts.append(text + " " * (w - display_width(text)))
    return GAP.join(parts)


def _fit(widths: list[int], floors: list[int], width: int) -> list[int]:
    """Shrink the widest columns, one cell at a time, until the table fits or every column is at its floor."""
    widths = list(widths)
    budget = width - len(GAP) * (len(widths) - 1)
    while sum(widths) > budget:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths
