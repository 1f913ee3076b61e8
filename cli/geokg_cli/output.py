"""Output formats shared by every listing command: declared once in :func:`output_options`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

LISTING_FORMATS = ("table", "csv", "tsv", "json")


def output_options(func: F) -> F:
    """Add ``--format table|csv|tsv|json`` to a listing command (passed on as ``fmt``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LISTING_FORMATS, case_sensitive=False),
        default="table",
        show_default=True,
        help="Output format. json is an array of flat objects; csv and tsv have a header row.",
    )(func)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else str(value)
    if isinstance(value, (list, tuple)):
        return " | ".join(_cell(v) for v in value)
    return str(value)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, title: str = "") -> str:
    """Render rows (flat dicts) in a listing format.

    Parameters
    ----------
    rows : sequence of dict
    fmt : {"table", "csv", "tsv", "json"}
    columns : sequence of str, optional
        Column order; by default the keys of the first row.
    title : str
        A caption for the table format.

    Returns
    -------
    str
    """
    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(cols)
            for r in rows:
                writer.writerow([_cell(r.get(c)) for c in cols])
        else:
            buf.write("\t".join(cols) + "\n")
            for r in rows:
                cells = [_cell(r.get(c)).replace("\t", " ").replace("\n", " ") for c in cols]
                buf.write("\t".join(cells) + "\n")
        return buf.getvalue()
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=title or None, title_justify="left", highlight=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    console = Console(file=io.StringIO(), width=_width(), no_color=True, highlight=False, soft_wrap=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _width() -> int:
    import shutil

    return max(100, shutil.get_terminal_size((160, 40)).columns)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, title: str = "") -> None:
    """Print rows to standard output in the chosen format."""
    click.echo(render(rows, fmt, columns, title), nl=False)
