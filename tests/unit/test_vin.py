"""SPEC R16: the VIN rule, shared by portal and desktop."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpro_desktop.domain.vin import VIN_ALPHABET, InvalidVin, check_vin, normalize_vin


def test_normalises_case_and_blanks():
    assert normalize_vin(" w1v 9076351p123456 ") == "W1V9076351P123456"


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "empty"),
        ("W1V9076351P12345", "too_short"),
        ("W1V9076351P1234567", "too_long"),
        ("W1V9O76351P123456", "forbidden_letter"),
        ("W1V9I76351P123456", "forbidden_letter"),
        ("W1V9Q76351P123456", "forbidden_letter"),
        ("W1V9-76351P123456", "bad_character"),
        ("W1V9Ä76351P123456", "bad_character"),
    ],
)
def test_rejections_name_the_reason(raw, reason):
    with pytest.raises(InvalidVin) as exc:
        normalize_vin(raw)
    assert exc.value.reason == reason
    assert check_vin(raw).valid is False


def test_non_text_is_rejected():
    with pytest.raises(InvalidVin):
        normalize_vin(12345)  # type: ignore[arg-type]


@given(st.text(alphabet=sorted(VIN_ALPHABET), min_size=17, max_size=17))
def test_every_17_char_string_over_the_alphabet_is_valid(vin):
    assert normalize_vin(vin.lower()) == vin


@given(st.text(max_size=30))
def test_never_crashes_and_valid_means_canonical(raw):
    result = check_vin(raw)
    if result.valid:
        assert len(result.normalized) == 17 and set(result.normalized) <= VIN_ALPHABET
