"""Widgets: one folder per pane, shared pieces in ``common`` (DESIGN.md). No view talks HTTP.

``registry`` lists the panes; ``main_window`` builds the navigation from it.
"""
