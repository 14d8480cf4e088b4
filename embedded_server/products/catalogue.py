"""The product catalogue (R19) shipped with the embedded portal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

FLEET_MANAGEMENT = "fleet_management"

#: term ids (``terms`` table, ``embedded_server/terms/catalogue.py``)
GENERAL, DATA, SUBSCRIPTION, REMOTE = "general", "data_processing", "subscription", "remote_services"


def _sek(*monthly: str) -> dict[str, str]:
    """Monthly price per vehicle for 12, 24 and 36 months (a longer term is cheaper), as
    exact decimal text (stored so in a JSON column)."""
    return {str(t): str(Decimal(p)) for t, p in zip((12, 24, 36), monthly, strict=True)}


def _free(pid: str, name: str, description: str) -> dict[str, Any]:
    return {"id": pid, "name": name, "description": description, "price": Decimal("0"),
            "currency": "SEK", "term_months": 0, "term_prices": {}, "free": True,
            "required_terms": [GENERAL], "package_of": [], "requires_evan": False,
            "requires_comm_module": False}


def _paid(pid: str, name: str, description: str, prices: dict[str, str], terms: list[str],
          *, evan: bool = False, package_of: list[str] | None = None) -> dict[str, Any]:
    return {"id": pid, "name": name, "description": description, "price": Decimal(prices["12"]),
            "currency": "SEK", "term_months": 12, "term_prices": prices, "free": False,
            "required_terms": terms, "package_of": package_of or [], "requires_evan": evan,
            "requires_comm_module": True}


#: ``price`` is the monthly price per vehicle at the 12-month term (``term_months``);
#: ``term_prices`` the monthly price per vehicle for each term sold (R19, pricing.py)
CATALOGUE: list[dict[str, Any]] = [
    _free("portal", "Portal",
          "Company account, users and roles, the dashboard and the audit log."),
    _free("vehicle_administration", "Vehicle administration",
          "Add vehicles by VIN, edit and remove them, import and export lists."),
    _paid(FLEET_MANAGEMENT, "Fleet management",
          "Live positions, fuel level or charge state, maintenance overview.",
          _sek("149.00", "139.00", "129.00"), [GENERAL, SUBSCRIPTION, DATA]),
    _paid("digital_logbook", "Digital logbook",
          "Automatic trip log for business and private journeys.",
          _sek("89.00", "84.00", "79.00"), [GENERAL, SUBSCRIPTION, DATA]),
    _paid("remote_services", "Remote services",
          "Remote commands: lock and unlock; on eVans start/stop charging, "
          "pre-conditioning and departure time.",
          _sek("59.00", "55.00", "49.00"), [GENERAL, SUBSCRIPTION, REMOTE]),
    _paid("vehicle_status", "Vehicle status",
          "Tyre pressures, doors, windows and lock state.",
          _sek("49.00", "45.00", "42.00"), [GENERAL, SUBSCRIPTION]),
    _paid("evan_charge", "eVan charge management and pre-conditioning",
          "Charging schedules, charge limits and cabin pre-conditioning for electric vans.",
          _sek("79.00", "74.00", "69.00"), [GENERAL, SUBSCRIPTION], evan=True),
    _paid("data_interface", "Data interface",
          "rFMS-style read access for third-party fleet systems.",
          _sek("99.00", "94.00", "89.00"), [GENERAL, SUBSCRIPTION, DATA]),
    _paid("fleet_pro", "Fleet Pro package",
          "Fleet management, Digital logbook and Vehicle status at a package price.",
          _sek("239.00", "225.00", "209.00"), [GENERAL, SUBSCRIPTION, DATA],
          package_of=[FLEET_MANAGEMENT, "digital_logbook", "vehicle_status"]),
    _paid("evan_complete", "eVan complete package",
          "Fleet management, Remote services and eVan charge management at a package price.",
          _sek("229.00", "215.00", "199.00"), [GENERAL, SUBSCRIPTION, DATA, REMOTE], evan=True,
          package_of=[FLEET_MANAGEMENT, "remote_services", "evan_charge"]),
]

#: The languages the catalogue is written in; the first is the one stored in the
#: database and answered when a client asks for none of them.
LANGUAGES = ("en", "sv")

#: Name and description per product in the languages other than the stored one.
LOCALISED: dict[str, dict[str, tuple[str, str]]] = {
    "sv": {
        "portal": ("Portalen",
                   "Företagskonto, användare och roller, översikten och granskningsloggen."),
        "vehicle_administration": ("Fordonsadministration",
                                   "Lägg till fordon med VIN, redigera och ta bort dem, "
                                   "importera och exportera listor."),
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
        "evan_charge": ("Laddhantering och förklimatisering för eVan",
                        "Laddscheman, laddgränser och förklimatisering av hytten för "
                        "elektriska skåpbilar."),
        "data_interface": ("Datagränssnitt",
                           "Läsåtkomst i rFMS-stil för andra företags flottsystem."),
        "fleet_pro": ("Paketet Fleet Pro",
                      "Flotthantering, Digital körjournal och Fordonsstatus till paketpris."),
        "evan_complete": ("Paketet eVan komplett",
                          "Flotthantering, Fjärrtjänster och Laddhantering för eVan till "
                          "paketpris."),
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
