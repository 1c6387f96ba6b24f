from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# The access log keeps the path without the query string: what a user typed stays out of it.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


class Command(BaseCommand):
    help = (
        "Serve the application with gunicorn (the production WSGI server); static files come from "
        "WhiteNoise. Runs in the foreground; stop it with Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        cores = os.cpu_count() or 1
        parser.add_argument("--bind", default=os.environ.get("GIAPRANH_BIND", "127.0.0.1:8000"),
                            help="Address and port, or unix:/path.sock (GIAPRANH_BIND; default 127.0.0.1:8000).")
        parser.add_argument("--workers", type=int, default=_env_int("GIAPRANH_WORKERS", 2 * cores + 1),
                            help="Worker processes (GIAPRANH_WORKERS; default 2 × cores + 1).")
        parser.add_argument("--threads", type=int, default=_env_int("GIAPRANH_THREADS", 4),
                            help="Threads per worker (GIAPRANH_THREADS; default 4).")
        parser.add_argument("--timeout", type=int, default=_env_int("GIAPRANH_TIMEOUT", 60),
                            help="Seconds before a stuck worker is restarted (default 60).")
        parser.add_argument("--dry-run", action="store_true", help="Print the gunicorn command and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable, "-m", "gunicorn", "giapranh.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--worker-class", "gthread",
            "--timeout", str(options["timeout"]),
            "--graceful-timeout", "30",
            # A worker is replaced after this many requests (with jitter) so a leak cannot grow forever.
            "--max-requests", "2000", "--max-requests-jitter", "200",
            "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
            "--error-logfile", "-",
            # Nothing here uses gunicorn's control socket; two servers on one machine must not share it.
            "--no-control-socket",
        ]
        if os.environ.get("GIAPRANH_BEHIND_PROXY", "").lower() in {"1", "true", "yes", "on"}:
            argv += ["--forwarded-allow-ips", os.environ.get("GIAPRANH_PROXY_IPS", "127.0.0.1,::1")]
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        self.stdout.write(f"Serving on {options['bind']} with {options['workers']} workers × {options['threads']} threads.")
        self.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 — replaces this process with gunicorn, fixed arguments
