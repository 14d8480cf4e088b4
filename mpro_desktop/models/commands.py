"""Words for remote commands, their states and unmet preconditions (R23–R25)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain import commands, preconditions


def command_label(kind: str) -> str:
    return {
        commands.LOCK: QCoreApplication.translate("commands", "Lock"),
        commands.UNLOCK: QCoreApplication.translate("commands", "Unlock"),
        commands.START_CHARGING: QCoreApplication.translate("commands", "Start charging"),
        commands.STOP_CHARGING: QCoreApplication.translate("commands", "Stop charging"),
        commands.START_PRECONDITIONING: QCoreApplication.translate(
            "commands", "Start pre-conditioning"
        ),
        commands.STOP_PRECONDITIONING: QCoreApplication.translate(
            "commands", "Stop pre-conditioning"
        ),
        commands.SET_DEPARTURE_TIME: QCoreApplication.translate("commands", "Set departure time"),
    }.get(kind, kind)


def state_label(command: dict) -> str:
    if command.get("pending"):
        return QCoreApplication.translate("commands", "Not sent yet (waiting for a connection)")
    return {
        "queued": QCoreApplication.translate("commands", "Sent, waiting for the van"),
        "delivered": QCoreApplication.translate("commands", "Delivered to the van"),
        "executed": QCoreApplication.translate("commands", "Done"),
        "failed": QCoreApplication.translate("commands", "Failed"),
        "expired": QCoreApplication.translate("commands", "Expired (not delivered in time)"),
        "rejected": QCoreApplication.translate("commands", "Refused by the portal"),
    }.get(command.get("state") or "", command.get("state") or "")


def unmet_sentence(condition: str) -> str:
    """One sentence per R24/R25 condition word (see domain.preconditions)."""
    return {
        "plug_not_connected": QCoreApplication.translate(
            "commands", "The charging plug must be inserted, locked and connected to the supply."
        ),
        "hood_open": QCoreApplication.translate("commands", "The hood is open."),
        "gear_not_park": QCoreApplication.translate("commands", "The gear selector is not in P."),
        "not_identified_rfid": QCoreApplication.translate(
            "commands", "The van was not identified by RFID card at the station."
        ),
        "not_enough_time": QCoreApplication.translate(
            "commands", "There is not enough time left to charge."
        ),
        "doors_or_windows_open": QCoreApplication.translate(
            "commands", "A door or window is open."
        ),
        "no_departure_time": QCoreApplication.translate(
            "commands", "No start or departure time is set."
        ),
        "temperature_already_reached": QCoreApplication.translate(
            "commands", "The cabin temperature set equals the outside temperature."
        ),
        "battery_below_15": QCoreApplication.translate(
            "commands", "The battery is at or below 15 %."
        ),
    }.get(condition, condition)


def outcome_text(command: dict) -> str:
    """State plus, for a failure, exactly which conditions were not met."""
    text = state_label(command)
    unmet = command.get("unmet") or []
    if unmet:
        return text + ": " + " ".join(unmet_sentence(u) for u in unmet)
    if command.get("reason") and command.get("state") in ("failed", "rejected"):
        return f"{text}: {command['reason']}"
    return text


def readiness_text(kind: str, state: dict | None) -> tuple[str, bool]:
    """What the live status says about ``kind``'s R24/R25 conditions before sending,
    and whether all of them are met. ``state`` is the van's status plus the command's
    own parameters; the rule is the very one the van applies (domain.preconditions)."""
    if kind == commands.START_CHARGING:
        title = QCoreApplication.translate("commands", "Charging")
        rule, every = preconditions.charging_unmet, preconditions.CHARGING_CONDITIONS
    else:
        title = QCoreApplication.translate("commands", "Pre-conditioning")
        rule = preconditions.preconditioning_unmet
        every = preconditions.PRECONDITIONING_CONDITIONS
    if not state or (state.get("ts") is None and state.get("ts_epoch") is None):
        return title + ": " + QCoreApplication.translate(
            "commands", "No status from this van yet; it checks the conditions itself."
        ), False
    unmet = rule(state)
    unknown = preconditions.unknown(state, every)  # missing data is not "met"
    failing = [c for c in unmet if c not in unknown]
    parts = []
    if failing:
        parts.append(
            QCoreApplication.translate("commands", "Not met now:")
            + " "
            + " ".join(unmet_sentence(c) for c in failing)
        )
    if unknown:
        parts.append(
            QCoreApplication.translate("commands", "Not known until live data arrives:")
            + " "
            + " ".join(unmet_sentence(c) for c in unknown)
        )
    if not parts:
        return title + ": " + QCoreApplication.translate(
            "commands", "All conditions are met now."
        ), True
    return title + ": " + " ".join(parts), False
