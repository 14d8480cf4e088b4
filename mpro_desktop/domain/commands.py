"""The remote-command vocabulary (SPEC R23; docs/contracts.md "Remote commands").

One home for the command types, which of them only an eVan understands and the TTL
bounds: the desktop's buttons and outbox, the portal's schemas and the simulator's
executor all read them from here.
"""

from __future__ import annotations

from typing import Final

LOCK: Final = "lock"
UNLOCK: Final = "unlock"
START_CHARGING: Final = "start_charging"
STOP_CHARGING: Final = "stop_charging"
START_PRECONDITIONING: Final = "start_preconditioning"
STOP_PRECONDITIONING: Final = "stop_preconditioning"
SET_DEPARTURE_TIME: Final = "set_departure_time"

COMMAND_TYPES: Final = (
    LOCK,
    UNLOCK,
    START_CHARGING,
    STOP_CHARGING,
    START_PRECONDITIONING,
    STOP_PRECONDITIONING,
    SET_DEPARTURE_TIME,
)
#: Commands any van with a communication module understands.
COMMON: Final = (LOCK, UNLOCK)
#: Only for ``fuel_type == "electric"`` (the portal rejects others with ``not_an_evan``).
EVAN_ONLY: Final = frozenset(
    (START_CHARGING, STOP_CHARGING, START_PRECONDITIONING, STOP_PRECONDITIONING)
)
#: The order in which the desktop offers the eVan commands.
EVAN_BUTTONS: Final = (START_CHARGING, STOP_CHARGING, START_PRECONDITIONING, STOP_PRECONDITIONING)

DEFAULT_TTL_S: Final = 300
MIN_TTL_S: Final = 5
MAX_TTL_S: Final = 86400

#: Command states on the portal (the desktop adds ``pending`` while queued locally).
STATES: Final = ("queued", "delivered", "executed", "failed", "expired")
FINAL_STATES: Final = frozenset(("executed", "failed", "expired"))


def ttl_error(ttl_s: float) -> str | None:
    """Why a TTL is out of bounds, or None."""
    if not MIN_TTL_S <= ttl_s <= MAX_TTL_S:
        return f"ttl_s must be between {MIN_TTL_S} and {MAX_TTL_S} seconds."
    return None
