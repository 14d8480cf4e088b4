"""The dealer counter's rules as plain data and functions (R4, R11, R12).

Read by the portal (which enforces them) and the desktop (which can show a mismatch
field by field as the dealer types).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Final

#: R11: the fields of an ID document compared with the user's stored data, in order
IDENTITY_FIELDS: Final = ("first_name", "last_name", "birth_date")
#: R12: a support session lasts this long unless the portal is configured otherwise
SUPPORT_SESSION_DEFAULT_S: Final = 3600


def name_key(name: str) -> str:
    """A name as R11 compares it: Unicode NFC (a precomposed "é" equals "e" + U+0301),
    case folded ("ß" equals "SS"), whitespace trimmed and runs of it collapsed."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(folded.split())


def identity_mismatches(
    stored: tuple[str, str, dt.date | None], document: tuple[str, str, dt.date]
) -> list[str]:
    """The IDENTITY_FIELDS in which ``document`` (first, last, birth date) differs from the
    user's ``stored`` data: names by :func:`name_key`, the birth date exactly (a user
    without one never matches)."""
    (first, last, born), (doc_first, doc_last, doc_born) = stored, document
    out = []
    if name_key(first) != name_key(doc_first):
        out.append("first_name")
    if name_key(last) != name_key(doc_last):
        out.append("last_name")
    if born is None or born != doc_born:
        out.append("birth_date")
    return out
