"""Django's Redis cache, made to degrade instead of failing requests.

When Redis cannot be reached every operation behaves like a miss and logs a
warning (at most once per interval); redis-py reconnects by itself, so the
cache comes back without a restart.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
WARN_INTERVAL = 30.0

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
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            self.warn(name, error)
            if name == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            if name == "set_many":
                return list(args[0])  # every key failed
            return fallback

    return call


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def warn(self, operation, error):
        now = time.monotonic()
        if now - self._last_warning >= WARN_INTERVAL:
            ResilientRedisCache._last_warning = now
            log.warning("cache unavailable, serving without it (%s: %s)", operation, error)


for _name, _fallback in FALLBACKS.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _fallback))
