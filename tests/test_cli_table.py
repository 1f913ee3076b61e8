"""The plain-text tables of the CLI: the fast paths (ASCII, printable text) give what the slow paths give."""

from __future__ import annotations

import unicodedata

import pytest

from geokg_cli import table

SAMPLES = [
    "",
    "Kabul",
    "Afghanistan's communist government",
    "1979 – 1989",
    "from 2021-08 or later, end unknown",
    "北京 and 東京",
    "Ｆｕｌｌ width",
    "emoji \U0001f600 here",
    "a\u0378b",  # unassigned: reported as wide by unicodedata
    "e\u0301 combining",
    "tab\there",
    "line\nbreak\r\nand\rreturn",
    "bell\x07 and \x1b[31mred",
    "nbsp\u00a0and\u2028separator",
    "\x85next line",
    "  padded  ",
]


def _slow_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _slow_clean(text: str) -> str:
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def _slow_shorten(text: str, width: int) -> str:
    if _slow_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _slow_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + table.ELLIPSIS


@pytest.mark.parametrize("text", SAMPLES)
def test_the_fast_paths_equal_the_slow_paths(text):
    assert table.display_width(text) == _slow_width(text)
    assert table._clean(text) == _slow_clean(text)
    for width in range(0, len(text) + 3):
        assert table.shorten(text, width) == _slow_shorten(text, width)


def test_every_code_point_has_the_slow_width():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert table.display_width(text) == _slow_width(text)
    assert table._clean(text) == _slow_clean(text)


def test_a_table_is_drawn_as_before():
    rows = [[s, s[::-1], str(i)] for i, s in enumerate(SAMPLES)]
    for width in (None, 20, 40, 80):
        text = table.draw(["name", "reversed", "n"], rows, width)
        lines = text.splitlines()
        assert len(lines) >= len(rows) + 2
        if width is not None:
            assert all(table.display_width(line) <= width for line in lines[: len(rows) + 2])
    assert table.draw(["a", "b"], [["x", "北京"]], None, rule="-") == "a  b\n-  ----\nx  北京\n"
