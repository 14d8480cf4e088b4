"""tools/fill_translations.py: translations kept in JSON are written into a catalogue."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import fill_translations  # noqa: E402

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv">
<context>
    <name>Pane</name>
    <message>
        <source>Order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n vehicle(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
"""


def test_fill_writes_plain_and_plural_and_reports_unknown_sources(tmp_path: Path) -> None:
    ts = tmp_path / "mpro_sv.ts"
    ts.write_text(TS, "utf-8")
    assert set(fill_translations.dump_unfinished(ts)["Pane"]) == {"Order…", "%n vehicle(s)"}
    wanted = {
        "Pane": {"Order…": "Beställ…", "%n vehicle(s)": ["%n fordon", "%n fordon"], "Gone": "Borta"}
    }
    changed, missing = fill_translations.fill(ts, json.loads(json.dumps(wanted)))
    assert changed == 2 and missing == ["Pane: Gone"]
    assert fill_translations.dump_unfinished(ts) == {}
    text = ts.read_text("utf-8")
    assert "<translation>Beställ…</translation>" in text
    assert text.count("<numerusform>%n fordon</numerusform>") == 2
