"""Hardening: every path that reads user data (memory, store build) goes through the same guards.

Issue 11, cases 7 (entity expansion), 10 (special files), 11 (deep nesting), 12 (plain errors for huge
literals and deep JSON-LD) and 14 (a folder without RDF files).
"""

from __future__ import annotations

import os
import time

import pytest

from _hardening import error_line, geokg

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>
"""


def deep_rdfxml(depth: int) -> str:
    head = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    head += 'xmlns:ex="http://example.org/">\n'
    return head + "<rdf:Description><ex:p>" * depth + "x" + "</ex:p></rdf:Description>" * depth + "\n</rdf:RDF>\n"


def test_billion_laughs_is_refused_in_memory_and_in_store_build(tmp_path):
    data = tmp_path / "laughs.rdf"
    data.write_text(LAUGHS, encoding="utf-8")
    for args in (["info"], ["store", "build", str(tmp_path / "kg")]):  # the same guard on both paths
        started = time.monotonic()
        result = geokg("--data", str(data), *args, timeout=60)
        assert time.monotonic() - started < 30
        assert "entity declarations are not allowed" in error_line(result)
    assert not (tmp_path / "kg").exists()


@pytest.mark.parametrize("command", ["info", "store"])
def test_deeply_nested_rdfxml_is_refused_quickly_everywhere(tmp_path, command):
    data = tmp_path / "deep.rdf"
    data.write_text(deep_rdfxml(5000), encoding="utf-8")
    args = ["info"] if command == "info" else ["store", "build", str(tmp_path / "kg")]
    started = time.monotonic()
    result = geokg("--data", str(data), *args, timeout=60)
    assert time.monotonic() - started < 30
    assert "nested deeper than 100" in error_line(result)


@pytest.mark.parametrize("command", ["info", "store"])
def test_deep_jsonld_is_a_plain_error(tmp_path, command):
    data = tmp_path / "deep.jsonld"
    depth = 100_000
    data.write_text('{"@id": "http://e.org/s", "http://e.org/p": ' + "[" * depth + '"x"' + "]" * depth + "}")
    args = ["info"] if command == "info" else ["store", "build", str(tmp_path / "kg")]
    assert "JSON nested deeper than 100 levels" in error_line(geokg("--data", str(data), *args, timeout=60))


def test_deep_turtle_is_a_plain_error(tmp_path):
    data = tmp_path / "deep.ttl"
    depth = 5000
    data.write_text("<http://e.org/s> <http://e.org/p> " + "[ <http://e.org/p> " * depth + "1" + " ]" * depth + " .\n")
    assert "nests too deeply" in error_line(geokg("--data", str(data), "info", timeout=60))


@pytest.mark.parametrize("command", ["info", "store"])
def test_a_fifo_is_refused_not_waited_on(tmp_path, command):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    args = ["info"] if command == "info" else ["store", "build", str(tmp_path / "kg")]
    result = geokg("--data", str(fifo), *args, timeout=20)
    assert "a FIFO (named pipe), not a regular file" in error_line(result)


@pytest.mark.parametrize("command", ["info", "store"])
def test_a_symlink_to_dev_zero_is_refused(tmp_path, command):
    link = tmp_path / "zero.ttl"
    link.symlink_to("/dev/zero")
    args = ["info"] if command == "info" else ["store", "build", str(tmp_path / "kg")]
    result = geokg("--data", str(link), *args, timeout=20)
    assert "a device, not a regular file" in error_line(result)


def test_each_input_is_read_once(tmp_path, monkeypatch):
    import geokg as lib
    from geokg import guards

    data = tmp_path / "mine.ttl"
    data.write_text("<http://e.org/s> <http://e.org/p> 1 .\n", encoding="utf-8")
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GEOKG_NO_CACHE", raising=False)
    reads: list[str] = []
    real = guards.read_input

    def counting(path, *args, **kwargs):
        reads.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(guards, "read_input", counting)
    lib.load([data])
    assert reads.count("mine.ttl") == 1


def test_a_50_mb_literal_in_store_build_is_a_plain_error(tmp_path):
    data = tmp_path / "big.ttl"
    with data.open("w", encoding="utf-8") as fh:
        fh.write('<http://e.org/s> <http://e.org/p> "')
        fh.write("x" * 50_000_000)
        fh.write('" .\n')
    line = error_line(geokg("--data", str(data), "store", "build", str(tmp_path / "kg"), timeout=120))
    assert "larger than Oxigraph's 16 MiB limit" in line


def test_a_folder_without_rdf_files_is_an_error(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.txt").write_text("hello", encoding="utf-8")
    line = error_line(geokg("--data", str(folder), "info"))
    assert "holds no RDF file" in line


def test_a_query_on_standard_input_is_bounded(tmp_path):
    big = tmp_path / "big.rq"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("ASK { ?s ?p ?o }")
        fh.write(" " * 20_000_000)
    with big.open("rb") as stdin:
        result = geokg("query", "-", stdin=stdin, timeout=120)
    assert "longer than 16777216 characters" in error_line(result)
