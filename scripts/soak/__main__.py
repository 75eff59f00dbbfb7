"""Run the soak: `.venv/bin/python -m scripts.soak [--short]` (see scripts/soak/__init__.py)."""

import argparse
import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from scripts.production import free_port, prepare, production_env, start_gunicorn, wait_until_up
from scripts.soak import phases, report
from scripts.soak.content import SLUG, Editor
from scripts.soak.load import require_wrk
from scripts.soak.services import Database, RedisServer
from tests.tcp_proxy import TcpProxy

LONG_SECONDS, SHORT_SECONDS = 30, 3
# Kept after the run: where to look for the cause of a 5xx or a slow recovery.
GUNICORN_LOG = Path(tempfile.gettempdir()) / f"soak-{os.getpid()}-gunicorn.log"


@dataclass
class Site:
    base_url: str
    server: object  # the gunicorn master's Popen
    proxy: TcpProxy
    redis: RedisServer
    editor: Editor
    connections: int


def start_site(tmp, stack, connections):
    """PostgreSQL (fresh database, behind a proxy), Redis and gunicorn, production settings."""
    database = Database()
    stack.callback(database.drop)
    redis = RedisServer(tmp)
    stack.callback(redis.close)
    proxy = TcpProxy(database.host, database.port)
    stack.callback(proxy.close)
    port = free_port()
    env = production_env(
        port,
        database.url,
        HTTPS="1",
        SITE_URL=f"https://127.0.0.1:{port}",
        REDIS_URL=redis.url,
        STATIC_ROOT=str(tmp / "static"),
    )
    editor = Editor(tmp, env)
    first_edit = editor.edit()
    prepare(env, editor.folder)
    editor.saved = first_edit
    log = stack.enter_context(GUNICORN_LOG.open("w"))
    served = {**env, "DATABASE_URL": database.url_via(proxy.port)}
    server = start_gunicorn(served, log, "--bind", f"127.0.0.1:{port}")
    stack.callback(stop, server)
    base_url = f"http://127.0.0.1:{port}"
    wait_until_up(base_url + "/healthz", server)
    return database, Site(base_url, server, proxy, redis, editor, connections)


def stop(server):
    server.terminate()
    server.wait(timeout=40)


def latest_edit_saved(database, editor):
    """The last edit the import accepted is in the database: title, body and FAQ answer."""
    n = editor.saved
    row = database.fetch_one(
        "SELECT a.title LIKE %s AND a.body LIKE %s AND EXISTS ("
        " SELECT 1 FROM faqs_faq f WHERE f.article_id = a.id AND f.answer LIKE %s)"
        " FROM articles_article a WHERE a.slug = %s",
        (f"%soaktitle{n}%", f"%soakbody{n}%", f"%soakfaq{n}%", SLUG),
    )
    return bool(row and row[0])


def arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help=f"{SHORT_SECONDS} s per segment")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--markdown", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    default = SHORT_SECONDS if args.short else LONG_SECONDS
    args.seconds = int(os.environ.get("SOAK_SECONDS", default))
    return args


def main():
    args = arguments()
    require_wrk()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp, contextlib.ExitStack() as stack:
        database, site = start_site(Path(tmp), stack, args.connections)
        print(
            f"Site up in {time.monotonic() - started:.0f} s; {args.connections} connections,"
            f" {args.seconds} s per segment",
            flush=True,
        )
        results = phases.run(site, args.seconds)
        checks = report.criteria(results, latest_edit_saved(database, site.editor), site.editor)
    figures = (
        f"{args.connections} connections, {args.seconds} s per segment,"
        f" {time.monotonic() - started:.0f} s in all.\n\n{report.table(results)}\n\n"
        + "".join(
            f"- {'PASS' if passed else 'FAIL'} {criterion}: {detail}\n"
            for criterion, passed, detail in checks
        )
    )
    print(f"\n{figures}\ngunicorn's log (JSON lines): {GUNICORN_LOG}")
    if args.markdown:
        args.markdown.write_text(figures)
    return 0 if all(passed for _, passed, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
