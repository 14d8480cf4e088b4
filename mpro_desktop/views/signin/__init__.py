"""Sign-in: the dialog that asks for the portal, e-mail and password (before any pane)."""
