"""Web hardening and side-channel hygiene shared by every app.

- middleware: the Content-Security-Policy (django-csp, relaxed per path in one setting),
  Permissions-Policy, and staff sessions that end after a working day or idle time;
- admin_log: Django's admin keeps no LogEntry (its object reprs copy personal data);
- sqlite: erased data does not linger in SQLite's free pages or its write-ahead log;
- checks: deprecated settings names and an unsafe production configuration, reported
  by `lawful check --deploy`.
"""
