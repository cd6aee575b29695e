"""gunicorn's settings for the portal (`gunicorn portal.wsgi`, which reads this file from the working directory).

Each setting can be changed from the environment without editing this file: see README, "Running in production".
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker wait on the database or S3 for one request while it serves another; processes use the cores.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request still running after this many seconds is stopped (its worker restarts): pages answer in well under 1 s,
# file transfers go straight to and from S3.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Longer than the load balancer's idle time-out (60 s on AWS's): a connection the balancer still holds open and
# gunicorn has just closed would make its next request fail (a 502 for the person, a reset in the benchmark).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# A worker is replaced after this many requests, so that slow growth of memory never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# The proxies whose X-Forwarded-Proto (HTTPS) is believed: the load balancer's address, or "*" when only it can
# reach this port.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One JSON object per request on standard output, with the request id the portal's own log lines carry.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": %(B)s, "ms": %(M)s, "client": "%(h)s", "worker": "%(p)s"}'
)
# No control socket: several gunicorns on one machine (tests, a benchmark beside `make serve`) would share its path.
control_socket_disable = True
