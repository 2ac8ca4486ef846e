#!/usr/bin/env bash
# Start `make run` as the README says, wait for the demo home page, then stop it.
set -euo pipefail
PORT=${PORT:-8765}
LOG=$(mktemp)
setsid make run PORT="$PORT" >"$LOG" 2>&1 &
pid=$!
cleanup() { kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 180); do
    if body=$(curl -fsS "http://127.0.0.1:$PORT/" 2>/dev/null) && grep -q "(demo)" <<<"$body"; then
        health=$(curl -sS "http://127.0.0.1:$PORT/healthz")
        echo "make run serves the demo home page; /healthz: $health"
        exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
done
echo "make run did not serve the demo home page; its output:" >&2
cat "$LOG" >&2
exit 1
