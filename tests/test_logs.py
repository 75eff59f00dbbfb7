"""Operators read one JSON object per line on stdout."""

import json
import logging
import sys

from core.logs import JsonFormatter


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
