"""The soak's verdicts (scripts/soak/report.py), on made-up figures: what an operator reads."""

from types import SimpleNamespace

from scripts.soak.phases import Result, Segment
from scripts.soak.report import criteria, table

FAULT = 1_000_000  # time.time() when the fault struck


def result(phase="steady", counts=None, probe=(), recovery=None, marked=0, mixed=0, **flags):
    wrk = {
        "requests": sum((counts or {}).values()),
        "duration_us": 3_000_000,
        "connect": 0,
        "read": 0,
        "write": 0,
        "timeout": 0,
        "p50_us": 5000,
        "p99_us": 90000,
        "marked": marked,
        "mixed": mixed,
        "counts": counts or {(FAULT, 200): 10},
    }
    segment = Segment("segment", "what happens", **flags)
    return Result(phase, segment, wrk, list(probe), FAULT, recovery)


def editor(failures=()):
    return SimpleNamespace(edits=3, saved=2, failures=list(failures))


def verdicts(results, saved=True, failures=()):
    """criterion -> (passed, detail), with a clean import phase added."""
    imports = result("import", marked=5)
    return {
        name: (passed, detail)
        for name, passed, detail in criteria([*results, imports], saved, editor(failures))
    }


def verdict(results, starts_with, **kwargs):
    found = verdicts(results, **kwargs)
    return next(value for name, value in found.items() if name.startswith(starts_with))


def test_503_is_allowed_only_while_the_database_is_down_and_5_s_after():
    down = result("database", {(FAULT, 503): 40, (FAULT + 2, 200): 5}, db_down=True)
    back_in_time = result("database", {(FAULT + 5, 503): 3}, db_back=True)
    assert verdict([down, back_in_time], "no 5xx") == (True, "none")

    back_late = result("database", {(FAULT + 6, 503): 2}, db_back=True)
    assert verdict([down, back_late], "no 5xx") == (False, "database/segment: 2 × 503")


def test_a_500_fails_in_any_phase_even_with_the_database_down():
    down = result("database", {(FAULT, 500): 1, (FAULT, 503): 9}, db_down=True)
    assert verdict([down], "no 5xx") == (False, "database/segment: 1 × 500")


def test_cached_pages_must_keep_coming_while_a_service_hangs():
    served = result("redis", probe=[(200, 0.01)] * 9 + [(None, 2.0)], hang=True)
    assert verdict([served], "cached pages") == (True, "redis/segment: 9/10")

    slow = result("redis", probe=[(200, 0.01)] * 8 + [(200, 2.5), (None, 2.0)], hang=True)
    assert verdict([slow], "cached pages") == (False, "redis/segment: 8/10")


def test_recovery_counts_the_latest_edit_reaching_readers():
    quick = result("redis", recovery=(0.4, 0.4))
    assert verdict([quick], "full service") == (True, "all")

    stale = result("redis", recovery=(0.4, None))
    passed, detail = verdict([stale], "full service")
    assert not passed
    assert detail == "redis/segment: answering 0.4 s, latest edit not within 10 s"


def test_a_mixed_article_page_or_a_failed_import_fails():
    mixed = result("import", marked=7, mixed=1)
    assert verdict([mixed], "readers never see")[0] is False

    passed, detail = verdict([], "no lost save", failures=[(1, 1, "CommandError: boom")])
    assert not passed
    assert "edit 1 exit 1: CommandError: boom" in detail
    assert verdict([], "no lost save", saved=False)[0] is False


def test_the_table_has_one_row_per_segment_with_statuses_and_p99():
    rows = table([result(counts={(FAULT, 200): 8, (FAULT, 404): 1, (FAULT, 503): 1})]).splitlines()
    assert len(rows) == 3
    assert rows[2].startswith("| steady | segment | what happens | 10 | 3 | 8 | 0 | 1 | 1 | 0 |")
    assert "| 90 ms |" in rows[2]
