"""One convention for every command (issue 12): global options before or after the command name, one
meaning per short flag and per option name, Examples in every --help, old spellings that still work and
warn, and docs/cli.md that lists every option."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from geokg_cli.deprecated import DEPRECATED
from geokg_cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
GLOBAL = ("--debug", "--data", "--no-bundled", "--store", "--endpoint")


def walk(command: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command of the tree, the group itself first, with its path of names."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


def leaves() -> list[tuple[tuple[str, ...], click.Command]]:
    return [(p, c) for p, c in walk() if not isinstance(c, click.Group)]


def options(command: click.Command, *, hidden: bool = True) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and (hidden or not p.hidden)]


def ids(items: list[tuple[tuple[str, ...], click.Command]]) -> list[str]:
    return [" ".join(p) for p, _ in items]


# -- global options ------------------------------------------------------------------------------------


FILES_ONLY = [("store", "build"), ("validate",), ("check",), ("import",)]
"""The commands that read files only (the graph in memory): no --store or --endpoint."""


@pytest.mark.parametrize(("path", "command"), leaves(), ids=ids(leaves()))
def test_every_command_takes_the_global_options(path, command):
    names = {o for p in options(command) for o in p.opts}
    wanted = ("--debug", "--data", "--no-bundled") if path in FILES_ONLY else GLOBAL
    assert set(wanted) <= names, f"geokg {' '.join(path)} lacks {set(wanted) - names}"
    if path in FILES_ONLY:
        assert not {"--store", "--endpoint"} & names


def test_global_options_declared_once():
    """The group and the commands share one declaration: the same help text everywhere."""
    helps: dict[str, set[str]] = {}
    for path, command in walk():
        for p in options(command, hidden=False):
            if p.opts[0] in GLOBAL and path != ("push",):  # push: --endpoint is where the graph goes
                helps.setdefault(p.opts[0], set()).add(p.help or "")
    assert set(helps) == set(GLOBAL)
    assert all(len(texts) == 1 for texts in helps.values()), helps


@pytest.mark.parametrize("option", ["--debug", "--no-bundled --data DATA", "--data DATA"])
def test_global_options_after_the_command(invoke, option, tmp_path):
    data = tmp_path / "mine.ttl"
    data.write_text(
        "@prefix id: <https://w3id.org/geokg/id/> .\n@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'id:Narnia a geo:State ; rdfs:label "Narnia" .\n',
        encoding="utf-8",
    )
    extra = [str(data) if a == "DATA" else a for a in option.split()]
    before = invoke(*extra, "info", "--format", "json")
    after = invoke("info", "--format", "json", *extra)
    assert before.exit_code == after.exit_code == 0, after.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)
    assert after.stderr == ""


@pytest.mark.parametrize("option", ["--store", "--endpoint"])
def test_store_and_endpoint_after_the_command(invoke, option, tmp_path):
    value = str(tmp_path / "no-store") if option == "--store" else "ftp://example.org/query"
    before = invoke(option, value, "info")
    after = invoke("info", option, value)
    assert before.exit_code == after.exit_code != 0
    assert before.stderr == after.stderr and after.stderr.startswith("geokg: error: ")


def test_debug_after_the_command_shows_the_traceback(invoke):
    with pytest.raises(Exception):  # noqa: B017 - with --debug the error is raised, not reported
        invoke("query", "SELECT WHERE {", "--debug")


# -- one meaning per flag ------------------------------------------------------------------------------


def test_no_short_flag_has_two_meanings():
    meaning: dict[str, set[str]] = {}
    for _path, command in walk():
        for p in options(command):
            longs = [o for o in p.opts + p.secondary_opts if o.startswith("--")]
            for short in (o for o in p.opts if re.fullmatch(r"-[A-Za-z]", o)):
                meaning.setdefault(short, set()).add(longs[0] if longs else p.name or "")
        if command.get_help_option(click.Context(command)) is not None:
            meaning.setdefault("-h", set()).add("--help")
    assert {k: v for k, v in meaning.items() if len(v) > 1} == {}
    assert meaning["-f"] == {"--format"} and meaning["-o"] == {"--output"}


def test_an_option_name_is_a_flag_everywhere_or_nowhere():
    """An option spelt the same in two commands is a flag in both or takes a value in both."""
    kind: dict[str, set[bool]] = {}
    for _path, command in walk():
        for p in options(command, hidden=False):
            kind.setdefault(p.opts[-1], set()).add(p.is_flag)
    assert {k: v for k, v in kind.items() if len(v) > 1} == {}


def test_include_entities_is_one_name():
    for path, command in walk():
        visible = {o for p in options(command, hidden=False) for o in p.opts}
        assert "--all" not in visible, path
    takers = {" ".join(p) for p, c in walk() if any("--entities" in o.opts for o in options(c))}
    assert {"actors", "render", "export", "path", "neighbors"} <= takers


# -- help ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "command"), list(walk()), ids=[" ".join(p) or "geokg" for p, _ in walk()])
def test_every_help_has_examples(invoke, path, command):
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    found = re.search(r"\n *Examples:\n(.*?)(\n\n|$)", result.stdout, re.S)
    assert found, f"geokg {' '.join(path)} --help has no Examples section"
    examples = found.group(1)
    assert examples.strip()
    assert all(line.strip().startswith(("geokg", "echo", "$")) for line in examples.splitlines() if line.strip())


@pytest.mark.parametrize("path", FILES_ONLY, ids=" ".join)
def test_file_commands_offer_no_reading_from_a_store(invoke, path):
    text = invoke(*path, "--help").stdout
    assert "--store" not in text.split("Options:", 1)[1] and "--endpoint" not in text


@pytest.mark.parametrize("path", [("validate",), ("check",)], ids=" ".join)
@pytest.mark.parametrize("option", ["--store", "--endpoint"])
def test_file_commands_refuse_a_store_given_before_them(invoke, path, option, tmp_path):
    # before the command name the group takes the option; the command then says it reads files only
    result = invoke(option, str(tmp_path) if option == "--store" else "http://127.0.0.1:9/query", *path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"geokg: error: {path[0]} reads files (the bundled graph and --data), not a store or an endpoint; "
        f"drop {option}\n"
    )


# -- deprecated spellings ------------------------------------------------------------------------------

OLD = {
    ("actors", "--all"): (["actors", "--all", "--format", "json"], ["actors", "--entities", "--format", "json"]),
    ("path", "--all"): (
        ["path", "Pakistan", "Russia", "--all", "--format", "json"],
        ["path", "Pakistan", "Russia", "--all-paths", "--format", "json"],
    ),
    ("queries", "--show"): (["queries", "--show", "ties-between"], ["queries", "ties-between"]),
    ("render", "--all"): (["render", "-o", "{tmp}/g.svg", "--all"], ["render", "-o", "{tmp}/g.svg", "--entities"]),
    ("export", "--all"): (
        ["export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--all"],
        ["export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--entities"],
    ),
}


def test_every_deprecated_spelling_is_tested():
    assert {(d.command, d.old) for d in DEPRECATED} == set(OLD)


@pytest.mark.parametrize("key", sorted(OLD), ids=[" ".join(k) for k in sorted(OLD)])
def test_old_spelling_works_and_warns(invoke, key, tmp_path):
    old_args, new_args = ([a.replace("{tmp}", str(tmp_path)) for a in args] for args in OLD[key])
    (item,) = [d for d in DEPRECATED if (d.command, d.old) == key]
    old, new = invoke(*old_args), invoke(*new_args)
    assert old.exit_code == new.exit_code == 0, old.stderr
    assert old.stderr == f"geokg: warning: {item.old} is deprecated; use {item.new}\n"
    assert new.stderr == ""
    assert old.stdout == new.stdout


def test_query_dash_f_file_still_reads_a_file(invoke, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s a geo:MilitaryAlliance }", encoding="utf-8")
    old = invoke("query", "-f", str(query), "--format", "csv")
    new = invoke("query", "--file", str(query), "-f", "csv")
    assert old.exit_code == new.exit_code == 0, old.stderr
    assert old.stdout == new.stdout and "CSTO" in old.stdout
    assert old.stderr == "geokg: warning: -f FILE is deprecated; use --file FILE\n"
    assert new.stderr == ""


def test_compare_takes_one_measure(invoke):
    result = invoke("compare", "--from", "1985", "--to", "2022", "--measure", "degree", "--measure", "pagerank")
    assert result.exit_code == 2 and "give --measure once" in result.stderr


# -- the one table -------------------------------------------------------------------------------------


def test_docs_cli_lists_every_option_and_old_spelling():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, command in walk():
        for p in options(command, hidden=False):
            for opt in p.opts:
                if opt not in ("-h", "--help", "-V", "--version"):
                    assert f"`{opt}" in text, f"docs/cli.md lacks {opt} (geokg {' '.join(path)})"
    for d in DEPRECATED:
        assert f"`{d.old}`" in text and d.command in text
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_import_refuses_a_store_and_writes_nothing(invoke, tmp_path):
    out = tmp_path / "new.ttl"
    workbook = str(ROOT / "docs/examples/recognition-2025/workbook")
    result = invoke("--store", str(tmp_path), "import", workbook, "-o", str(out))
    assert result.exit_code == 2 and "import reads files" in result.stderr and not out.exists()
