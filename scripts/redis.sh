#!/usr/bin/env bash
# The Redis server for the queue tests (and for trying `exp run --queue` on one machine):
#   scripts/redis.sh start   start redis-server on loopback, on a free port, without persistence, as a daemon;
#                            prints its URL (redis://127.0.0.1:PORT); a second start prints the same URL
#   scripts/redis.sh stop    stop the server this script started (and no other)
# State (pid file, log, URL) lives in $DESCENT_REDIS_DIR, by default $TMPDIR/descent-redis.
set -uo pipefail
dir="${DESCENT_REDIS_DIR:-${TMPDIR:-/tmp}/descent-redis}"
pidfile="$dir/redis.pid"

ours() { # the pid in our pid file is alive and is a redis-server
  local pid
  pid="$(cat "$pidfile" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = "redis-server" ]
}

free_port() { # bind port 0 on loopback, print the port the system chose, release it
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

case "${1:-}" in
  start)
    command -v redis-server >/dev/null 2>&1 || { echo "redis.sh: redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
    mkdir -p "$dir"
    if ours && [ -s "$dir/url" ]; then cat "$dir/url"; exit 0; fi
    for attempt in 1 2 3; do
      port="$(free_port)" || exit 1
      # --protected-mode yes and --bind 127.0.0.1: only this machine can reach it.
      redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --daemonize yes \
        --pidfile "$pidfile" --logfile "$dir/redis.log" --dir "$dir" --save '' --appendonly no || continue
      for _ in $(seq 50); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
          echo "redis://127.0.0.1:$port" | tee "$dir/url"
          exit 0
        fi
        sleep 0.1
      done
    done
    echo "redis.sh: redis-server did not start (log: $dir/redis.log)" >&2
    exit 1
    ;;
  stop)
    if ours; then
      pid="$(cat "$pidfile")"
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile" "$dir/url"
    ;;
  *)
    echo "usage: scripts/redis.sh start|stop" >&2
    exit 2
    ;;
esac
