"""Operators read one JSON object per line on stdout."""

import datetime
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent


def test_a_log_record_is_one_line_of_json_with_its_extras():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "failed for %s", ("reader",), sys.exc_info(),
            extra={"path": "/faq/", "status_code": 500},
        )  # fmt: skip
    line = JsonFormatter().format(record)
    assert "\n" not in line
    event = json.loads(line)
    assert event["level"] == "ERROR"
    assert event["message"] == "failed for reader"
    assert event["path"] == "/faq/"
    assert event["status_code"] == 500
    assert "ValueError: broken" in event["exception"]


HOSTILE_PATH = '/blog/a"b\\c/'
HOSTILE_AGENT = 'x", "status": 999, "y": "'


def access_record(atoms):
    """An access record as gunicorn makes one: access_log.info(access_log_format, atoms)."""
    return logging.getLogger("gunicorn.access").makeRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s %(s)s", (atoms,), None
    )


def gunicorn_atoms(path, query, agent, referer):
    """What gunicorn's Logger.access passes: its atoms, wrapped in SafeAtoms."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    logger = Logger(Config())
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": "/raw", "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path, "QUERY_STRING": query, "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": agent, "HTTP_REFERER": referer,
    }  # fmt: skip
    response = SimpleNamespace(status="404 Not Found", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("User-Agent", agent)])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=42))
    return logger.atoms_wrapper_class(atoms)


@pytest.mark.parametrize("wrap", [gunicorn_atoms, lambda path, query, agent, referer: {
    "h": "203.0.113.9", "m": "GET", "U": path, "q": query, "s": "404", "B": 1234, "M": 42,
    "f": referer, "a": agent,
}], ids=["gunicorn-atoms", "plain-dict"])  # fmt: skip
def test_an_access_line_keeps_hostile_values_inside_their_fields(wrap):
    atoms = wrap(HOSTILE_PATH, 'q="\\"', HOSTILE_AGENT, 'https://e.example/"\\')
    line = JsonFormatter().format(access_record(atoms))
    assert "\n" not in line
    event = json.loads(line)
    assert event["logger"] == "gunicorn.access"
    assert event["message"] == f"GET {HOSTILE_PATH} 404"
    assert event["path"] == HOSTILE_PATH
    assert event["query"] == 'q="\\"'
    assert event["user_agent"] == HOSTILE_AGENT
    assert event["referer"] == 'https://e.example/"\\'
    assert event["status"] == 404
    assert "y" not in event
    assert (event["remote"], event["method"], event["bytes"], event["duration_ms"]) == (
        "203.0.113.9", "GET", 1234, 42,
    )  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", event["time"])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_writes_one_json_object_per_line_for_a_hostile_request(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "access-log-test-" + "0123456789" * 4,
        "DJANGO_SETTINGS_MODULE": "therapyexplained.settings_test",  # static files unhashed
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "BIND": f"127.0.0.1:{port}",
    }
    log = tmp_path / "stdout.log"  # a file, not a pipe: a full pipe would stall gunicorn
    with log.open("w") as stdout:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "therapyexplained.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=subprocess.STDOUT,
        )
    try:
        status = None
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall(
                        b"GET /blog/a%22b%5Cc/?q=%22 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"User-Agent: " + HOSTILE_AGENT.encode() + b"\r\n"
                        b"Connection: close\r\n\r\n"
                    )
                    status = int(sock.makefile("rb").readline().split()[1])
            except OSError:
                time.sleep(0.2)
        assert status is not None, "gunicorn did not start"
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            too_long = sock.makefile("rb").read().decode("latin-1")
    finally:
        server.terminate()
        server.wait(timeout=30)
    events = [json.loads(line) for line in log.read_text().splitlines()]  # one object a line
    # gunicorn's own error page carries the site's security headers.
    assert too_long.startswith("HTTP/1.1 414 ")
    assert "X-Frame-Options: DENY" in too_long and "X-Content-Type-Options: nosniff" in too_long
    assert "Content-Security-Policy: default-src 'none'" in too_long
    access = [event for event in events if event["logger"] == "gunicorn.access"]
    access = [event for event in access if event["status"] != 414]
    assert len(access) == 1
    assert access[0]["path"] == HOSTILE_PATH
    assert access[0]["query"] == "q=%22"
    assert access[0]["user_agent"] == HOSTILE_AGENT
    assert access[0]["status"] == status
