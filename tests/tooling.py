"""What a test does when a checking tool (Chromium, Java, vnu) is not installed."""

import os

import pytest


def missing(reason):
    """Skip with the reason locally; fail in CI, where .ci/run installs every tool."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run should have installed it")
    pytest.skip(reason)
