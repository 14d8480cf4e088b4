"""docs/rules-accounts.md names, for each account rule, the tests that cover it; every
id there must be a test function that exists, or the table has rotted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "rules-accounts.md"
TEST_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
RULES = [f"R{n}" for n in (*range(1, 16), 26, 27)]


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")}


def test_every_test_id_in_the_table_exists() -> None:
    text = TABLE.read_text(encoding="utf-8")
    ids = TEST_ID.findall(text)
    assert len(ids) > 50, "the table names too few tests; did its format change?"
    missing = []
    found: dict[str, set[str]] = {}
    for path, name in ids:
        if path not in found:
            file = ROOT / path
            found[path] = _test_functions(file) if file.is_file() else set()
        if name not in found[path]:
            missing.append(f"{path}::{name}")
    assert not missing, f"docs/rules-accounts.md names tests that do not exist: {missing}"


def test_every_rule_has_a_row_with_tests() -> None:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (R\d+) \|", line)
        if m:
            rows[m.group(1)] = line
    assert sorted(rows, key=lambda r: int(r[1:])) == RULES
    for rule, line in rows.items():
        assert TEST_ID.search(line), f"{rule} lists no test"


def test_the_linked_screenshots_exist() -> None:
    text = TABLE.read_text(encoding="utf-8")
    links = re.findall(r"\]\((screenshots/[^)]+\.png)\)", text)
    assert links
    for link in links:
        assert (TABLE.parent / link).is_file(), link
