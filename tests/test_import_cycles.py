"""No import circle among the library's modules (lazy imports count; TYPE_CHECKING imports do not)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _graph() -> dict[str, set[str]]:
    mods: dict[str, set[str]] = {}
    for file in (SRC / "geokg").rglob("*.py"):
        parts = list(file.relative_to(SRC).with_suffix("").parts)
        package = parts[:-1]
        name = ".".join(package if file.name == "__init__.py" else parts)
        tree = ast.parse(file.read_text(encoding="utf-8"))
        typing_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)
        }
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and id(node) not in typing_only:
                base = package[: len(package) - node.level + 1]
                deps.add(".".join(base + ([node.module] if node.module else [])))
        mods[name] = deps
    return mods


def test_no_import_circle():
    mods = _graph()
    circles = []
    for start in sorted(mods):
        todo, seen = [(start, [start])], set()
        while todo:
            name, path = todo.pop()
            for dep in mods.get(name, ()):
                if dep == start:
                    circles.append(" -> ".join([*path, dep]))
                elif dep not in seen:
                    seen.add(dep)
                    todo.append((dep, [*path, dep]))
    assert not circles, circles


def test_stores_do_not_import_sparql():
    assert "geokg.sparql" not in _graph()["geokg.stores"] or "geokg.stores" not in _graph()["geokg.sparql"]
