"""The logbook pane: a vehicle's trips with CSV and PDF export (issue 12)."""
