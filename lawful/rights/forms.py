"""The rights desk's forms: the public request and complaint forms, staff intake, and
the forms of a request's page. Each checks with the services' own checks, so a field's
error names what the services would refuse; nothing is stored until the form is valid."""

from django import forms
from django.utils import timezone

from lawful.people.normalise import InvalidValue

from .models import EventType, RequestKind, Via
from .services import check_requester

# A browser's date picker takes and gives YYYY-MM-DD, whatever the language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# The public form's kinds, in the words a resident would use.
PUBLIC_KINDS = [
    (RequestKind.ACCESS, "Send me a copy of the information you hold about me"),
    (RequestKind.RECTIFICATION, "Correct information about me"),
    (RequestKind.ERASURE, "Delete information about me"),
    (RequestKind.RESTRICTION, "Stop using my information for now (but keep it)"),
    (RequestKind.OBJECTION, "Stop using my information for something (such as marketing)"),
    (RequestKind.PORTABILITY, "Give me my information to take to someone else"),
    (RequestKind.WITHDRAW_CONSENT, "I withdraw my consent"),
    (RequestKind.UNCLEAR, "I'm not sure: I will explain below"),
]

# The services' field names ("requester.email") as the forms' fields ("email").
_REQUESTER_FIELD = {
    f"{p}.{name}": name
    for p in ("requester", "complainant")
    for name in ("name", "email", "phone", "postcode", "address_lines")
}


def add_service_error(form: forms.Form, exc: InvalidValue) -> None:
    """Show a service's refusal on the form's field it names (else on the whole form)."""
    field = _REQUESTER_FIELD.get(exc.field, exc.field)
    if field in form.fields:
        form.add_error(field, exc.message)
    else:
        form.add_error(None, f"{exc.field}: {exc.message}")


class _PersonFields(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=300,
        error_messages={"required": "Enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Telephone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    address_lines = forms.CharField(
        label="Postal address (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    prefix_for_services = "requester"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.person = check_requester(
                {
                    k: cleaned.get(k, "")
                    for k in ("name", "email", "phone", "postcode", "address_lines")
                },
                prefix=self.prefix_for_services,
            )
        except InvalidValue as exc:
            add_service_error(self, exc)
        return cleaned

    def requester(self) -> dict:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("name", "email", "phone", "postcode", "address_lines")
        }


class PublicRequestForm(_PersonFields):
    kind = forms.ChoiceField(
        label="What would you like us to do?",
        choices=PUBLIC_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like us to do, or “I'm not sure”."},
    )
    details = forms.CharField(
        label="Tell us about your request (optional)",
        max_length=20000,
        required=False,
        help_text="For example, which information, or what is wrong and how to correct it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    agent_name = forms.CharField(
        label="If you are asking for someone else: their name (optional)",
        max_length=300,
        required=False,
    )
    agent_relationship = forms.CharField(
        label="Your relationship to them (optional)",
        max_length=200,
        required=False,
        help_text="For example, their solicitor, or a relative with power of attorney.",
    )
    field_order = ["kind", "details", "name", "email", "phone", "address_lines", "postcode"]

    def agent(self) -> dict | None:
        """On the public form the requester may be an agent: the person is named below."""
        if not self.cleaned_data.get("agent_name"):
            return None
        return {
            "name": self.cleaned_data["name"],
            "relationship": self.cleaned_data.get("agent_relationship", ""),
        }


class ComplaintForm(_PersonFields):
    text = forms.CharField(
        label="Your complaint",
        max_length=20000,
        help_text="What happened, and what you would like us to do about it.",
        error_messages={"required": "Tell us what your complaint is about."},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    reference = forms.CharField(
        label="Reference of an earlier request (optional)",
        max_length=20,
        required=False,
        help_text="If it is about a request you made, for example R-00012.",
    )
    field_order = ["text", "reference", "name", "email", "phone", "address_lines", "postcode"]
    prefix_for_services = "complainant"


_STAFF_VIAS = [c for c in Via.choices if c[0] not in (Via.WEB_FORM, Via.API)]


class StaffComplaintForm(ComplaintForm):
    """A complaint made to staff by email, letter, phone or in person."""

    via = forms.ChoiceField(label="How it arrived", choices=_STAFF_VIAS)
    received_on = forms.DateField(label="Day received", widget=DATE)
    field_order = [
        "via",
        "received_on",
        "text",
        "name",
        "email",
        "phone",
        "address_lines",
        "postcode",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["reference"]
        self.fields["name"].label = "Complainant's name"
        self.fields["text"].label = "The complaint, in their words"
        self.initial.setdefault("received_on", timezone.localdate())


class StaffRequestForm(_PersonFields):
    """Staff intake: a request by email, letter, phone, social media or in person."""

    kind = forms.ChoiceField(label="Kind of request", choices=RequestKind.choices)
    via = forms.ChoiceField(label="How it arrived", choices=_STAFF_VIAS)
    received_on = forms.DateField(
        label="Day received",
        help_text="Day one of the count, working day or not.",
        widget=DATE,
    )
    details = forms.CharField(
        label="What was asked, in their words",
        max_length=20000,
        required=False,
        help_text="Any wording counts: no form and no particular words are needed.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    agent_name = forms.CharField(
        label="Made on their behalf by (optional)", max_length=300, required=False
    )
    agent_relationship = forms.CharField(
        label="Agent's relationship (optional)", max_length=200, required=False
    )
    agent_authority_received = forms.BooleanField(
        label="Evidence of the agent's authority received", required=False
    )
    field_order = [
        "kind",
        "via",
        "received_on",
        "details",
        "name",
        "email",
        "phone",
        "address_lines",
        "postcode",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Requester's name"
        self.fields["name"].error_messages["required"] = "Enter the requester's name."
        self.initial.setdefault("received_on", timezone.localdate())

    def agent(self) -> dict | None:
        if not self.cleaned_data.get("agent_name"):
            return None
        return {
            "name": self.cleaned_data["agent_name"],
            "relationship": self.cleaned_data.get("agent_relationship", ""),
            "authority_received": bool(self.cleaned_data.get("agent_authority_received")),
        }


class _TodayForm(forms.Form):
    """A form whose date fields (named in `today_fields`) default to today."""

    today_fields: tuple[str, ...] = ("on",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.today_fields:
            self.initial.setdefault(name, timezone.localdate())


# The events the request page's form offers (person-confirmed has its own button).
EVENT_CHOICES = [
    (t.value, t.label)
    for t in EventType
    if t not in (EventType.PERSON_CONFIRMED, EventType.COMPLETED, EventType.REFUSED)
]


class EventForm(_TodayForm):
    type = forms.ChoiceField(label="What happened", choices=EVENT_CHOICES)
    on = forms.DateField(label="On", widget=DATE)
    reason = forms.CharField(
        label="Reason or note",
        required=False,
        max_length=5000,
        help_text="An extension needs its reason (the person is told it); a note its text.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IdentityCheckForm(_TodayForm):
    today_fields = ("checked_on",)

    seen = forms.CharField(
        label="What was seen",
        max_length=300,
        help_text="Ask for proof only where there is real doubt who the requester is, and "
        "no more than needed: a photo ID may not be demanded as a rule.",
    )
    checked_on = forms.DateField(label="On", widget=DATE)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(_TodayForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(EventType.COMPLETED, "completed"), (EventType.REFUSED, "refused")],
    )
    on = forms.DateField(label="Response sent on", widget=DATE)
    reason = forms.CharField(
        label="Reason (a refusal must say why)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ComplaintStepForm(_TodayForm):
    on = forms.DateField(label="On", widget=DATE)
    text = forms.CharField(
        label="What was done", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintOutcomeForm(_TodayForm):
    today_fields = ("told_on",)

    outcome = forms.CharField(
        label="Outcome", max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    told_on = forms.DateField(label="Complainant told on", widget=DATE)


class AcknowledgeForm(_TodayForm):
    on = forms.DateField(label="Acknowledged on", widget=DATE)


class FulfilForm(forms.Form):
    """Carrying the request out from its page. Rectification names its corrections (only
    the fields filled in change); an objection may name one purpose to continue on
    compelling legitimate grounds, with the grounds. Other kinds need nothing more."""

    given_name = forms.CharField(label="Correct given name to", max_length=200, required=False)
    family_name = forms.CharField(label="Correct family name to", max_length=200, required=False)
    email = forms.CharField(label="Correct email address to", max_length=254, required=False)
    phone = forms.CharField(label="Correct telephone number to", max_length=40, required=False)
    address_lines = forms.CharField(
        label="Correct postal address to",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(label="Correct postcode to", max_length=16, required=False)
    continue_purpose = forms.ChoiceField(
        label="Continue one purpose despite the objection (optional)", required=False
    )
    grounds = forms.CharField(
        label="The compelling legitimate grounds to continue it",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    RECTIFY = ("given_name", "family_name", "email", "phone")
    OBJECT = ("continue_purpose", "grounds")

    def __init__(self, *args, kind: str = "", purposes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["continue_purpose"].choices = [("", "(none: stop them all)"), *purposes]
        keep = {
            RequestKind.RECTIFICATION: (*self.RECTIFY, "address_lines", "postcode"),
            RequestKind.OBJECTION: self.OBJECT,
        }.get(kind, ())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("grounds", "").strip() and not cleaned.get("continue_purpose"):
            self.add_error("continue_purpose", "Choose the purpose the grounds are for.")
        if cleaned.get("continue_purpose") and not cleaned.get("grounds", "").strip():
            self.add_error("grounds", "State the compelling legitimate grounds to continue.")
        return cleaned

    def service_arguments(self) -> dict:
        """fulfil()'s keyword arguments from what was filled in."""
        data = self.cleaned_data
        changes = {name: data[name].strip() for name in self.RECTIFY if data.get(name, "").strip()}
        if data.get("postcode", "").strip() or data.get("address_lines", "").strip():
            changes["postal"] = {
                "postcode": data.get("postcode", "").strip(),
                "address_lines": data.get("address_lines", "").strip(),
            }
        found: dict = {}
        if "given_name" in self.fields:
            found["changes"] = changes
        if data.get("continue_purpose"):
            found["continue_on"] = {data["continue_purpose"]: data["grounds"].strip()}
        return found


class NotificationForm(_TodayForm):
    """That a recipient was told (Art 19), or why telling them is impossible."""

    on = forms.DateField(label="Told on", widget=DATE)
    reason = forms.CharField(
        label="Or why telling them is impossible or disproportionate",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LetterTemplateForm(forms.Form):
    """An organisation's wording of one kind of letter (checked by lawful.rights.letters)."""

    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Write the letter's subject."},
    )
    body = forms.CharField(
        label="The letter",
        max_length=20000,
        help_text="Plain text: a blank line starts a paragraph. Details of the request go "
        "in double braces, such as {{ request.due_on }} (the list is below).",
        error_messages={"required": "Write the letter."},
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
