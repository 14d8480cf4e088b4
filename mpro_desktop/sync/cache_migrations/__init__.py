"""Alembic scripts for the desktop's SQLite cache.

A regular package (with ``versions/__init__.py``, which Alembic ignores) so that
setuptools ships the scripts with the wheel without extra package-data rules.
"""
