"""The public sign-up form: an unticked box per purpose and channel, the wording from
the register, and a honeypot field that people never see (bots fill it in)."""

from django import forms

from lawful.people.normalise import InvalidValue, normalise_email, normalise_phone
from lawful.policy.contact import consent_purposes

HONEYPOT = "website"


def choice_key(purpose_id: str, channel: str) -> str:
    return f"consent__{purpose_id}__{channel}"


def wording(organisation_name: str, purpose, channel) -> str:
    """The words beside a box, as recorded with the consent given."""
    return (
        f"Yes, {organisation_name} may contact me by {channel.label} for: {purpose.name}. "
        f"{purpose.description}"
    )


class _ContactDetails(forms.Form):
    """The email address and telephone number a form was given, optional each, checked
    and normalised as the people services store them (the error is theirs)."""

    def _normalised(self, field: str, normalise) -> str:
        value = self.cleaned_data.get(field, "").strip()
        if not value:
            return ""
        try:
            return normalise(value)
        except InvalidValue as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_email(self):
        return self._normalised("email", normalise_email)

    def clean_phone(self):
        return self._normalised("phone", normalise_phone)


class SignUpForm(_ContactDetails):
    given_name = forms.CharField(label="First name", max_length=150)
    family_name = forms.CharField(label="Last name", max_length=150)
    email = forms.CharField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text="We will email you a link to confirm before we send you anything.",
    )
    phone = forms.CharField(
        label="Mobile or telephone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    # The honeypot: hidden from people (and from screen readers), filled in by bots.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, organisation, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.register = register
        self.groups = []  # (purpose, [bound field, ...]) for the template
        self.wordings: dict[tuple[str, str], str] = {}
        for purpose, channels in consent_purposes(register):
            names = []
            for channel in channels:
                name = choice_key(purpose.id, channel.value)
                words = wording(organisation.name, purpose, channel)
                self.wordings[(purpose.id, channel.value)] = words
                self.fields[name] = forms.BooleanField(
                    label=f"by {channel.label}", required=False, initial=False
                )
                names.append(name)
            self.groups.append((purpose, names))

    def purpose_fields(self):
        return [(purpose, [self[name] for name in names]) for purpose, names in self.groups]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def choices(self) -> list[tuple[str, str]]:
        return [key for key in self.wordings if self.cleaned_data.get(choice_key(*key))]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        chosen = self.choices()
        if not chosen:
            raise forms.ValidationError("Tick at least one box: what we may send you, and how.")
        channels = {channel for _, channel in chosen}
        if "email" in channels and not data.get("email"):
            self.add_error("email", "Give your email address to hear from us by email.")
        if channels & {"sms", "phone", "automated-call"} and not data.get("phone"):
            self.add_error("phone", "Give your number to hear from us by text or telephone.")
        if channels & {"post", "in-person"}:
            self.add_error(None, "We cannot take a postal address on this form yet.")
        return data


STOP_ALL = "all"
SOME = "some"

# How a member of staff was told (lawful.policy.contact.ConsentMethod), in their words.
STAFF_METHODS = [
    ("phone", "On the telephone"),
    ("in-person", "In person"),
    ("email", "By email"),
    ("paper-form", "By letter or on a paper form"),
]


class RecordWithdrawalForm(_ContactDetails):
    """What a person told a member of staff: their contact details as they gave them,
    what they no longer want (everything: an objection to direct marketing; or some
    purposes and channels), and how they said it."""

    email = forms.CharField(
        label="Email address they gave",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Telephone number they gave",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label="Their name (optional)",
        max_length=200,
        required=False,
        help_text="Kept with the record of what they said; not used to find them.",
    )
    what = forms.ChoiceField(
        label="What do they no longer want?",
        choices=[
            (STOP_ALL, "Stop all marketing: no newsletters, campaigns or appeals by any means"),
            (SOME, "Only what I tick below"),
        ],
        widget=forms.RadioSelect,
        initial=STOP_ALL,
    )
    method = forms.ChoiceField(
        label="How did they tell us?", choices=STAFF_METHODS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Anything else they said (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = []  # (purpose name, [field name]) for the template
        self.keys: dict[str, tuple[str, str]] = {}
        for purpose_id, purpose_name, channels in choices:
            names = []
            for channel, label in channels:
                name = choice_key(purpose_id, channel)
                self.fields[name] = forms.BooleanField(label=f"by {label}", required=False)
                self.keys[name] = (purpose_id, channel)
                names.append(name)
            self.pairs.append((purpose_name, names))

    def purpose_fields(self):
        return [(purpose, [self[name] for name in names]) for purpose, names in self.pairs]

    def chosen(self) -> list[tuple[str, str]]:
        return [key for name, key in self.keys.items() if self.cleaned_data.get(name)]

    def clean(self):
        data = super().clean()
        if "email" in data and "phone" in data and not data["email"] and not data["phone"]:
            self.add_error("email", "Give the email address or the telephone number they gave.")
        if data.get("what") == SOME and not self.chosen():
            self.add_error(
                "what", "Tick at least one thing they no longer want, or choose stop all marketing."
            )
        return data


class PersonConsentForm(forms.Form):
    """Consent given or withdrawn by one person, recorded by a member of staff who sees
    their record (the person page)."""

    choice = forms.ChoiceField(label="What for, and how")
    action = forms.ChoiceField(
        label="Given or withdrawn?",
        choices=[("grant", "Given"), ("withdraw", "Withdrawn")],
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label="How did they tell us?", choices=STAFF_METHODS, widget=forms.RadioSelect
    )
    wording = forms.CharField(
        label="What they agreed to, in the words used (needed when consent is given)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            (f"{pid}|{channel}", f"{name}, by {label}")
            for pid, name, channels in choices
            for channel, label in channels
        ]

    def clean(self):
        data = super().clean()
        if data.get("action") == "grant" and not data.get("wording", "").strip():
            self.add_error("wording", "Say what they agreed to, in the words used.")
        return data
