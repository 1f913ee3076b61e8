"""The foundation's CLI: info, actors, show, ties, validate, and bad input handled in one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

PREFIXES = """@prefix : <https://w3id.org/geokg/id/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("geokg: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


# -- the six questions of the foundation issue -------------------------------------------------------


def test_who_backed_the_mujahideen(invoke):
    found = rows(invoke("ties", "--actor", "mujahideen", "--relation", "support", "--format", "json"))
    assert sorted(r["from_label"] for r in found) == ["Pakistan", "Saudi Arabia", "United States"]
    assert all("backed by the U.S., Pakistan, Saudi Arabia" in r["evidence"] for r in found)
    # the article places the backing in the war of 1979-1989 but does not say in which of its years
    assert all((r["start"], r["end"], r["when"]) == ("1979", "1989", "1979 or later – 1989 or earlier") for r in found)


def test_when_soviet_forces_entered_and_left(invoke):
    found = rows(invoke("ties", "--actor", "USSR", "--relation", "military intervention", "--format", "json"))
    (tie,) = found  # the old name of the relation type (military presence) still finds it
    assert (tie["to_label"], tie["start"], tie["end"], tie["kind"]) == ("Afghanistan", "1979", "1989", "relation")
    assert "Soviet invasion of 1979" in tie["evidence"] and "withdrawal of Soviet forces in 1989" in tie["evidence"]
    events = rows(invoke("ties", "--actor", "USSR", "--kind", "event", "--format", "json"))
    assert {(e["relation"], e["when"]) for e in events} == {("invasion", "1979"), ("military withdrawal", "1989")}


def test_which_states_the_csto_includes(invoke):
    found = rows(invoke("show", "CSTO", "--format", "json"))
    membership = [r for r in found if r["relation"] == "membership" and r["direction"] == "in"]
    assert sorted(r["other"] for r in membership) == ["Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    assert all("Collective Security Treaty Organization" in r["evidence"] for r in membership)
    # no membership has a start year: the article gives none (the CSTO did not exist in 1991)
    assert all(r["start"] == "" for r in membership)


def test_which_extremist_group_russia_fears(invoke):
    found = rows(invoke("ties", "--actor", "Russia", "--kind", "attitude", "--format", "json"))
    feared = [r for r in found if r["to_label"] == "ISIS-K"]
    assert [r["relation"] for r in feared] == ["threat perception"]
    assert "could destabilize Central Asia" in feared[0]["evidence"] and feared[0]["kind"] == "attitude"
    terror = rows(invoke("actors", "--class", "TerroristOrganization", "--format", "json"))
    assert [r["label"] for r in terror] == ["ISIS-K"]


def test_who_is_the_talibans_long_time_supporter(invoke):
    found = rows(invoke("show", "Taliban", "--format", "json"))
    support = [r for r in found if r["relation"] == "support" and r["direction"] == "in"]
    assert [r["other"] for r in support] == ["Pakistan"]
    assert "long-time supporter of the Taliban" in support[0]["evidence"]


def test_whether_russia_recognized_the_taliban_government(invoke):
    found = rows(
        invoke("ties", "--relation", "withheld recognition", "--actor", "Taliban government", "--format", "json")
    )
    (tie,) = found
    assert (tie["from_label"], tie["to_label"], tie["certainty"]) == ("Russia", "Taliban government", "asserted")
    assert tie["when"] == "from 2021-08, end unknown"
    assert "has not officially recognized the Taliban government" in tie["evidence"]
    assert float(tie["stance"]) < 0


# -- listings ------------------------------------------------------------------------------------------


def test_info_counts(invoke, kg):
    found = {r["what"]: r["count"] for r in rows(invoke("info", "--format", "json"))}
    assert found["ties (statements with two ends)"] == len(kg.all_ties)
    assert (
        found["statements"]
        == len(kg.statements)
        == sum(v for k, v in found.items() if k.startswith("statements, kind"))
    )
    assert found["events"] == len(kg.events) and found["sources"] == 1
    assert found["derived plain triples"] > 0


def test_show_table_has_card_and_quotes(invoke):
    result = invoke("show", "Soviet Union")
    assert result.exit_code == 0
    assert "Soviet Union" in result.stdout and "wikidata" in result.stdout and "Q15180" in result.stdout
    assert "HistoricalState" in result.stdout and "USSR" in result.stdout
    words = " ".join(result.stdout.split())
    assert "military presence Afghanistan [relation]" in words and "decade-long" in words
    assert "certainty: asserted" in words and "when: 1979 – 1989" in words


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_have_header_and_rows(invoke, fmt):
    result = invoke("actors", "--format", fmt)
    lines = result.stdout.strip().splitlines()
    sep = "," if fmt == "csv" else "\t"
    assert lines[0].split(sep)[:2] == ["id", "label"]
    assert len(lines) == 1 + 19


def test_ties_as_of(invoke):
    y1985 = rows(invoke("ties", "--as-of", "1985", "--format", "json"))
    labels = {r["from_label"] for r in y1985} | {r["to_label"] for r in y1985}
    assert "Soviet Union" in labels and "Taliban government" not in labels
    assert {r["status"] for r in y1985} == {"holds"}
    y2021 = rows(invoke("ties", "--as-of", "2021", "--format", "json"))
    labels = {r["from_label"] for r in y2021} | {r["to_label"] for r in y2021}
    assert "Taliban government" in labels and "Soviet Union" not in labels
    # after 2021 the article's present-tense claims only may hold: asked for, and marked as such
    assert one_line_error(invoke("ties", "--as-of", "2026"), 1).startswith("geokg: error: no statements surely hold")
    y2026 = rows(invoke("ties", "--as-of", "2026", "--may-hold", "--format", "json"))
    assert y2026 and {r["status"] for r in y2026} == {"may hold"}


def test_global_and_command_data_options_add_up(invoke, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(PREFIXES + ':Qatar a geo:State ; skos:prefLabel "Qatar"@en .\n', encoding="utf-8")
    assert invoke("--data", str(extra), "show", "Qatar").exit_code == 0
    assert invoke("show", "Qatar", "--data", str(extra)).exit_code == 0
    only = rows(invoke("actors", "--no-bundled", "--data", str(extra), "--format", "json"))
    assert [r["label"] for r in only] == ["Qatar"]


# -- validate ----------------------------------------------------------------------------------------


def test_validate_bundled_graph_passes(invoke):
    result = invoke("validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:")


BROKEN_TIES = (
    PREFIXES
    + """
:tie_no_evidence a geo:Relation ; geo:statementType geo:Support ; geo:from :Iran ; geo:to :Taliban ;
    geo:level geo:LevelCooperative ; geo:certainty geo:Asserted .
:tie_bad_stance a geo:Relation ; geo:statementType geo:Support ; geo:from :Iran ; geo:to :Taliban ;
    geo:stance 3 ; geo:level geo:LevelCooperative ; geo:certainty geo:Asserted ;
    geo:start "2000"^^xsd:gYear ; geo:end "1990"^^xsd:gYear ;
    geo:evidence [ geo:quote "Iran, which shares a long border" ; prov:wasQuotedFrom :src_afghanistan_and_russia ] .
"""
)


def test_validate_fails_on_broken_ties_naming_focus_nodes(invoke, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text(BROKEN_TIES, encoding="utf-8")
    result = invoke("validate", str(bad), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    by_focus: dict[str, list[str]] = {}
    for r in found:
        by_focus.setdefault(r["focus"], []).append(r["message"])
    assert any("evidence" in m for m in by_focus["id:tie_no_evidence"])
    assert any("no hand-written stance" in m for m in by_focus["id:tie_bad_stance"])
    assert any("time runs backwards" in m for m in by_focus["id:tie_bad_stance"])
    assert len(by_focus["id:tie_bad_stance"]) == len(set(by_focus["id:tie_bad_stance"])), "each violation once"
    assert "id:Russia" not in by_focus


def test_validate_table_lists_focus_and_message(invoke, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text(BROKEN_TIES, encoding="utf-8")
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    assert "id:tie_no_evidence" in result.stdout and "violation" in result.stderr


def test_validate_syntax_error_names_file_and_line(invoke, tmp_path):
    bad = tmp_path / "syntax.ttl"
    bad.write_text(PREFIXES + '\n:Qatar a geo:State ;\n   skos:prefLabel "Qatar"@en ;; ] .\n', encoding="utf-8")
    line = one_line_error(invoke("validate", str(bad)))
    assert f"{bad}:8:" in line


# -- bad input -----------------------------------------------------------------------------------------


def test_unknown_actor(invoke):
    line = one_line_error(invoke("show", "Talibn"))
    assert "unknown actor 'Talibn'" in line and "did you mean: Taliban" in line


def test_missing_file(invoke, tmp_path):
    line = one_line_error(invoke("--data", str(tmp_path / "nope.ttl"), "info"))
    assert "nope.ttl: no such file" in line


def test_unreadable_file(invoke, tmp_path):
    bad = tmp_path / "binary.ttl"
    bad.write_bytes(b"@prefix : <http://x/> .\n\xff\xfe\x00garbage")
    line = one_line_error(invoke("--data", str(bad), "info"))
    assert f"{bad}:2:1: not UTF-8" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_file_without_permission(invoke, tmp_path):
    bad = tmp_path / "secret.ttl"
    bad.write_text(PREFIXES, encoding="utf-8")
    bad.chmod(0)
    line = one_line_error(invoke("--data", str(bad), "info"))
    assert "permission denied" in line


def test_non_rdf_file(invoke, tmp_path):
    bad = tmp_path / "notes.ttl"
    bad.write_text("These are my notes about Russia.\nNothing RDF here.\n", encoding="utf-8")
    line = one_line_error(invoke("--data", str(bad), "info"))
    assert f"{bad}:1:" in line and "turtle" in line


def test_unknown_suffix(invoke, tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_text("x", encoding="utf-8")
    line = one_line_error(invoke("--data", str(bad), "info"))
    assert "unknown RDF format '.docx'" in line


@pytest.mark.parametrize("content", ["", "   \n", "@prefix : <http://x/> .\n"])
def test_empty_file(invoke, tmp_path, content):
    bad = tmp_path / "empty.ttl"
    bad.write_text(content, encoding="utf-8")
    line = one_line_error(invoke("--data", str(bad), "info"))
    assert "empty" in line or "no RDF triples" in line


def test_unknown_class(invoke):
    line = one_line_error(invoke("actors", "--class", "Stat"))
    assert "unknown class 'Stat'" in line and "did you mean" in line


@pytest.mark.parametrize("value", ["abc", "19x5", "last year"])
def test_bad_as_of(invoke, value):
    line = one_line_error(invoke("ties", "--as-of", value))
    assert "--as-of" in line and "not a year" in line


def test_unknown_relation(invoke):
    line = one_line_error(invoke("ties", "--relation", "suport"))
    assert "unknown statement type 'suport'" in line and "support" in line


def test_filters_that_leave_nothing_exit_1(invoke):
    result = invoke("ties", "--actor", "Uzbekistan", "--relation", "membership")
    assert one_line_error(result, 1) == "geokg: error: no statements match"


def test_remote_jsonld_context_is_refused(invoke, tmp_path):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "x"}), encoding="utf-8")
    line = one_line_error(invoke("--data", str(doc), "info"))
    assert "remote JSON-LD context" in line


def test_inline_jsonld_is_read(invoke, tmp_path):
    doc = tmp_path / "inline.jsonld"
    doc.write_text(json.dumps({
        "@context": {"geo": "https://w3id.org/geokg/ontology#", "skos": "http://www.w3.org/2004/02/skos/core#"},
        "@id": "https://w3id.org/geokg/id/Qatar", "@type": "geo:State", "skos:prefLabel": "Qatar",
    }), encoding="utf-8")  # fmt: skip
    assert invoke("--data", str(doc), "show", "Qatar").exit_code == 0


def test_xml_entities_are_refused(invoke, tmp_path):
    doc = tmp_path / "evil.rdf"
    doc.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
        encoding="utf-8",
    )
    line = one_line_error(invoke("--data", str(doc), "info"))
    assert "entity" in line


def test_debug_shows_traceback_for_errors(runner):
    from geokg.errors import UnknownActorError
    from geokg_cli.main import cli

    result = runner.invoke(cli, ["--debug", "show", "Talibn"])
    assert isinstance(result.exception, UnknownActorError)


def test_help_has_examples(invoke):
    for command in ["info", "actors", "show", "ties", "validate"]:
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout, command


def test_main_entry_point_runs_as_a_process(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from geokg_cli.main import main; main()", "show", "Talibn"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("geokg: error: unknown actor") and "Traceback" not in done.stderr
    assert Path(tmp_path).is_dir()


def _entry_point(*args, code=""):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as usual
    return subprocess.run(
        [sys.executable, "-c", f"{code}from geokg_cli.main import main; main()", *args],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip


def test_entry_point_writes_all_output_and_runs_exit_handlers(invoke):
    # The process ends with os._exit (geokg_cli.main.leave): the exit handlers must run first, and what
    # sits in stdout's buffer must be written. Piped, stdout is block-buffered: the handler's line (print
    # does not flush) would be lost without the flush.
    code = "import atexit; atexit.register(lambda: print('handler ran')); "
    done = _entry_point("ties", "--format", "csv", code=code)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == invoke("ties", "--format", "csv").stdout + "handler ran\n"
    assert done.stdout.count("\n") > 50


def test_entry_point_waits_for_a_running_thread():
    code = "import threading, time; threading.Thread(target=lambda: (time.sleep(0.5), print('thread done'))).start(); "
    done = _entry_point("info", code=code)
    assert done.returncode == 0 and done.stdout.endswith("thread done\n")


def test_entry_point_under_a_profiler_exits_the_ordinary_way(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text("from geokg_cli.main import main\nmain()\n", encoding="utf-8")
    figures = tmp_path / "run.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(figures), str(script), "info"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "triples" in done.stdout
    assert figures.stat().st_size > 0  # cProfile writes them once the command has returned


def test_entry_point_keeps_exit_codes():
    done = _entry_point("ties", "--as-of", "year")
    assert done.returncode == 2 and done.stderr.startswith("geokg: error:") and done.stdout == ""
    done = _entry_point("--version")
    assert done.returncode == 0 and done.stdout.startswith("geokg, version")
    assert _entry_point("info", "--no-such-option").returncode == 2


def test_entry_point_with_a_reader_gone_exits_1_without_a_traceback():
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", "from geokg_cli.main import main; main()", "ties", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    process.stdout.close()  # the reader goes away before a line is written
    error = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 1 and error == b""


def test_validate_names_entities_without_label_or_class(invoke, tmp_path):
    bad = tmp_path / "entities.ttl"
    bad.write_text(
        PREFIXES
        + ":Nolabel a geo:State .\n"
        + ":tie_to_nowhere a geo:Tie ; geo:tieType geo:Support ; geo:from :Iran ; geo:to :Nowhere ;\n"
        + "    geo:stance 0.7 ; geo:quadClass geo:MaterialCooperation ; geo:modality geo:Asserted ;\n"
        + '    geo:evidence [ geo:quote "Iran, which shares a long border" ;'
        + " prov:wasQuotedFrom :src_afghanistan_and_russia ] .\n",
        encoding="utf-8",
    )
    result = invoke("validate", str(bad), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    focus = {(r["focus"], r["path"]) for r in found}
    assert ("id:Nolabel", "skos:prefLabel") in focus
    assert ("id:Nowhere", "skos:prefLabel") in focus
    assert any(r["focus"] == "id:Nowhere" and "geokg class" in r["message"] for r in found)


def test_atomic_write_keeps_usual_permissions_and_leaves_nothing_on_failure(tmp_path):
    import stat

    from geokg.atomic import atomic_open, atomic_write

    target = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        atomic_write(target, "new")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_min_grade_filters_every_command_that_reads_statements(invoke):
    """--min-grade is a global option: the bundled article is graded F, the example recognition C2."""
    example = str(Path(__file__).resolve().parents[1] / "docs" / "examples" / "recognition-2025" / "recognition.ttl")
    found = rows(invoke("ties", "--data", example, "--min-grade", "C2", "--format", "json"))
    assert [(r["from_label"], r["relation"], r["to_label"]) for r in found] == [
        ("Russia", "recognition", "Taliban government")
    ]
    card = rows(invoke("show", "Russia", "--data", example, "--min-grade", "C", "--format", "json"))
    assert {r["relation"] for r in card} == {"recognition"}
    assert one_line_error(invoke("--min-grade", "B2", "ties"), 1) == "geokg: error: no statements match"
    nothing = invoke("centrality", "--min-grade", "B", "--as-of", "2021")
    assert nothing.exit_code == 1 and "no actors match" in nothing.stderr
    bad = one_line_error(invoke("ties", "--min-grade", "Q"))
    assert "--min-grade 'Q' is not an Admiralty grade" in bad
