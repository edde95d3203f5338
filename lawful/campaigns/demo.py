"""The demo's campaign: consent for some of the network's synthetic supporters, and one
email to those who may be emailed, queued for the worker (which, with LAWFUL_EMAIL_DIR
set as scripts/demo sets it, writes each message to a file instead of sending it)."""

from lawful.consent.models import ConsentState
from lawful.consent.services import record_consents_bulk
from lawful.people.models import Person

from .models import Send
from .services import Target, compose_send, start_send, target_audience

PURPOSE = "keeping-in-touch"


def demo_campaign(organisation, *, actor) -> str:
    """Idempotent: consents and the send are made once. Returns a line for the demo."""
    if not ConsentState.objects.for_org(organisation).filter(purpose=PURPOSE).exists():
        ids = list(
            Person.objects.for_org(organisation).order_by("pk").values_list("pk", flat=True)
        )[::3]
        record_consents_bulk(
            organisation,
            ids,
            purpose=PURPOSE,
            channels=["email"],
            method="paper-form",
            evidence="Demo: synthetic sign-up sheets (no real person)",
            wording="Keep in touch with me by email about our campaigns.",
            actor=actor,
        )
    found = target_audience(organisation, Target(PURPOSE, "email"))
    if not Send.objects.for_org(organisation).exists():
        send = compose_send(
            organisation,
            actor=actor,
            target=Target(PURPOSE, "email"),
            subject="Join us at the community meeting",
            body="Dear supporter,\n\nWe meet on Thursday at 7pm in the library. Come along.",
        )
        start_send(send)
    return (
        f"  Campaign: {found.count} supporters may be emailed about {PURPOSE} "
        f"({sum(found.excluded.values())} left out); a demo email to them is queued for "
        "the worker"
    )
