"""Neutral helpers that the desktop, the simulator and the portal may all import.

Standard library only, and nothing of the three programs: the READY handshake of a
child process and owner-only files. The import-linter contracts in pyproject.toml
keep it that way.
"""
