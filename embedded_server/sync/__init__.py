"""sync domain of the embedded portal."""
