"""Help menu dialogs: the user help with its list of shortcuts (F1) and About."""
