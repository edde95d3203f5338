"""Surveys: the purposes a survey may run under, and small numbers suppressed."""

from itertools import product
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawful.policy.register import load_register
from lawful.policy.surveys import (
    THRESHOLD,
    SurveyPurposeError,
    check_survey_purpose,
    summarise,
    survey_purposes,
)

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def counts_of(summary):
    return [c.count for c in summary.cells]


def test_the_examples_survey_purposes():
    councillors = load_register(EXAMPLES / "councillors-office.yaml")
    parish = load_register(EXAMPLES / "parish-council.yaml")
    campaign = load_register(EXAMPLES / "campaign-network.yaml")
    assert [p.id for p in survey_purposes(councillors)] == ["surveys"]
    assert [p.id for p in survey_purposes(parish)] == ["consultations"]
    assert survey_purposes(campaign) == ()
    assert check_survey_purpose(councillors, "surveys").name == "Surveys"


def test_a_purpose_not_for_surveys_or_not_in_the_register_is_refused():
    councillors = load_register(EXAMPLES / "councillors-office.yaml")
    with pytest.raises(SurveyPurposeError, match="'casework' is not a purpose for surveys"):
        check_survey_purpose(councillors, "casework")
    with pytest.raises(SurveyPurposeError, match="no purpose 'polling'.*surveys .Surveys."):
        check_survey_purpose(councillors, "polling")
    campaign = load_register(EXAMPLES / "campaign-network.yaml")
    with pytest.raises(SurveyPurposeError, match="no purpose for surveys"):
        check_survey_purpose(campaign, "statistics")


def test_small_counts_are_hidden_and_the_total_cannot_reveal_them():
    summary = summarise({"Yes": 40, "No": 12, "Not sure": 3})
    # "Not sure" 3 is hidden; so is the next smallest ("No"), or 55 - 40 - 12 = 3.
    assert counts_of(summary) == [40, None, None]
    assert summary.total == 55
    assert "fewer than 5" in summary.cells[2].reason
    assert "worked out" in summary.cells[1].reason


def test_counts_at_the_threshold_and_zeros_are_shown():
    summary = summarise({"Yes": 5, "No": 0, "Maybe": 9})
    assert counts_of(summary) == [5, 0, 9] and summary.total == 14
    assert not summary.suppressed


def test_two_small_counts_hiding_enough_between_them_need_no_third():
    summary = summarise({"A": 3, "B": 2, "C": 30})
    assert counts_of(summary) == [None, None, 30] and summary.total == 35


def test_two_small_counts_hiding_too_few_between_them_hide_a_third():
    summary = summarise({"A": 1, "B": 2, "C": 30, "D": 8})
    assert counts_of(summary) == [None, None, 30, None] and summary.total == 41


def test_too_few_answers_show_no_breakdown():
    summary = summarise({"Yes": 3, "No": 1})
    assert counts_of(summary) == [None, None] and summary.total is None
    assert "no breakdown" in summary.total_reason


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="negative"):
        summarise({"a": -1})
    with pytest.raises(ValueError, match="threshold"):
        summarise({"a": 1}, threshold=0)


counts = st.lists(st.integers(0, 60), min_size=1, max_size=8)
thresholds = st.integers(1, 10)


@given(counts, thresholds)
def test_no_shown_count_is_small_and_shown_counts_are_true(values, threshold):
    summary = summarise({f"c{i}": n for i, n in enumerate(values)}, threshold=threshold)
    for cell, n in zip(summary.cells, values, strict=True):
        if cell.count is not None:
            assert cell.count == n
            assert n == 0 or n >= threshold
        else:
            assert cell.reason
    if summary.total is not None:
        assert summary.total == sum(values) >= threshold


@given(counts, thresholds)
def test_no_hidden_count_can_be_worked_out_from_the_total(values, threshold):
    summary = summarise({f"c{i}": n for i, n in enumerate(values)}, threshold=threshold)
    hidden = [i for i, c in enumerate(summary.cells) if c.count is None]
    if summary.total is None or not hidden:
        return
    shown = sum(c.count for c in summary.cells if c.count is not None)
    left = summary.total - shown
    # What a reader knows: the hidden counts add up to `left`. Every hidden count must
    # then have more than one possible value, and what they hold together is not small.
    assert len(hidden) >= 2 and left >= threshold
    if len(hidden) <= 3 and left <= 30:
        possible = [
            combo for combo in product(range(left + 1), repeat=len(hidden)) if sum(combo) == left
        ]
        for position in range(len(hidden)):
            assert len({combo[position] for combo in possible}) > 1


@given(counts)
def test_the_default_threshold_is_five(values):
    summary = summarise({f"c{i}": n for i, n in enumerate(values)})
    assert THRESHOLD == 5
    assert all(c.count is None or c.count == 0 or c.count >= 5 for c in summary.cells)


def test_a_zero_is_never_hidden_to_protect_another_count():
    summary = summarise({"Yes": 8, "No": 3, "Not sure": 0})
    assert counts_of(summary) == [None, None, 0] and summary.total == 11
