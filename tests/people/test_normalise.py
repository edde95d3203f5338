import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawful.people.normalise import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("alice@example.com", "alice@example.com"),
        ("ALICE@Example.COM ", "alice@example.com"),
        ("  Bob.Smith+news@example.co.uk\n", "bob.smith+news@example.co.uk"),
        ("o'neill@example.org", "o'neill@example.org"),
        ("first-last@sub.example.org", "first-last@sub.example.org"),
    ],
)
def test_an_email_address_is_trimmed_and_lower_cased(entered, expected):
    assert normalise_email(entered) == expected


@pytest.mark.parametrize(
    "entered",
    ["", "   ", "alice", "alice@", "@example.com", "alice@@example.com", "alice@example",
     "alice example@example.com", "alice@exa mple.com", "a@b@c.com"],
)  # fmt: skip
def test_a_bad_email_address_is_refused_naming_the_field(entered):
    with pytest.raises(InvalidValue) as caught:
        normalise_email(entered)
    assert str(caught.value) == f"email: {entered!r} is not an email address"
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("07700 900123", "+447700900123"),  # Ofcom's drama range, accepted for test data
        ("07700900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("07900 123456", "+447900123456"),
        ("(07900) 123-456", "+447900123456"),
        ("020 7946 0000", "+442079460000"),
        ("0121 496 0000", "+441214960000"),
        ("01632 960001", "+441632960001"),
        ("0115 496 0046", "+441154960046"),
        ("0800 123 4567", "+448001234567"),
        ("+1 202 555 0143", "+12025550143"),
        ("+33 1 42 68 53 00", "+33142685300"),
        ("00 353 1 234 5678", "+35312345678"),
    ],
)
def test_a_phone_number_becomes_e164(entered, expected):
    assert normalise_phone(entered) == expected


@pytest.mark.parametrize(
    "entered",
    ["", "123", "07700", "0770090012345", "not a number", "+44 7700 9001", "07700 901000",
     "+999 123 456"],
)  # fmt: skip
def test_a_bad_phone_number_is_refused_naming_the_field(entered):
    with pytest.raises(InvalidValue) as caught:
        normalise_phone(entered)
    assert str(caught.value) == f"phone: {entered!r} is not a valid UK or international number"
    assert caught.value.field == "phone"


def test_a_number_is_read_in_the_region_given():
    assert normalise_phone("202 555 0143", region="US") == "+12025550143"


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),  # AA9A 9AA
        (" SW1A  1AA ", "SW1A 1AA"),
        ("w1a 0ax", "W1A 0AX"),  # A9A 9AA
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("b338th", "B33 8TH"),  # A99 9AA
        ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
        ("dn55 1pt", "DN55 1PT"),  # AA99 9AA
        ("EC1A 1BB", "EC1A 1BB"),
        ("ng12 3pj", "NG12 3PJ"),
        ("EX17 6AA", "EX17 6AA"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_a_postcode_is_upper_case_with_one_space(entered, expected):
    assert normalise_postcode(entered) == expected


@pytest.mark.parametrize(
    "entered",
    ["", "XYZ", "SW1A", "1AA", "SW1A 1A", "SW1A 1AAA", "QA1 1AA", "VA1 1AA", "AJ1 1AA",
     "A1I 1AA", "AA1C 1AA", "SW1A 1CA", "SW1A 1AI", "123 456", "SW1A-1AA", "GIR 1AA"],
)  # fmt: skip
def test_a_bad_postcode_is_refused_naming_the_field(entered):
    with pytest.raises(InvalidValue) as caught:
        normalise_postcode(entered)
    assert str(caught.value) == f"postcode: {entered!r} is not a UK postcode"
    assert caught.value.field == "postcode"


def test_the_errors_are_value_errors():
    with pytest.raises(ValueError, match="postcode: 'XYZ' is not a UK postcode"):
        normalise_postcode("XYZ")


# The fast path for plain UK numbers must give exactly what `phonenumbers` gives.

_PREFIXES = ("7", "1", "2", "3", "5", "8", "9", "16", "74576", "7624", "1481", "1534", "800")


def _by_phonenumbers(raw: str):
    import phonenumbers

    text = "+" + raw[2:] if raw.startswith("00") else raw
    number = phonenumbers.parse(text, "GB")
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


@settings(max_examples=3000, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10),
    written=st.sampled_from(("0{}", "+44{}", "0044 {}", "0{} ", "+44 {}")),
)
def test_the_fast_uk_check_agrees_with_phonenumbers(prefix, digits, written):
    from lawful.people.normalise import _fast_uk

    nsn = (prefix + digits)[:10]
    raw = written.format(nsn[:4] + " " + nsn[4:])
    fast = _fast_uk(raw.strip())
    if fast is not None:  # None: the slow way is taken, which is phonenumbers itself
        assert fast == _by_phonenumbers(raw.strip())


def test_the_fast_uk_check_takes_the_common_forms_and_leaves_the_rest():
    from lawful.people.normalise import _fast_uk

    assert _fast_uk("07900 000017") == "+447900000017"
    assert _fast_uk("+44 7900-000017") == "+447900000017"
    assert _fast_uk("0044 7900 000017") == "+447900000017"
    assert _fast_uk("+44 (0)7900 000017") is None  # phonenumbers reads these
    assert _fast_uk("+1 202 555 0143") is None
    assert _fast_uk("07700 900123") is None  # a drama number: invalid to the metadata
    assert normalise_phone("07700 900123") == "+447700900123"
    assert normalise_phone("+44 (0)7900 000017") == "+447900000017"
