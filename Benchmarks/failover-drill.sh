#!/usr/bin/env bash
# Failover drill benchmark (issue 3): two real HTTP targets on loopback, health checks with
# RequestInterval 1 s and FailureThreshold 2, a PRIMARY/SECONDARY failover pair and a multivalue
# set. Kills and restores the primary target ROUNDS times while `lab53 drill` polls DNS every
# 50 ms, then prints client-observed flip times and the daemon's own timeline stages
# (decision → publication → first changed answer). Loopback only; bounded rounds.
#
#   Benchmarks/failover-drill.sh [ROUNDS]        (default 5)
#
# Output ends with one machine-readable line: `summary {json}`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
bash scripts/install-deps.sh
command -v python3 >/dev/null || { echo "python3 is required for the HTTP targets" >&2; exit 1; }
swift build -c release --product lab53d >/dev/null
swift build -c release --product lab53 >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/primary.pid" ] && kill "$(cat "$work/primary.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
primary_port=$(free_port)
secondary_port=$(free_port)

# A target: python's http.server on a loopback address, with a pid file so kill/restore work.
cat > "$work/target.sh" <<SH
#!/usr/bin/env bash
# target.sh start|stop ADDRESS PORT NAME
case "\$1" in
  start) cd "$work" || exit 1
         python3 -m http.server "\$3" --bind "\$2" >/dev/null 2>&1 &
         echo \$! > "$work/\$4.pid"
         for i in \$(seq 1 100); do python3 -c "import socket,sys; socket.create_connection(('\$2',\$3),0.2)" 2>/dev/null && exit 0; sleep 0.05; done; exit 1 ;;
  # Done once the port refuses (a killed child may linger as a zombie where nothing reaps orphans).
  stop)  kill "\$(cat "$work/\$4.pid")"
         for i in \$(seq 1 100); do python3 -c "import socket; socket.create_connection(('\$2',\$3),0.2)" 2>/dev/null || exit 0; sleep 0.02; done; exit 1 ;;
esac
SH
chmod +x "$work/target.sh"
"$work/target.sh" start 127.0.0.1 "$primary_port" primary
"$work/target.sh" start 127.0.0.2 "$secondary_port" secondary
pids+=("$(cat "$work/secondary.pid")")

cat > "$work/lab53.yaml" <<YAML
Server:
  DNSListen: ["127.0.0.1:0"]
  APIListen: "127.0.0.1:0"
  LogLevel: notice
HealthChecks:
  - Id: primary
    HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: $primary_port, RequestInterval: 1, FailureThreshold: 2}
  - Id: secondary
    HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, Port: $secondary_port, RequestInterval: 1, FailureThreshold: 2}
HostedZones:
  - Name: drill.lab53.test.
    ResourceRecordSets:
      - {Name: app.drill.lab53.test., Type: A, SetIdentifier: primary, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 127.0.0.1}]}
      - {Name: app.drill.lab53.test., Type: A, SetIdentifier: secondary, Failover: SECONDARY, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{Value: 127.0.0.2}]}
      - {Name: mv.drill.lab53.test., Type: A, SetIdentifier: a, MultiValueAnswer: true, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 127.0.0.1}]}
      - {Name: mv.drill.lab53.test., Type: A, SetIdentifier: b, MultiValueAnswer: true, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{Value: 127.0.0.2}]}
YAML

"$bin/lab53d" --config "$work/lab53.yaml" --state-dir "$work/state" > "$work/daemon.out" 2> "$work/daemon.err" &
pids+=("$!")
for i in $(seq 1 200); do grep -q '^ready$' "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
grep -q '^ready$' "$work/daemon.out" || { cat "$work/daemon.err" >&2; exit 1; }
dns=$(sed -n 's/^dns udp //p' "$work/daemon.out" | head -1)
api=$(sed -n 's/^api http //p' "$work/daemon.out" | head -1)
sleep 3   # let every checker see both targets healthy

# A steady 1 kHz query stream (bounded to 10 minutes), so the timeline's "first answer after
# publication" measures the server, not the drill's 50 ms polling.
python3 - "${dns##*:}" "$work/stop-load" <<'PY' &
import os, socket, struct, sys, time
port, stop = int(sys.argv[1]), sys.argv[2]
q = struct.pack(">HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x02mv\x05drill\x05lab53\x04test\x00" + struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setblocking(False)
end = time.monotonic() + 600
while time.monotonic() < end and not os.path.exists(stop):
    s.sendto(q, ("127.0.0.1", port))
    try:
        while True: s.recv(4096)
    except BlockingIOError: pass
    time.sleep(0.001)
PY
pids+=("$!")

echo "== failover pair app.drill.lab53.test (interval 1 s, threshold 2, $rounds rounds, dig-style polling every 50 ms)"
"$bin/lab53" drill --api "$api" --server "$dns" --check primary --name app.drill.lab53.test \
  --method command --kill "$work/target.sh stop 127.0.0.1 $primary_port primary" \
  --restore "$work/target.sh start 127.0.0.1 $primary_port primary" --rounds "$rounds" --output json > "$work/drill.json"

touch "$work/stop-load"
python3 - "$work/drill.json" <<'PY'
import json, statistics, sys
rounds = json.load(open(sys.argv[1]))
fo = [r["failoverSeconds"] for r in rounds]; fb = [r["failbackSeconds"] for r in rounds]
bad = sum(r["failoverBadAnswers"] + r["failbackBadAnswers"] for r in rounds)
stages = [t for r in rounds for t in r["timeline"] if t.get("FirstAnswerMs") is not None]
pub = [t["PublishedMs"] for t in stages]; first = [t["FirstAnswerMs"] for t in stages]
print(f"{'round':>5} {'failover s':>10} {'failback s':>10}")
for r in rounds: print(f"{r['round']:>5} {r['failoverSeconds']:>10.3f} {r['failbackSeconds']:>10.3f}")
print(f"failover median {statistics.median(fo):.3f} s max {max(fo):.3f} s; failback median {statistics.median(fb):.3f} s max {max(fb):.3f} s; bad answers {bad}")
if first:
    print(f"decision -> publication median {statistics.median(pub):.3f} ms; decision -> first changed answer median {statistics.median(first):.3f} ms max {max(first):.3f} ms")
print("summary " + json.dumps({"rounds": len(rounds), "failover_median_s": statistics.median(fo), "failover_max_s": max(fo),
      "failback_median_s": statistics.median(fb), "failback_max_s": max(fb), "bad_answers": bad,
      "decision_to_publish_median_ms": statistics.median(pub) if pub else None,
      "decision_to_first_answer_median_ms": statistics.median(first) if first else None}))
PY
