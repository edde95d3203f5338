"""The campaign page's forms: whom a list is for, and a message to send them."""

from django import forms

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy.vocab import ContactChannel


def purpose_choices(organisation) -> list[tuple[str, str]]:
    """The purposes of the register in force that contact people (direct marketing, or
    stating marketing channels)."""
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        return []
    return [(p.id, p.name) for p in register.purposes if p.direct_marketing or p.marketing_channels]


class AudienceForm(forms.Form):
    purpose = forms.ChoiceField(label="Purpose", error_messages={"required": "Choose a purpose."})
    channel = forms.ChoiceField(
        label="Channel",
        choices=ContactChannel.choices(),
        initial="email",
        error_messages={"required": "Choose a channel."},
    )
    ward = forms.CharField(
        label="Ward (optional)",
        required=False,
        max_length=9,
        help_text="The ward's ONS code, for example E05012345.",
    )
    constituency = forms.CharField(
        label="Constituency (optional)",
        required=False,
        max_length=9,
        help_text="The Westminster constituency's ONS code, for example E14001234.",
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = purpose_choices(organisation)

    def clean_ward(self):
        return self.cleaned_data["ward"].strip().upper()

    def clean_constituency(self):
        return self.cleaned_data["constituency"].strip().upper()


class SendForm(AudienceForm):
    subject = forms.CharField(
        label="Subject", max_length=200, error_messages={"required": "Enter a subject."}
    )
    body = forms.CharField(
        label="Message",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text. Each email ends with its own unsubscribe and preferences links.",
        error_messages={"required": "Write the message."},
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(organisation, *args, **kwargs)
        self.fields["channel"].choices = [("email", "email")]


class ExportForm(AudienceForm):
    recipient = forms.ChoiceField(
        label="Mailing service", error_messages={"required": "Choose the mailing service."}
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(organisation, *args, **kwargs)
        self.fields["channel"].choices = [("email", "email")]
        try:
            recipients = register_in_force(organisation).recipients
        except NoRegisterInForce:
            recipients = {}
        self.fields["recipient"].choices = [
            (r.id, r.name) for r in recipients.values() if r.role == "processor"
        ]
