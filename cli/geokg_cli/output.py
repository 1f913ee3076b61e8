"""Output formats shared by every listing command: declared once in :func:`output_options`."""

from __future__ import annotations

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


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"geokg.{param.name}"] = value
    return value


def output_options(func: F) -> F:
    """Add ``--format table|csv|tsv|json`` (passed on as ``fmt``), ``--wide`` and ``--columns`` to a listing.

    ``--wide`` and ``--columns`` only shape the table format; :func:`emit` reads them from the context.
    """
    func = raw_csv_option(func)
    func = click.option(
        "--columns",
        metavar="A,B,...",
        expose_value=False,
        callback=_remember,
        help="Table columns to show, comma-separated (default: a view that fits the terminal).",
    )(func)
    func = click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Table: every column, cells in full (csv, tsv and json are always complete).",
    )(func)
    return click.option(
        "-f",
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
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else str(value)
    if isinstance(value, (list, tuple)):
        return " | ".join(_cell(v) for v in value)
    return str(value)


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str = "",
    *,
    wide: bool = False,
) -> str:
    """Render rows (flat dicts) in a listing format.

    Parameters
    ----------
    rows : sequence of dict
    fmt : {"table", "csv", "tsv", "json"}
    columns : sequence of str, optional
        Column order; by default the keys of the first row.
    title : str
        A caption for the table format.
    wide : bool
        Table: every cell in full, whatever the terminal's width.

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
    from .table import draw, terminal_width

    width = None if wide else terminal_width()
    text = draw(cols, [[_cell(r.get(c)) for c in cols] for r in rows], width)
    return (f"{title}\n" if title else "") + text


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str = "",
    *,
    all_columns: Sequence[str] | None = None,
) -> None:
    """Print rows to standard output in the chosen format.

    Parameters
    ----------
    rows, fmt, title
        As for :func:`render`.
    columns : sequence of str, optional
        The columns of the table view (and of the other formats, unless ``all_columns`` is given).
    all_columns : sequence of str, optional
        The complete columns: what csv, tsv, json and ``--wide`` show.
    """
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    wide = bool(meta.get("geokg.wide"))
    chosen = meta.get("geokg.columns")
    full = list(all_columns) if all_columns is not None else (list(columns) if columns is not None else None)
    if fmt == "table" and chosen:
        available = full or (list(rows[0]) if rows else [])
        picked = [c.strip() for c in str(chosen).split(",") if c.strip()]
        unknown = [c for c in picked if c not in available]
        if unknown:
            from geokg.errors import InputError

            raise InputError(f"unknown column {unknown[0]!r}; choose from: {', '.join(available)}")
        cols: Sequence[str] | None = picked
    elif fmt == "table" and not wide:
        # the default view: the chosen columns, less those that are empty in every row
        cols = [
            c for c in (columns or (list(rows[0]) if rows else [])) if any(r.get(c) not in ("", None) for r in rows)
        ]
    else:
        cols = full
    click.echo(render(rows, fmt, cols, title, wide=wide), nl=False)
