#!/usr/bin/env bash
# Failover benchmark (issue 6): Lab53 at RequestInterval 1 s, Lab53 at 2 s and gdnsd 3.8 at
# interval 2 s, all watching the same two loopback HTTP targets (primary 127.0.0.1:PORT, secondary
# 127.0.0.2:PORT) with a threshold of 2, all serving a failover pair (app; gdnsd: simplefo) and a
# two-address multivalue set (mv; gdnsd: multifo). Each round kills the primary target once and
# restarts it once, while one poller asks every server every FAILOVER_POLL_MS; so every server is
# measured on the same kill and the same restart. Prints per-round flip times, a table (fail-over
# and fail-back p50/max, the multivalue set, decision → first changed answer p50/p99) and writes a
# JSON summary to Benchmarks/results/failover-<UTC>.json (git-ignored), whose path it prints last.
#
#   Benchmarks/failover.sh [ROUNDS]        (default 10; ~15 s per round)
#   Benchmarks/failover.sh --smoke         (CI: 1 round, debug build, Lab53 1 s + gdnsd if installed)
#
# env: FAILOVER_SERVERS ["lab53-1s lab53-2s gdnsd-2s"], FAILOVER_POLL_MS [2], FAILOVER_BUILD
# [release], LAB53D (a lab53d you built), FAILOVER_OUT (JSON path), FAILOVER_KEEP=1 keeps the temp dir.
# gdnsd is installed with apt-get when missing (as root, else `sudo -n`); if that fails it is skipped.
# Loopback only; every process started is stopped by PID on exit, Ctrl-C included.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=10; build=${FAILOVER_BUILD:-release}; servers=${FAILOVER_SERVERS:-"lab53-1s lab53-2s gdnsd-2s"}
if [ "${1:-}" = "--smoke" ]; then
  rounds=1; build=${FAILOVER_BUILD:-debug}; servers=${FAILOVER_SERVERS:-"lab53-1s gdnsd-2s"}; smoke=1
elif [ -n "${1:-}" ]; then
  rounds=$1
fi
command -v python3 >/dev/null || { echo "python3 is required (targets and driver)" >&2; exit 1; }
source "$root/Benchmarks/lib/peers.sh"

gdnsd_bin=""
if [[ " $servers " == *" gdnsd-"* ]]; then
  if ! command -v gdnsd >/dev/null && [ -z "${smoke:-}" ]; then
    need_pkgs gdnsd || true
  fi
  gdnsd_bin=$(command -v gdnsd || true)
  if [ -z "$gdnsd_bin" ]; then
    echo "skipped: gdnsd (not installed)" >&2
    servers=$(printf '%s\n' $servers | grep -v '^gdnsd-' | tr '\n' ' ')
  fi
fi

lab53d=$(build_lab53d "$build") || exit 1

mkdir -p "$root/Benchmarks/results"
out=${FAILOVER_OUT:-$root/Benchmarks/results/failover-$(date -u +%Y%m%dT%H%M%SZ).json}
work=$(mktemp -d)
driver=""
cleanup() {
  [ -n "$driver" ] && kill "$driver" 2>/dev/null && wait "$driver" 2>/dev/null
  if [ -n "${FAILOVER_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "servers: $servers; rounds: $rounds; lab53d: $lab53d; gdnsd: ${gdnsd_bin:--}" >&2
python3 "$root/Benchmarks/lib/failover_bench.py" --servers "$servers" --rounds "$rounds" \
  --poll-ms "${FAILOVER_POLL_MS:-2}" --lab53d "$lab53d" --gdnsd "$gdnsd_bin" --workdir "$work" --json "$out" &
driver=$!
wait "$driver"
driver=""
echo "$out"
