"""The production configuration served by gunicorn on a free loopback port.

Shared by `make audit` (scripts/audit.py) and `make soak` (scripts/soak/).
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port, database_url, **overrides):
    """DEBUG off, a fresh SECRET_KEY, answering on 127.0.0.1:port."""
    return {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        **overrides,
    }


def manage(env, *args, check=True, **kwargs):
    """Run a manage.py command with this environment; raises if it fails unless check=False."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", *args], env=env, cwd=BASE_DIR, check=check, **kwargs
    )


def prepare(env, content_dir="content"):
    """Migrate, import the content folder and collect static files, as a release would."""
    # Collecting (and compressing) static files is the slow part and needs no database.
    collect = subprocess.Popen(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=BASE_DIR,
    )
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "import_content", str(content_dir))
    if collect.wait() != 0:
        sys.exit(f"collectstatic failed with {collect.returncode}")


def start_gunicorn(env, log, *args):
    """gunicorn with gunicorn.conf.py (the project's own) and extra arguments."""
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(GUNICORN), "therapyexplained.wsgi", *args],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer at {url} within {seconds}s")
