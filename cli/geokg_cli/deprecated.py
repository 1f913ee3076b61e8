"""Old option spellings, kept working for one release: each one is a hidden option that still works and
prints one line, ``geokg: warning: OLD is deprecated; use NEW``, on standard error.

The list :data:`DEPRECATED` is the only place they are declared; :func:`apply` adds them to the commands
at start-up, and docs/cli.md lists them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import click

_META = "geokg.deprecated"


@dataclass(frozen=True)
class Deprecated:
    """An old spelling ``old`` of the command ``command`` (a path such as ``"store build"``), now ``new``.

    ``dest`` is the Python parameter of the command that the old spelling sets (when the new spelling is
    not given); ``flag`` says whether it is a flag.
    """

    command: str
    old: str
    new: str
    dest: str
    flag: bool = False


DEPRECATED: tuple[Deprecated, ...] = (
    Deprecated("actors", "--all", "--entities", "include_entities", flag=True),
    Deprecated("render", "--all", "--entities", "include_entities", flag=True),
    Deprecated("export", "--all", "--entities", "include_entities", flag=True),
    Deprecated("path", "--all", "--all-paths", "all_paths", flag=True),
    Deprecated("queries", "--show", "geokg queries NAME", "name"),
)
"""Every deprecated option (``query -f FILE``, now ``--file FILE``, is handled by ``query``'s --format)."""


def warn(old: str, new: str) -> None:
    """Print the one-line deprecation warning on standard error."""
    click.echo(f"geokg: warning: {old} is deprecated; use {new}", err=True)


def _record(item: Deprecated) -> Any:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is None or value is False:
            return
        warn(item.old, item.new)
        ctx.meta.setdefault(_META, {})[item.dest] = value

    return callback


def _wrap(callback: Any) -> Any:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        for dest, value in ctx.meta.get(_META, {}).items():
            if kwargs.get(dest) in (None, False, ()):
                kwargs[dest] = value
        return callback(*args, **kwargs)

    return run


def find(root: click.Group, path: str) -> click.Command:
    """The command at ``path`` (``"store build"``) under ``root``."""
    command: click.Command = root
    for name in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def apply(root: click.Group) -> None:
    """Add every deprecated spelling of :data:`DEPRECATED` to its command, as a hidden option."""
    wrapped: set[int] = set()
    for item in DEPRECATED:
        command = find(root, item.command)
        command.params.append(
            click.Option(
                [item.old],
                f"deprecated_{item.old.lstrip('-').replace('-', '_')}",
                is_flag=item.flag,
                hidden=True,
                expose_value=False,
                callback=_record(item),
            )
        )
        if id(command) not in wrapped:
            command.callback = _wrap(command.callback)
            wrapped.add(id(command))
