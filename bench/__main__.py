"""``python -m bench [--quick] [--only NAME ...] [--rows N] [--write-results]``: run the benchmarks and
print the table (figure, measured, baseline, ratio, target, met?).

Exit code 0 unless a benchmark crashed (a missed target is not a failure: CI runs
``--quick`` as a smoke test only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import os
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import Result, format_markdown_table, format_text_table, machine_info  # noqa: E402

#: name -> "module:function"; each function takes ``quick`` and returns a list of Results
BENCHMARKS: dict[str, str] = {
    "ingest": "bench.ingest:run_sqlite",
    "ingest_pg": "bench.ingest:run_pg",
    "scale_out": "bench.scale_out:run",
    "initial_sync": "bench.sync:run_initial",
    "incremental_sync": "bench.sync:run_incremental",
    "vehicles_table": "bench.table:run",
    "live_chart": "bench.chart:run",
    "startup": "bench.startup:run_startup",
    "memory": "bench.startup:run_memory",
    "simulator": "bench.simulator:run",
    "fleet_map": "bench.fleet_map:run",
    "range_scan": "bench.range_scan:run",
}


def run_one(name: str, quick: bool, rows: int | None = None) -> tuple[list[Result], bool]:
    """``rows``: the data size of a benchmark that takes one (``range_scan``)."""
    mod_name, func_name = BENCHMARKS[name].split(":")
    try:
        func = getattr(importlib.import_module(mod_name), func_name)
        if rows is not None and "rows" in inspect.signature(func).parameters:
            return func(quick, rows=rows), True
        return func(quick), True
    except Exception as exc:  # noqa: BLE001 - report and carry on with the others
        traceback.print_exc()
        return [Result(name, None, "", notes=f"CRASHED: {type(exc).__name__}: {exc}")], False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes (CI smoke test)")
    p.add_argument("--only", action="append", choices=sorted(BENCHMARKS), metavar="NAME",
                   help="run only this benchmark (repeatable): " + ", ".join(BENCHMARKS))
    p.add_argument("--rows", type=int, metavar="N",
                   help="rows of telemetry history for range_scan (default 10M, quick 200k; "
                        "the issue's figure: 100000000)")
    p.add_argument("--write-results", action="store_true",
                   help="also write bench/results-<date>[-quick].md (markdown table + machine)")
    args = p.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    results: list[Result] = []
    ok = True
    t_all = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        res, good = run_one(name, args.quick, args.rows)
        ok &= good
        results.extend(res)
        print(f"[bench] {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - t_all
    info = machine_info()
    print()
    print(format_text_table(results))
    print()
    print(f"mode: {'quick' if args.quick else 'full'}, total {total:.1f} s; "
          + ", ".join(f"{k} {v}" for k, v in info.items()))
    if args.write_results:
        day = dt.date.today().isoformat()
        path = Path(__file__).with_name(f"results-{day}{'-quick' if args.quick else ''}.md")
        path.write_text(
            f"# Benchmark results {info['date']} ({'quick' if args.quick else 'full'} mode)\n\n"
            + "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items() if k != "date")
            + f"\n\nTotal run time: {total:.0f} s\n\n" + format_markdown_table(results) + "\n",
            encoding="utf-8")
        print(f"wrote {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: PySide6 + pyqtgraph can crash at exit (README "Platform
    # notes"), which would turn a good run into a failed CI smoke test.
    os._exit(code)
