"""Figures per segment as a markdown table, and the pass criteria."""

from collections import Counter

from scripts.soak.load import PROBE_TIMEOUT

RECOVERY_TARGET = 5  # seconds
PROBE_TARGET = 0.9  # share of cached-page probes answered 200 within 2 s while a service hangs


def by_class(result):
    """Responses by status class; 503 apart from other 5xx."""
    classes = {"2xx": 0, "3xx": 0, "4xx": 0, "503": 0, "other 5xx": 0}
    for (_, status), n in result.wrk["counts"].items():
        if status == 503:
            classes["503"] += n
        elif status >= 500:
            classes["other 5xx"] += n
        else:
            classes[f"{status // 100}xx"] += n
    return classes


def unexpected_5xx(result):
    """5xx other than 503 while the database is down or in the 5 s after it returns.

    {status: count}.
    """
    segment, found = result.segment, Counter()
    for (second, status), count in result.wrk["counts"].items():
        allowed = status == 503 and (
            segment.db_down or (segment.db_back and second <= result.fault_wall + RECOVERY_TARGET)
        )
        if status >= 500 and not allowed:
            found[status] += count
    return found


def probe_ok(result):
    ok = sum(1 for status, seconds in result.probe if status == 200 and seconds <= PROBE_TIMEOUT)
    return ok, len(result.probe)


def recovery_text(result):
    """The recovery figures as text: "answering 0.4 s, latest edit 0.4 s"."""
    if result.recovery is None:
        return ""
    answering, current = (
        f"not within {result.recovery_cap:g} s" if value is None else f"{value:g} s"
        for value in result.recovery
    )
    return f"answering {answering}, latest edit {current}"


def milliseconds(microseconds):
    # wrk records no latency for requests that timed out: none at all if every one did.
    return f"{microseconds / 1000:.0f} ms" if microseconds else "—"


def table(results):
    lines = [
        "| phase | segment | what happens | requests | req/s | 2xx | 3xx | 4xx | 503 | other 5xx"
        " | timeouts | socket errors | p50 | p99 | cached page probe | back to full service |",
        "|" + "---|" * 16,
    ]
    for result in results:
        wrk, classes = result.wrk, by_class(result)
        ok, asked = probe_ok(result)
        lines.append(
            f"| {result.phase} | {result.segment.name} | {result.segment.does} "
            f"| {wrk['requests']} | {wrk['requests'] / (wrk['duration_us'] / 1e6):.0f} "
            + "".join(f"| {n} " for n in classes.values())
            + f"| {wrk['timeout']} | {wrk['connect'] + wrk['read'] + wrk['write']} "
            f"| {milliseconds(wrk['p50_us'])} | {milliseconds(wrk['p99_us'])} "
            f"| {ok}/{asked} | {recovery_text(result)} |"
        )
    return "\n".join(lines)


def criteria(results, saved_in_database, editor):
    """(criterion, passed, detail) for each pass criterion."""
    bad = {f"{r.phase}/{r.segment.name}": unexpected_5xx(r) for r in results}
    hung = {f"{r.phase}/{r.segment.name}": probe_ok(r) for r in results if r.segment.hang}
    slow = {
        f"{r.phase}/{r.segment.name}": r
        for r in results
        if r.recovery and (r.recovery[1] is None or r.recovery[1] > RECOVERY_TARGET)
    }
    imports = [r for r in results if r.phase == "import"]
    marked = sum(r.wrk["marked"] for r in imports)
    mixed = sum(r.wrk["mixed"] for r in imports)
    return [
        (
            "no 5xx except 503 while the database is down",
            not any(bad.values()),
            ", ".join(
                f"{name}: " + ", ".join(f"{n} × {status}" for status, n in sorted(found.items()))
                for name, found in bad.items()
                if found
            )
            or "none",
        ),
        (
            f"cached pages keep being served while a service hangs (≥ {PROBE_TARGET:.0%} of"
            f" probes 200 within {PROBE_TIMEOUT:g} s)",
            all(asked and ok / asked >= PROBE_TARGET for ok, asked in hung.values()),
            ", ".join(f"{name}: {ok}/{asked}" for name, (ok, asked) in hung.items()),
        ),
        (
            f"full service, latest edit included, within {RECOVERY_TARGET} s after each fault",
            not slow,
            ", ".join(f"{name}: {recovery_text(r)}" for name, r in slow.items()) or "all",
        ),
        (
            "readers never see a half-imported article",
            marked > 0 and mixed == 0,
            f"{marked} article pages checked during imports, {mixed} mixed",
        ),
        (
            "no lost save",
            not editor.failures and saved_in_database,
            f"{editor.edits} edits, {len(editor.failures)} failed imports"
            + "".join(f"; edit {n} exit {code}: {line}" for n, code, line in editor.failures)
            + f"; the last (edit {editor.saved}) {'is' if saved_in_database else 'is NOT'}"
            " in the database",
        ),
    ]
