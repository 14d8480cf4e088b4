"""dealer domain: dealer accounts, the counter (lookup, verification) and support sessions."""
