"""A circuit breaker: after a service fails, stop asking it for a while.

A hung database or cache costs a full timeout per call. Without a breaker every
request pays it (several times over); with one, each process pays it at most
once per back-off period: in between, calls fail at once, and the first call
after the period is the single trial that finds out whether the service is back.
"""

import threading
import time


class CircuitBreaker:
    _shared = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, key, backoff):
        """The process's one breaker for a service (key), shared by its threads."""
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(backoff)
            return cls._shared[key]

    def __init__(self, backoff):
        self.backoff = backoff  # seconds
        self._lock = threading.Lock()
        self._retry_at = 0.0  # monotonic; 0 while the service is believed up
        self.failures = 0  # how many failures so far: a waiter sees one happen meanwhile

    @property
    def is_open(self):
        return self._retry_at > 0.0

    def allow(self):
        """Whether to call the service now: yes when up, or as the one trial after a back-off."""
        if not self.is_open:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            # This caller makes the trial; everyone else waits one more period.
            self._retry_at = now + self.backoff
            return True

    def failed(self):
        """The service failed: open the breaker, or keep it open for another period."""
        with self._lock:
            self._retry_at = time.monotonic() + self.backoff
            self.failures += 1

    def succeeded(self):
        """The service answered: close the breaker. True if an outage just ended."""
        if not self.is_open:
            return False
        with self._lock:
            recovered = self.is_open
            self._retry_at = 0.0
            return recovered
