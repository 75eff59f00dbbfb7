"""What the soak runs and breaks: a database of its own, a Redis of its own, gunicorn's workers.

The machine's shared PostgreSQL and Redis are never stopped: the database is reached
through a TcpProxy the soak controls, and Redis is a redis-server started here.
"""

import os
import signal
import subprocess
import time

import psycopg
import redis

from scripts.production import free_port

POSTGRES_ADMIN_URL = os.environ.get("SOAK_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


class Database:
    """A fresh PostgreSQL database, soak_<pid>, dropped at the end."""

    def __init__(self):
        self.name = f"soak_{os.getpid()}"
        self.url = f"{POSTGRES_ADMIN_URL}/{self.name}"
        self.host, self.port = "127.0.0.1", 5432
        with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def url_via(self, port):
        """The same database reached through a proxy on this loopback port."""
        return f"postgresql://postgres@127.0.0.1:{port}/{self.name}"

    def fetch_one(self, sql, params=()):
        with psycopg.connect(self.url) as connection:
            return connection.execute(sql, params).fetchone()

    def drop(self):
        with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class RedisServer:
    """A redis-server on a free loopback port that can be killed, stopped and resumed."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]  # noqa: S607
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=0.5)
        for _ in range(50):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        if self.process.poll() is None:
            self.resume()
            self.kill()


def workers(master_pid):
    """gunicorn's worker pids: the master's children."""
    children = f"/proc/{master_pid}/task/{master_pid}/children"
    with open(children) as listing:
        return [int(pid) for pid in listing.read().split()]


def kill_a_worker(master_pid):
    os.kill(workers(master_pid)[0], signal.SIGKILL)
