"""gunicorn's settings for Lawful in production (deploy/lawful-web.service uses this file).

Behind a TLS reverse proxy on the same machine (deploy/nginx-lawful.conf): gunicorn listens
on loopback only, and trusts the proxy's X-Forwarded-* headers from there.
"""

import multiprocessing
import os

wsgi_app = "lawful.wsgi:application"
bind = os.environ.get("LAWFUL_BIND", "127.0.0.1:8000")
# Sync workers: Lawful's pages are short database reads and writes; long work goes to the
# worker. Two per core is the usual start; measure before raising it.
workers = int(os.environ.get("WEB_WORKERS", 2 * multiprocessing.cpu_count()))
timeout = 30
graceful_timeout = 20
forwarded_allow_ips = "127.0.0.1,::1"
# Errors to stderr (journald keeps them). No access log: request lines carry search terms,
# which can be names and addresses; the proxy's log, if kept, needs the same care.
errorlog = "-"
accesslog = None
control_socket_disable = True
