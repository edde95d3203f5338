import pytest


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database, as production does, for `lawful worker` to run."""
    settings.TASKS = settings.DATABASE_TASKS
