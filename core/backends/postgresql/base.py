"""Django's PostgreSQL backend that cannot hang on an unresponsive database.

PostgreSQL's own statement_timeout ends slow queries, and connect_timeout a
server that never completes a connection; neither helps when the server (or
a proxy before it) accepts the bytes and never answers. So every wait for an
answer has a deadline here too, after which the connection is closed. And,
as for the cache (core.breaker), once the database has failed each process
stops asking it for a short back-off: requests fail at once (a 503) instead
of each one holding a worker for a full timeout, and cached pages keep being
served by the workers that stay free.

Before the breaker has seen a failure, a database that stops answering would
still hold each thread that asks it for a full timeout, and with every thread of
a worker held, even cached pages wait. So the checks that usually come first
are kept short: the health check of a kept connection (conn_health_checks) has
its own short deadline, and each process makes one connection attempt at a
time, the others waiting at most `connect_patience` for their turn.

Settings: OPTIONS["answer_timeout"] and OPTIONS["health_check_timeout"]
(seconds; None for no deadline), OPTIONS["backoff"] and
OPTIONS["connect_patience"] (seconds), all taken out before the rest reach
libpq.
"""

import logging
import threading

import psycopg
from django.db.backends.postgresql import base

from core.breaker import CircuitBreaker

log = logging.getLogger(__name__)


class DeadlineConnection(psycopg.Connection):
    answer_timeout = None
    breaker = None

    def wait(self, gen, *args, timeout=None, **kwargs):
        watched = self._given_up_if_the_database_fails(gen)
        try:
            return super().wait(watched, *args, timeout=timeout or self.answer_timeout, **kwargs)
        except psycopg.OperationalError as error:
            if self.pgconn.transaction_status != psycopg.pq.TransactionStatus.ACTIVE:
                raise
            # Still waiting for an answer: the connection is in an unknown state.
            self.pgconn.finish()
            self.breaker.failed()
            log.warning("database connection closed while waiting for an answer: %s", error)
            raise psycopg.OperationalError("the database did not answer in time") from error

    def _given_up_if_the_database_fails(self, gen):
        """`gen`, given up as soon as another thread finds the database failing: a query
        already waiting when the database hangs need not wait out its own deadline.

        psycopg's wait sends the generator "nothing ready" every interval (0.1 s), which
        is when the breaker is looked at.
        """
        failures = self.breaker.failures
        try:
            state = next(gen)
            while True:
                ready = yield state
                if not ready and self.breaker.failures != failures:
                    raise psycopg.OperationalError("the database failed for another request")
                state = gen.send(ready)
        except StopIteration as done:
            return done.value


# Each database's connect turn, shared by the process's threads: alias -> lock.
CONNECTING = {}
CONNECTING_LOCK = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.answer_timeout = params.pop("answer_timeout", None)
        backoff = params.pop("backoff", 2.0)
        self.health_check_timeout = params.pop("health_check_timeout", 1.0)
        self.connect_patience = params.pop("connect_patience", 0.5)
        self.breaker = CircuitBreaker.shared(f"database:{self.alias}", backoff)
        with CONNECTING_LOCK:
            self.connecting = CONNECTING.setdefault(self.alias, threading.Lock())
        return params

    def get_new_connection(self, conn_params):
        if not self.breaker.allow():
            raise psycopg.OperationalError("database skipped: it failed moments ago")
        if not self.connecting.acquire(timeout=self.connect_patience):
            raise psycopg.OperationalError("database skipped: connecting to it is hanging")
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.Error:
            self.breaker.failed()
            raise
        finally:
            self.connecting.release()
        if self.breaker.succeeded():
            log.warning("database reachable again")
        # psycopg.connect() builds a plain Connection; give it the deadline (same layout).
        connection.__class__ = DeadlineConnection
        connection.answer_timeout = self.answer_timeout
        connection.breaker = self.breaker
        return connection

    def is_usable(self):
        if self.connection is None:
            return False
        # SELECT 1 answers in milliseconds: waiting longer only holds the thread.
        answer_timeout = self.connection.answer_timeout
        self.connection.answer_timeout = self.health_check_timeout
        try:
            return super().is_usable()
        finally:
            self.connection.answer_timeout = answer_timeout
