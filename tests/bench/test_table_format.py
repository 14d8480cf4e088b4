"""The benchmark table formatter (bench/common.py): numbers, ratios, met column, markdown."""

from __future__ import annotations

from bench.common import Result, fmt_num, format_markdown_table, format_text_table


def test_fmt_num_scales() -> None:
    assert fmt_num(None) == "—"
    assert fmt_num(123456.7, "samples/s") == "123,457 samples/s"
    assert fmt_num(12.345, "ms") == "12.3 ms"
    assert fmt_num(1.2345) == "1.23"
    assert fmt_num(0.012345, "s") == "0.0123 s"
    assert fmt_num(0) == "0"


def test_tables_show_every_column_and_verdict() -> None:
    results = [
        Result("ingest", 5000.0, "samples/s", 10000.0, "≥ 0.5 × baseline", 0.5, True),
        Result("filter", 80.0, "ms", None, "≤ 50 ms", None, False, notes="worst keystroke"),
        Result("memory", 177.0, "MB", 67.0, "report", 2.64, None),
    ]
    text = format_text_table(results).splitlines()
    assert text[0].split() == ["figure", "measured", "baseline", "ratio", "target", "met?"]
    assert set(text[1]) <= {"-", " "}
    assert "0.50" in text[2] and text[2].rstrip().endswith("yes")
    assert text[3].rstrip().endswith("NO") and "—" in text[3]
    assert text[4].rstrip().endswith("report")
    md = format_markdown_table(results)
    assert md.splitlines()[0] == "| figure | measured | baseline | ratio | target | met? |"
    assert "| filter | 80.0 ms | — | — | ≤ 50 ms | NO |" in md
    assert "- **filter**: worst keystroke" in md
