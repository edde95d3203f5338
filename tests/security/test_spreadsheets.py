"""A CSV cell a spreadsheet would run as a formula is made inert; numbers and ordinary
text are left exactly as they were."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawful.security.spreadsheets import safe_cell, safe_row


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://example.invalid", "click")',
        "@SUM(A1:A2)",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_formula_is_quoted(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["+447700900123", "-12.5", "+44 7700 900123", "Ann Example", "", "O'Brien"]
)
def test_numbers_and_text_are_left_alone(cell):
    assert safe_cell(cell) == cell


def test_values_that_are_not_text_are_left_alone():
    assert safe_row([1, None, 2.5, "=1"]) == [1, None, 2.5, "'=1"]


@given(st.text())
def test_no_cell_starts_a_formula_and_none_loses_its_text(text):
    cell = safe_cell(text)
    assert cell in (text, "'" + text)
    assert cell[:1] not in ("=", "@", "\t", "\r")
    if cell[:1] in ("+", "-"):
        # only a number may start so: digits, spaces and points, nothing a formula calls
        assert set(cell[1:]) <= set("0123456789 .")
