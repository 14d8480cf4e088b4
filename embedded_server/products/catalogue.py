"""The product catalogue (R19) shipped with the embedded portal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

FLEET_MANAGEMENT = "fleet_management"

CATALOGUE: list[dict[str, Any]] = [
    {"id": "portal", "name": "Portal & Vehicle administration",
     "description": "Company account, users, roles and vehicle administration.",
     "price": Decimal("0"), "currency": "SEK", "term_months": 0, "free": True,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": False},
    {"id": FLEET_MANAGEMENT, "name": "Fleet management",
     "description": "Live positions, fuel level or charge state, maintenance overview.",
     "price": Decimal("149.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
    {"id": "digital_logbook", "name": "Digital logbook",
     "description": "Automatic trip log for business and private journeys.",
     "price": Decimal("89.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
    {"id": "remote_services", "name": "Remote services",
     "description": "Remote commands: lock and unlock; on eVans start/stop charging, "
                    "pre-conditioning and departure time.",
     "price": Decimal("59.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": True},
    {"id": "vehicle_status", "name": "Vehicle status",
     "description": "Tyre pressures, doors, windows and lock state.",
     "price": Decimal("49.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": True},
    {"id": "evan_charge", "name": "eVan charge management",
     "description": "Charging and pre-conditioning for electric vans.",
     "price": Decimal("79.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": True, "requires_comm_module": True},
    {"id": "data_interface", "name": "Data interface",
     "description": "rFMS-style read access for third-party fleet systems.",
     "price": Decimal("99.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
]

#: The languages the catalogue is written in; the first is the one stored in the
#: database and answered when a client asks for none of them.
LANGUAGES = ("en", "sv")

#: Name and description per product in the languages other than the stored one.
LOCALISED: dict[str, dict[str, tuple[str, str]]] = {
    "sv": {
        "portal": ("Portal och fordonsadministration",
                   "Företagskonto, användare, roller och administration av fordon."),
        FLEET_MANAGEMENT: ("Flotthantering",
                           "Positioner i realtid, bränslenivå eller laddningsnivå, "
                           "översikt över underhåll."),
        "digital_logbook": ("Digital körjournal",
                            "Automatisk körjournal för tjänste- och privatresor."),
        "remote_services": ("Fjärrtjänster",
                            "Fjärrkommandon: låsa och låsa upp; på eVans starta/stoppa "
                            "laddning, förklimatisering och avgångstid."),
        "vehicle_status": ("Fordonsstatus",
                           "Däcktryck, dörrar, fönster och låsstatus."),
        "evan_charge": ("Laddhantering för eVan",
                        "Laddning och förklimatisering för elektriska skåpbilar."),
        "data_interface": ("Datagränssnitt",
                           "Läsåtkomst i rFMS-stil för andra företags flottsystem."),
    },
}


def language(accept_language: str | None) -> str:
    """The catalogue language an ``Accept-Language`` header asks for (RFC 9110: the
    highest q-value among ours; ties by order; anything unreadable is ignored)."""
    best, best_q = LANGUAGES[0], 0.0
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


def localise(product: dict[str, Any], lang: str) -> dict[str, Any]:
    """``product`` (its JSON) with the name and description in ``lang`` where known."""
    text = LOCALISED.get(lang, {}).get(product.get("id", ""))
    if text is None:
        return product
    return {**product, "name": text[0], "description": text[1]}


def localise_changes(page: dict[str, Any], accept_language: str | None) -> dict[str, Any]:
    """A ``/changes`` page with its product entries in the asked language (the change
    log stores them in the first of :data:`LANGUAGES`)."""
    lang = language(accept_language)
    if lang == LANGUAGES[0]:
        return page
    page["changes"] = [
        {**c, "data": localise({"id": c["id"], **c["data"]}, lang)}
        if c.get("entity") == "product" and isinstance(c.get("data"), dict)
        else c
        for c in page["changes"]
    ]
    return page
