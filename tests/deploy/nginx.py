"""deploy/nginx.conf on a private prefix and free ports, for tests/deploy and bench/site_bench.py.

The file is used as it is: only its lines marked "# test: NAME" are pointed at this run's
cache directory, upstream, port and paths, inside a small main configuration of our own.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = """daemon off;
{user}
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/marginalia.conf;
}}
"""


def deploy_config(prefix: Path, *, port: int, upstream: int) -> str:
    """deploy/nginx.conf with each line marked "# test: NAME" pointed at this run's places."""
    places = {
        "cache": f"proxy_cache_path {prefix}/cache levels=1:2 keys_zone=marginalia:10m "
        "max_size=100m inactive=10m use_temp_path=off;",
        "upstream": f"server 127.0.0.1:{upstream};",
        "listen": f"listen 127.0.0.1:{port};",
        "static": f"alias {prefix}/static/;",
        "media": f"alias {prefix}/media/;",
    }
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for name, line in places.items():
        text, count = re.subn(rf"^(\s*)\S.*# test: {name}$", rf"\g<1>{line}", text, flags=re.M)
        assert count == 1, f"deploy/nginx.conf has no line marked '# test: {name}'"
    return text


def write_front_config(prefix: Path, *, port: int, upstream: int, workers: int = 1) -> Path:
    """Write the configuration under `prefix`; the main file to pass to `nginx -c`."""
    for folder in ("tmp", "cache", "static", "media"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    (prefix / "marginalia.conf").write_text(deploy_config(prefix, port=port, upstream=upstream))
    user = "user root;" if os.geteuid() == 0 else ""  # workers write the cache under tmp
    main = prefix / "nginx.conf"
    main.write_text(MAIN.format(prefix=prefix, user=user, workers=workers))
    return main
