"""The JSON API at /api/v1/: one django-ninja router per app, mounted in `api.py`.

Callers authenticate with a bearer token (`ApiToken`) that carries one member of
staff and one organisation; the role comes from that member's membership there.
"""
