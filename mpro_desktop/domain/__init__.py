"""Plain-Python business rules shared by the desktop and the embedded portal.

Nothing here imports Qt, HTTP or a database: each rule lives once and both sides
call it (DESIGN.md, "The house").
"""
