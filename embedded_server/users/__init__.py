"""users domain: invitations, roles and removal of a company's users (R2, R3, R13, R14)."""
