"""One fixture world per test module: built once inside a transaction that is rolled
back when the module ends; each test runs in a savepoint of it (the `db` fixture)."""

import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


@pytest.fixture
def w(world, db):
    """The world, inside the test's own savepoint (what a test changes is undone)."""
    return world
