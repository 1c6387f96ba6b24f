"""`giapranh serve`: gunicorn answers pages, and static files come hashed, compressed and cached for good."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 — loopback only
    return urllib.request.urlopen(request, timeout=5)  # noqa: S310


@pytest.fixture
def server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIAPRANH_", "DJANGO_", "DATABASE_URL"))}
    env["GIAPRANH_VAR_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "giapranh.cli"]
    subprocess.run([*command, "collectstatic", "--no-input", "-v0"], env=env, check=True, timeout=120)  # noqa: S603
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [*command, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(base + "/login/")
            break
        except OSError:
            time.sleep(0.3)
    yield base, process
    process.terminate()
    process.wait(timeout=30)


def test_the_production_server_serves_pages_and_static_files(server) -> None:
    base, process = server
    page = _get(base + "/login/")
    assert page.headers["Server"] == "gunicorn"
    body = page.read().decode()
    assert "Đăng nhập" in body
    css = re.search(r'/static/giapranh/app\.[0-9a-f]{12}\.css', body)
    assert css, "static names are hashed"
    static = _get(base + css.group(0), **{"Accept-Encoding": "gzip"})
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers["Content-Encoding"] == "gzip"
    # the access log has the path without the query string
    _get(base + "/login/?next=/people/&q=nguyen")
    process.terminate()
    out = process.communicate(timeout=30)[0]
    assert "GET /login/ HTTP/1.1" in out and "nguyen" not in out
