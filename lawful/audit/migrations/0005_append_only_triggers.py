"""On PostgreSQL the database itself refuses to change or delete audit events, and to move
a chain head backwards or delete it: triggers, whatever the client (psql, another
program, a bug that bypasses the ORM).

The one change allowed to an event is its seal, once: an event awaiting its seal is given
its seq, prev_hash and hash, its contents unchanged. A superuser is let through: one can
switch any trigger off anyway, and test databases are flushed that way; Lawful itself runs
as an ordinary role (README, "The audit log": the grants to give it).

SQLite has no roles and no way to tell Django's flush of a test database from anyone
else's DELETE, so it has no triggers: the ORM guard and the MACs protect the log there.
"""

from django.db import migrations

# Checked after the allowed changes, so that sealing does not pay for the lookup.
ALLOW_SUPERUSER = """
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
"""

CREATE = f"""
CREATE FUNCTION lawful_audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.seq IS NULL AND OLD.prev_hash IS NULL
       AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
       AND ROW(NEW.id, NEW.organisation_id, NEW.at, NEW.actor_id, NEW.actor_label,
               NEW.action, NEW.target_type, NEW.target_id, NEW.person_id, NEW.summary,
               NEW.content_mac)
           IS NOT DISTINCT FROM
           ROW(OLD.id, OLD.organisation_id, OLD.at, OLD.actor_id, OLD.actor_label,
               OLD.action, OLD.target_type, OLD.target_id, OLD.person_id, OLD.summary,
               OLD.content_mac) THEN
        RETURN NEW;  -- an event awaiting its seal takes its place in the chain, once
    END IF;
    {ALLOW_SUPERUSER}
    RAISE EXCEPTION 'the audit log is append-only: % on audit events refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION lawful_audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION lawful_audit_event_append_only();

CREATE FUNCTION lawful_audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id
       AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
       AND NEW.keyed_from = OLD.keyed_from AND NEW.last_seq > OLD.last_seq THEN
        RETURN NEW;  -- events sealed: the head moves forward
    END IF;
    {ALLOW_SUPERUSER}
    RAISE EXCEPTION 'an audit chain head only moves forward: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION lawful_audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION lawful_audit_head_forward_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS lawful_audit_event_append_only();
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;
DROP FUNCTION IF EXISTS lawful_audit_head_forward_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # Not schema_editor.execute(): with parameters, the RAISE's % is a placeholder.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_keyed_chain"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
