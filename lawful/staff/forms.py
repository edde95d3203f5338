"""The workspace's forms: fields named as a clerk sees them, errors in plain English."""

from django import forms
from django.utils import timezone

MAX_REGISTER_BYTES = 1_000_000


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, email, phone, postcode or address",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class RegisterUploadForm(forms.Form):
    register_file = forms.FileField(
        label="Register file (YAML)",
        help_text="The register of processing as a .yaml file, up to 1 MB.",
        error_messages={
            "required": "Choose the register file to upload.",
            "empty": "The file you chose is empty.",
            "invalid": "Choose a file to upload.",
        },
    )
    version = forms.CharField(
        label="Version number",
        max_length=20,
        help_text="Numbers separated by dots, e.g. 2 or 2.1. It must not be in use already.",
        error_messages={"required": "Enter the version number of this draft."},
    )
    description = forms.CharField(
        label="What changed (optional)",
        max_length=300,
        required=False,
        help_text="In a few words, for the version history, e.g. “Newsletters kept for 2 years”.",
    )

    def clean_register_file(self) -> str:
        upload = self.cleaned_data["register_file"]
        if upload.size > MAX_REGISTER_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB: a register is a short text file. Check you "
                "chose the right file."
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not a text file in UTF-8: save the register as plain text "
                "(UTF-8) and upload it again."
            ) from None


class AdoptForm(forms.Form):
    minute = forms.CharField(
        label="Minute reference",
        max_length=40,
        required=False,
        help_text="The minute of the meeting that adopted this version, e.g. 2026/114.",
    )
    adopted_on = forms.DateField(
        label="Adopted on",
        help_text="The date of that meeting, e.g. 2026-11-25.",
        # A date input takes and gives ISO dates whatever the page's locale.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        error_messages={
            "required": "Enter the date the version was adopted.",
            "invalid": "Enter the date as day/month/year, e.g. 25/11/2026.",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"adopted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > timezone.localdate():
            raise forms.ValidationError(
                "The date is in the future: enter the date of the meeting that adopted it."
            )
        return adopted_on
