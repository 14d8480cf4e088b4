"""Support contacts per country (SPEC R27), from a JSON file a market can edit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

CONTACTS_FILE = Path(str(files("mpro_resources") / "support_contacts.json"))


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


def contacts_for(country: str | None, path: Path = CONTACTS_FILE) -> dict[str, Contact]:
    """``{"support": Contact, "wallbox": Contact}`` for the country, else the default."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data.get((country or "").upper()) or data["default"]
    merged = {**data["default"], **entry}
    return {kind: Contact(**merged[kind]) for kind in ("support", "wallbox")}
