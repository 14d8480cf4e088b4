"""telemetry domain of the embedded portal."""
