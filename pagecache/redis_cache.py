"""Django's Redis cache, made to degrade instead of failing requests.

When Redis cannot be reached every operation behaves like a miss and logs a
warning (at most once per interval). A circuit breaker then skips Redis for a
short back-off (OPTIONS["BACKOFF"], seconds), so a hung Redis costs each
process one timeout per back-off period, not every operation of every
request. redis-py reconnects by itself, so the cache comes back without a
restart; `outage_ended` tells the content version to move on, since saves made
during the outage could not move it (pagecache.version).
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

from core.breaker import CircuitBreaker

log = logging.getLogger(__name__)
WARN_INTERVAL = 30.0
DEFAULT_BACKOFF = 2.0

outage_ended = Signal()  # sent once the cache answers again after failing

# Method name -> what it returns when Redis is unreachable.
FALLBACKS = {
    "get": None, "add": False, "set": False, "touch": False, "delete": False,
    "get_many": {}, "has_key": False, "incr": None, "set_many": None,
    "delete_many": None, "clear": None,
}  # fmt: skip


def _resilient(name, fallback):
    method = getattr(RedisCache, name)

    @wraps(method)
    def call(self, *args, **kwargs):
        if not self.breaker.allow():
            return _miss(name, fallback, args, kwargs)
        try:
            result = method(self, *args, **kwargs)
        except RedisError as error:
            self.breaker.failed()
            self.warn(name, error)
            return _miss(name, fallback, args, kwargs)
        if self.breaker.succeeded():
            log.warning("cache reachable again")
            outage_ended.send(sender=type(self))
        return result

    return call


def _miss(name, fallback, args, kwargs):
    if name == "get":
        return kwargs.get("default", args[1] if len(args) > 1 else None)
    if name == "set_many":
        return list(args[0])  # every key failed
    return fallback


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        backoff = float(options.pop("BACKOFF", DEFAULT_BACKOFF))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = CircuitBreaker.shared(f"cache:{server}", backoff)

    def warn(self, operation, error):
        now = time.monotonic()
        if now - self._last_warning >= WARN_INTERVAL:
            ResilientRedisCache._last_warning = now
            log.warning("cache unavailable, serving without it (%s: %s)", operation, error)


for _name, _fallback in FALLBACKS.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _fallback))
