"""Words for remote commands, their states and unmet preconditions (R23–R25)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def command_label(kind: str) -> str:
    t = QCoreApplication.translate
    return {
        "lock": t("commands", "Lock"),
        "unlock": t("commands", "Unlock"),
        "start_charging": t("commands", "Start charging"),
        "stop_charging": t("commands", "Stop charging"),
        "start_preconditioning": t("commands", "Start pre-conditioning"),
        "stop_preconditioning": t("commands", "Stop pre-conditioning"),
        "set_departure_time": t("commands", "Set departure time"),
    }.get(kind, kind)


def state_label(command: dict) -> str:
    t = QCoreApplication.translate
    if command.get("pending"):
        return t("commands", "Waiting to be sent")
    return {
        "queued": t("commands", "Queued"),
        "delivered": t("commands", "Delivered to the van"),
        "executed": t("commands", "Done"),
        "failed": t("commands", "Failed"),
        "expired": t("commands", "Expired (not delivered in time)"),
        "rejected": t("commands", "Refused by the portal"),
    }.get(command.get("state") or "", command.get("state") or "")


def unmet_sentence(condition: str) -> str:
    """One sentence per R24/R25 condition word (see domain.preconditions)."""
    t = QCoreApplication.translate
    return {
        "plug_not_connected": t(
            "commands", "The charging plug is not inserted, locked and connected to the supply."
        ),
        "hood_open": t("commands", "The hood is open."),
        "gear_not_park": t("commands", "The gear selector is not in P."),
        "not_identified_rfid": t(
            "commands", "The van was not identified by RFID card at the station."
        ),
        "not_enough_time": t("commands", "There is not enough time left to charge."),
        "doors_or_windows_open": t("commands", "A door or window is open."),
        "no_departure_time": t("commands", "No start or departure time is set."),
        "temperature_already_reached": t(
            "commands", "The cabin temperature set equals the outside temperature."
        ),
        "battery_below_15": t("commands", "The battery is at or below 15 %."),
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
