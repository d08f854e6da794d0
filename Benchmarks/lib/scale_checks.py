#!/usr/bin/env python3
"""10,000 HTTP health checks at a 1 s interval against loopback targets (issue 6, "scale").

Starts nginx (the targets, pinned to one CPU) listening on IPS x PORTS loopback addresses, and
lab53d (pinned to another CPU) with a generated config of CHECKS HTTP health checks spread
round-robin over those targets. After a warm-up it measures over a fixed window:

  - lab53d CPU: utime + stime of the whole process (all threads) from /proc/<pid>/stat, as a
    fraction of one core; also sampled every second (min/max of the per-second values);
  - probes started and completed per second, from the daemon's scheduler counters
    (GET /_lab/probe-schedule), against the expected rate;
  - the share of probes on time: a probe is on time when it starts no more than a tenth of its
    interval (100 ms at 1 s) after its due instant (the checker's previous response + interval,
    HC-05). Every probe due in the window is counted: started on time, started late, or still
    overdue at the end of the window (late);
  - the targets' request rate, counted by nginx itself (stub_status), as an independent check of
    the daemon's numbers;
  - TIME_WAIT sockets at the end, and the most per target (ephemeral-port headroom).

Loopback only; every loop is bounded; every process started is stopped by PID on exit.
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")
EPHEMERAL_FIRST, EPHEMERAL_LAST = (int(x) for x in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lab53d", required=True, help="path of the lab53d binary")
    p.add_argument("--checks", type=int, default=10000)
    p.add_argument("--interval", type=float, default=1.0, help="RequestInterval (lab extension below 10 s)")
    p.add_argument("--threshold", type=int, default=3, help="FailureThreshold")
    p.add_argument("--checkers", type=int, default=1, help="Lab.Checkers: virtual checkers per check")
    p.add_argument("--ips", type=int, default=16, help="target addresses 127.0.1.1 ... 127.0.1.N")
    p.add_argument("--ports", type=int, default=4, help="target ports per address, from --first-port")
    p.add_argument("--first-port", type=int, default=18080)
    p.add_argument("--warmup", type=float, default=10.0)
    p.add_argument("--duration", type=float, default=30.0)
    p.add_argument("--daemon-cpu", default="0")
    p.add_argument("--target-cpu", default="1")
    p.add_argument("--nginx-workers", type=int, default=1)
    p.add_argument("--out", required=True, help="JSON summary path")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (configs, logs)")
    p.add_argument("--label", default="", help="free text stored in the JSON (e.g. 'baseline')")
    return p.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ticks(pid):
    """utime + stime of the process (all its threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


def tree_ticks(pids):
    user = system = 0
    for pid in pids:
        try:
            u, s = cpu_ticks(pid)
        except OSError:
            continue
        user += u
        system += s
    return user, system


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def cpu_busy(cpu):
    """(busy, total) ticks of one CPU from /proc/stat (busy = everything but idle and iowait)."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{cpu} "):
                values = [int(x) for x in line.split()[1:]]
                return sum(values) - values[3] - values[4], sum(values)
    return 0, 0


def http_get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def targets(args):
    return [(f"127.0.1.{i + 1}", args.first_port + p) for i in range(args.ips) for p in range(args.ports)]


def write_nginx(tmp, args, status_port):
    lines = [
        "worker_processes %d;" % args.nginx_workers,
        "worker_rlimit_nofile 65536;",
        f"pid {tmp}/nginx.pid;",
        f"error_log {tmp}/nginx-error.log warn;",
        "daemon off;",
    ]
    if os.geteuid() == 0:
        lines.append("user root;")  # workers run as the current user (root here), not nobody
    lines += [
        "events { worker_connections 16384; multi_accept on; }",
        "http {",
        "  access_log off;",
        "  keepalive_timeout 0;",
        "  lingering_close off;",
        f"  client_body_temp_path {tmp}/nginx-body;",
        f"  proxy_temp_path {tmp}/nginx-proxy;",
        f"  fastcgi_temp_path {tmp}/nginx-fastcgi;",
        f"  uwsgi_temp_path {tmp}/nginx-uwsgi;",
        f"  scgi_temp_path {tmp}/nginx-scgi;",
        "  server {",
    ]
    for ip, port in targets(args):
        lines.append(f"    listen {ip}:{port} backlog=4096;")
    lines += [
        "    location / { return 200 \"ok\\n\"; }",
        "  }",
        "  server {",
        f"    listen 127.0.0.1:{status_port};",
        "    location / { stub_status; }",
        "  }",
        "}",
    ]
    path = os.path.join(tmp, "nginx.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def write_config(tmp, args):
    pairs = targets(args)
    out = [
        "Server:",
        '  DNSListen: ["127.0.0.1:0"]',
        '  APIListen: "127.0.0.1:0"',
        "  LogLevel: warning",
        f"  StateDirectory: {tmp}/state",
        "  Seed: 53",
        "Lab:",
        f"  Checkers: {args.checkers}",
        "HealthChecks:",
    ]
    for n in range(args.checks):
        ip, port = pairs[n % len(pairs)]
        out.append(f"  - {{Id: hc-{n:05d}, HealthCheckConfig: {{Type: HTTP, IPAddress: {ip}, Port: {port}, "
                   f"ResourcePath: /, RequestInterval: {args.interval:g}, FailureThreshold: {args.threshold}}}}}")
    path = os.path.join(tmp, "lab53.yaml")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path


def nginx_requests(status_port):
    text = http_get(f"http://127.0.0.1:{status_port}/").decode()
    # "Active connections: N\nserver accepts handled requests\n A H R\n..."
    numbers = text.splitlines()[2].split()
    return int(numbers[0]), int(numbers[2])


def probe_schedule(api):
    return json.loads(http_get(f"http://{api}/_lab/probe-schedule"))


def time_wait_by_destination():
    """TIME_WAIT sockets (state 06) in /proc/net/tcp, counted per remote and per local endpoint."""
    counts = {}
    total = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            parts = line.split()
            if parts[3] != "06":
                continue
            total += 1
            for endpoint in (parts[1], parts[2]):
                counts[endpoint] = counts.get(endpoint, 0) + 1
    return total, max(counts.values()) if counts else 0


def stop(proc, name, timeout=10.0):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"{name} (pid {proc.pid}) did not stop on SIGTERM; killing it", file=sys.stderr)
        proc.kill()
        proc.wait(timeout=5)


def start_daemon(args, config, tmp):
    log = open(os.path.join(tmp, "lab53d.log"), "w")
    proc = subprocess.Popen(["taskset", "-c", args.daemon_cpu, args.lab53d, "--config", config],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    api = None
    deadline = time.time() + 300
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"lab53d exited before ready; see {tmp}/lab53d.log")
        line = line.strip()
        if line.startswith("api http "):
            api = line.split()[-1]
        if line == "ready":
            break
    if api is None:
        raise RuntimeError("lab53d printed no API address")
    return proc, api


def main():
    args = parse_args()
    tmp = tempfile.mkdtemp(prefix="lab53-scale-")
    os.makedirs(os.path.join(tmp, "state"))
    nginx = daemon = None
    status_port = free_port()
    expected_rate = args.checks * args.checkers / args.interval
    pairs = targets(args)
    # Each probe is a new TCP connection to one target endpoint; whichever side closes first holds
    # the 4-tuple in TIME_WAIT for 60 s. Per target endpoint that is rate/targets x 60 tuples,
    # which must stay below the ephemeral range (the source address is 127.0.0.1 for all).
    per_target_rate = expected_rate / len(pairs)
    tuples_per_target = per_target_rate * 60
    ephemeral = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1
    try:
        nginx_conf = write_nginx(tmp, args, status_port)
        nginx = subprocess.Popen(["taskset", "-c", args.target_cpu, "nginx", "-p", tmp, "-c", nginx_conf],
                                 stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "nginx.stderr"), "w"))
        for _ in range(100):
            try:
                nginx_requests(status_port)
                break
            except OSError:
                if nginx.poll() is not None:
                    raise RuntimeError(f"nginx exited; see {tmp}/nginx.stderr")
                time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not answer stub_status")
        config = write_config(tmp, args)
        started = time.time()
        daemon, api = start_daemon(args, config, tmp)
        startup = time.time() - started
        print(f"lab53d pid {daemon.pid} ready in {startup:.1f} s (api {api}); nginx pid {nginx.pid}; warming up {args.warmup:g} s",
              flush=True)
        time.sleep(args.warmup)
        if daemon.poll() is not None:
            raise RuntimeError(f"lab53d exited during warm-up; see {tmp}/lab53d.log")
        nginx_pids = [nginx.pid] + children(nginx.pid)

        s0 = probe_schedule(api)
        b0 = cpu_busy(args.daemon_cpu)
        c0 = cpu_ticks(daemon.pid)
        n0 = tree_ticks(nginx_pids)
        r0 = nginx_requests(status_port)
        t0 = time.monotonic()
        samples = []
        last_ticks, last_time = c0, t0
        end = t0 + args.duration
        while True:
            now = time.monotonic()
            if now >= end:
                break
            time.sleep(min(1.0, end - now))
            ticks, at = cpu_ticks(daemon.pid), time.monotonic()
            samples.append((sum(ticks) - sum(last_ticks)) / CLK_TCK / (at - last_time))
            last_ticks, last_time = ticks, at
        r1 = nginx_requests(status_port)
        n1 = tree_ticks(nginx_pids)
        c1 = cpu_ticks(daemon.pid)
        b1 = cpu_busy(args.daemon_cpu)
        t1 = time.monotonic()
        s1 = probe_schedule(api)
        tw_total, tw_max = time_wait_by_destination()
        rss_kb = next(int(line.split()[1]) for line in open(f"/proc/{daemon.pid}/status") if line.startswith("VmRSS"))
        threads = len(os.listdir(f"/proc/{daemon.pid}/task"))

        window = t1 - t0
        user = (c1[0] - c0[0]) / CLK_TCK
        system = (c1[1] - c0[1]) / CLK_TCK
        started_n = s1["started"] - s0["started"]
        on_time = s1["onTime"] - s0["onTime"]
        completed = s1["completed"] - s0["completed"]
        # Probes overdue at the end were due in the window and have not started: late. Those overdue
        # at the start were counted then and start (late) inside the window: not counted twice.
        due = started_n + s1["overdue"] - s0["overdue"]
        buckets0 = {b.get("le"): b["count"] for b in s0["buckets"]}
        lateness = {("+Inf" if b.get("le") is None else b["le"]): b["count"] - buckets0[b.get("le")] for b in s1["buckets"]}
        lat_sum = s1["latenessSumSeconds"] - s0["latenessSumSeconds"]
        duration_mean = (s1.get("durationSumSeconds", 0) - s0.get("durationSumSeconds", 0)) / completed if completed else 0.0
        # HC-05: each checker waits one interval from its response, so its period is interval +
        # probe duration (+ the start lateness); the schedule is kept when the rate matches that.
        hc05_rate = args.checks * args.checkers / (args.interval + duration_mean)

        def quantile(q):
            target = q * started_n
            for le, count in lateness.items():
                if count >= target:
                    return le
            return "+Inf"

        summary = {
            "label": args.label,
            "utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "settings": {k: getattr(args, k) for k in ("checks", "interval", "threshold", "checkers", "ips", "ports", "warmup",
                                                        "duration", "daemon_cpu", "target_cpu", "nginx_workers")},
            "targets": len(pairs),
            "lab53d": args.lab53d,
            "startup_seconds": startup,
            "window_seconds": window,
            "daemon": {
                "cpu_cores": (user + system) / window,
                "user_cores": user / window,
                "system_cores": system / window,
                "cpu_cores_per_second_min": min(samples) if samples else None,
                "cpu_cores_per_second_max": max(samples) if samples else None,
                "cpu_us_per_probe": (user + system) * 1e6 / completed if completed else None,
                "rss_mb": rss_kb / 1024,
                # The daemon's CPU is shared with whatever else runs there (other engineers' builds
                # on this box): busy time of that CPU not spent by lab53d, as a fraction of it.
                "other_load_on_daemon_cpu": max(0.0, ((b1[0] - b0[0]) - (sum(c1) - sum(c0))) / max(1, b1[1] - b0[1])),
                "threads": threads,
            },
            "probes": {
                "expected_per_second": expected_rate,
                "expected_per_second_hc05": hc05_rate,
                "duration_mean_ms": duration_mean * 1000,
                "started_per_second": started_n / window,
                "completed_per_second": completed / window,
                "started": started_n,
                "on_time": on_time,
                "late": started_n - on_time,
                "overdue_at_start": s0["overdue"],
                "overdue_at_end": s1["overdue"],
                "in_flight_at_end": s1["inFlight"],
                "due": due,
                "on_time_share": on_time / due if due > 0 else None,
                "on_time_tolerance_seconds": args.interval / 10,
                "lateness_mean_ms": lat_sum / started_n * 1000 if started_n else None,
                "lateness_p50_le_seconds": quantile(0.5),
                "lateness_p99_le_seconds": quantile(0.99),
                "lateness_max_ms_since_start": s1["maximumLatenessSeconds"] * 1000,
                "lateness_buckets_in_window": lateness,
            },
            "targets_side": {
                "requests_per_second": (r1[1] - r0[1] - 1) / window,  # one request is our own status read
                "connections_accepted_per_second": (r1[0] - r0[0] - 1) / window,
                "nginx_cpu_cores": (sum(n1) - sum(n0)) / CLK_TCK / window,
            },
            "sockets": {
                "time_wait_total_at_end": tw_total,
                "time_wait_max_per_endpoint": tw_max,
                "ephemeral_ports": ephemeral,
                "expected_tuples_per_target_in_60s": tuples_per_target,
            },
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=2)
        report(summary)
        print(f"\nJSON: {args.out}")
    finally:
        stop(daemon, "lab53d", timeout=30)
        stop(nginx, "nginx")
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(s):
    d, p, t, k = s["daemon"], s["probes"], s["targets_side"], s["sockets"]
    share = p["on_time_share"]
    rows = [
        ("health checks x checkers", f"{s['settings']['checks']:,} x {s['settings']['checkers']} every "
                                     f"{s['settings']['interval']:g} s, {s['targets']} targets"),
        ("window", f"{s['window_seconds']:.1f} s after {s['settings']['warmup']:g} s warm-up"),
        ("lab53d CPU (cores)", f"{d['cpu_cores']:.3f} (user {d['user_cores']:.3f} + sys {d['system_cores']:.3f}); "
                               f"per second {d['cpu_cores_per_second_min']:.2f}-{d['cpu_cores_per_second_max']:.2f}"),
        ("lab53d CPU per probe", f"{d['cpu_us_per_probe']:.1f} us" if d["cpu_us_per_probe"] else "-"),
        ("probes started / s", f"{p['started_per_second']:,.0f} (expected {p['expected_per_second']:,.0f})"),
        ("probes completed / s", f"{p['completed_per_second']:,.0f} (HC-05: {p['expected_per_second_hc05']:,.0f} = checks / "
                                 f"(interval + mean probe duration {p['duration_mean_ms']:.1f} ms))"),
        ("target requests / s (nginx)", f"{t['requests_per_second']:,.0f} (nginx CPU {t['nginx_cpu_cores']:.2f} cores)"),
        ("on time (start <= due + interval/10)", f"{100 * share:.2f} % of {p['due']:,} due" if share is not None else "-"),
        ("late / overdue at end", f"{p['late']:,} / {p['overdue_at_end']:,}"),
        ("lateness mean / p50 <= / p99 <=", f"{p['lateness_mean_ms']:.2f} ms / {p['lateness_p50_le_seconds']} s / "
                                            f"{p['lateness_p99_le_seconds']} s" if p["lateness_mean_ms"] is not None else "-"),
        ("TIME_WAIT total / max per endpoint", f"{k['time_wait_total_at_end']:,} / {k['time_wait_max_per_endpoint']:,} "
                                               f"(ephemeral range {k['ephemeral_ports']:,})"),
        ("lab53d RSS / threads", f"{d['rss_mb']:.0f} MB / {d['threads']}"),
        ("other load on the daemon's CPU", f"{100 * d['other_load_on_daemon_cpu']:.0f} % (should be ~0 for a clean run)"),
        ("lab53d startup", f"{s['startup_seconds']:.1f} s"),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    # The rate cannot be exactly the expected one: HC-05 counts the interval from each response,
    # so every checker probes once per interval + probe duration (~1 ms on loopback).
    goal = d["cpu_cores"] <= 1.0 and share is not None and share >= 0.99 and \
        p["completed_per_second"] >= 0.99 * p["expected_per_second"]
    print(f"\ngoal (<= 1 core, >= 99 % on time, >= 99 % of the expected rate): {'met' if goal else 'NOT met'}")


if __name__ == "__main__":
    main()
