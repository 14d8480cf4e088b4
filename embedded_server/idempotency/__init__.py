"""idempotency domain of the embedded portal."""
