# Start a throwaway redis-server on 127.0.0.1 for the page-cache tests; sourced by .ci/run.
REDIS_PORT="${REDIS_PORT:-63799}"
REDIS_DIR="$(mktemp -d /tmp/marginalia-redis.XXXXXX)"
REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/1"

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "" \
    --appendonly no --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/log"
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null
  echo "redis-server running on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$REDIS_DIR"
}
