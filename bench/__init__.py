"""MPRO Desktop benchmark suite: ``python -m bench [--quick] [--only NAME]``."""
