"""Shared fixtures: the example registers and the staff personas.

Personas, as healthchecks' Alice/Bob/Charlie: every view gets a "the wrong person is
refused" test. A clerk (data protection lead), councillors of wards A and B, a
caseworker and a volunteer.
"""

from datetime import date
from pathlib import Path

import pytest

from lawful.policy.register import load_register

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
# The date the suite treats as today for review-date checks of the examples.
TODAY = date(2026, 11, 23)


@pytest.fixture(params=EXAMPLE_FILES, ids=lambda p: p.stem)
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def example_register(example_path):
    return load_register(example_path)


@pytest.fixture
def parish_register():
    return load_register(EXAMPLES / "parish-council.yaml")


def _staff(django_user_model, username: str, role: str):
    return django_user_model.objects.create_user(
        username=username, password="correct horse battery staple", role=role
    )


@pytest.fixture
def clerk(db, django_user_model):
    return _staff(django_user_model, "clerk", "dp_lead")


@pytest.fixture
def councillor_a(db, django_user_model):
    return _staff(django_user_model, "councillor-a", "councillor")


@pytest.fixture
def councillor_b(db, django_user_model):
    return _staff(django_user_model, "councillor-b", "councillor")


@pytest.fixture
def caseworker(db, django_user_model):
    return _staff(django_user_model, "caseworker", "caseworker")


@pytest.fixture
def volunteer(db, django_user_model):
    return _staff(django_user_model, "volunteer", "volunteer")
