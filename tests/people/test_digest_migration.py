"""people 0007 fills in the do-not-contact digest of every contact point held."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lawful.suppression.services import contact_digest


def _executor():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_contact_points_get_their_digest():
    executor = _executor()
    before = [("people", "0006_person_deceased_on")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Organisation = old.get_model("organisations", "Organisation")
        Person = old.get_model("people", "Person")
        ContactPoint = old.get_model("people", "ContactPoint")
        org = Organisation.objects.create(slug="oldtown", name="Old Town Council")
        person = Person.objects.create(organisation=org, given_name="Al", family_name="O'Neill")
        for kind, value in (("email", "al@example.org"), ("postal", "SW1A 1AA")):
            ContactPoint.objects.create(
                organisation=org, person=person, kind=kind, value=value, normalised=value
            )
        executor = _executor()
        executor.migrate([("people", "0007_contact_suppression_digest")])
        new = _executor().loader.project_state([("people", "0007_contact_suppression_digest")]).apps
        digests = dict(
            new.get_model("people", "ContactPoint")
            .objects.filter(person_id=person.pk)
            .values_list("kind", "suppression_digest")
        )
        assert digests == {
            "email": contact_digest(org.pk, "email", "al@example.org"),
            "postal": contact_digest(org.pk, "postal", "SW1A 1AA", "O'Neill"),
        }
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())
