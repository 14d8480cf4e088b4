"""vehicles domain of the embedded portal."""
