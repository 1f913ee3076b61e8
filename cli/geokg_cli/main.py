"""The ``geokg`` command: a click group whose commands live in :mod:`geokg_cli.commands`.

Each module of that package exposes ``COMMANDS``, a list of click commands; they are found at start-up
without importing anything heavy (the library is imported inside each command, on use).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from geokg import __version__

from . import commands, deprecated
from .session import Session, global_options

EXIT_BAD_INPUT = 2
FULL_COLLECTION_EVERY = 1000
"""A run of the command lets the cyclic garbage collector walk every object (a full collection) at most
once per this many collections of the middle generation (Python's default: 10). A command holds its
records and projections, up to millions of objects on a large store, until it exits; none of them is
garbage, and full collections that walk them again and again took a fifth of the time of a projection
command (at 100, ``centrality`` on the 1M store still made one, 0.35-0.5 s). Young objects are still
collected as often as by default."""

PARAMETER_FLAGS = {
    "bindings": "--bind",
    "measures": "--measure",
    "asserted_only": "--asserted",
    "year_from": "--from",
    "year_to": "--to",
}
"""The one map from a library parameter (:attr:`geokg.errors.GeokgError.parameters`) to the flag a user
types, for parameters that no option of the running command declares under that name; an option that
does (click's own ``param.name``) wins, and any other name ``x_y`` is shown as ``--x-y``."""


class GeokgGroup(click.Group):
    """A group that reports every error as one line, ``geokg: error: …``, with a meaningful exit code."""

    command_run: click.Command | None = None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        self.command_run = command  # whose options name the library's parameters in its messages
        return name, command, rest

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        self.command_run = None
        debug = "--debug" in argv
        _quiet_libraries(debug)
        code = 0
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_COLLECTION_EVERY))
        try:
            from .progressbar import progress_bar

            with progress_bar():  # long work draws a bar on stderr, only on a terminal
                result = super().main(argv, prog_name or "geokg", complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except click.exceptions.Exit as exc:
            code = exc.exit_code
        except click.exceptions.Abort:
            click.echo("geokg: error: aborted", err=True)
            code = 1
        except click.ClickException as exc:
            click.echo(f"geokg: error: {_one_line(exc.format_message())}", err=True)
            code = exc.exit_code
        except BrokenPipeError:
            code = 1
        except Exception as exc:
            from geokg.errors import GeokgError

            if debug:
                raise
            if isinstance(exc, GeokgError):
                click.echo(f"geokg: error: {_one_line(_with_flags(exc, self.command_run))}", err=True)
                code = exc.exit_code
            else:
                click.echo(
                    f"geokg: error: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
                    "(run with --debug for the traceback)",
                    err=True,
                )
                code = EXIT_BAD_INPUT
        finally:
            gc.set_threshold(*thresholds)
        if standalone_mode:
            sys.exit(code)
        return code


def _flag(parameter: str, command: click.Command | None) -> str:
    """The flag that sets a library parameter: the running command's option of that name, else
    :data:`PARAMETER_FLAGS`, else ``--`` and the name with dashes."""
    for param in getattr(command, "params", ()):
        if isinstance(param, click.Option) and param.name == parameter:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            return (longs or param.opts)[0]
    return PARAMETER_FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def _with_flags(exc: Any, command: click.Command | None) -> str:
    """The message of a library error with each parameter it names shown as the user's flag
    (``top must be at least 1`` -> ``--top must be at least 1``)."""
    import re

    message = str(exc)
    for parameter in getattr(exc, "parameters", ()):
        found = re.search(rf"(?<![\w-]){re.escape(parameter)}(?![\w-])", message)
        if found:
            message = message[: found.start()] + _flag(parameter, command) + message[found.end() :]
    return message


def _one_line(text: str) -> str:
    """One line with no control characters: ANSI escapes, CR, LF, ... from file names or a server's answer
    are made visible (``\\x1b``), never sent to the terminal."""
    flat = " ".join(text.split())
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in flat)


def _quiet_libraries(debug: bool) -> None:
    """Keep the Python warnings of rdflib, matplotlib and friends off stderr (they are not the user's
    business), unless --debug. Their log messages are silenced when the graph is opened
    (:meth:`geokg_cli.session.Session.kg`), so that ``--help`` does not import :mod:`logging`."""
    if debug:
        return
    import warnings

    warnings.simplefilter("ignore")


@click.group(cls=GeokgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="geokg")
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """geokg: a knowledge graph of geopolitical actors and their ties.

    The bundled graph models the actors of the Afghanistan-Russia relationship from one sourced
    article; add your own files with --data. Every tie carries its time span, stance, modality and
    the quote that supports it.

    \b
    Examples:
      geokg info
      geokg show Taliban
      geokg ties --actor Russia --as-of 2022
      geokg --data my-ties.ttl validate
      geokg validate --data my-ties.ttl --debug

    Global options (--debug, --data, --no-bundled, --store, --endpoint) go before or after the command
    name. The options of every command are listed once in docs/cli.md.
    """
    ctx.ensure_object(Session)


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)
    deprecated.apply(cli)


_register()


def main() -> NoReturn:
    """Console-script entry point: run the command, then end the process at once (:func:`leave`)."""
    leave(cli.main(prog_name="geokg", standalone_mode=False))


def leave(code: int) -> NoReturn:
    """End the process with ``code`` after flushing stdout and stderr and running the exit handlers, without
    freeing, one by one, the objects the command made.

    A command on a large store holds millions of objects until it ends (its records, a projection), and
    Python's own exit frees each of them: 0.3 s of ``export`` on the 1M benchmark store, after the file
    was written. The operating system takes the memory back at once. Nothing is skipped that a command
    needs: files are written and closed before a command returns (:mod:`geokg.atomic`), a store it wrote is
    flushed and closed, and the handlers registered with :mod:`atexit` (logging, multiprocessing) run here.
    With other threads still running, or under a profiler, a tracer or a debugger (``python -m cProfile``
    writes its figures after the command returns), the process exits the ordinary way.
    """
    import atexit
    import os
    import threading

    if threading.active_count() > 1 or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (geokg ... | head), a closed stream
            code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
