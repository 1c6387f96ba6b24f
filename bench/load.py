"""Load and fault benchmark: many officers at once against the production server, then SIGKILL mid-write.

Usage (the database is thrown away and rebuilt: its name must contain "bench"; loopback only):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/load.py --duration 600

1. Setup: creates the database, migrates, loads the real units of Vĩnh Phúc and Tuyên Quang
   and the demo cluster, adds officers to the six communes (USERS in all, spread over
   them) with an API token each, and seeds every commune with persons and incidents
   through the API.
2. Load: starts `giapranh serve` (gunicorn) on a free loopback port; USERS virtual users,
   each signed in through the sign-in form (session) and holding its token, loop for
   DURATION seconds over a mixed workload with a think time of 0–1 s:
   list pages (HTML and API), detail pages (HTML, and the API read of a person, which is
   logged), person search (POST /api/v1/persons/search, logged), creating incidents and
   persons (API). Prints p50 / p95 / p99 per kind, the errors, then stops the server and
   runs `giapranh verifylog` (the chain must be intact: the writers were concurrent).
3. Faults (--kill-after S, 0 to skip): starts the server again, 10 writers create
   incidents and search persons (each search appends an access-log row) as fast as they
   can, and after S seconds the whole server (master and workers) gets SIGKILL. Then:
   every incident whose creation was answered 201 is in the database, every incident in
   the database is whole (its number, its history row), and `giapranh verifylog` passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
GIAPRANH = [sys.executable, "-m", "giapranh.cli"]
PASSWORD = "Bench-mat-khau-2026"  # noqa: S105 — throwaway bench users on a throwaway database
COMMUNES = ["QY", "HL", "LC", "TD", "TS", "DP"]
CATEGORY = "ttxh-trom-cap-tai-san"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Ma", "Triệu"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Ngọc"]
GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Lan", "Mai", "Sơn", "Tâm", "Thắng"]
# kind → weight of the mixed workload
WORKLOAD = {
    "list_html": 20, "list_api": 15, "detail_html": 15, "person_read_api": 10,
    "person_search": 20, "create_incident": 10, "create_person": 10,
}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["GIAPRANH_VAR_DIR"] = str(var_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([*GIAPRANH, *args], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"giapranh {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# --- HTTP ------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its cookies (a browser tab) and a token (a machine client)."""

    def __init__(self, port: int, token: str = "") -> None:
        self.port = port
        self.token = token
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, *, body: Any = None, form: dict[str, str] | None = None,
                api: bool = False) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        data: bytes | None = None
        if api:
            headers["Authorization"] = f"Bearer {self.token}"
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        else:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if form is not None:
                data = urlencode(form).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
                headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a worker recycled after --max-requests closed the keep-alive connection
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, payload

    def sign_in(self, username: str) -> None:
        self.request("GET", "/login/")
        status, _ = self.request("POST", "/login/", form={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        })
        if status != 302:
            raise SystemExit(f"sign-in of {username} answered {status}")


def _incident_body(rng: random.Random) -> dict[str, Any]:
    occurred = dt.datetime(2019, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=7))) + dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
    return {
        "occurred_at": occurred.isoformat(), "reported_at": (occurred + dt.timedelta(hours=3)).isoformat(),
        "category": CATEGORY, "place": f"Thôn {rng.randrange(1, 12)}",
        "summary": "Mất trộm tài sản; đang xác minh.",
    }


def _person_body(rng: random.Random) -> dict[str, Any]:
    return {"full_name": _name(rng), "gender": rng.choice(["male", "female"]), "birth_year": rng.randrange(1950, 2008)}


# --- setup -----------------------------------------------------------------------------------


@dataclass
class Officer:
    username: str
    agency: str
    token: str
    incidents: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)


def setup(*, database_url: str, env: dict[str, str], users: int) -> list[Officer]:
    parsed = urlparse(database_url)
    if "bench" not in parsed.path:
        raise SystemExit("The database name must contain 'bench': it is dropped and rebuilt.")
    if parsed.scheme.startswith("postgres"):
        name = parsed.path.lstrip("/")
        admin = ["psql", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432),
                 "-U", parsed.username or "postgres", "-d", "postgres", "-qc"]
        subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)  # noqa: S603
        subprocess.run([*admin, f'CREATE DATABASE "{name}"'], check=True)  # noqa: S603
    else:
        Path(parsed.path).unlink(missing_ok=True)
    _run("migrate", "--no-input", "-v0", env=env)
    _run("collectstatic", "--no-input", "-v0", env=env)
    _run("loadunits", "--provinces", "26,08", env=env)
    _run("demo", env=env)
    script = f"""
from giapranh.accounts.models import Agency, User
from giapranh.accounts.services import api_token_create
codes = {COMMUNES!r}
for i in range({users}):
    agency = Agency.objects.get(code=codes[i % len(codes)])
    user, _ = User.objects.get_or_create(username=f"bench{{i:02d}}", defaults={{"agency": agency, "role": "commune_officer"}})
    user.set_password({PASSWORD!r}); user.save()
    print(user.username, agency.code, api_token_create(user=user, name="bench", days=1))
"""
    out = _run("shell", "-c", script, env=env)
    officers = [Officer(*line.split()) for line in out.splitlines() if line.startswith("bench")]
    return officers


def seed(*, port: int, officers: list[Officer], per_commune: int) -> None:
    """Persons and incidents in every commune, through the API; each officer learns its agency's ids."""
    rng = random.Random(1)  # noqa: S311
    by_agency: dict[str, list[Officer]] = defaultdict(list)
    for officer in officers:
        by_agency[officer.agency].append(officer)
    for _agency, group in by_agency.items():
        client = Client(port, group[0].token)
        incidents, persons = [], []
        for _ in range(per_commune):
            status, body = client.request("POST", "/api/v1/persons", body=_person_body(rng), api=True)
            assert status == 201, body[:300]
            persons.append(json.loads(body)["public_id"])
            status, body = client.request("POST", "/api/v1/incidents", body=_incident_body(rng), api=True)
            assert status == 201, body[:300]
            incidents.append(json.loads(body)["public_id"])
        for officer in group:
            officer.incidents, officer.persons = list(incidents), list(persons)


# --- server ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_start(*, env: dict[str, str], workers: int, threads: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [*GIAPRANH, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def server_stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)


# --- load ------------------------------------------------------------------------------------


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool, sample: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {sample}")


def user_loop(officer: Officer, *, port: int, until: float, stats: Stats, seed_value: int) -> None:
    rng = random.Random(seed_value)  # noqa: S311
    client = Client(port, officer.token)
    client.sign_in(officer.username)
    kinds, weights = list(WORKLOAD), list(WORKLOAD.values())
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        expected = 200
        try:
            if kind == "list_html":
                status, body = client.request("GET", f"/incidents/?page={rng.randrange(1, 3)}")
            elif kind == "list_api":
                status, body = client.request("GET", f"/api/v1/incidents?page={rng.randrange(1, 3)}", api=True)
            elif kind == "detail_html":
                status, body = client.request("GET", f"/incidents/{rng.choice(officer.incidents)}/")
            elif kind == "person_read_api":
                status, body = client.request("GET", f"/api/v1/persons/{rng.choice(officer.persons)}", api=True)
            elif kind == "person_search":
                query = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}".lower()
                status, body = client.request("POST", "/api/v1/persons/search", body={"q": query}, api=True)
            elif kind == "create_incident":
                expected = 201
                status, body = client.request("POST", "/api/v1/incidents", body=_incident_body(rng), api=True)
                if status == 201:
                    officer.incidents.append(json.loads(body)["public_id"])
            else:
                expected = 201
                status, body = client.request("POST", "/api/v1/persons", body=_person_body(rng), api=True)
                if status == 201:
                    officer.persons.append(json.loads(body)["public_id"])
            stats.add(kind, time.perf_counter() - started, status == expected, f"{status} {body[:200]!r}")
        except Exception as exc:  # noqa: BLE001 — every failure is counted and sampled
            stats.add(kind, time.perf_counter() - started, False, repr(exc))
            client = Client(port, officer.token)
            client.cookies = {}
            client.sign_in(officer.username)
        time.sleep(rng.random())  # think time


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def report(stats: Stats, duration: float) -> None:
    total = sum(len(v) for v in stats.times.values())
    print(f"\n{'kind':<17}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind in WORKLOAD:
        values = stats.times.get(kind, [])
        if not values:
            continue
        print(f"{kind:<17}{len(values):>9}{stats.errors.get(kind, 0):>8}{_pct(values, .5):>9.0f}"
              f"{_pct(values, .95):>9.0f}{_pct(values, .99):>9.0f}{max(values) * 1000:>9.0f}")
    everything = [t for v in stats.times.values() for t in v]
    print(f"{'all':<17}{total:>9}{sum(stats.errors.values()):>8}{_pct(everything, .5):>9.0f}"
          f"{_pct(everything, .95):>9.0f}{_pct(everything, .99):>9.0f}{max(everything) * 1000:>9.0f}")
    print(f"throughput: {total / duration:.1f} requests/s; mean {statistics.fmean(everything) * 1000:.0f} ms")
    for sample in stats.error_samples:
        print("  error:", sample)


# --- faults ----------------------------------------------------------------------------------


def kill_test(*, env: dict[str, str], officers: list[Officer], workers: int, threads: int, log: Path,
              kill_after: float) -> bool:
    process, port = server_start(env=env, workers=workers, threads=threads, log=log)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(officer: Officer, n: int) -> None:
        rng = random.Random(1000 + n)  # noqa: S311
        client = Client(port, officer.token)
        while not stop.is_set():
            try:
                status, body = client.request("POST", "/api/v1/incidents", body=_incident_body(rng), api=True)
            except Exception:  # noqa: BLE001 — the server is gone: that is the point
                return
            if status == 201:
                with lock:
                    acknowledged.append(json.loads(body)["public_id"])
            try:
                client.request("POST", "/api/v1/persons/search", body={"q": rng.choice(GIVEN).lower()}, api=True)
            except Exception:  # noqa: BLE001
                return

    writers = [threading.Thread(target=writer, args=(officers[i % len(officers)], i)) for i in range(10)]
    for thread in writers:
        thread.start()
    time.sleep(kill_after)
    os.killpg(process.pid, signal.SIGKILL)  # master and every worker, mid-write
    process.wait()
    stop.set()
    for thread in writers:
        thread.join(timeout=30)
    print(f"\nSIGKILL after {kill_after:.0f} s of writes: {len(acknowledged)} incidents acknowledged (201).")
    check = f"""
from giapranh.incidents.models import Incident
from giapranh.core.models import AccessLogEntry
acknowledged = set({json.dumps(acknowledged)})
stored = set(str(u) for u in Incident.objects.values_list("public_id", flat=True))
lost = acknowledged - stored
without_number = Incident.objects.filter(number="").count()
history = set(str(u) for u in Incident.history.filter(history_type="+").values_list("public_id", flat=True))
without_history = len(stored - history)
print(f"lost={{len(lost)}} without_number={{without_number}} without_history={{without_history}} incidents={{len(stored)}}")
"""
    out = _run("shell", "-c", check, env=env).strip().splitlines()[-1]
    print("after the kill:", out)
    verify = subprocess.run([*GIAPRANH, "verifylog"], env=env, capture_output=True, text=True)  # noqa: S603
    print("verifylog:", (verify.stdout + verify.stderr).strip())
    numbers = dict(part.split("=") for part in out.split())
    return (numbers["lost"] == "0" and numbers["without_number"] == "0" and numbers["without_history"] == "0"
            and verify.returncode == 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (the spec: 600)")
    parser.add_argument("--seed-per-commune", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--kill-after", type=float, default=8, help="seconds of writes before SIGKILL; 0: skip")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        raise SystemExit("Set DATABASE_URL to a throwaway database whose name contains 'bench'.")
    var_dir = Path(tempfile.mkdtemp(prefix="giapranh-bench-load-"))
    env = _env(var_dir)
    log = var_dir / "server.log"
    print(f"setup: {urlparse(database_url).scheme} database, var dir {var_dir}")
    officers = setup(database_url=database_url, env=env, users=args.users)
    process, port = server_start(env=env, workers=args.workers, threads=args.threads, log=log)
    try:
        seed(port=port, officers=officers, per_commune=args.seed_per_commune)
        print(f"load: {len(officers)} users, {args.duration:.0f} s, gunicorn {args.workers} workers × {args.threads} threads "
              f"on 127.0.0.1:{port}, {os.cpu_count()} cores shared with the load generator")
        stats = Stats()
        until = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [threading.Thread(target=user_loop, args=(o,), kwargs={
            "port": port, "until": until, "stats": stats, "seed_value": i}) for i, o in enumerate(officers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(stats, time.monotonic() - started)
    finally:
        server_stop(process)
    verify = subprocess.run([*GIAPRANH, "verifylog"], env=env, capture_output=True, text=True)  # noqa: S603
    print("verifylog after the load:", (verify.stdout + verify.stderr).strip())
    ok = verify.returncode == 0 and not sum(stats.errors.values())
    if args.kill_after:
        ok = kill_test(env=env, officers=officers, workers=args.workers, threads=args.threads, log=log,
                       kill_after=args.kill_after) and ok
    server_log = log.read_text(errors="replace")
    server_errors = len(re.findall(r'HTTP/1.1" 5[0-9][0-9] ', server_log))
    print(f"server log: {server_errors} answers with a 5xx status")
    ok = ok and not server_errors
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
