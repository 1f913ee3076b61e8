"""Authoring: ``geokg template``, ``import``, ``extract``, ``check`` and ``conflicts``.

From a source to reviewed statements without writing Turtle (docs/authoring.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..output import emit, output_options
from ..session import file_options, graph_options, session


def _min_grade_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--min-grade",
        metavar="GRADE",
        help="Keep statements graded at least this well: B2 = source reliability A or B and credibility 1 or 2 "
        "(B or 2 alone ask for one axis). Ungraded statements fail the filter.",
    )(func)


@click.command("template")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="Three CSV files, or one XLSX workbook with three sheets.",
)
@graph_options
def template(folder: str, fmt: str) -> None:
    """Write an empty workbook to FOLDER: sources, actors and statements sheets with one commented example row
    each, and a README of the columns.

    \b
    Examples:
      geokg template my-sources/
      geokg template my-sources/ --format xlsx
    """
    from geokg.authoring.template import write_template

    for path in write_template(folder, fmt):
        click.echo(f"wrote {path}")
    click.echo(f"next: fill the sheets, then run: geokg import {folder} -o my-graph.ttl")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The Turtle file to write.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the CSV files (e.g. latin-1).")
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation (the built-in rules still run).")
@file_options
def import_(paths: tuple[str, ...], output: str, encoding: str, no_shacl: bool) -> None:
    """Import a workbook (CSV files, a folder of them, or an XLSX file) into a Turtle file.

    Actors, types, certainties and levels are named as `geokg show` names them; dates as people write them
    (1979, 2025-07, 1990s, after 2021-08, 1979/1989, 2001/..). Every problem is listed as FILE:ROW:COLUMN,
    and then nothing is written (exit 2). Load the result with --data.

    \b
    Examples:
      geokg import my-sources/ -o my-graph.ttl
      geokg import workbook.xlsx -o my-graph.ttl
      geokg --data my-graph.ttl show Russia
    """
    from geokg.authoring.importer import import_workbook
    from geokg.errors import WorkbookError

    kg = session().files_kg("import")
    try:
        result = import_workbook(paths, output, kg, encoding=encoding, shacl=not no_shacl)
    except WorkbookError as exc:
        n = len(exc.problems)
        click.echo(f"geokg: error: {n} problem{'s' if n != 1 else ''} in the workbook; nothing was written:", err=True)
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.get_current_context().exit(exc.exit_code)
    click.echo(f"wrote {output}: {result.summary()}")
    from geokg.authoring.check import stale_shape_targets

    stale = stale_shape_targets()
    checked = "built-in rules and SHACL" if result.shacl else "built-in rules"
    if not result.shacl and stale:
        checked += f" (SHACL skipped: ontology/shapes.ttl still targets {', '.join(stale)})"
    elif not result.shacl:
        checked += " (SHACL skipped: a large import or --no-shacl; run geokg validate on the result)"
    click.echo(f"checked with the {checked}; load it with: geokg --data {output} show ACTOR")


@click.command("extract")
@click.argument("text_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source-title", required=True, help="The title of the article (written to the sources sheet).")
@click.option("--source-id", help="A short ID for the source (default: made from the title).")
@click.option("--source-date", help="When the article was published (2025-07-03, 2025-07, after 2021-08, ...).")
@click.option("--source-url", help="Where the article is.")
@click.option("--reliability", help="Admiralty source reliability A-F.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The review sheet (CSV).")
@click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Leave out weaker candidates.")
@click.option(
    "--score",
    "show_score",
    is_flag=True,
    help="Compare the candidates with the loaded graph's statements and print precision and recall.",
)
@graph_options
def extract(
    text_file: str,
    source_title: str,
    source_id: str | None,
    source_date: str | None,
    source_url: str | None,
    reliability: str | None,
    output: str,
    min_confidence: float,
    show_score: bool,
) -> None:
    """Find candidate statements in an article (plain UTF-8 text) and write them for review.

    Writes OUTPUT (the statements sheet: actors, suggested type, the sentence as the quote, its certainty
    cue and a confidence) and OUTPUT's sources sheet beside it (NAME-sources.csv). Edit or delete rows,
    then run `geokg import OUTPUT NAME-sources.csv -o new.ttl`. Rule-based and deterministic: the cue
    words are in ontology/codes.ttl and ontology/cues.ttl.

    \b
    Examples:
      geokg extract article.txt --source-title "Russia and the Taliban" -o review.csv
      geokg extract article.txt --source-title "..." -o review.csv --score
    """
    import csv
    import hashlib
    import io

    from geokg.atomic import atomic_write, check_output_path
    from geokg.authoring.extract import REVIEW_COLUMNS, extract_text, score
    from geokg.authoring.importer import slug
    from geokg.errors import InputError

    out = check_output_path(output)
    raw = Path(text_file).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{text_file}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    kg = session().kg()
    candidates = extract_text(text, kg, min_confidence=min_confidence)
    sid = source_id or slug(source_title, 40)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REVIEW_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for c in candidates:
        writer.writerow(c.as_row(sid))
    sources_path = out.with_name(f"{out.stem}-sources.csv")
    src = io.StringIO()
    src_writer = csv.writer(src, lineterminator="\n")
    src_writer.writerow(["id", "title", "date", "url", "reliability", "file", "sha256"])
    src_writer.writerow(
        [
            sid,
            source_title,
            source_date or "",
            source_url or "",
            reliability or "",
            Path(text_file).name,
            hashlib.sha256(raw).hexdigest(),
        ]
    )
    atomic_write(out, buffer.getvalue())
    atomic_write(sources_path, src.getvalue())
    sentences = len({c.sentence for c in candidates})
    actors = sorted({c.source for c in candidates} | {c.target for c in candidates})
    click.echo(f"wrote {out}: {len(candidates)} candidate statements from {sentences} sentences; and {sources_path}")
    click.echo(f"actors found: {', '.join(actors) if actors else 'none'}")
    if show_score:
        from geokg.namespaces import ID

        own = str(ID["src_" + slug(sid.removeprefix("src_"))])
        scope = own if any(s.iri == own for s in kg.sources) else None
        s = score(candidates, kg, scope)
        what = f"the statements of {scope.rsplit('/', 1)[-1]}" if scope else "all the loaded graph's statements"
        click.echo(
            f"against {what} (distinct type, from, to): {s.candidates} candidates, "
            f"precision {s.precision:.2f} ({s.matched_candidates}/{s.candidates}), "
            f"relation recall {s.recall:.2f} ({s.found_relations}/{s.gold_relations}), "
            f"all-kinds recall {s.recall_all:.2f} ({s.found_all}/{s.gold_all})"
        )


def _texts(kg: object, specs: tuple[str, ...]) -> dict[str, str]:
    from geokg.errors import InputError
    from geokg.namespaces import PREFIXES

    texts: dict[str, str] = {}
    sources = {s.iri: s for s in kg.sources}  # type: ignore[attr-defined]
    for spec in specs:
        name, sep, file = spec.partition("=")
        if not sep or not name or not file:
            raise InputError(f"--text {spec!r}: write SOURCE_ID=FILE, e.g. src_afghanistan_and_russia=article.txt")
        candidates = [name, PREFIXES["id"] + name, PREFIXES["id"] + name.removeprefix("id:").removeprefix(":")]
        iri = next((c for c in candidates if c in sources), None)
        if iri is None:
            by_title = [s.iri for s in sources.values() if s.title.casefold() == name.casefold()]
            iri = by_title[0] if by_title else None
        if iri is None:
            known = ", ".join(sorted(s.rsplit("/", 1)[-1] for s in sources))
            raise InputError(f"--text {spec!r}: no source {name!r}; the sources are: {known}")
        try:
            texts[iri] = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--text {spec!r}: cannot read {file!r} as UTF-8 text ({exc})") from exc
    return texts


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--text",
    "text_specs",
    multiple=True,
    metavar="SOURCE_ID=FILE",
    help="The text of a source, to check that its quotes are verbatim. Repeatable.",
)
@click.option("--no-shacl", is_flag=True, help="Only the consistency rules, not the SHACL shapes.")
@file_options
@output_options
def check(paths: tuple[str, ...], text_specs: tuple[str, ...], no_shacl: bool, fmt: str) -> None:
    """Check the graph (the bundled graph, --data files and PATHS) beyond SHACL.

    Score vs code vs kind, date datatype vs precision, quotes not in the source's text (--text), duplicate
    statements, unknown names with suggestions. Each finding once, its focus by label and IRI. Exit 0 when
    there are no errors (warnings allowed), 1 when there are.

    \b
    Examples:
      geokg check my-graph.ttl
      geokg check my-graph.ttl --text src_my_report=report.txt
    """
    from geokg.authoring.check import check_graph, shacl_findings

    sess = session()
    sess.data.extend(paths)
    kg = sess.files_kg("check")
    texts = _texts(kg, text_specs)
    findings = check_graph(kg.graph, texts=texts)
    from geokg.authoring.check import stale_shape_targets

    stale = stale_shape_targets()
    if stale and not no_shacl:
        click.echo(f"geokg: SHACL skipped: ontology/shapes.ttl still targets {', '.join(stale)}", err=True)
    if not no_shacl and not stale:
        seen = {(f.rule, f.iri, f.message) for f in findings}
        findings += [f for f in shacl_findings(kg.graph) if (f.rule, f.iri, f.message) not in seen]
    errors = [f for f in findings if f.severity == "error"]
    columns = ["severity", "rule", "focus", "message"]
    if fmt == "table" and not findings:
        click.echo(f"ok: {len(kg.statements)} statements pass the consistency rules")
        return
    emit([f.as_row() for f in findings], fmt, columns)
    if errors:
        click.echo(f"geokg: {len(errors)} error(s), {len(findings) - len(errors)} warning(s)", err=True)
        click.get_current_context().exit(1)


@click.command("conflicts")
@click.option("--actor", "actors", multiple=True, metavar="NAME", help="Only conflicts about this actor. Repeatable.")
@_min_grade_option
@graph_options
@output_options
def conflicts(actors: tuple[str, ...], min_grade: str | None, fmt: str) -> None:
    """List statements that disagree in the same years, with both sources and grades, and which ranks higher.

    Support vs opposition of one pair (any two relations or attitudes of opposite sign), recognition vs
    non-recognition, and one claim with two certainties. Ranking: explicit supersession, then rank, then
    the better grade, then the newer source (docs/authoring.md).

    \b
    Examples:
      geokg conflicts
      geokg conflicts --actor Russia --min-grade B2
    """
    from geokg.authoring.conflicts import find_conflicts
    from geokg.authoring.grades import statement_filter

    kg = session().kg()
    iris = [kg.actor_iri(a) for a in actors]
    keep = statement_filter(kg, min_grade) if min_grade else None
    found = find_conflicts(kg, actors=iris, keep=keep)  # type: ignore[arg-type]

    def describe(st: object) -> str:
        s = st  # a geokg.model.Statement
        cert = "" if s.certainty == "Asserted" else f" [{s.certainty_label}]"  # type: ignore[attr-defined]
        return f"{kg.label(s.source)} {s.relation_label} {kg.label(s.target)}{cert}"  # type: ignore[attr-defined]

    rows = []
    for c in found:
        winner = "undecided" if c.winner is None else ("first" if c.winner is c.first else "second")
        rows.append(
            {
                "years": c.years_text(),
                "conflict": c.reason,
                "first": describe(c.first),
                "first_source": c.sources[0],
                "first_grade": c.grades[0],
                "second": describe(c.second),
                "second_source": c.sources[1],
                "second_grade": c.grades[1],
                "ranks_higher": winner,
                "why": c.why,
                "first_iri": c.first.iri,
                "second_iri": c.second.iri,
            }
        )
    columns = ["years", "conflict", "first", "first_grade", "second", "second_grade", "ranks_higher", "why"]
    if not rows and fmt == "table":
        click.echo("no conflicts")
        return
    emit(rows, fmt, columns, all_columns=list(rows[0]) if rows else columns)


COMMANDS = [template, import_, extract, check, conflicts]
