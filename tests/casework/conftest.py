"""Casework fixtures: the councillors' office example register in force, its staff of
every role (councillors of wards A and B, two caseworkers, a volunteer, the lead), and
constituents with a case or two."""

from types import SimpleNamespace

import pytest

from tests.conftest import EXAMPLES, TODAY

PASSWORD = "correct horse battery staple"


def _staff(django_user_model, organisation, username, role, ward=""):
    from lawful.organisations.models import Membership

    user = django_user_model.objects.create_user(username=username, password=PASSWORD, role=role)
    Membership.objects.create(user=user, organisation=organisation, role=role, ward=ward)
    return user


@pytest.fixture
def office(db):
    from lawful.organisations.services import create_organisation

    text = (EXAMPLES / "councillors-office.yaml").read_text()
    return create_organisation("northgate-cllrs", text, today=TODAY)


@pytest.fixture
def staff(db, django_user_model, office):
    return SimpleNamespace(
        lead=_staff(django_user_model, office, "lead", "dp_lead"),
        cllr_a=_staff(django_user_model, office, "cllr-a", "councillor", "Northgate"),
        cllr_b=_staff(django_user_model, office, "cllr-b", "councillor", "Southgate"),
        worker=_staff(django_user_model, office, "worker", "caseworker"),
        worker2=_staff(django_user_model, office, "worker2", "caseworker"),
        volunteer=_staff(django_user_model, office, "volunteer", "volunteer"),
    )


def make_person(office, given, family, email="", ward="Northgate"):
    from lawful.people.services import create_person

    return create_person(
        organisation=office,
        actor=None,
        given_name=given,
        family_name=family,
        ward=ward,
        emails=[email] if email else [],
    )


@pytest.fixture
def resident(office):
    return make_person(office, "Amara", "Okonkwo-Test", "amara.ok@example.org")


@pytest.fixture
def neighbour(office):
    return make_person(office, "Bernard", "Quillfeather", "bernard.q@example.org")


@pytest.fixture
def case(office, staff, resident):
    from lawful.casework.services import open_case

    return open_case(
        office,
        actor=staff.lead,
        person=resident,
        subject="Damp in the bedroom",
        description="Mould affecting a disabled child's asthma.",
        category="housing",
        ward="Northgate",
        special_categories=["health"],
        special_category_condition="elected-representatives",
        assigned_to="worker",
    )
