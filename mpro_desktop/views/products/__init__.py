"""Products pane: what the portal offers and what it costs (read-only)."""
