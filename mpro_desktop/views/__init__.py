"""Widgets, one module per pane (DESIGN.md). No view talks HTTP."""
