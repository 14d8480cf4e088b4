"""Vehicle identification number rule (SPEC R16).

A VIN is 17 characters of the ISO 3779 alphabet: digits and Latin capitals except
I, O and Q (easily confused with 1 and 0). Input is normalised (surrounding and
inner blanks removed, upper-cased) before it is checked, so "wdb 906..." and
"WDB906..." are the same vehicle.
"""

from __future__ import annotations

from dataclasses import dataclass

VIN_LENGTH = 17
VIN_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
FORBIDDEN_LETTERS = frozenset("IOQ")


class InvalidVin(ValueError):
    """Raised by :func:`normalize_vin`; ``reason`` is a stable machine word."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class VinCheck:
    """Outcome of checking a possibly incomplete VIN, for live validation in forms."""

    normalized: str
    valid: bool
    reason: str | None = (
        None  # 'empty' | 'too_short' | 'too_long' | 'forbidden_letter' | 'bad_character'
    )
    message: str | None = None
    bad_position: int | None = None  # 0-based index into ``normalized``


def check_vin(raw: str) -> VinCheck:
    """Check ``raw`` without raising; the message is English and safe to show or translate."""
    vin = "".join(raw.split()).upper()
    if not vin:
        return VinCheck(vin, False, "empty", "Enter the 17-character VIN.")
    for i, ch in enumerate(vin):
        if ch in FORBIDDEN_LETTERS:
            return VinCheck(
                vin,
                False,
                "forbidden_letter",
                f"A VIN never contains the letter {ch} (position {i + 1}); "
                "I, O and Q are not used so they cannot be confused with 1 and 0.",
                i,
            )
        if ch not in VIN_ALPHABET:
            return VinCheck(
                vin,
                False,
                "bad_character",
                f"'{ch}' at position {i + 1} is not allowed; a VIN has only digits and letters.",
                i,
            )
    if len(vin) < VIN_LENGTH:
        return VinCheck(
            vin, False, "too_short", f"A VIN has 17 characters; this one has {len(vin)}."
        )
    if len(vin) > VIN_LENGTH:
        return VinCheck(
            vin, False, "too_long", f"A VIN has 17 characters; this one has {len(vin)}."
        )
    return VinCheck(vin, True)


def normalize_vin(raw: str) -> str:
    """Return the canonical VIN or raise :class:`InvalidVin`."""
    if not isinstance(raw, str):
        raise InvalidVin("bad_character", "A VIN must be text.")
    result = check_vin(raw)
    if not result.valid:
        assert result.reason is not None and result.message is not None
        raise InvalidVin(result.reason, result.message)
    return result.normalized


def is_valid_vin(raw: str) -> bool:
    return check_vin(raw).valid
