"""What every pane shares: the pane base class, styles, background and write operations."""
