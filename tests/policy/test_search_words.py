"""The words search keeps of a text (lawful.policy.search): normalised, whole words."""

from hypothesis import given
from hypothesis import strategies as st

from lawful.policy.search import MIN_LENGTH, STOP_WORDS, text_tokens, token, words


def test_words_are_casefolded_split_on_punctuation_and_short_or_common_words_dropped():
    assert words("Damp in the BACK bedroom, again!  (Flat 12a)") == [
        "damp",
        "back",
        "bedroom",
        "again",
        "flat",
        "12a",
    ]


def test_compatibility_forms_and_german_sharp_s_fold_to_one_word():
    # NFKC: the "fi" ligature and full-width letters; casefold: ß is "ss".
    assert words("ﬁne ＭＯＵＬＤ Straße") == ["fine", "mould", "strasse"]
    assert words("STRASSE") == words("straße")


def test_underscores_and_apostrophes_split_words():
    assert words("landlord_reply child's") == ["landlord", "reply", "child"]


def test_nothing_gives_no_words():
    assert words("") == [] and words(None) == [] and words("a an of to") == []


def test_a_token_depends_on_the_key_and_holds_no_word():
    a, b = b"k" * 32, b"j" * 32
    assert token(a, "mould") == token(a, "mould")
    assert token(a, "mould") != token(b, "mould")
    assert len(token(a, "mould")) == 32 and "mould" not in token(a, "mould")
    assert text_tokens(a, "Mould, mould!", "MOULD") == {token(a, "mould")}


@given(st.text())
def test_words_are_long_enough_not_common_and_each_once(text):
    found = words(text)
    assert len(found) == len(set(found))
    for word in found:
        assert len(word) >= MIN_LENGTH and word not in STOP_WORDS
        assert word == word.casefold()


@given(st.text())
def test_normalising_is_idempotent(text):
    found = words(text)
    assert words(" ".join(found)) == found


@given(st.lists(st.text(min_size=1), max_size=5))
def test_a_text_finds_each_of_its_own_words(parts):
    key = b"s" * 32
    text = " ".join(parts)
    held = text_tokens(key, text)
    for word in words(text):
        assert text_tokens(key, word) <= held
