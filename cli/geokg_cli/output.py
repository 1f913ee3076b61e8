"""Output formats shared by every listing command: declared once in :func:`output_options`."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

LISTING_FORMATS = ("table", "csv", "tsv", "json")


_RAW_CSV = "geokg.raw_csv"


def _set_raw_csv(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_RAW_CSV] = True


def raw_csv_option(func: F) -> F:
    """Add ``--raw-csv`` (write CSV/TSV cells a spreadsheet would run as formulas unchanged)."""
    return click.option(
        "--raw-csv",
        is_flag=True,
        expose_value=False,
        callback=_set_raw_csv,
        help="CSV/TSV: write values starting with = + - @ unchanged (by default they get a leading ' so that "
        "spreadsheets do not run them as formulas).",
    )(func)


def raw_csv() -> bool:
    """Whether ``--raw-csv`` was given to the running command."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_RAW_CSV))


def output_options(func: F) -> F:
    """Add ``--format table|csv|tsv|json`` (passed on as ``fmt``) and ``--raw-csv`` to a listing command."""
    func = raw_csv_option(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LISTING_FORMATS, case_sensitive=False),
        default="table",
        show_default=True,
        help="Output format. json is an array of flat objects; csv and tsv have a header row.",
    )(func)


def shown(path: object) -> str:
    """A file name for a message: control characters (ANSI escapes, line breaks) made visible, never sent raw."""
    text = str(path)
    if text.isprintable():
        return text
    return repr(text)[1:-1]


def write_output(output: str | None, data: str | bytes) -> None:
    """Write to ``output`` atomically, or to standard output when it is None or ``-``."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            import sys

            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            click.echo(data, nl=False)
        return
    from geokg.atomic import atomic_write

    atomic_write(output, data)


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
        from geokg.csvsafe import csv_text, tsv_cell

        raw = raw_csv()
        if fmt == "csv":
            return csv_text(cols, ([_cell(r.get(c)) for c in cols] for r in rows), raw=raw)
        lines = ["\t".join(tsv_cell(c, raw=True) for c in cols)]
        lines += ["\t".join(tsv_cell(_cell(r.get(c)), raw=raw) for c in cols) for r in rows]
        return "".join(line + "\n" for line in lines)
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
