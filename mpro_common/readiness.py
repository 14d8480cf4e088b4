"""The one-line readiness handshake of the portal and simulator processes.

Each child prints exactly one such line on stdout once it serves; the desktop's demo
mode, the tests and the benchmarks wait for it. One home for the wording, no imports.
"""

from __future__ import annotations

SERVER_READY = "MPRO-SERVER READY "  # followed by the base URL
SIM_READY = "MPRO-SIM READY "  # followed by "<n> vehicles"


def server_ready_line(url: str) -> str:
    return f"{SERVER_READY}{url}"


def sim_ready_line(vehicles: int) -> str:
    return f"{SIM_READY}{vehicles} vehicles"
