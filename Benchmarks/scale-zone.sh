#!/usr/bin/env bash
# scale-zone benchmark (issue 6): one deterministic BIND zone of 1,000,000 records (78 % A, AAAA, MX,
# TXT, CNAME, NS delegations with glue) loaded by Lab53, NSD and Knot on 127.0.0.1, each pinned to
# CPU 0 with one worker. Per start: load time = exec -> first correct UDP answer for the LAST name of
# the file; Lab53 also reports ready = its `ready` line (printed once SQLite holds the seed and the API
# listens). Peak RSS = VmHWM (largest process of the tree) and the server's CPU seconds are read SETTLE
# seconds after the later of the two, so Lab53's seed transaction after the first answer is included.
# Servers are interleaved over ROUNDS rounds; every Lab53 start begins with an empty state directory
# ("lab53": config seeded into SQLite and compiled), followed by a restart on the state it just wrote
# ("lab53-restart": the zone comes back from SQLite, config digest unchanged).
#
#   Benchmarks/scale-zone.sh            full run: 1,000,000 records, 3 rounds
#   Benchmarks/scale-zone.sh --smoke    CI: 20,000 records, 1 round
#
# Environment (defaults in brackets):
#   SCALE_RECORDS [1000000; 20000 with --smoke]   records in the zone (SOA/NS/glue included)
#   SCALE_ROUNDS [3; 1 with --smoke]              interleaved rounds
#   SCALE_SERVERS ["lab53 nsd knot"]              lab53 includes lab53-restart
#   SCALE_TIMEOUT [600]                           seconds a server may take to answer
#   SCALE_SETTLE [2]                              seconds after the first answer before RSS is read
#   SCALE_BUILD [release]                          swift build configuration for lab53d
#   LAB53D                                        path to a lab53d binary (skips the build)
#   SCALE_OUT [Benchmarks/results/scale-zone-<UTC time>.json]
#   SCALE_CPU [0]                                 the CPU every server is pinned to
#   SCALE_KEEP [0]                                1 keeps the temp dir (zone, configs, logs)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
lib=$root/Benchmarks/lib/scalezone.py

smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
if [ $smoke = 1 ]; then records=${SCALE_RECORDS:-20000}; rounds=${SCALE_ROUNDS:-1}
else records=${SCALE_RECORDS:-1000000}; rounds=${SCALE_ROUNDS:-3}; fi
servers=${SCALE_SERVERS:-"lab53 nsd knot"}; build=${SCALE_BUILD:-release}
timeout_s=${SCALE_TIMEOUT:-600}; settle=${SCALE_SETTLE:-2}; cpu=${SCALE_CPU:-0}
mkdir -p "$root/Benchmarks/results"
out=${SCALE_OUT:-$root/Benchmarks/results/scale-zone-$(date -u +%Y%m%dT%H%M%SZ).json}

# --- dependencies (Debian packages); a package that cannot be installed drops its server only ---
source "$root/Benchmarks/lib/peers.sh"
for t in python3 taskset; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
active=() skipped=()
for s in $servers; do
  case $s in
    lab53) active+=(lab53) ;;
    nsd)   need_pkgs nsd && active+=(nsd) || skipped+=("nsd: package not installable") ;;
    knot)  need_pkgs knot && active+=(knot) || skipped+=("knot: package not installable") ;;
    *) echo "unknown server $s" >&2; exit 2 ;;
  esac
done

# --- lab53d ---
lab53d=""
if [ -n "${LAB53D:-}" ] || [[ " ${active[*]} " == *" lab53 "* ]]; then
  lab53d=$(build_lab53d "$build") || exit 1
fi

# --- work dir; cleanup stops everything we started, by PID ---
work=$(mktemp -d /tmp/lab53-scale.XXXXXX)
pid=""
stop() {  # stops the current server (TERM, then KILL after 5 s)
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null
  local i
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
}
cleanup() {
  stop
  [ "${SCALE_KEEP:-0}" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port) apiport=$(free_port)
zone=big.lab53.test.
echo "generating $records records ..." >&2
genout=$(python3 "$lib" gen "$work" "$records" "$port" "$apiport") || exit 1
probe=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["probe"])' "$genout")
probe_addr=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["probe_addr"])' "$genout")
echo "zone: $genout" >&2

mkdir -p "$work/nsd" "$work/knot"
write_nsd_conf "$work/nsd" "$port" "$zone" "$work/zone.zone"
write_knot_conf "$work/knot" "$port" "$zone" "$work/zone.zone"

start_server() {  # start_server NAME : sets pid; t0 is taken just before the exec
  local s=$1
  case $s in
    lab53)
      rm -rf "$work/state" "$work/lab53.log"
      t0=$(date +%s.%N)
      (cd "$work" && exec taskset -c "$cpu" "$lab53d" --config lab53.yaml) >>"$work/lab53.log" 2>&1 &
      ;;
    lab53-restart)  # same state dir as the lab53 start just before
      t0=$(date +%s.%N)
      (cd "$work" && exec taskset -c "$cpu" "$lab53d" --config lab53.yaml) >>"$work/lab53.log" 2>&1 &
      ;;
    nsd)
      rm -f "$work/nsd/zone.list" "$work/nsd/xfrd.state"
      t0=$(date +%s.%N)
      taskset -c "$cpu" nsd -d -c "$work/nsd/nsd.conf" >"$work/nsd.log" 2>&1 &
      ;;
    knot)
      rm -rf "$work/knot/db"; mkdir -p "$work/knot/db"
      t0=$(date +%s.%N)
      taskset -c "$cpu" knotd -c "$work/knot/knot.conf" >"$work/knot.log" 2>&1 &
      ;;
  esac
  pid=$!
}

order=()
for s in "${active[@]}"; do
  order+=("$s"); [ "$s" = lab53 ] && order+=(lab53-restart)
done
hz=$(getconf CLK_TCK)
runs=$work/runs.jsonl
: >"$runs"
for r in $(seq 1 "$rounds"); do
  for s in "${order[@]}"; do
    sync; sleep 1  # let the previous server's exit and writes settle
    logskip=$(stat -c %s "$work/lab53.log" 2>/dev/null || echo 0)
    [ "$s" = lab53 ] && logskip=0  # start_server lab53 removes the log
    start_server "$s"
    load=$(python3 "$lib" wait "$port" "$probe" "$probe_addr" "$t0" "$timeout_s")
    ok=$?
    ready=null
    if [ $ok = 0 ] && [[ $s == lab53* ]]; then
      # Lab53 answers before its store holds the seed: memory and CPU are read after `ready`.
      ready=$(python3 "$lib" ready "$work/lab53.log" "$logskip" "$t0" "$timeout_s") || ok=1
    fi
    [ $ok = 0 ] && sleep "$settle"
    read -r hwm rss nprocs ticks < <(python3 "$lib" tree "$pid")
    alive=1; kill -0 "$pid" 2>/dev/null || alive=0
    stop
    if [ $ok != 0 ] || [ $alive = 0 ]; then
      echo "WARNING: $s did not answer $probe (or print ready) within ${timeout_s}s (alive=$alive); log tail:" >&2
      tail -5 "$work/${s%-restart}.log" >&2
      load=null ready=null
    fi
    python3 -c 'import json,sys; s,r,l,h,rss,n,t,hz,rd=sys.argv[1:]; print(json.dumps({"server": s, "round": int(r),
      "load_s": None if l == "null" else float(l), "ready_s": None if rd == "null" else float(rd),
      "hwm_kb": int(h or 0), "rss_after_settle_kb": int(rss or 0),
      "processes": int(n or 0), "cpu_s": round(int(t or 0) / int(hz), 2)}))' \
      "$s" "$r" "$load" "$hwm" "$rss" "$nprocs" "$ticks" "$hz" "$ready" >>"$runs"
    tail -1 "$runs" >&2
  done
done

python3 - "$work/meta.json" "$records" "$rounds" "$build" "$lab53d" "$genout" "$smoke" "$cpu" "$settle" "${skipped[@]}" <<'PY'
import json, sys, subprocess, datetime, os
a = sys.argv
ver = lambda cmd: (subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines() or [""])[0]
json.dump({"benchmark": "scale-zone", "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "machine": {"cpus": os.cpu_count(), "kernel": os.uname().release,
                       "cpu_model": ver("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()},
           "records": int(a[2]), "rounds": int(a[3]), "lab53_build": a[4], "lab53d": a[5], "zone": json.loads(a[6]),
           "smoke": a[7] == "1", "server_cpu": a[8], "settle_s": float(a[9]), "skipped": a[10:],
           "versions": {"nsd": ver("nsd -v 2>&1"), "knot": ver("knotd -V 2>&1"),
                        "lab53_commit": ver("git rev-parse --short HEAD")}}, open(a[1], "w"))
PY
python3 "$lib" summarize "$runs" "$out" "$work/meta.json" || exit 1
for k in "${skipped[@]}"; do echo "skipped: $k"; done
echo "summary: $out"
