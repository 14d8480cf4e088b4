"""Qt item models: thin adapters over the cache (DESIGN.md, "The house")."""
