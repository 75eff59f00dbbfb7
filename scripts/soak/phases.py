"""The phases: load on a mix of pages while one fault at a time is applied and lifted.

A phase is a list of segments; each segment is one wrk run, with its fault applied
`at` seconds in (from a thread, so the load is running when it strikes).
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from scripts.soak.load import Probe, fetch, run_wrk, time_to_recover
from scripts.soak.services import kill_a_worker
from tests.page_types import ARTICLE, PAGE_TYPES

MIX = [
    PAGE_TYPES[name][0]
    for name in ("home", "article", "article list", "modality", "topic", "search", "404")
]
# Seconds to keep polling after a fault is lifted (the target is 5): at least this,
# or the whole segment, so a slow recovery gets a figure in the long run.
RECOVERY_CAP = 10


@dataclass
class Segment:
    name: str
    does: str
    fault: Callable[[], None] | None = None
    at: float = 0.0
    db_down: bool = False  # 503 is the right answer for uncached pages
    db_back: bool = False  # 503 still allowed for the first 5 s
    hang: bool = False  # cached pages must keep being served
    recovery: bool = False  # measure the time to full service once the fault returns


@dataclass
class Result:
    phase: str
    segment: Segment
    wrk: dict = field(default_factory=dict)
    probe: list = field(default_factory=list)
    fault_wall: float | None = None  # time.time() when the fault struck
    recovery: tuple | None = None  # (answering, showing the latest edit), seconds or None
    recovery_cap: float = RECOVERY_CAP


def phases(site, seconds):
    def stop_redis_and_edit():
        site.redis.stop()
        site.editor.save()

    def import_while_reading():
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            site.editor.save()

    return [
        ("steady", [Segment("64 readers", "no fault")]),
        (
            "worker killed",
            [
                Segment(
                    "SIGKILL",
                    f"one worker SIGKILLed {seconds / 2:g} s in",
                    fault=lambda: kill_a_worker(site.server.pid),
                    at=seconds / 2,
                    recovery=True,
                )
            ],
        ),
        (
            "database",
            [
                Segment("refusing", "the proxy refuses connections", site.proxy.cut, db_down=True),
                Segment(
                    "hanging",
                    "the proxy accepts and forwards nothing",
                    site.proxy.hang,
                    db_down=True,
                    hang=True,
                ),
                Segment(
                    "back",
                    "the proxy forwards again",
                    site.proxy.restore,
                    db_back=True,
                    recovery=True,
                ),
            ],
        ),
        (
            "redis",
            [
                Segment("killed", "redis-server SIGKILLed", site.redis.kill),
                Segment("restarted", "a new, empty redis-server", site.redis.start, recovery=True),
                Segment(
                    "hung",
                    "redis-server SIGSTOPped; an edit imported",
                    stop_redis_and_edit,
                    hang=True,
                ),
                Segment("back", "SIGCONT", site.redis.resume, recovery=True),
            ],
        ),
        (
            "import",
            [
                Segment(
                    "import while reading",
                    "import_content in a loop, a new edit each time",
                    import_while_reading,
                    recovery=True,
                ),
            ],
        ),
    ]


def warm(base_url):
    """Fill the page cache, as readers would, before a phase."""
    for path in MIX * 2:
        fetch(base_url + path)


def run_segment(site, phase, segment, seconds):
    result = Result(phase, segment, recovery_cap=max(RECOVERY_CAP, seconds))
    fault = threading.Thread(target=strike, args=(site, segment, result), daemon=True)
    probe = Probe(site.base_url + ARTICLE)
    fault.start()
    result.wrk = run_wrk(site.base_url, MIX, seconds, site.connections)
    fault.join()
    result.probe = probe.stop()
    return result


def strike(site, segment, result):
    """Apply the segment's fault on time, then time the way back to full service."""
    if segment.fault is None:
        return
    time.sleep(segment.at)
    result.fault_wall = time.time()
    segment.fault()
    if segment.recovery:
        result.recovery = time_to_recover(
            site.base_url, ARTICLE, site.editor.marker, time.monotonic(), result.recovery_cap
        )


def run(site, seconds):
    results, started = [], time.monotonic()
    for phase, segments in phases(site, seconds):
        warm(site.base_url)
        for segment in segments:
            print(
                f"  {time.monotonic() - started:4.0f} s  {phase}: {segment.name} ({segment.does})",
                flush=True,
            )
            results.append(run_segment(site, phase, segment, seconds))
    return results
