"""accounts domain of the embedded portal."""
