"""The Alerts pane (issue 12)."""
