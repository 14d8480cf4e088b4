"""Background jobs that run once per cluster, not once per worker process.

``leader``: which process of the database runs them (a PostgreSQL advisory lock);
``retention``: telemetry deleted in small batches (R18 and the retention period).
"""
