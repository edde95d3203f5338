import pytest
from django.db import connection

from lawful.audit.models import AuditChainHead, AuditEvent


@pytest.fixture
def raw_sql(db):
    """Run SQL straight at the database, as someone bypassing the application would: an
    attacker with full control of the database (on PostgreSQL the test role is a
    superuser, whom the append-only triggers let through, as one could drop them), but
    without the audit key.

    `{events}` and `{heads}` in the statement are replaced by the quoted audit tables.
    """

    def run(sql: str, params=()):
        tables = {
            "events": connection.ops.quote_name(AuditEvent._meta.db_table),
            "heads": connection.ops.quote_name(AuditChainHead._meta.db_table),
        }
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**tables), params)

    return run
