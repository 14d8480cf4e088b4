"""Users pane: the company's users and their roles (read-only for now)."""
