"""Portability: what the person provided under consent or contract, as JSON and CSV."""

import csv
import io
import json

import pytest

from lawful.people import services as people
from lawful.rights.pack_service import portability_export

pytestmark = pytest.mark.django_db


def test_it_exports_what_the_person_gave_under_consent(org, resident):
    export = portability_export(org, resident)

    data = json.loads(export.json_text)
    assert [p["purpose"] for p in data["purposes"]] == ["newsletters"]
    assert "ann.example@example.org" in export.json_text
    rows = list(csv.DictReader(io.StringIO(export.csv_text)))
    assert any(r["kind"] == "purpose" and r["purpose"] == "newsletters" for r in rows)


def test_data_held_only_under_a_legal_obligation_is_not_portable(org, clerk):
    payer = people.create_person(
        organisation=org,
        actor=clerk,
        given_name="Pat",
        family_name="Payer",
        emails=["pat@example.org"],
        purposes=[("finance", "legal-obligation", "data-subject")],
    )
    export = portability_export(org, payer)
    assert export.data["purposes"] == [] and export.data["provided"] == []
    assert "pat@example.org" not in export.json_text
