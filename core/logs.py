"""One-line JSON log records, for stdout and whatever collects it (python-json-logger).

Every line has time (UTC, to the millisecond), level, logger and message, then
whatever was passed in `extra=`, then the exception if any. gunicorn's access
lines carry the request as fields of their own, encoded like any other value,
so a quote in a path or a User-Agent cannot forge a field or break the line.
"""

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from gunicorn.glogging import SafeAtoms
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# Attributes every LogRecord has; anything else was passed in `extra=` and is kept.
# Django's request records carry the HttpRequest itself: left out.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}

# gunicorn's atoms (glogging.Logger.atoms) and the fields they become.
ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", sorted(_STANDARD))
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        log_data["time"] = datetime.fromtimestamp(record.created, UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            access = access_fields(record.args)
            words = (access[name] for name in ("method", "path", "status"))
            log_data["message"] = " ".join("-" if word is None else str(word) for word in words)
            log_data.update(access)
        if "exc_info" in log_data:  # last, as before: the longest field
            log_data["exception"] = log_data.pop("exc_info")


def access_fields(atoms):
    """The request and response of one access line, from gunicorn's atoms."""
    fields = {name: atoms.get(atom) for atom, name in ACCESS_FIELDS.items()}
    if isinstance(atoms, SafeAtoms):
        # SafeAtoms put a backslash before every '"' of a string, for a format
        # that quotes its values; undoing it gives back the string exactly.
        for name, value in fields.items():
            if isinstance(value, str):
                fields[name] = value.replace('\\"', '"')
    if isinstance(fields["status"], str) and fields["status"].isdigit():
        fields["status"] = int(fields["status"])
    return fields


def stdout_config(level, loggers):
    """A logging dictConfig: every record as one JSON line on stdout; `loggers` lists
    the named loggers (e.g. "django", "gunicorn.access") kept at INFO on it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            name: {"handlers": ["stdout"], "level": "INFO", "propagate": False} for name in loggers
        },
    }
