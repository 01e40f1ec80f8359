"""Load-test the reader pages and comment posting under gunicorn; print one markdown table.

Run from the project root:

    .venv/bin/python bench/site_bench.py            # 10 s per scenario, 8 connections
    .venv/bin/python bench/site_bench.py --quick    # 3 s per scenario
    .venv/bin/python bench/site_bench.py --duration 20 --connections 16

Builds a fresh SQLite database in a temporary directory (demo essays plus bench/dataset.py),
serves it with gunicorn under production settings, and measures each scenario with wrk (or, if
wrk cannot be had, a small Python load generator). Every process it starts runs in its own
process group and is stopped on exit, error or signal. bench/README.md explains the rows.

Two references run in the same pass: the framework floor (bench/floor_wsgi.py, one view doing
one query behind the project's middleware, its own gunicorn) and the limit (nginx serving a
saved copy of the 200-comment page, bench/nginx.conf.template; installed with apt-get when
missing and run as root). Every row is printed as a multiple of both.

The code is in bench/sitebench/; this file is its entry point.
"""

from sitebench import BENCH, ROOT
from sitebench.processes import Processes, on_signal
from sitebench.run import main
from sitebench.servers import bench_env, build_site, free_port, serve

# bench/lighthouse.py builds and serves the same site with these.
__all__ = [
    "BENCH",
    "ROOT",
    "Processes",
    "bench_env",
    "build_site",
    "free_port",
    "main",
    "on_signal",
    "serve",
]

if __name__ == "__main__":
    main()
