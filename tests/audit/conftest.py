import pytest
from django.db import connection

from lawful.audit.models import AuditEvent


@pytest.fixture
def raw_sql(db):
    """Run SQL straight at the database, as someone bypassing the application would.

    `{events}` in the statement is replaced by the quoted audit event table.
    """

    def run(sql: str, params=()):
        events = connection.ops.quote_name(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(events=events), params)

    return run
