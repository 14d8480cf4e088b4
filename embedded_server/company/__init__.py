"""company domain: edit (R5-R7), contract versions (R6), deletion in steps (R8)."""
