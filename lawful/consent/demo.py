"""Synthetic consents for the demo (`lawful demo`): never real people's.

For each purpose people can consent to, and each of its channels, a seeded share of the
organisation's synthetic residents who have a contact point for the channel gave
consent on a paper form; a few later withdrew. A few of the demo's telephone numbers
are on a synthetic TPS list, so the staff page shows that reason too. Idempotent: an
organisation that has consents already gets none added.
"""

import random

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people.models import ContactPoint
from lawful.policy.contact import CHANNEL_CONTACT, ConsentAction, consent_purposes

from .forms import wording
from .models import ConsentEvent, ConsentState, TpsNumber
from .services import record_consent, record_consents_bulk

SHARE = 0.4
WITHDRAWN = 5


def generate_consents(organisation, *, seed: int = 2026, actor=None) -> int:
    """Consents for the organisation's synthetic residents; returns the events made."""
    if ConsentEvent.objects.for_org(organisation).exists():
        return 0
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        return 0
    rng = random.Random(seed)
    made = 0
    for purpose, channels in consent_purposes(register):
        for channel in channels:
            kind = CHANNEL_CONTACT[channel]
            if kind is None:
                continue
            holders = sorted(
                set(
                    ContactPoint.objects.for_org(organisation)
                    .filter(kind=kind, person__erased_at__isnull=True)
                    .values_list("person_id", flat=True)
                )
            )
            chosen = [pk for pk in holders if rng.random() < SHARE]
            if not chosen:
                continue
            result = record_consents_bulk(
                organisation,
                chosen,
                purpose=purpose.id,
                channels=[channel.value],
                method="paper-form",
                evidence="Synthetic demo data: a paper sign-up form (no real person).",
                wording=wording(organisation.name, purpose, channel),
                actor=actor,
            )
            made += result.recorded
            for state in (
                ConsentState.objects.for_org(organisation)
                .filter(purpose=purpose.id, channel=channel.value)
                .select_related("person")[:WITHDRAWN]
            ):
                record_consent(
                    organisation,
                    state.person,
                    purpose=purpose.id,
                    channel=channel.value,
                    action=ConsentAction.WITHDRAW,
                    method="phone",
                    wording="",
                    actor=actor,
                    evidence="Synthetic demo data: asked on the telephone to stop.",
                )
                made += 1
    phones = list(
        ContactPoint.objects.for_org(organisation)
        .filter(kind="phone")
        .values_list("normalised", flat=True)[:1000]
    )
    TpsNumber.objects.bulk_create(
        [TpsNumber(organisation=organisation, number=n) for n in phones if rng.random() < 0.1],
        ignore_conflicts=True,
    )
    return made
