"""Readers: wrk for the load, a probe on one cached page, and a poll for recovery."""

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The load balancer terminates TLS and says so; HTTPS=1 trusts this header.
HEADERS = {"X-Forwarded-Proto": "https"}
WRK_SCRIPT = Path(__file__).with_name("mix.lua")
WRK_TIMEOUT_SECONDS = 5
PROBE_INTERVAL, PROBE_TIMEOUT = 0.2, 2.0


def require_wrk():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")


def run_wrk(base_url, paths, seconds, connections):
    """Load the mix for `seconds`; wrk's summary with counts keyed "second:status"."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["wrk", "--threads", "2", "--connections", str(connections)]  # noqa: S607
        + ["--duration", f"{seconds}s", "--timeout", f"{WRK_TIMEOUT_SECONDS}s"]
        + [f"--header={name}: {value}" for name, value in HEADERS.items()]
        + ["--script", str(WRK_SCRIPT), base_url, "--", *paths],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("SOAK "))
    summary = json.loads(line.removeprefix("SOAK "))
    summary["counts"] = {
        (int(second), int(status)): n
        for key, n in summary["counts"].items()
        for second, status in [key.split(":")]
    }
    return summary


def fetch(url, timeout=PROBE_TIMEOUT):
    """(status, body) as a reader gets it; status None when nothing came back in time."""
    request = urllib.request.Request(url, headers=HEADERS)  # noqa: S310 - our own local server
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return None, ""


class Probe:
    """One reader asking for a cached page every 0.2 s, with a 2 s patience, in a thread."""

    def __init__(self, url):
        self.url = url
        self.samples = []  # (status or None, seconds)
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            started = time.monotonic()
            status, _ = fetch(self.url)
            self.samples.append((status, time.monotonic() - started))
            time.sleep(max(0.0, PROBE_INTERVAL - (time.monotonic() - started)))

    def stop(self):
        self.running = False
        self.thread.join()
        return self.samples


def time_to_recover(base_url, article, marker, since, cap):
    """Seconds from `since` until the site answers, and until the article shows `marker`.

    Answering: /readyz, an uncached page (search) and the article, asked together,
    all 200. A round counts from when it was asked, so the figure is not the load's
    queueing time. Either figure is None if it did not happen within `cap` seconds.
    """
    urls = [base_url + "/readyz", base_url + "/search/?q=attachment", base_url + article]
    answering = None
    with ThreadPoolExecutor(len(urls)) as pool:
        while (asked := time.monotonic()) - since < cap:
            answers = list(pool.map(fetch, urls))
            elapsed = round(asked - since, 1)
            if all(status == 200 for status, _ in answers):
                if answering is None:
                    answering = elapsed
                if marker in answers[-1][1]:
                    return answering, elapsed
            time.sleep(0.1)
    return answering, None
