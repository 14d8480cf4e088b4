"""Reading vehicle lists from CSV (issue 11, SPEC R16): files as people and Excel write
them, each bad file with its own code, each bad row with its reason and line."""

from __future__ import annotations

import csv
import io
import os

import pytest

from mpro_desktop.domain import vehicle_csv as vc

VIN_A = "W1V9076351P123456"
VIN_B = "WDB9066351S765432"
VIN_C = "W1V44770313987654"


def _plan(text: str, fleet=(), encoding="utf-8") -> vc.ImportPlan:
    return vc.plan_file(text.encode(encoding), fleet)


def test_comma_file_with_every_column():
    plan = _plan(
        "vin,name,license_plate,fuel_type,model\n"
        f"{VIN_A},Van 1,ABC 123,diesel,Sprinter\n"
        f"{VIN_B},eVan 2,DEF 456,electric,eSprinter\n"
    )
    assert plan.separator == "," and plan.encoding == "UTF-8"
    assert [r.values() for r in plan.valid] == [
        {
            "vin": VIN_A,
            "name": "Van 1",
            "license_plate": "ABC 123",
            "fuel_type": "diesel",
            "model": "Sprinter",
        },
        {
            "vin": VIN_B,
            "name": "eVan 2",
            "license_plate": "DEF 456",
            "fuel_type": "electric",
            "model": "eSprinter",
        },
    ]
    assert [r.line for r in plan.valid] == [2, 3]
    assert plan.problems == ()


def test_swedish_excel_semicolons_windows_1252_and_swedish_headers():
    # Excel "CSV (semikolonavgränsad)" on a Swedish Windows: cp1252, ';', CRLF
    text = f"VIN;Namn;Regnr;Drivmedel\r\n{VIN_A};Skåpbil Örebro;ÅÄÖ 123;El\r\n;;;\r\n"
    plan = vc.plan_file(text.encode("cp1252"), [])
    assert plan.separator == ";" and plan.encoding == "Windows-1252"
    assert plan.valid[0].name == "Skåpbil Örebro"
    assert plan.valid[0].license_plate == "ÅÄÖ 123"
    assert plan.valid[0].fuel_type == "electric"
    assert plan.blank_lines == 1  # Excel's ";;;" rows are no vehicles and no errors


def test_utf8_bom_and_utf16_tab_files():
    plan = vc.plan_file(b"\xef\xbb\xbf" + f"VIN;Namn\n{VIN_A};Bil å\n".encode(), [])
    assert plan.encoding == "UTF-8" and plan.valid[0].name == "Bil å"
    assert vc.read_table(b"\xef\xbb\xbfVIN\n").header == ("VIN",)  # the BOM is no header text
    utf16 = f"VIN\tName\r\n{VIN_A}\tVan ö\r\n".encode("utf-16")
    plan = vc.plan_file(utf16, [])
    assert plan.encoding == "UTF-16" and plan.separator == "\t"
    assert plan.valid[0].name == "Van ö"


def test_each_bad_row_has_its_reason_and_file_line():
    text = (
        "vin,name,license_plate,fuel_type\n"
        f"{VIN_A},ok,,\n"  # 2 ok
        "W1V9O76351P123456,forbidden O,,\n"  # 3
        "W1V907635,short,,\n"  # 4
        ",no vin,,\n"  # 5
        f"{VIN_A.lower()},again,,\n"  # 6 same as line 2 once normalised
        f"{VIN_B},{'x' * 101},,\n"  # 7 name too long
        f"{VIN_C},plate,{'P' * 21},\n"  # 8 plate too long
        "WDB9066351S000001,fuel,,petrol\n"  # 9
        "WDB9066351S000002,in fleet,,\n"  # 10
        '"WDB9066351S000003","quoted, with comma",,\n'  # 11 ok
        "WDB9066351S000004,a,b,diesel,extra\n"  # 12
        "W1V9076351P12345$,dollar,,\n"  # 13
    )
    plan = _plan(text, fleet=["WDB9066351S000002"])
    assert [r.line for r in plan.valid] == [2, 11]
    assert plan.valid[1].name == "quoted, with comma"
    got = {p.line: p.reason for p in plan.problems}
    assert got == {
        3: "forbidden_letter",
        4: "too_short",
        5: "empty",
        6: vc.DUPLICATE_IN_FILE,
        7: vc.NAME_TOO_LONG,
        8: vc.PLATE_TOO_LONG,
        9: vc.UNKNOWN_FUEL,
        10: vc.IN_FLEET,
        12: vc.TOO_MANY_FIELDS,
        13: "bad_character",
    }
    by_line = {p.line: p for p in plan.problems}
    assert by_line[3].position == 4
    assert by_line[6].other_line == 2
    assert by_line[9].value == "petrol"
    assert by_line[9].name == "fuel" and by_line[8].license_plate == "P" * 21
    assert plan.counts[vc.IN_FLEET] == 1 and plan.total == 12


def test_line_numbers_count_lines_of_quoted_values_with_newlines():
    text = f'vin,name\n{VIN_A},"two\nlines"\nbad,x\n'
    plan = _plan(text)
    assert plan.valid[0].line == 2 and plan.valid[0].name == "two lines"
    assert plan.problems[0].line == 4  # the line the user sees in a text editor


def test_unknown_columns_are_named_and_ignored():
    plan = _plan(f"VIN,Colour,Name\n{VIN_A},red,Van\n")
    assert plan.ignored_columns == ("Colour",)
    assert plan.valid[0].name == "Van"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\r\n  \r\n", "empty"),
        (b"name,plate\nVan,ABC\n", "missing_columns"),
        (b"VIN\n", "no_rows"),
        (b"PK\x03\x04" + os.urandom(200), "spreadsheet"),  # an .xlsx
        (b"\xd0\xcf\x11\xe0" + os.urandom(200), "spreadsheet"),  # an old .xls
        (b"%PDF-1.7\n" + os.urandom(200), "not_text"),
        (b"vin\n\x00\x01\x02" * 50, "not_text"),
        (b"\xef\xbb\xbfvin\n\xff\xfe\n", "encoding"),  # marked UTF-8, is not
        (b"vin,name\n" + VIN_A.encode() + b',"' + b"x" * 5000 + b"\n", "field_too_long"),
    ],
)
def test_bad_files_have_a_specific_code(data, code):
    with pytest.raises(vc.CsvFileError) as err:
        vc.plan_file(data, [])
    assert err.value.code == code


def test_missing_columns_names_the_column():
    with pytest.raises(vc.CsvFileError) as err:
        vc.plan_file(b"Name;Plate\nVan;ABC\n", [])
    assert err.value.columns == ("vin",)


def test_ten_megabytes_of_garbage_is_refused_unread_as_too_large():
    with pytest.raises(vc.CsvFileError) as err:
        vc.decode(os.urandom(10 * 1024 * 1024))
    assert err.value.code == "too_large"


def test_random_bytes_below_the_limit_are_not_text():
    data = bytes(range(256)) * 4000  # ~1 MB with every byte value
    with pytest.raises(vc.CsvFileError) as err:
        vc.plan_file(data, [])
    assert err.value.code in ("not_text", "encoding")


def test_ten_thousand_rows():
    rows = "\n".join(f"WDB1234561P{i:06d};Van {i}" for i in range(10_000))
    plan = vc.plan_file(f"VIN;Namn\n{rows}\n".encode(), [])
    assert len(plan.valid) == 10_000 and plan.problems == ()
    assert plan.valid[-1].line == 10_001


def test_export_is_utf8_with_bom_and_imports_again():
    data = vc.write_csv(
        ["vin", "name", "license_plate", "fuel_type"],
        [[VIN_A, "Skåpbil; Örebro", "ÅÄÖ 1", "electric"], [VIN_B, None, "", "diesel"]],
        separator=";",
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    plan = vc.plan_file(data, [])
    assert plan.valid[0].name == "Skåpbil; Örebro" and plan.valid[0].fuel_type == "electric"
    assert plan.valid[1].name is None


def test_export_cells_are_never_formulas():
    data = vc.write_csv(["a"], [["=HYPERLINK(1)"], ["+1"], ["@x"], ["-12,5"], ["-x"]])
    cells = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))][1:]
    assert cells == ["'=HYPERLINK(1)", "'+1", "'@x", "-12,5", "'-x"]
