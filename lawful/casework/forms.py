"""The casework pages' forms: plain-English labels and errors naming each field."""

from django import forms

from lawful.policy.vocab import (
    SPECIAL_CATEGORIES,
    CriminalOffenceCondition,
    DataCategory,
    SpecialCategoryCondition,
)

from .models import CaseStatus, NoteKind

SENSITIVE = [
    (c.value, c.label)
    for c in DataCategory
    if c in SPECIAL_CATEGORIES or c is DataCategory.CRIMINAL_OFFENCES
]


def _blank(choices, text="none"):
    return [("", text), *choices]


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search the subjects and descriptions",
        required=False,
        max_length=200,
        help_text="Whole words: the description, notes and correspondence are searched by "
        "each word you give (all of them), the subject by what you type.",
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=_blank(CaseStatus.choices, "any")
    )
    ward = forms.CharField(label="Ward", required=False, max_length=100)
    category = forms.CharField(label="Category", required=False, max_length=100)
    assigned = forms.CharField(
        label="Given to (user name)", required=False, max_length=150, help_text="or “me”"
    )
    due = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[("", "any time"), ("overdue", "overdue"), ("week", "within 7 days")],
    )


class CaseForm(forms.Form):
    person = forms.IntegerField(
        label="Constituent (person number)",
        min_value=1,
        help_text="The number on the person's page; “Open a case” there fills it in.",
        error_messages={"required": "Enter the person's number.", "invalid": "Enter a number."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Say in a few words what the case is about."},
    )
    description = forms.CharField(
        label="What the constituent asked for help with",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.CharField(label="Category", required=False, max_length=100)
    ward = forms.CharField(
        label="Ward", required=False, max_length=100, help_text="Leave blank for the person's ward."
    )
    special_categories = forms.MultipleChoiceField(
        label="Sensitive information the case involves",
        required=False,
        choices=SENSITIVE,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each kind the case involves: it needs the condition the register allows.",
    )
    special_category_condition = forms.ChoiceField(
        label="Article 9 condition (special-category data)",
        required=False,
        choices=_blank(SpecialCategoryCondition.choices()),
    )
    criminal_offence_condition = forms.ChoiceField(
        label="Article 10 condition (criminal-offence data)",
        required=False,
        choices=_blank(CriminalOffenceCondition.choices()),
    )
    assigned_to = forms.CharField(
        label="Give the case to (user name)",
        required=False,
        max_length=150,
        help_text="Leave blank to keep it yourself.",
    )
    due_on = forms.DateField(
        label="Due by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, for example 2026-12-01."},
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of note", choices=NoteKind.choices, initial="note")
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the note."},
    )


class ReferralForm(forms.Form):
    recipient = forms.ChoiceField(label="Refer to", choices=())
    shared = forms.CharField(
        label="What is shared",
        max_length=500,
        error_messages={"required": "Say what of the case is shared."},
    )
    reason = forms.CharField(label="Why", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = _blank(list(recipients), "choose a recipient")


class PartyForm(forms.Form):
    person = forms.IntegerField(
        label="Person named in the case (person number)",
        min_value=1,
        error_messages={"required": "Enter the person's number.", "invalid": "Enter a number."},
    )
    role = forms.CharField(
        label="Their part in it", required=False, max_length=100, help_text="e.g. neighbour"
    )


class EmailForm(forms.Form):
    file = forms.FileField(
        label="Email saved as an .eml file",
        error_messages={"required": "Choose the .eml file to import."},
    )


class LetterForm(forms.Form):
    file = forms.FileField(
        label="Scanned letter", error_messages={"required": "Choose the scanned letter."}
    )
    sender = forms.CharField(label="From", required=False, max_length=254)
    summary = forms.CharField(
        label="What it says, in brief", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how the case ended."},
    )


def add_service_error(form: forms.Form, exc) -> None:
    """A service's refusal on the field it names (else on the whole form)."""
    if exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, f"{exc.field.replace('_', ' ')}: {exc.message}")
