"""The history-at-scale figure (issue 13): the bulk loader fills every column the ingest
writes into the portal's migrated table, and the timed reads run on its index."""

from __future__ import annotations

import datetime as dt
import os

import psycopg
import pytest

from bench import common, range_scan
from bench.__main__ import BENCHMARKS
from bench.common import (
    pg_dsn,
    pg_schema_create,
    pg_schema_drop,
    pg_url_for_schema,
    portal_insert_sql,
    portal_sample_row,
    prepare_portal,
    sample_stream,
)
from embedded_server.telemetry.repository import COLUMNS
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

needs_pg = pytest.mark.skipif(not os.environ.get("MPRO_TEST_PG_URL"), reason="MPRO_TEST_PG_URL not set")
ELECTRIC_ONLY = {"soc_pct", "plug_state"}
DIESEL_ONLY = {"fuel_level_pct"}


def test_the_ingest_benchs_rows_carry_every_column() -> None:
    """The ingest/sync benches' raw rows: one value per portal column, received_at set."""
    s = sample_stream(1, start_epoch=1_700_000_000.0)[0]
    for dialect in ("sqlite", "postgresql"):
        row = portal_sample_row("vid", s, dialect)
        assert len(row) == len(COLUMNS) and row[-1] is not None
        assert portal_insert_sql(dialect).count("?" if dialect == "sqlite" else "%s") == len(COLUMNS)
    text = portal_sample_row("vid", s, "sqlite")
    assert text[2] == "2023-11-14 22:13:20.000000" and text[-1] == "2023-11-14 22:13:22.000000"


@needs_pg
def test_the_bulk_loader_fills_the_portals_table_completely(monkeypatch) -> None:
    monkeypatch.setattr(common, "PG_BASE", os.environ["MPRO_TEST_PG_URL"])
    schema = pg_schema_create()
    try:
        fx = prepare_portal(pg_url_for_schema(schema), 3, tokens=False)
        vans = [(fx["keys"][pid], i % 3 == 0) for i, (pid, _vin) in enumerate(fx["vehicles"])]
        t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        range_scan.bulk_load(schema, vans, 1_000, t0, 30.0)
        with psycopg.connect(pg_dsn(schema)) as conn:
            for key, electric in vans:
                absent = DIESEL_ONLY if electric else ELECTRIC_ONLY
                counts = conn.execute(
                    "SELECT count(*), " + ", ".join(f"count({c})" for c in COLUMNS)
                    + ", min(ts), max(ts), bool_and(received_at = ts + interval '2 s') "
                    "FROM telemetry_samples WHERE vehicle_id = %s", (key,)).fetchone()
                total, per_col = counts[0], dict(zip(COLUMNS, counts[1:-3], strict=True))
                assert total == 1_000
                assert {c for c, n in per_col.items() if n != total} == absent, per_col
                assert counts[-3] == t0 and counts[-2] == t0 + dt.timedelta(seconds=999 * 30)
                assert counts[-1] is True
            assert set(SAMPLE_FIELDS) <= set(COLUMNS)
    finally:
        pg_schema_drop(schema)


@needs_pg
def test_the_range_scan_figure_runs_on_the_index(monkeypatch) -> None:
    monkeypatch.setattr(common, "PG_BASE", os.environ["MPRO_TEST_PG_URL"])
    assert BENCHMARKS["range_scan"] == "bench.range_scan:run"
    monkeypatch.setattr(range_scan, "CHECKPOINTS", (20_000,))  # timed at 20k, then at 50k
    monkeypatch.setattr(range_scan, "CHUNK", 10_000)
    results = range_scan.run(quick=True, rows=50_000)
    load, *reads = results
    assert load.figure == "telemetry bulk load (50,000 rows)" and load.measured > 0
    assert [r.figure.rsplit(" at ", 1)[1] for r in reads] == ["20,000 rows"] * 3 + ["50,000 rows"] * 3
    for r in reads:
        assert r.measured > 0 and r.extra["p50_ms"] <= r.measured
        plan = "\n".join(r.extra["plan"])
        assert "ix_telemetry_vehicle_ts_seq" in plan and "Seq Scan" not in plan, plan
