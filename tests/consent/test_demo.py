"""Synthetic consents for the demo."""

from lawful.consent.contact import audience
from lawful.consent.demo import generate_consents
from lawful.consent.models import ConsentEvent
from lawful.notices.registry import register_in_force
from lawful.people.demo import generate_residents


def test_the_demo_has_consents_to_show_and_a_second_run_adds_none(network):
    generate_residents(60, organisation=network, register=register_in_force(network), seed=7)
    made = generate_consents(network, seed=7)
    assert made > 0 and ConsentEvent.objects.count() == made
    found = audience(network, "keeping-in-touch", "email")
    assert found.count > 0
    assert "no consent to this channel for this purpose" in found.excluded
    assert generate_consents(network, seed=7) == 0
