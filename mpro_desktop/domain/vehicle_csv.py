"""Vehicle lists as CSV files: reading an import, writing an export (SPEC R16, issue 11).

An import is read in two steps, both plain Python (the dialog runs them off the UI
thread): :func:`read_table` turns the file's bytes into rows of text, or raises
:class:`CsvFileError` with a stable ``code`` for a file that is no table we can read;
:func:`plan_import` checks every row against the vehicle rules (VIN: ``domain.vin``;
field lengths: ``domain.vehicles``) and against the fleet, and says which rows can be
added and why the others are skipped. Nothing is written here.

What files come in: Excel on a Swedish Windows saves "CSV (semicolon separated)" in
Windows-1252 with ``;`` between fields (the comma is the decimal mark there); "CSV
UTF-8" adds a byte-order mark; "Unicode text" is UTF-16 with tabs. All of these are
read; the separator is taken from the header line.

Exports (:func:`write_csv`) are UTF-8 with a byte-order mark, so Excel shows å, ä, ö
right when the file is double-clicked. Excel splits a double-clicked file at the
*locale's* list separator, so the caller passes ``;`` where the decimal mark is a comma
(Swedish) and ``,`` elsewhere; the importer reads either, so an export imports again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC
from mpro_desktop.domain.vehicles import MODEL_MAX, NAME_MAX, PLATE_MAX
from mpro_desktop.domain.vin import check_vin

#: Larger files are refused before they are read (≈ 50,000 vans of typical rows; the
#: number of vehicles is unlimited, R16/Q31: split a bigger list into several files).
MAX_FILE_BYTES = 5 * 1024 * 1024
#: A field longer than this is no vehicle data (the csv module's own limit is 128 KiB).
MAX_FIELD_CHARS = 1000
SEPARATORS = (";", ",", "\t")

#: column -> the header names accepted for it (compared lower-cased, blanks removed)
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "vin": ("vin", "chassisnummer", "chassinummer", "vehicleidentificationnumber"),
    "name": ("name", "namn", "vehiclename", "fordonsnamn"),
    "license_plate": (
        "license_plate",
        "licenseplate",
        "licence_plate",
        "licenceplate",
        "plate",
        "registration",
        "registreringsnummer",
        "regnr",
        "reg.nr",
        "registrering",
    ),
    "fuel_type": ("fuel_type", "fueltype", "fuel", "drivmedel", "bränsle", "drivlina"),
    "model": ("model", "modell"),
}
REQUIRED = ("vin",)

#: cell text (lower case) -> fuel type; an empty cell is diesel (the portal's default)
FUEL_WORDS: Mapping[str, str] = {
    "": FUEL_DIESEL,
    "diesel": FUEL_DIESEL,
    "electric": FUEL_ELECTRIC,
    "ev": FUEL_ELECTRIC,
    "evan": FUEL_ELECTRIC,
    "el": FUEL_ELECTRIC,
    "elektrisk": FUEL_ELECTRIC,
    "elbil": FUEL_ELECTRIC,
}

#: The import report's reason codes (the dialog words them; the VIN reasons are
#: ``domain.vin``'s own: empty, too_short, too_long, forbidden_letter, bad_character).
DUPLICATE_IN_FILE = "duplicate_in_file"
IN_FLEET = "in_fleet"
NAME_TOO_LONG = "name_too_long"
PLATE_TOO_LONG = "plate_too_long"
MODEL_TOO_LONG = "model_too_long"
UNKNOWN_FUEL = "unknown_fuel"
TOO_MANY_FIELDS = "too_many_fields"


class CsvFileError(ValueError):
    """The file is no table we can read; ``code`` says why (the dialog words it):
    ``too_large``, ``empty``, ``spreadsheet``, ``not_text``, ``encoding``, ``not_csv``, ``no_header``,
    ``missing_columns`` (``columns``), ``field_too_long`` (``line``), ``no_rows``."""

    def __init__(
        self, code: str, detail: str, *, line: int | None = None, columns: Sequence[str] = ()
    ) -> None:
        super().__init__(detail)
        self.code, self.detail, self.line, self.columns = code, detail, line, tuple(columns)


@dataclass(frozen=True, slots=True)
class Table:
    """A decoded file: the header, the data rows with their line numbers in the file."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str
    separator: str


@dataclass(frozen=True, slots=True)
class VehicleRow:
    """One row that can be added: the values ``outbox.add_vehicles`` takes."""

    line: int
    vin: str
    name: str | None = None
    license_plate: str | None = None
    fuel_type: str = FUEL_DIESEL
    model: str | None = None

    def values(self) -> dict:
        return {
            "vin": self.vin,
            "name": self.name,
            "license_plate": self.license_plate,
            "fuel_type": self.fuel_type,
            "model": self.model,
        }


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why the row on ``line`` is skipped: ``reason`` a code above; ``vin`` as read;
    ``position`` (0-based, VIN reasons), ``other_line`` (duplicates), ``value``."""

    line: int
    vin: str
    reason: str
    position: int | None = None
    other_line: int | None = None
    value: str = ""
    #: the row's name and plate as read (so the user finds the row in the preview)
    name: str = ""
    license_plate: str = ""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    valid: tuple[VehicleRow, ...]
    problems: tuple[RowProblem, ...]
    encoding: str
    separator: str
    #: header names that are no column we know (their cells are not imported)
    ignored_columns: tuple[str, ...] = ()
    blank_lines: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.problems)


# -- reading the file ------------------------------------------------------------------

#: Excel workbooks (.xlsx is a zip, old .xls an OLE file): "save it as CSV" helps.
_SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
#: Other files people pick by mistake: PDF, PNG, JPEG, GIF.
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with: UTF-16 or UTF-8 by their
    byte-order mark, else UTF-8, else Windows-1252 (Excel's "CSV" on Swedish Windows)."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError("too_large", f"The file is larger than {MAX_FILE_BYTES} bytes.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise CsvFileError("encoding", f"Not valid UTF-16: {exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            raise CsvFileError("encoding", f"Marked as UTF-8 but is not: {exc}") from None
    if data.startswith(_SPREADSHEET_SIGNATURES):
        raise CsvFileError("spreadsheet", "An Excel workbook, not a CSV file.")
    if b"\x00" in data[:4096] or data.startswith(_BINARY_SIGNATURES):
        raise CsvFileError("not_text", "The file is not text (a spreadsheet, image, archive?).")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvFileError("encoding", "Neither UTF-8 nor Windows-1252 text.") from None
    return text, "Windows-1252"


def _looks_binary(text: str) -> bool:
    """Control characters other than tab and line ends: bytes that are no text."""
    sample = text[:65536]
    bad = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    return bad > max(2, len(sample) // 1000)


def _separator(header_line: str) -> str:
    counts = {s: header_line.count(s) for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def read_table(data: bytes) -> Table:
    """Decode ``data`` and split it into a header and rows (see the module docstring)."""
    text, encoding = decode(data)
    if not text.strip():
        raise CsvFileError("empty", "The file is empty.")
    if "\x00" in text or _looks_binary(text):
        raise CsvFileError("not_text", "The file is not text.")
    first = text.lstrip("\r\n").split("\n", 1)[0]
    separator = _separator(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    line_end = 0
    try:
        for cells in reader:
            # the record's first line (a quoted value may span several)
            line, line_end = line_end + 1, reader.line_num
            if any(len(c) > MAX_FIELD_CHARS for c in cells):
                raise CsvFileError("field_too_long", "A field is too long.", line=line)
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = tuple(c.strip() for c in cells)
                continue
            rows.append((line, tuple(cells)))
    except csv.Error as exc:
        raise CsvFileError("not_csv", f"Not a CSV table: {exc}", line=reader.line_num) from None
    if header is None:
        raise CsvFileError("no_header", "No header line.")
    return Table(header, tuple(rows), encoding, separator)


def _key(name: str) -> str:
    return "".join(name.split()).lower()


def column_map(header: Sequence[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Our column -> its index in ``header``; and the header names we do not know.
    Raises ``missing_columns`` when a required column is not there."""
    known = {alias: col for col, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        col = known.get(_key(name))
        if col is None or col in found:
            if name.strip():
                ignored.append(name.strip())
            continue
        found[col] = i
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise CsvFileError("missing_columns", "Required columns are missing.", columns=missing)
    return found, tuple(ignored)


# -- checking the rows -------------------------------------------------------------------


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return " ".join(cells[index].split())


def plan_import(table: Table, fleet_vins: Iterable[str]) -> ImportPlan:
    """Which rows of ``table`` can be added to a fleet that has ``fleet_vins``, and why
    each other row is skipped (its first problem; a duplicate names the earlier line)."""
    columns, ignored = column_map(table.header)
    fleet = set(fleet_vins)
    seen: dict[str, int] = {}
    valid: list[VehicleRow] = []
    problems: list[RowProblem] = []
    blank = 0
    width = len(table.header)
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            blank += 1  # Excel writes ";;;;" for rows that were once used
            continue
        raw_vin = _cell(cells, columns["vin"])
        seen_as = {
            "name": _cell(cells, columns.get("name")),
            "license_plate": _cell(cells, columns.get("license_plate")),
        }
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(
                RowProblem(line, raw_vin, TOO_MANY_FIELDS, value=str(len(cells)), **seen_as)
            )
            continue
        check = check_vin(raw_vin)
        if not check.valid:
            problems.append(
                RowProblem(
                    line,
                    raw_vin,
                    check.reason or "bad_character",
                    position=check.bad_position,
                    **seen_as,
                )
            )
            continue
        vin = check.normalized
        if vin in seen:
            problems.append(
                RowProblem(line, vin, DUPLICATE_IN_FILE, other_line=seen[vin], **seen_as)
            )
            continue
        seen[vin] = line
        if vin in fleet:
            problems.append(RowProblem(line, vin, IN_FLEET, **seen_as))
            continue
        name = _cell(cells, columns.get("name"))
        plate = _cell(cells, columns.get("license_plate"))
        model = _cell(cells, columns.get("model"))
        fuel_word = _cell(cells, columns.get("fuel_type")).lower()
        problem = next(
            (
                RowProblem(line, vin, reason, value=value, **seen_as)
                for reason, value, bad in (
                    (NAME_TOO_LONG, name, len(name) > NAME_MAX),
                    (PLATE_TOO_LONG, plate, len(plate) > PLATE_MAX),
                    (MODEL_TOO_LONG, model, len(model) > MODEL_MAX),
                    (UNKNOWN_FUEL, fuel_word, fuel_word not in FUEL_WORDS),
                )
                if bad
            ),
            None,
        )
        if problem is not None:
            problems.append(problem)
            continue
        valid.append(
            VehicleRow(line, vin, name or None, plate or None, FUEL_WORDS[fuel_word], model or None)
        )
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.reason] = counts.get(p.reason, 0) + 1
    return ImportPlan(
        tuple(valid), tuple(problems), table.encoding, table.separator, ignored, blank, counts
    )


def plan_file(data: bytes, fleet_vins: Iterable[str]) -> ImportPlan:
    """:func:`read_table` then :func:`plan_import`; ``no_rows`` for a header alone."""
    table = read_table(data)
    plan = plan_import(table, fleet_vins)
    if plan.total == 0:
        raise CsvFileError("no_rows", "The file has a header but no vehicles.")
    return plan


# -- writing ---------------------------------------------------------------------------


def write_csv(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, separator: str = ","
) -> bytes:
    """A CSV file as Excel opens it: UTF-8 with a byte-order mark, CRLF line ends, every
    field that needs it quoted. ``None`` is an empty cell."""
    if separator not in SEPARATORS:
        raise ValueError(f"unknown separator {separator!r}")
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe_cell(str(v)) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _safe_cell(text: str) -> str:
    """A cell Excel will not run as a formula (CSV injection: =, +, -, @ at the start)."""
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-\d+(?:[.,]\d+)?", text) is not None
