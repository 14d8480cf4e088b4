"""products domain of the embedded portal."""
