"""commands domain of the embedded portal (remote commands, SPEC R23-R25)."""
