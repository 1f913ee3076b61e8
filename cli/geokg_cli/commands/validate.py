"""``geokg validate``: parse files and check them against the SHACL shapes."""

from __future__ import annotations

import click

from ..output import emit, output_options
from ..session import file_options, session


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@file_options
@output_options
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Check RDF files: parse them, then validate them with the bundled graph against the SHACL shapes.

    With no PATHS, validates the bundled graph plus any --data files. Exit 0 when the graph conforms,
    1 when it has violations (each listed with its focus node and message), 2 when a file cannot be read
    or parsed (file:line:column named).

    \b
    Examples:
      geokg validate
      geokg validate my-ties.ttl
      geokg validate --no-bundled my-folder/ --format json
    """
    sess = session()
    sess.data.extend(paths)
    report = sess.files_kg("validate").validate()
    if report.conforms:
        if fmt == "table":
            click.echo(f"ok: {report.triples} triples conform to the geokg shapes")
        else:
            emit([], fmt, ["focus", "path", "value", "message", "severity"])
        return
    rows = [v.__dict__ for v in report.violations]
    emit(rows, fmt, ["focus", "path", "value", "message", "severity"])
    click.echo(f"geokg: {len(report.violations)} violation(s) of the geokg shapes", err=True)
    click.get_current_context().exit(1)


COMMANDS = [validate]
