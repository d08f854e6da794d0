#!/usr/bin/env bash
# API change -> served latency (issue 6 item 1, "api"): ChangeResourceRecordSets (boto3) -> first
# DNS answer over UDP that carries the new value, over CHANGES upserts of one A record, in a zone
# pre-filled with SIZES record sets (one fresh daemon per size). Prints p50/p90/p99/max of the
# API round trip and of send -> served, server CPU per change (/proc/<pid>/stat), mean
# compile+swap time (/metrics) and, via strace on a few extra changes, fsync time per change.
# Loopback only; every loop is bounded; the daemon is stopped by PID.
#
#   Benchmarks/api-latency.sh                 1,000 changes, zone of 1,000 record sets
#   SIZES=1000,10000 Benchmarks/api-latency.sh   also at 10,000 (shows the per-change recompile)
#   env: CHANGES (1000)  SIZES (1000)  STRACE_CHANGES (100; 0 = skip)  WARMUP (20)  BUILD (release|debug)
#        LAB53D_PATH (use this binary, no build)  JSON (summary file, default Benchmarks/results/api-latency.json)
#
# Output ends with one machine-readable line: `summary {json}`.
set -euo pipefail
cd "$(dirname "$0")/.."
changes=${CHANGES:-1000}
sizes=${SIZES:-1000}
strace_changes=${STRACE_CHANGES:-100}
warmup=${WARMUP:-20}
build=${BUILD:-release}
json=${JSON:-Benchmarks/results/api-latency.json}

bash scripts/install-deps.sh
python=python3
if ! "$python" -c 'import boto3' >/dev/null 2>&1; then
  # Same private venv as Tests/api/run.sh (Debian's Python refuses global pip installs).
  venv="$PWD/.build-api-venv"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -c 'import boto3' >/dev/null 2>&1 ||
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check boto3
  python="$venv/bin/python"
fi
command -v strace >/dev/null || echo "api-latency: strace not found; the fsync split is skipped" >&2

if [ -n "${LAB53D_PATH:-}" ]; then
  bin=$LAB53D_PATH
else
  swift build -c "$build" --product lab53d >/dev/null
  bin="$(swift build -c "$build" --show-bin-path)/lab53d"
fi

mkdir -p "$(dirname "$json")"
# The helper starts and stops each daemon itself (by PID, in a finally); this trap is a backstop
# for the helper being killed.
helper_pid=""
cleanup() { [ -n "$helper_pid" ] && kill "$helper_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
"$python" Benchmarks/lib/api_latency.py --bin "$bin" --build "$build" --changes "$changes" --sizes "$sizes" \
  --strace-changes "$strace_changes" --warmup "$warmup" --json "$json" &
helper_pid=$!
wait "$helper_pid"
