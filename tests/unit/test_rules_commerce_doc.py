"""docs/rules-commerce.md names the test of each commerce rule; every id it names must
be a test function that exists (a renamed or deleted test fails here, not silently)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "rules-commerce.md"
TEST_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
RULES = ("R8", "R9", "R10", "R16", "R17", "R18", "R19", "R20", "R21")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.name for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}  # fmt: skip


def test_every_test_id_in_the_rules_note_exists() -> None:
    text = DOC.read_text("utf-8")
    ids = TEST_ID.findall(text)
    assert len(ids) > 30
    missing = []
    for file, name in ids:
        path = ROOT / file
        if not path.is_file() or name not in _functions(path) or not name.startswith("test_"):
            missing.append(f"{file}::{name}")
    assert not missing, "docs/rules-commerce.md names tests that don't exist: " + ", ".join(missing)


def test_every_rule_has_a_section_with_a_test() -> None:
    sections = re.split(r"^## ", DOC.read_text("utf-8"), flags=re.M)
    for rule in RULES:
        (section,) = [s for s in sections if s.startswith(f"{rule} ")]
        assert TEST_ID.search(section), rule
