"""Where a first render spends its time: CPU ms per request (robust on a busy machine) and SQL.

    .venv/bin/python benchmarks/profile_pages.py [PATH …] [--n 50] [--cprofile] [--explain]

Runs against the benchmark database (.flux/bench-pgdata, built by `make bench`) in-process with
Django's test client and the page cache off. CPU time (time.process_time) excludes waiting for
PostgreSQL, so both are reported: cpu ms and wall ms, plus each query's time with --explain.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["/", "/articles/open-weights-cost-to-run/", "/tags/topic-189/"])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print each query with its time")
    parser.add_argument("--cached", action="store_true", help="page cache on (Redis db 13), and add the floor view")
    args = parser.parse_args()

    from fluxsite import embedded_pg

    server = embedded_pg.get_server(BASE_DIR / ".flux" / "bench-pgdata", cleanup_mode="stop")
    os.environ.update(
        DATABASE_URL=embedded_pg.database_url(server),
        DEBUG="0",
        PAGE_CACHE="1" if args.cached else "0",
        BENCH_FLOOR_FILE=str(BASE_DIR / ".flux" / "bench-floor.html"),
        STATIC_ROOT=str(BASE_DIR / ".flux" / "bench-static"),
        # The floor view is routed only by the benchmark's settings.
        DJANGO_SETTINGS_MODULE="benchmarks.settings" if args.cached else "fluxsite.settings",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("SECRET_KEY", "profile-only-" + "k" * 40)
    if args.cached:
        os.environ.update(CACHE_URL="redis://127.0.0.1:6379/13", CACHE_KEY_PREFIX="flux-profile")
        args.paths = ["/__floor__/", *args.paths]
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    try:
        for path in args.paths:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            cpu, wall = time.process_time(), time.perf_counter()
            profiler = cProfile.Profile() if args.cprofile else None
            if profiler:
                profiler.enable()
            for _ in range(args.n):
                client.get(path)
            if profiler:
                profiler.disable()
            cpu = (time.process_time() - cpu) / args.n * 1000
            wall = (time.perf_counter() - wall) / args.n * 1000
            print(f"{path}: {status}, {len(queries)} queries, cpu {cpu:.2f} ms, wall {wall:.2f} ms per request")
            if args.explain:
                for query in queries.captured_queries:
                    print(f"   {query['time']}s  {query['sql'][:300]}")
            if profiler:
                pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(int(os.environ.get("PROFILE_LINES", 35)))
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
