"""Dashboard pane: fleet counts and the product overview."""
