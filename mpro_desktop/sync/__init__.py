"""The desktop's sync layer: SQLite cache, outbox, portal client, engine, SSE and worker.

Everything here except ``worker.py`` is plain Python (no Qt), so it can be tested and
reused without a display.
"""
