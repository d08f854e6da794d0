#!/usr/bin/env python3
"""Failover benchmark driver (issue 6): Lab53 at interval 1 s and 2 s next to gdnsd at 2 s.

Every server watches the same two loopback HTTP targets (127.0.0.1:PORT primary, 127.0.0.2:PORT
secondary) and serves the same two names: `app` (a PRIMARY/SECONDARY failover pair; gdnsd: simplefo)
and `mv` (a two-address multivalue set; gdnsd: multifo). Each round kills the primary target once and
restarts it once; one poller thread asks every server for both names every POLL_MS, so all servers
are measured on the same event (interleaved in the strictest sense: same kill, same restart).

Loopback only, bounded: every wait has a deadline, every process started here is stopped by PID.
Called by Benchmarks/failover.sh, which builds lab53d and installs gdnsd; run that instead.
"""
import argparse
import json
import os
import random
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.request

ZONE = "drill.lab53.test"
PRIMARY, SECONDARY = "127.0.0.1", "127.0.0.2"
NAMES = ("app", "mv")


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def free_port():
    """A port free on both 127.0.0.1 and 127.0.0.2 (the targets share one port, as gdnsd's
    service_types give one port for every address they monitor)."""
    for _ in range(50):
        probe = socket.socket()
        probe.bind((PRIMARY, 0))
        port = probe.getsockname()[1]
        other = socket.socket()
        try:
            other.bind((SECONDARY, port))
            return port
        except OSError:
            continue
        finally:
            other.close()
            probe.close()
    raise RuntimeError("no port free on both loopback addresses")


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((PRIMARY, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def accepts(address, port):
    try:
        socket.create_connection((address, port), 0.2).close()
        return True
    except OSError:
        return False


class Target:
    """python3 -m http.server on one loopback address; stop = SIGTERM + wait until it refuses."""

    def __init__(self, address, port, workdir):
        self.address, self.port, self.workdir, self.proc = address, port, workdir, None

    def start(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "http.server", str(self.port), "--bind", self.address],
                                     cwd=self.workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if accepts(self.address, self.port):
                return time.monotonic()
            time.sleep(0.005)
        raise RuntimeError(f"target {self.address}:{self.port} did not start")

    def stop(self):
        if self.proc is None:
            return
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc = None
        deadline = time.monotonic() + 10
        while accepts(self.address, self.port) and time.monotonic() < deadline:
            time.sleep(0.005)


def query_bytes(ident, name):
    q = struct.pack(">HHHHHH", ident, 0, 1, 0, 0, 1)
    for label in f"{name}.{ZONE}".split("."):
        q += bytes([len(label)]) + label.encode()
    # EDNS OPT with a 1232-byte payload, like a modern stub.
    return q + b"\x00" + struct.pack(">HH", 1, 1) + b"\x00" + struct.pack(">HHIH", 41, 1232, 0, 0)


def skip_name(msg, offset):
    while True:
        length = msg[offset]
        if length == 0:
            return offset + 1
        if length & 0xC0 == 0xC0:
            return offset + 2
        offset += 1 + length


def a_records(msg):
    """(id, frozenset of IPv4 answers) from a DNS response, or None when it cannot be parsed."""
    try:
        ident, _, qd, an = struct.unpack(">HHHH", msg[:8])
        offset = 12
        for _ in range(qd):
            offset = skip_name(msg, offset) + 4
        found = set()
        for _ in range(an):
            offset = skip_name(msg, offset)
            rtype, _, _, rdlen = struct.unpack(">HHIH", msg[offset:offset + 10])
            offset += 10
            if rtype == 1 and rdlen == 4:
                found.add(socket.inet_ntoa(msg[offset:offset + 4]))
            offset += rdlen
        return ident, frozenset(found)
    except (struct.error, IndexError):
        return None


class Server:
    """One DNS server under test; `changes[name]` is the list of (monotonic time, answer set) at
    which that name's answer differed from the previous response."""

    def __init__(self, label, kind, interval):
        self.label, self.kind, self.interval = label, kind, interval
        self.proc, self.dns_port, self.api = None, None, None
        self.changes = {name: [] for name in NAMES}
        self.current = {name: None for name in NAMES}
        self.answers = 0
        self.events = []          # gdnsd: (monotonic time, address, UP|DOWN) from its log
        self.timeline_seen = 0
        self.timeline = []        # Lab53: timeline entries of check `primary`

    def note(self, name, now, answer):
        self.answers += 1
        if answer != self.current[name]:
            self.current[name] = answer
            self.changes[name].append((now, answer))

    def first_after(self, name, since, wanted):
        for when, answer in self.changes[name]:
            if when >= since and answer == wanted:
                return when
        return None

    def flaps(self, name, since, until):
        return max(0, sum(1 for when, _ in self.changes[name] if since <= when < until) - 1)


class Poller(threading.Thread):
    """Asks every server for app and mv every `interval` seconds over UDP, bounded by `stop`."""

    def __init__(self, servers, interval, deadline):
        super().__init__(daemon=True)
        self.servers, self.interval, self.deadline = servers, interval, deadline
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        sockets = {}
        for server in self.servers:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            s.connect((PRIMARY, server.dns_port))
            sockets[s] = server
        pending = {s: {} for s in sockets}
        ident = 0
        tick = time.monotonic()
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            now = time.monotonic()
            if now >= tick:
                for s in sockets:
                    for name in NAMES:
                        ident = (ident + 1) & 0xFFFF
                        pending[s][ident] = name
                        try:
                            s.send(query_bytes(ident, name))
                        except OSError:
                            pass
                    if len(pending[s]) > 4096:
                        pending[s].clear()
                tick = max(tick + self.interval, now)
            ready, _, _ = select.select(list(sockets), [], [], max(0.0, tick - time.monotonic()))
            for s in ready:
                while True:
                    try:
                        msg = s.recv(4096)
                    except (BlockingIOError, ConnectionRefusedError):
                        break
                    received = time.monotonic()
                    parsed = a_records(msg)
                    if parsed is None:
                        continue
                    name = pending[s].pop(parsed[0], None)
                    if name is not None:
                        with self.lock:
                            sockets[s].note(name, received, parsed[1])


def wait_until(predicate, timeout, step=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def lab53_config(port, interval):
    checks = "\n".join(
        f"  - Id: {cid}\n    HealthCheckConfig: {{Type: HTTP, IPAddress: {addr}, Port: {port}, "
        f"RequestInterval: {interval}, FailureThreshold: 2}}" for cid, addr in (("primary", PRIMARY), ("secondary", SECONDARY)))
    sets = [
        f"{{Name: app.{ZONE}., Type: A, SetIdentifier: primary, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{{Value: {PRIMARY}}}]}}",
        f"{{Name: app.{ZONE}., Type: A, SetIdentifier: secondary, Failover: SECONDARY, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{{Value: {SECONDARY}}}]}}",
        f"{{Name: mv.{ZONE}., Type: A, SetIdentifier: a, MultiValueAnswer: true, HealthCheckId: primary, TTL: 5, ResourceRecords: [{{Value: {PRIMARY}}}]}}",
        f"{{Name: mv.{ZONE}., Type: A, SetIdentifier: b, MultiValueAnswer: true, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{{Value: {SECONDARY}}}]}}",
    ]
    return ("Server:\n  DNSListen: [\"127.0.0.1:0\"]\n  APIListen: \"127.0.0.1:0\"\n  LogLevel: notice\n"
            f"HealthChecks:\n{checks}\nHostedZones:\n  - Name: {ZONE}.\n    ResourceRecordSets:\n"
            + "".join(f"      - {s}\n" for s in sets))


def gdnsd_config(directory, dns_port, port, interval):
    """HC-06 with FailureThreshold 2 in gdnsd terms: down after 2 failures with any single success
    resetting the count (down_thresh 2, ok_thresh 1 = 2 consecutive failures), up after 2
    consecutive successes (up_thresh 2). multifo up_thresh 0.01 = answer every up address, and all
    of them when none is up (RP-05's all-unhealthy rule)."""
    for sub in ("zones", "run", "state"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    timeout = max(1, interval // 2)
    with open(os.path.join(directory, "config"), "w") as f:
        f.write(f"""options => {{
  listen => [ 127.0.0.1:{dns_port} ]
  udp_threads => 1
  tcp_threads => 1
  run_dir => "{directory}/run"
  state_dir => "{directory}/state"
}}
service_types => {{
  web => {{ plugin => http_status, port => {port}, url_path => /, ok_codes => [ 200 ],
           interval => {interval}, timeout => {timeout}, up_thresh => 2, ok_thresh => 1, down_thresh => 2 }}
}}
plugins => {{
  simplefo => {{ app => {{ service_types => [ web ], primary => {PRIMARY}, secondary => {SECONDARY} }} }}
  multifo => {{ mv => {{ service_types => [ web ], up_thresh => 0.01, a => {PRIMARY}, b => {SECONDARY} }} }}
}}
""")
    with open(os.path.join(directory, "zones", ZONE), "w") as f:
        f.write(f"$TTL 5\n@ SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\nns1 A {PRIMARY}\n"
                "app 10 DYNA simplefo!app\nmv 10 DYNA multifo!mv\n")


STATE_LINE = re.compile(r"state of '([0-9.]+)/web' (?:changed from \S+ to|initialized to) (UP|DOWN)")


def start_gdnsd(server, workdir, port, gdnsd):
    directory = os.path.join(workdir, server.label)
    server.dns_port = free_udp_port()
    gdnsd_config(directory, server.dns_port, port, server.interval)
    server.proc = subprocess.Popen([gdnsd, "-c", directory, "start"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, bufsize=1)
    log = open(os.path.join(workdir, f"{server.label}.log"), "w")

    def reader():  # timestamps gdnsd's own state decisions as they are logged
        for line in server.proc.stderr:
            log.write(line)
            log.flush()
            match = STATE_LINE.search(line)
            if match:
                server.events.append((time.monotonic(), match.group(1), match.group(2)))
    threading.Thread(target=reader, daemon=True).start()


def start_lab53(server, workdir, port, lab53d):
    directory = os.path.join(workdir, server.label)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "lab53.yaml"), "w") as f:
        f.write(lab53_config(port, server.interval))
    out = os.path.join(directory, "daemon.out")
    server.proc = subprocess.Popen([lab53d, "--config", os.path.join(directory, "lab53.yaml"),
                                    "--state-dir", os.path.join(directory, "state")],
                                   stdout=open(out, "w"), stderr=open(os.path.join(workdir, f"{server.label}.log"), "w"))
    if not wait_until(lambda: "ready" in open(out).read().split("\n"), 30, 0.05):
        raise RuntimeError(f"{server.label} did not start; see {workdir}/{server.label}.log")
    text = open(out).read()
    server.dns_port = int(re.search(r"^dns udp [0-9.]+:(\d+)$", text, re.M).group(1))
    server.api = re.search(r"^api http (\S+)$", text, re.M).group(1)


def fetch_timeline(server):
    with urllib.request.urlopen(f"http://{server.api}/_lab/timeline?check=primary", timeout=5) as response:
        entries = json.load(response)
    fresh = [e for e in entries if e["Sequence"] > server.timeline_seen]
    if entries:
        server.timeline_seen = max(e["Sequence"] for e in entries)
    return fresh


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", default="lab53-1s lab53-2s gdnsd-2s")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--poll-ms", type=float, default=2.0)
    parser.add_argument("--lab53d", required=True)
    parser.add_argument("--gdnsd", default="")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--seed", type=int, default=53)
    args = parser.parse_args()
    random.seed(args.seed)

    def terminate(*_):
        raise SystemExit(130)
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)

    servers = []
    for label in args.servers.split():
        kind, interval = label.rsplit("-", 1)
        servers.append(Server(label, kind, int(interval.rstrip("s"))))
    port = free_port()
    primary = Target(PRIMARY, port, args.workdir)
    secondary = Target(SECONDARY, port, args.workdir)
    poller = None
    try:
        primary.start()
        secondary.start()
        for server in servers:
            if server.kind == "lab53":
                start_lab53(server, args.workdir, port, args.lab53d)
            else:
                start_gdnsd(server, args.workdir, port, args.gdnsd)
        # Bounded: at most 60 s per round plus start-up.
        poller = Poller(servers, args.poll_ms / 1000, time.monotonic() + 120 + 60 * args.rounds)
        poller.start()
        both = frozenset({PRIMARY, SECONDARY})

        def steady():
            return all(s.current["app"] == frozenset({PRIMARY}) and s.current["mv"] == both for s in servers)
        if not wait_until(steady, 60):
            raise RuntimeError("servers never answered PRIMARY for app and both addresses for mv: "
                               + ", ".join(f"{s.label} app={sorted(s.current['app'] or [])} mv={sorted(s.current['mv'] or [])}" for s in servers))
        for server in servers:
            if server.kind == "lab53":
                fetch_timeline(server)
        rounds = []
        for number in range(1, args.rounds + 1):
            time.sleep(1 + random.uniform(0, 2))   # a random phase against every prober's schedule
            killed = time.monotonic()
            primary.stop()
            refused = time.monotonic()
            ok = wait_until(lambda: all(s.current["app"] == frozenset({SECONDARY}) and s.current["mv"] == frozenset({SECONDARY})
                                        for s in servers), 40)
            if not ok:
                print(f"round {number}: not every server failed over within 40 s", file=sys.stderr)
            time.sleep(1 + random.uniform(0, 2))
            restarted = primary.start()
            ok = wait_until(steady, 40) and ok
            if not ok:
                print(f"round {number}: not every server failed back within 40 s", file=sys.stderr)
            time.sleep(0.5)
            done = time.monotonic()
            row = {"round": number, "kill_to_refused_ms": (refused - killed) * 1000, "servers": {}}
            for s in servers:
                with poller.lock:
                    fo = s.first_after("app", killed, frozenset({SECONDARY}))
                    fb = s.first_after("app", restarted, frozenset({PRIMARY}))
                    mfo = s.first_after("mv", killed, frozenset({SECONDARY}))
                    mfb = s.first_after("mv", restarted, both)
                    answers = {n: sorted({",".join(sorted(a)) or "(empty)" for t, a in s.changes[n] if killed <= t < done}) for n in NAMES}
                    flaps = s.flaps("app", killed, restarted) + s.flaps("app", restarted, done)
                entry = {
                    "failover_s": None if fo is None else fo - killed,
                    "failback_s": None if fb is None else fb - restarted,
                    "mv_failover_s": None if mfo is None else mfo - killed,
                    "mv_failback_s": None if mfb is None else mfb - restarted,
                    "answers_seen": answers, "extra_flips": flaps,
                }
                if s.kind == "lab53":
                    entry["timeline"] = fetch_timeline(s)
                else:   # gdnsd: its logged decision → first changed answer (client clock, ± poll interval)
                    down = [t for t, a, st in s.events if a == PRIMARY and st == "DOWN" and killed <= t < restarted]
                    up = [t for t, a, st in s.events if a == PRIMARY and st == "UP" and restarted <= t < done]
                    entry["decision_to_answer_ms"] = [x for x in (
                        (fo - down[0]) * 1000 if down and fo else None, (fb - up[0]) * 1000 if up and fb else None) if x is not None]
                    entry["kill_to_decision_s"] = down[0] - killed if down else None
                    entry["restart_to_decision_s"] = up[0] - restarted if up else None
                row["servers"][s.label] = entry
            rounds.append(row)
            print(f"round {number}: " + "  ".join(
                f"{label} {fmt(e['failover_s'])}/{fmt(e['failback_s'])} s" for label, e in row["servers"].items()), flush=True)
        summary = summarize(servers, rounds, args, port)
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2)
        print_table(summary)
    finally:
        if poller:
            poller.stop.set()
        for server in servers:
            if server.proc and server.proc.poll() is None:
                server.proc.terminate()
                try:
                    server.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.proc.kill()
        primary.stop()
        secondary.stop()


def fmt(value, digits=3):
    return "-" if value is None else f"{value:.{digits}f}"


def summarize(servers, rounds, args, port):
    out = {"settings": {"rounds": args.rounds, "poll_ms": args.poll_ms, "failure_threshold": 2, "target_port": port,
                        "gdnsd": "http_status interval N, timeout N/2, down_thresh 2, ok_thresh 1, up_thresh 2; multifo up_thresh 0.01"},
           "servers": {}, "rounds": rounds}
    for s in servers:
        rows = [r["servers"][s.label] for r in rounds]

        def stats(key):
            values = [row[key] for row in rows if row[key] is not None]
            return {"p50": statistics.median(values) if values else None, "max": max(values) if values else None,
                    "n": len(values), "missing": len(rows) - len(values)}
        entry = {"kind": s.kind, "interval_s": s.interval, "failover_s": stats("failover_s"), "failback_s": stats("failback_s"),
                 "mv_failover_s": stats("mv_failover_s"), "mv_failback_s": stats("mv_failback_s"),
                 "extra_flips": sum(row["extra_flips"] for row in rows),
                 "mv_answers_seen": sorted({a for row in rows for a in row["answers_seen"]["mv"]}),
                 "dns_answers": s.answers}
        if s.kind == "lab53":
            timeline = [t for row in rows for t in row["timeline"]]
            published = [t["PublishedMs"] for t in timeline]
            first = [t["FirstAnswerMs"] for t in timeline if t.get("FirstAnswerMs") is not None]
            probe = [-t["FirstFailedProbeMs"] for t in timeline if t.get("FirstFailedProbeMs") is not None]
            entry.update({"transitions": len(timeline),
                          "decision_to_publish_ms": {"p50": percentile(published, 50), "p99": percentile(published, 99)},
                          "decision_to_first_answer_ms": {"p50": percentile(first, 50), "p99": percentile(first, 99),
                                                          "max": max(first) if first else None, "n": len(first)},
                          "first_changed_probe_to_decision_ms": {"p50": percentile(probe, 50), "max": max(probe) if probe else None}})
        else:
            values = [v for row in rows for v in row["decision_to_answer_ms"]]
            entry["decision_to_first_answer_ms"] = {"p50": percentile(values, 50), "p99": percentile(values, 99),
                                                    "max": max(values) if values else None, "n": len(values),
                                                    "note": "from gdnsd's log line to the poller's first changed answer"}
        out["servers"][s.label] = entry
    return out


def print_table(summary):
    print()
    print(f"{'server':<10} {'fail-over p50/max s':>20} {'fail-back p50/max s':>20} {'mv over p50 s':>14} {'mv back p50 s':>14} "
          f"{'flips':>5} {'decision→answer p50/p99 ms':>27}")
    for label, e in summary["servers"].items():
        d = e["decision_to_first_answer_ms"]
        print(f"{label:<10} {fmt(e['failover_s']['p50']) + ' / ' + fmt(e['failover_s']['max']):>20} "
              f"{fmt(e['failback_s']['p50']) + ' / ' + fmt(e['failback_s']['max']):>20} "
              f"{fmt(e['mv_failover_s']['p50']):>14} {fmt(e['mv_failback_s']['p50']):>14} {e['extra_flips']:>5} "
              f"{fmt(d['p50'], 2) + ' / ' + fmt(d['p99'], 2):>27}")
    for label, e in summary["servers"].items():
        line = f"{label}: mv answers seen {e['mv_answers_seen']}"
        if e["kind"] == "lab53":
            line += (f"; decision→publish p50 {fmt(e['decision_to_publish_ms']['p50'], 3)} ms"
                     f" p99 {fmt(e['decision_to_publish_ms']['p99'], 3)} ms; first changed probe→decision p50"
                     f" {fmt(e['first_changed_probe_to_decision_ms']['p50'], 0)} ms ({e['transitions']} transitions)")
        print(line)


if __name__ == "__main__":
    main()
