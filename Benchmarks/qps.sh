#!/usr/bin/env bash
# qps benchmark (issue 6): the same BIND zone (10,402 names, A/AAAA/MX/TXT/CNAME + 400 failover /
# weighted names) served by Lab53, NSD, Knot, gdnsd and PowerDNS on 127.0.0.1 only, each server
# pinned to CPU 0 (taskset -c 0) and dnsperf pinned to CPU 1, interleaved A B C D E A B C D E ... over
# ROUNDS rounds of DURATION seconds. Per run: unthrottled QPS; server user/system CPU µs per answered
# query from /proc/<pid>/stat (process tree); p50/p99 latency at a fixed offered load (dnsperf -Q);
# peak RSS (VmHWM). Prints a table of medians with Lab53/peer ratios and writes a JSON summary.
#
#   Benchmarks/qps.sh            full run (all five servers)
#   Benchmarks/qps.sh --smoke    CI: Lab53 + NSD, 1 round of 1 s, debug build
#
# Environment (defaults in brackets):
#   QPS_DURATION [5]      seconds per dnsperf run (each run = one unthrottled + one rate-limited pass)
#   QPS_ROUNDS [3]        interleaved rounds
#   QPS_RATE [10000]      offered load (qps) for the latency pass
#   QPS_SERVERS ["lab53 nsd knot gdnsd pdns"]
#   QPS_CLIENTS [8] QPS_OUTSTANDING [200]   dnsperf -c / -q for the unthrottled pass
#   QPS_BUILD [release; debug with --smoke]  swift build configuration for lab53d
#   LAB53D                path to a lab53d binary (skips the build)
#   QPS_OUT [Benchmarks/results/qps-<UTC time>.json]
#   QPS_SERVER_CPU [0] QPS_CLIENT_CPU [1]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
lib=$root/Benchmarks/lib/qpslib.py

smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
if [ $smoke = 1 ]; then
  duration=${QPS_DURATION:-1}; rounds=${QPS_ROUNDS:-1}; servers=${QPS_SERVERS:-"lab53 nsd"}; build=${QPS_BUILD:-debug}
else
  duration=${QPS_DURATION:-5}; rounds=${QPS_ROUNDS:-3}; servers=${QPS_SERVERS:-"lab53 nsd knot gdnsd pdns"}; build=${QPS_BUILD:-release}
fi
rate=${QPS_RATE:-10000}; clients=${QPS_CLIENTS:-8}; outstanding=${QPS_OUTSTANDING:-200}
scpu=${QPS_SERVER_CPU:-0}; ccpu=${QPS_CLIENT_CPU:-1}
mkdir -p "$root/Benchmarks/results"
out=${QPS_OUT:-$root/Benchmarks/results/qps-$(date -u +%Y%m%dT%H%M%SZ).json}

# --- dependencies (Debian packages); a package that cannot be installed drops its server only ---
declare -A pkg_of=([dnsperf]=dnsperf [nsd]=nsd [knotd]=knot [gdnsd]=gdnsd [pdns_server]=pdns-server)
source "$root/Benchmarks/lib/peers.sh"
for t in python3 taskset; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
need_pkgs dnsperf || { echo "dnsperf is required" >&2; exit 1; }
active=()
skipped=()
for s in $servers; do
  case $s in
    lab53) active+=(lab53) ;;
    nsd)   need_pkgs nsd && active+=(nsd) || skipped+=("nsd: package not installable") ;;
    knot)  need_pkgs knot && active+=(knot) || skipped+=("knot: package not installable") ;;
    gdnsd) need_pkgs gdnsd && active+=(gdnsd) || skipped+=("gdnsd: package not installable") ;;
    pdns)  need_pkgs pdns-server pdns-backend-bind && active+=(pdns) || skipped+=("pdns: package not installable") ;;
    *) echo "unknown server $s" >&2; exit 2 ;;
  esac
done

# --- lab53d ---
lab53d=$(build_lab53d "$build") || exit 1

# --- work dir, cleanup of everything we start (by PID) ---
work=$(mktemp -d /tmp/lab53-qps.XXXXXX)
declare -A pid_of port_of
cleanup() {
  local s
  for s in "${!pid_of[@]}"; do kill "${pid_of[$s]}" 2>/dev/null; done
  sleep 0.5
  for s in "${!pid_of[@]}"; do kill -9 "${pid_of[$s]}" 2>/dev/null; done
  wait 2>/dev/null
  [ "${QPS_KEEP:-0}" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for s in "${active[@]}"; do port_of[$s]=$(free_port); done
apiport=$(free_port)
zone=bench.lab53.test.
genout=$(python3 "$lib" gen "$work" "${port_of[lab53]:-0}" "$apiport") || exit 1
echo "zone: $genout" >&2

start_server() {  # start_server NAME : sets pid_of[NAME]; logs in $work/NAME.log
  local s=$1 p=${port_of[$1]} d=$work/$1
  mkdir -p "$d"
  case $s in
    lab53)
      (cd "$work" && exec taskset -c "$scpu" "$lab53d" --config lab53.yaml) >"$d.log" 2>&1 &
      ;;
    nsd)
      write_nsd_conf "$d" "$p" "$zone" "$work/peer.zone"
      taskset -c "$scpu" nsd -d -c "$d/nsd.conf" >"$d.log" 2>&1 &
      ;;
    knot)
      write_knot_conf "$d" "$p" "$zone" "$work/peer.zone"
      taskset -c "$scpu" knotd -c "$d/knot.conf" >"$d.log" 2>&1 &
      ;;
    gdnsd)
      mkdir -p "$d/zones" "$d/run" "$d/state"
      cp "$work/peer.zone" "$d/zones/${zone%.}"
      cat >"$d/config" <<CONF
options => {
  listen => [ 127.0.0.1:$p ]
  udp_threads => 1
  tcp_threads => 1
  run_dir => "$d/run"
  state_dir => "$d/state"
}
CONF
      taskset -c "$scpu" gdnsd -c "$d" start >"$d.log" 2>&1 &
      ;;
    pdns)
      mkdir -p "$d/conf" "$d/sock"
      : >"$d/conf/pdns.conf"
      echo "zone \"${zone%.}\" { type master; file \"$work/peer.zone\"; };" >"$d/named.conf"
      taskset -c "$scpu" pdns_server --config-dir="$d/conf" --launch=bind --bind-config="$d/named.conf" \
        --local-address=127.0.0.1 --local-port="$p" --socket-dir="$d/sock" --daemon=no --guardian=no \
        --disable-syslog --loglevel=3 --receiver-threads=1 --distributor-threads=1 \
        --webserver=no --api=no --setuid= --setgid= >"$d.log" 2>&1 &
      ;;
  esac
  pid_of[$s]=$!
}

started=()
for s in "${active[@]}"; do
  start_server "$s"
  if python3 "$lib" ready "${port_of[$s]}" 60 && kill -0 "${pid_of[$s]}" 2>/dev/null; then
    started+=("$s"); echo "$s: pid ${pid_of[$s]} on 127.0.0.1:${port_of[$s]}" >&2
  else
    echo "WARNING: $s did not come up; log tail:" >&2; tail -5 "$work/$s.log" >&2
    kill "${pid_of[$s]}" 2>/dev/null; skipped+=("$s: did not start")
  fi
done
[ ${#started[@]} -gt 0 ] || { echo "no server started" >&2; exit 1; }

# --- interleaved runs ---
hz=$(getconf CLK_TCK)
runs=$work/runs.jsonl
: >"$runs"
for r in $(seq 1 "$rounds"); do
  for s in "${started[@]}"; do
    p=${port_of[$s]} pid=${pid_of[$s]}
    kill -0 "$pid" 2>/dev/null || { echo "WARNING: $s (pid $pid) died" >&2; continue; }
    read -r u0 s0 _ < <(python3 "$lib" tree "$pid")
    timeout $((duration + 30)) taskset -c "$ccpu" dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries.txt" \
      -l "$duration" -c "$clients" -q "$outstanding" -t 2 >"$work/perf.txt" 2>&1
    read -r u1 s1 _ < <(python3 "$lib" tree "$pid")
    timeout $((duration + 30)) taskset -c "$ccpu" dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries.txt" \
      -l "$duration" -Q "$rate" -c 1 -t 2 -v >"$work/lat.txt" 2>&1
    read -r _ _ hwm < <(python3 "$lib" tree "$pid")
    perf=$(python3 "$lib" perf "$work/perf.txt") lat=$(python3 "$lib" lat "$work/lat.txt")
    python3 - "$s" "$r" "$perf" "$lat" "$u0" "$u1" "$s0" "$s1" "$hz" "$hwm" "$duration" >>"$runs" <<'PY'
import json, sys
s, r, perf, lat, u0, u1, s0, s1, hz, hwm, dur = sys.argv[1:]
perf, lat = json.loads(perf), json.loads(lat)
n = perf["completed"]
per = lambda a, b: round((int(b) - int(a)) * 1e6 / int(hz) / n, 3) if n else None
print(json.dumps({"server": s, "round": int(r), "qps": perf["qps"], "completed": n, "lost": perf["lost"],
                  "user_us_per_q": per(u0, u1), "sys_us_per_q": per(s0, s1),
                  "server_cpu_pct": round((int(u1) - int(u0) + int(s1) - int(s0)) * 100 / int(hz) / float(dur), 1),
                  "p50_us": lat["p50_us"], "p99_us": lat["p99_us"], "latency_samples": lat["n"], "hwm_kb": int(hwm)}))
PY
    tail -1 "$runs" >&2
  done
done

python3 - "$work/meta.json" "$duration" "$rounds" "$rate" "$clients" "$outstanding" "$build" "$lab53d" "$genout" "$smoke" "$scpu" "$ccpu" "${skipped[@]}" <<'PY'
import json, sys, subprocess, datetime, os
a = sys.argv
ver = lambda cmd: (subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines() or [""])[0]
json.dump({"benchmark": "qps", "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
           "machine": {"cpus": os.cpu_count(), "kernel": os.uname().release,
                       "cpu_model": ver("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")},
           "duration_s": int(a[2]), "rounds": int(a[3]), "latency_rate_qps": int(a[4]),
           "dnsperf": {"clients": int(a[5]), "outstanding": int(a[6]), "version": ver("dnsperf -h 2>&1 | grep Version")},
           "lab53_build": a[7], "lab53d": a[8], "zone": json.loads(a[9]), "smoke": a[10] == "1",
           "server_cpu": a[11], "client_cpu": a[12], "skipped": a[13:],
           "versions": {"nsd": ver("nsd -v 2>&1"), "knot": ver("knotd -V 2>&1"), "gdnsd": ver("gdnsd -V 2>&1 | grep version"),
                        "pdns": ver("dpkg-query -W -f='${Version}' pdns-server")}}, open(a[1], "w"))
PY
python3 "$lib" summarize "$runs" "$out" "$work/meta.json" || exit 1
for k in "${skipped[@]}"; do echo "skipped: $k"; done
echo "summary: $out"
