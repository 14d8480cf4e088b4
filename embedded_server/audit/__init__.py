"""audit domain: the company's log of security-relevant actions (issue 10)."""
