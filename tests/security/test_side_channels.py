"""No copies of personal data beside the registry: not Django's admin log, not the task
queue's arguments, not the session, not SQLite's free pages."""

import pytest
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from lawful.jobs.services import start_job
from lawful.security.admin_log import NoAdminLog
from tests.jobs.tasks import export_in_steps
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_every_admin_that_can_change_anything_writes_no_admin_log(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        assert not writes or isinstance(model_admin, NoAdminLog), model._meta.label


def test_task_arguments_are_ids_never_records_or_values(settings, org):
    settings.TASKS = settings.DATABASE_TASKS
    person = PersonFactory(organisation=org)
    for not_an_id in (person, {"name": "Ann"}, ["Ann"], 1.5):
        with pytest.raises(TypeError, match="Job arguments are ids"):
            start_job("test-export", export_in_steps, not_an_id)

    job = start_job("test-export", export_in_steps, person.pk, organisation=org)

    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [job.pk, person.pk]


def test_a_search_is_not_kept_in_the_session(client, admin_user, org):
    PersonFactory(organisation=org, family_name="Quennell")
    client.force_login(admin_user)

    assert "Quennell" in client.get("/admin/people/person/", {"q": "Quennell"}).content.decode()

    for session in Session.objects.all():
        assert "quennell" not in str(SessionStore().decode(session.session_data)).lower()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite setting")
def test_sqlite_overwrites_deleted_data_on_every_connection():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
