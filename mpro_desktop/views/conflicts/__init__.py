"""Conflicts pane: changes the portal refused, and the user's decision on each."""
