"""Cell parsers: credit codes, money, dates, booleans and name keys.

Each parser either returns a value or raises ValueError; hypothesis checks that nothing
else ever escapes, whatever a spreadsheet cell holds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingap.loaders.booleans import parse_bool
from chaingap.loaders.creditcode import (
    CHARSET,
    credit_code_error,
    is_valid_credit_code,
    make_credit_code,
    normalise_credit_code,
    organisation_code_error,
    with_check_character,
)
from chaingap.loaders.dates import parse_date
from chaingap.graph.values import canonical_decimal
from chaingap.loaders.money import parse_money
from chaingap.ontology.vocab import normalise_name

RATES = {"USD": Decimal("7.1"), "EUR": Decimal("7.8")}


# --- credit codes -------------------------------------------------------------------

@pytest.mark.parametrize("code", [
    "91110000600037341L",  # a published code of a large bank
    make_credit_code("91", "321100", "MA1N2X3K"),
    make_credit_code("92", "321181", "L12345PQ"),
])
def test_valid_credit_codes_pass(code):
    assert credit_code_error(code) is None
    assert is_valid_credit_code(code)


@pytest.mark.parametrize("code, fragment", [
    ("91110000600037341X", "check character should be L"),
    ("9111000060003734", "16 characters, expected 18"),
    ("91110000600037341I", "contains I"),
    ("9111000060003734OL", "contains O"),
])
def test_invalid_credit_codes_say_why(code, fragment):
    assert fragment in credit_code_error(code)


def test_every_single_character_change_is_caught():
    """The mod-31 check catches any one substituted character."""
    code = make_credit_code("91", "321100", "MA1N2X3K")
    for position in range(18):
        for char in CHARSET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1:]
                assert credit_code_error(changed) is not None


def test_normalisation_accepts_spaces_full_width_and_lower_case():
    assert normalise_credit_code(" ９１１１０000 600037341l ") == "91110000600037341L"


def test_embedded_organisation_code_is_checked_separately():
    good = make_credit_code("91", "321100", "MA1N2X3K")
    assert organisation_code_error(good) is None
    bad = with_check_character(good[:16] + ("1" if good[16] != "1" else "2"))
    assert credit_code_error(bad) is None
    assert "organisation code" in organisation_code_error(bad)


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(max_size=30))
def test_credit_code_check_never_crashes(text):
    result = credit_code_error(normalise_credit_code(text))
    assert result is None or isinstance(result, str)


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(alphabet=CHARSET, min_size=17, max_size=17))
def test_any_17_characters_complete_to_a_valid_code(first17):
    assert credit_code_error(with_check_character(first17)) is None


# --- money ----------------------------------------------------------------------------

@pytest.mark.parametrize("cell, default_unit, wan_yuan", [
    ("3亿美元", "万元", "213000"),
    ("500万美元", "万元", "3550"),
    ("12.5 USD", "万元", "0.008875"),
    ("60亿元", "万元", "600000"),
    ("60亿", "万元", "600000"),
    ("1,234.5万元", "万元", "1234.5"),
    ("100", "万元", "100"),
    ("100", "亿元", "1000000"),
    ("100", "元", "0.01"),
    ("100万欧元", "万元", "780"),
    (12, "万元", "12"),
    (7.5, "万元", "7.5"),
    ("１２３万元", "万元", "123"),
    ("5000", "万元人民币", "5000"),
])
def test_money_is_normalised_to_wan_yuan(cell, default_unit, wan_yuan):
    money = parse_money(cell, RATES, default_unit)
    assert canonical_decimal(money.wan_yuan) == wan_yuan
    assert money.original == str(cell).strip()


@pytest.mark.parametrize("cell", ["5卢布", "3亿日元", "12 GBP"])
def test_unknown_currency_is_an_error_naming_it(cell):
    with pytest.raises(ValueError, match="unknown currency"):
        parse_money(cell, RATES)


@pytest.mark.parametrize("cell", ["", "abc", "三亿元", "1.2.3万元", "万元"])
def test_unparseable_money_is_an_error(cell):
    with pytest.raises(ValueError):
        parse_money(cell, RATES)


@pytest.mark.parametrize("value, text", [
    (Decimal("100.00"), "100"), (Decimal("1E+3"), "1000"), (Decimal("0.50"), "0.5"),
    (Decimal("-0.0"), "0"), (Decimal("0"), "0"), (Decimal("123.456"), "123.456"),
])
def test_canonical_decimal_matches_oxigraph(value, text):
    assert canonical_decimal(value) == text


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True)))
def test_money_parser_raises_only_value_error(cell):
    try:
        money = parse_money(cell, RATES)
    except ValueError:
        return
    assert Decimal(canonical_decimal(money.wan_yuan)) == money.wan_yuan


# --- dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("cell", [
    "2024-03-30", "2024/3/30", "2024.3.30", "2024年3月30日", "20240330", " 2024-03-30 ",
    "2024-03-30 00:00:00", dt.datetime(2024, 3, 30, 0, 0), dt.date(2024, 3, 30), 45381, "２０２４年３月３０日",
])
def test_date_forms_all_read_the_same(cell):
    assert parse_date(cell) == dt.date(2024, 3, 30)


@pytest.mark.parametrize("cell", ["2024-02-30", "30/03/2024", "yesterday", "2024-13-01", ""])
def test_bad_dates_are_errors(cell):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(cell)


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.one_of(st.text(max_size=20), st.integers(), st.floats()))
def test_date_parser_raises_only_value_error(cell):
    try:
        assert isinstance(parse_date(cell), dt.date)
    except ValueError:
        pass


# --- booleans -------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["1", "true", "TRUE", "yes", "是", "Y", "✓", 1, True])
def test_yes_values(cell):
    assert parse_bool(cell) is True


@pytest.mark.parametrize("cell", ["", None, "0", "false", "no", "否", "N", 0, False])
def test_no_values(cell):
    assert parse_bool(cell) is False


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(max_size=10))
def test_bool_parser_raises_only_value_error(cell):
    try:
        assert parse_bool(cell) in (True, False)
    except ValueError:
        pass


# --- names ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("镇江 ＡＢＣ（集团）有限公司", "镇江abc(集团)有限公司"),
    ("丹阳（恒达）贸易有限公司", "丹阳(恒达)贸易有限公司"),
    ("Foo  Bar Ltd", "foobarltd"),
])
def test_spelling_variants_share_a_key(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_names_keep_different_keys():
    assert normalise_name("镇江甲公司") != normalise_name("镇江乙公司")


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(max_size=40))
def test_name_key_is_idempotent(text):
    key = normalise_name(text)
    assert normalise_name(key) == key
    assert not any(char.isspace() for char in key)
