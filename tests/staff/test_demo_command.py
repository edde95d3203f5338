"""`lawful demo`: the three example organisations, each with its own residents, and a
clerk with a role in each; the addresses and the login printed."""

import re

import pytest
from django.core.management import call_command

from lawful.organisations.models import Organisation
from lawful.organisations.scope import organisations_for
from lawful.people.models import ContactPoint, Person
from lawful.staff.models import StaffUser

pytestmark = pytest.mark.django_db


def test_the_demo_loads_three_organisations_each_with_its_own_residents(capsys, client):
    call_command("demo", "--residents", "20", "--address", "127.0.0.1:9999")
    out = capsys.readouterr().out
    slugs = ["ashbrook", "northgate-councillors", "riverside-network"]
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == slugs
    for slug in slugs:
        assert f"Privacy notice: http://127.0.0.1:9999/o/{slug}/privacy" in out
        organisation = Organisation.objects.get(slug=slug)
        assert Person.objects.for_org(organisation).count() == 20
        # Each organisation's people and contact points are its own.
        assert (
            not ContactPoint.objects.for_org(organisation)
            .exclude(person__organisation=organisation)
            .exists()
        )
        assert client.get(f"/o/{slug}/privacy").status_code == 200
    assert Person.objects.count() == 60

    clerk = StaffUser.objects.get(username=re.search(r"Username: (\S+)", out)[1])
    assert clerk.check_password(re.search(r"Password: (\S+)", out)[1])
    assert organisations_for(clerk).count() == 3
    client.force_login(clerk)
    assert "<strong>Alex</strong>" in client.get("/admin/").content.decode()


def test_running_the_demo_again_adds_nothing_twice(capsys):
    call_command("demo", "--residents", "10")
    call_command("demo", "--residents", "10")
    assert Organisation.objects.count() == 3
    assert Person.objects.count() == 30
