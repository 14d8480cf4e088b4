"""Trips derived from ignition on -> off, with offline place names (API.md "Alerts and trips")."""
