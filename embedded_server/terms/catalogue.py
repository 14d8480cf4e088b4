"""The terms documents shipped with the embedded portal (R21), in English and Swedish.

Publishing a changed text means adding a version (``service.publish``): users then have
to accept it again before their next order."""

from __future__ import annotations

from typing import Any

TERMS: list[dict[str, Any]] = [
    {"id": "general", "version": 1,
     "title": "General terms of use", "title_sv": "Allmänna användarvillkor",
     "body": "The MPRO portal and desktop program are provided to the company account and "
             "its users for managing their own vehicles. Users keep their credentials "
             "secret and act within the roles their administrator gave them.",
     "body_sv": "MPRO-portalen och skrivbordsprogrammet tillhandahålls företagskontot och "
                "dess användare för att hantera de egna fordonen. Användare håller sina "
                "inloggningsuppgifter hemliga och agerar inom de roller administratören gett."},
    {"id": "data_processing", "version": 1,
     "title": "Data processing agreement", "title_sv": "Personuppgiftsbiträdesavtal",
     "body": "Positions, trips and vehicle data may relate to drivers. The company is the "
             "controller; MPRO processes the data only to provide the ordered services and "
             "deletes it as the service terms describe (GDPR art. 28).",
     "body_sv": "Positioner, resor och fordonsdata kan avse förare. Företaget är "
                "personuppgiftsansvarigt; MPRO behandlar uppgifterna endast för att leverera "
                "de beställda tjänsterna och raderar dem enligt tjänstevillkoren (GDPR art. 28)."},
    {"id": "subscription", "version": 1,
     "title": "Connectivity services and subscriptions",
     "title_sv": "Uppkopplade tjänster och abonnemang",
     "body": "A paid service is billed monthly per vehicle for the chosen term of 12, 24 or "
             "36 months. It can be ended at the end of its term; ending it at once does not "
             "refund the remaining term. The vehicle's module is active while it holds at "
             "least one active service.",
     "body_sv": "En betaltjänst faktureras månadsvis per fordon för vald period om 12, 24 "
                "eller 36 månader. Den kan sägas upp till periodens slut; avslutas den "
                "direkt återbetalas inte resterande period. Fordonets modul är aktiv så "
                "länge fordonet har minst en aktiv tjänst."},
    {"id": "remote_services", "version": 1,
     "title": "Remote services terms", "title_sv": "Villkor för fjärrtjänster",
     "body": "Remote commands (lock, unlock, charging, pre-conditioning) are sent only when "
             "the vehicle's conditions allow it. The user makes sure that nobody is put at "
             "risk by a remote command.",
     "body_sv": "Fjärrkommandon (låsa, låsa upp, laddning, förklimatisering) skickas bara när "
                "fordonets villkor tillåter det. Användaren ser till att ingen utsätts för "
                "risk av ett fjärrkommando."},
]
