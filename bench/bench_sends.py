"""Benchmark a campaign send by email to N supporters through a local SMTP sink.

    .venv/bin/python bench/bench_sends.py [--n 100000]
    .venv/bin/python bench/bench_sends.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_sends.py --n 10000 --profile /tmp/send.prof

Sets up a throw-away database (bench/harness.py: a temporary SQLite file, or a database
`lawful_bench_sends` beside the one named) with bench/bench_campaigns.py's generator: N
supporters who consented to "keeping-in-touch" by email, of whom some withdrew (every
fifth), some are restricted, erased, deceased, on the do-not-contact list for an
objection, or have no email address. A local SMTP sink (tests/smtp_sink.py, aiosmtpd)
runs in a subprocess; Django's SMTP backend is pointed at it.

Times, once each:
- the real send: `compose_send` and `start_send` (as `lawful send` does), then the
  worker (`lawful worker --until-done`) running the task to its end: the audience, a
  signed unsubscribe link each, the messages by Django's SMTP backend, a Delivery row
  and an audit event each;
- the lower bound: the plainest hand-written path over the same tables: one SQL query
  for the permitted addresses (the objectors' ids given), a minimal message each built
  by string formatting with the same headers (List-Unsubscribe with a per-person HMAC
  link, List-Unsubscribe-Post), sent by smtplib over one connection, and as many
  Delivery rows and audit-like rows (constant hashes) inserted by executemany, rolled
  back.

Each is checked outside the timing: the sink received exactly the addresses the
generator's own rules permit, each once, every message with both unsubscribe headers,
and none of the withdrawn, restricted, erased, deceased or objecting people's.
Prints Markdown tables.
"""

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
from email.utils import formatdate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_campaigns import OBJECTED, PURPOSE, load, setup_organisation  # noqa: E402
from harness import ROOT, throwaway_database  # noqa: E402

BENCH_DATABASE = "lawful_bench_sends"
SUBJECT = "Litter pick on Saturday"
BODY = "Meet at the green at ten. Gloves and bags provided.\n" * 8


def generated(n: int) -> tuple[set[str], dict[str, set[str]]]:
    """By the generator's own rules (bench_campaigns.load), independent of Lawful's:
    the addresses a send may reach, and the addresses of each group it must not."""
    step = max(1, n // OBJECTED)
    objected = set(range(2, n, step))
    groups = {
        "withdrawn": lambda i: i % 5 == 0,
        "restricted": lambda i: i % 100 == 3,
        "erased": lambda i: i % 200 == 5,
        "deceased": lambda i: i % 500 == 7,
        "objected": lambda i: i in objected,
    }
    left_out = {name: set() for name in groups}
    permitted = set()
    for i in range(1, n + 1):
        if i % 100 == 11:  # no email address
            continue
        address = f"p{i}@example.org"
        hit = [name for name, rule in groups.items() if rule(i)]
        for name in hit:
            left_out[name].add(address)
        if not hit:
            permitted.add(address)
    return permitted, left_out


class SinkProcess:
    """tests/smtp_sink.py in a subprocess: counts and keeps recipients, not messages."""

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.smtp_sink", "--keep-none"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = self.process.stdout.readline().split()
        if ready[:1] != ["ready"]:
            raise RuntimeError(f"the SMTP sink did not start: {ready}")
        self.port = int(ready[1])
        return self

    def received(self) -> dict:
        out, _ = self.process.communicate("")  # closes its stdin: it reports and exits
        return json.loads(out.strip().splitlines()[-1])

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def point_django_at(port: int) -> None:
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def check(received: dict, permitted: set[str], left_out: dict[str, set[str]]) -> list[str]:
    """What is wrong with what the sink received (nothing: an empty list)."""
    problems = []
    recipients = received["recipients"]
    got = set(recipients)
    if len(recipients) != len(got):
        problems.append(f"{len(recipients) - len(got):,} addresses were sent it twice")
    if got != permitted:
        problems.append(
            f"{len(permitted - got):,} permitted addresses missed, "
            f"{len(got - permitted):,} addresses reached that are not permitted"
        )
    for name, addresses in left_out.items():
        if got & addresses:
            problems.append(f"{len(got & addresses):,} {name} people were sent it")
    if received["without_unsubscribe_headers"]:
        problems.append(
            f"{received['without_unsubscribe_headers']:,} messages without the RFC 8058 headers"
        )
    return problems


def real_send(organisation, profile: str | None) -> dict:
    from django.core.management import call_command

    from lawful.audit.models import AuditEvent
    from lawful.campaigns.models import Delivery, Send
    from lawful.campaigns.services import Target, compose_send, start_send
    from lawful.jobs.models import Job

    events = AuditEvent.objects.count()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    send = compose_send(
        organisation, actor=None, target=Target(PURPOSE, "email"), subject=SUBJECT, body=BODY
    )
    job = start_send(send)
    composed = time.perf_counter() - started
    call_command("worker", "--until-done", verbosity=0)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    send.refresh_from_db()
    job = Job.objects.get(pk=job.pk)
    if send.status != Send.Status.SENT:
        raise RuntimeError(f"the send ended {send.status}: {job.message}")
    return {
        "seconds": seconds,
        "composed": composed,
        "deliveries": Delivery.objects.filter(send=send).count(),
        "audit events": AuditEvent.objects.count() - events,
        "sent_count": send.sent_count,
    }


PERMITTED = """
SELECT p.id, (SELECT e.normalised FROM people_contactpoint e WHERE e.person_id = p.id
        AND e.kind = 'email' ORDER BY e.is_primary DESC, e.id LIMIT 1)
FROM people_person p
WHERE p.organisation_id = %s AND p.erased_at IS NULL
    AND (p.deceased_on IS NULL OR p.deceased_on > %s) AND NOT p.restricted
    AND p.id NOT IN ({objected})
    AND EXISTS (SELECT 1 FROM consent_consentstate s WHERE s.person_id = p.id
        AND s.purpose = %s AND s.channel = 'email' AND s.granted)
    AND EXISTS (SELECT 1 FROM people_contactpoint e WHERE e.person_id = p.id
        AND e.kind = 'email')
"""


def lower_bound(organisation, port: int) -> dict:
    """The plainest hand-written send (see the module's docstring), its writes rolled
    back. Returns seconds by step."""
    import smtplib

    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from lawful.campaigns.models import Send
    from lawful.consent.services import suppressed_people

    org = organisation.pk
    objected = ", ".join(str(i) for i in sorted(suppressed_people(organisation))) or "NULL"
    send = Send.objects.create(
        organisation=organisation, purpose_id=PURPOSE, subject=SUBJECT, body=BODY
    )
    key = settings.SECRET_KEY.encode()
    base = f"{settings.LAWFUL_PUBLIC_URL}/o/{organisation.slug}/unsubscribe/"
    sender = settings.DEFAULT_FROM_EMAIL
    took = {}
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(PERMITTED.format(objected=objected), [org, timezone.localdate(), PURPOSE])
        rows = cursor.fetchall()
        took["query"] = time.perf_counter() - started

        mark = time.perf_counter()
        date = formatdate(localtime=False)
        messages = []
        for pk, address in rows:
            token = hmac.new(key, f"{org}:{pk}:{PURPOSE}:email".encode(), hashlib.sha256)
            link = f"{base}{pk}.{token.hexdigest()[:32]}"
            messages.append(
                (
                    address,
                    (
                        f"From: {sender}\r\nTo: {address}\r\nSubject: {SUBJECT}\r\n"
                        f"Date: {date}\r\nMessage-ID: <{send.pk}.{pk}@lawful.invalid>\r\n"
                        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 7bit\r\n"
                        f"List-Unsubscribe: <{link}>\r\n"
                        "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n"
                        f"{BODY}\r\n--\r\nUnsubscribe: {link}\r\n"
                    ).encode(),
                )
            )
        took["build messages"] = time.perf_counter() - mark

        mark = time.perf_counter()
        smtp = smtplib.SMTP("127.0.0.1", port)
        for address, message in messages:
            smtp.sendmail(sender, [address], message)
        smtp.quit()
        took["SMTP"] = time.perf_counter() - mark

        mark = time.perf_counter()
        at = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.executemany(
            "INSERT INTO campaigns_delivery (organisation_id, send_id, person_id, address, "
            "sent_at) VALUES (%s, %s, %s, %s, %s)",
            [(org, send.pk, pk, address, at) for pk, address in rows],
        )
        cursor.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM audit_auditevent WHERE organisation_id = %s",
            [org],
        )
        seq = cursor.fetchone()[0]
        cursor.executemany(
            "INSERT INTO audit_auditevent (organisation_id, seq, at, actor_label, action, "
            "target_type, target_id, person_id, summary, prev_hash, hash, content_mac) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    org,
                    seq + k + 1,
                    at,
                    "system",
                    "create",
                    "campaigns.delivery",
                    str(pk),
                    pk,
                    f"sent email {send.pk} ({PURPOSE})",
                    f"{seq + k:064x}",
                    f"{seq + k + 1:064x}",
                    "0" * 64,
                )
                for k, (pk, _) in enumerate(rows)
            ],
        )
        took["inserts (deliveries, audit)"] = time.perf_counter() - mark
        took["total"] = time.perf_counter() - started
        transaction.set_rollback(True)
    Send.objects.filter(pk=send.pk).delete()
    took["count"] = len(rows)
    return took


def load_average() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--database-name", default=BENCH_DATABASE, help="the throw-away database")
    parser.add_argument("--profile", help="write a cProfile of the real send to this file")
    parser.add_argument("--no-lower-bound", action="store_true", help="time the real send only")
    args = parser.parse_args()
    os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
    os.environ.setdefault("LAWFUL_SUPPRESSION_KEY", "bench-only-suppression-key")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("LAWFUL_LOG_LEVEL", "WARNING")
    permitted, left_out = generated(args.n)
    failures = 0
    with throwaway_database(args.database_name, args.database_url) as label:
        organisation = setup_organisation()
        took = load(args.n, organisation)
        print(
            f"\n{label}, {args.n:,} supporters (load {sum(took.values()):,.0f} s), "
            f"load average before the send {load_average()}\n"
        )
        lines = [
            "| send (keeping-in-touch, email) | messages | deliveries | audit events "
            "| seconds | messages/s |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        with SinkProcess() as sink:
            point_django_at(sink.port)
            real = real_send(organisation, args.profile)
            received = sink.received()
        problems = check(received, permitted, left_out)
        if real["deliveries"] != len(permitted) or real["sent_count"] != len(permitted):
            problems.append(f"{real['deliveries']:,} deliveries recorded, {real['sent_count']:,}")
        lines.append(
            f"| Lawful: compose_send + worker (Django SMTP backend) | {received['messages']:,} "
            f"| {real['deliveries']:,} | {real['audit events']:,} | {real['seconds']:,.1f} "
            f"| {received['messages'] / real['seconds']:,.0f} |"
        )
        if problems:
            failures += 1
            lines.append(f"| (wrong: {'; '.join(problems)}) | | | | | |")
        if not args.no_lower_bound:
            with SinkProcess() as sink:
                bound = lower_bound(organisation, sink.port)
                received = sink.received()
            problems = check(received, permitted, left_out)
            steps = ", ".join(
                f"{k} {v:,.1f}" for k, v in bound.items() if k not in ("total", "count")
            )
            lines.append(
                f"| lower bound: one query, smtplib, executemany ({steps}) | "
                f"{received['messages']:,} | {bound['count']:,} | {bound['count']:,} | "
                f"{bound['total']:,.1f} | {received['messages'] / bound['total']:,.0f} |"
            )
            if problems:
                failures += 1
                lines.append(f"| (wrong: {'; '.join(problems)}) | | | | | |")
        print("\n".join(lines))
        print(
            f"\npermitted by the generator's rules: {len(permitted):,}; left out: "
            + ", ".join(f"{k} {len(v):,}" for k, v in left_out.items())
            + f"; load average after {load_average()}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
