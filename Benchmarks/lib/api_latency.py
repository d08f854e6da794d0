#!/usr/bin/env python3
"""API change -> served latency (issue 6 item 1, "api").

For each zone size: start a fresh lab53d on loopback, create a hosted zone with boto3, pre-fill it
with SIZE A record sets, then CHANGES times UPSERT `t.<zone>` A to a new address (the sequence
number is encoded in the IP) and poll DNS over UDP until the answer carries the new address.

Per change it records
  api   = botocore `before-send` -> `response-received` (HTTP round trip incl. XML parse)
  served = `before-send` -> first DNS answer with the new address
and per run the daemon's CPU per change (/proc/<pid>/stat utime+stime delta) and the mean
compile+swap time from `lab53_publish_duration_seconds` on /metrics. An optional strace phase
(--strace-changes) attaches to the daemon for a few extra changes and sums fsync/fdatasync time,
to split the API time into store commit vs snapshot recompile. Loopback only; every loop bounded.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from botocore.config import Config

ZONE = "bench.example."
CLK_TCK = os.sysconf("SC_CLK_TCK")


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def stats_ms(ns_values):
    ms = [v / 1e6 for v in ns_values]
    return {"n": len(ms), "p50": pct(ms, 50), "p90": pct(ms, 90), "p99": pct(ms, 99),
            "max": max(ms) if ms else None, "mean": sum(ms) / len(ms) if ms else None}


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime is field 14, stime field 15.
    return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK


def ip_for(seq):
    return f"10.{(seq >> 16) & 255}.{(seq >> 8) & 255}.{seq & 255}"


def build_query(qid, name):
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", 1, 1)


def skip_name(buf, off):
    for _ in range(128):
        n = buf[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += 1 + n
    raise ValueError("name too long")


def answer_addresses(buf, qid):
    """A addresses in the answer section, or None if this is not our response."""
    if len(buf) < 12:
        return None
    rid, flags, qd, an, _, _ = struct.unpack(">HHHHHH", buf[:12])
    if rid != qid or not flags & 0x8000:
        return None
    off = 12
    for _ in range(qd):
        off = skip_name(buf, off) + 4
    out = []
    for _ in range(an):
        off = skip_name(buf, off)
        rtype, _, _, rdlen = struct.unpack(">HHIH", buf[off:off + 10])
        off += 10
        if rtype == 1 and rdlen == 4:
            out.append(socket.inet_ntoa(buf[off:off + 4]))
        off += rdlen
    return out


class Daemon:
    def __init__(self, binary):
        self.state_dir = tempfile.mkdtemp(prefix="lab53-api-bench-")
        self.log_path = os.path.join(self.state_dir, "stdout.log")
        with open(self.log_path, "w") as log:
            # A file, not a pipe: the daemon may keep writing after `ready` and must never block or get SIGPIPE.
            self.proc = subprocess.Popen(
                [binary, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--state-dir", self.state_dir],
                stdout=log, stderr=subprocess.DEVNULL)
        self.dns = self.api = None
        ready = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not ready and self.proc.poll() is None:
            time.sleep(0.05)
            with open(self.log_path) as f:
                for line in f:
                    m = re.match(r"dns udp (\S+):(\d+)", line)
                    if m:
                        self.dns = (m.group(1), int(m.group(2)))
                    m = re.match(r"api http (\S+):(\d+)", line)
                    if m:
                        self.api = f"http://{m.group(1)}:{m.group(2)}"
                    ready = ready or line.strip() == "ready"
        if not (ready and self.dns and self.api):
            self.stop()
            raise RuntimeError("lab53d did not become ready")

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.state_dir, ignore_errors=True)


def publish_metric(api):
    text = urllib.request.urlopen(api + "/metrics", timeout=10).read().decode()
    s = re.search(r"^lab53_publish_duration_seconds_sum(?:\{[^}]*\})? (\S+)", text, re.M)
    c = re.search(r"^lab53_publish_duration_seconds_count(?:\{[^}]*\})? (\S+)", text, re.M)
    return (float(s.group(1)), float(c.group(1))) if s and c else (None, None)


def change_batch(changes):
    return {"Changes": changes}


def upsert(name, ip):
    return {"Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": "A", "TTL": 60,
                                                      "ResourceRecords": [{"Value": ip}]}}


def run_size(binary, size, changes, strace_changes, timeout_s, warmup=20):
    d = Daemon(binary)
    try:
        client = boto3.client("route53", endpoint_url=d.api, region_name="us-east-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench",
                              config=Config(retries={"max_attempts": 1}))
        marks = {}
        client.meta.events.register("before-send.route-53.ChangeResourceRecordSets",
                                    lambda **kw: marks.__setitem__("sent", time.perf_counter_ns()))
        client.meta.events.register("response-received.route-53.ChangeResourceRecordSets",
                                    lambda **kw: marks.__setitem__("received", time.perf_counter_ns()))
        zone_id = client.create_hosted_zone(Name=ZONE, CallerReference=f"api-bench-{time.time()}")["HostedZone"]["Id"]
        target = "t." + ZONE

        t_fill = time.monotonic()
        for start in range(0, size, 500):
            batch = [upsert(f"r{i}.{ZONE}", f"192.0.{(i >> 8) & 255}.{i & 255}")
                     for i in range(start, min(size, start + 500))]
            client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=change_batch(batch))
        fill_s = time.monotonic() - t_fill
        client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=change_batch([upsert(target, ip_for(0))]))

        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.connect(d.dns)
        sock.settimeout(0.5)
        qid = [0]

        def one_change(seq):
            ip = ip_for(seq)
            marks.clear()
            client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=change_batch([upsert(target, ip)]))
            polls = 0
            deadline = time.perf_counter_ns() + int(timeout_s * 1e9)
            while time.perf_counter_ns() < deadline:
                qid[0] = (qid[0] + 1) & 0xFFFF
                polls += 1
                sock.send(build_query(qid[0], target))
                try:
                    while True:
                        got = answer_addresses(sock.recv(4096), qid[0])
                        if got is not None:
                            break
                except socket.timeout:
                    continue
                if ip in got:
                    now = time.perf_counter_ns()
                    return marks["received"] - marks["sent"], now - marks["sent"], polls
            return marks.get("received", 0) - marks.get("sent", 0), None, polls

        for seq in range(1, 1 + warmup):  # warm-up, not recorded
            one_change(seq)

        api_ns, served_ns, polls_all, timeouts = [], [], [], 0
        pub0 = publish_metric(d.api)
        cpu0 = cpu_seconds(d.pid)
        wall0 = time.monotonic()
        for seq in range(100, 100 + changes):
            a, s, p = one_change(seq)
            api_ns.append(a)
            polls_all.append(p)
            if s is None:
                timeouts += 1
            else:
                served_ns.append(s)
        wall = time.monotonic() - wall0
        cpu1 = cpu_seconds(d.pid)
        pub1 = publish_metric(d.api)

        result = {
            "zone_record_sets": size + 3,  # + SOA, NS, t
            "changes": changes,
            "warmup_changes": warmup,
            "prefill_seconds": round(fill_s, 3),
            "api_ms": stats_ms(api_ns),
            "served_ms": stats_ms(served_ns),
            "served_timeouts": timeouts,
            "dns_polls_until_served": {"max": max(polls_all), "mean": sum(polls_all) / len(polls_all)},
            "changes_per_second": round(changes / wall, 1),
            "server_cpu_ms_per_change": {
                "user": (cpu1[0] - cpu0[0]) * 1e3 / changes,
                "system": (cpu1[1] - cpu0[1]) * 1e3 / changes,
            },
        }
        if pub0[0] is not None and pub1[1] > pub0[1]:
            result["publish_ms_mean"] = (pub1[0] - pub0[0]) * 1e3 / (pub1[1] - pub0[1])

        if strace_changes and shutil.which("strace"):
            out = os.path.join(d.state_dir, "strace.txt")
            st = subprocess.Popen(["strace", "-f", "-T", "-qq", "-e", "trace=fsync,fdatasync,sync_file_range",
                                   "-o", out, "-p", str(d.pid)], stderr=subprocess.DEVNULL)
            time.sleep(1.0)  # let strace attach to every thread
            base = 100 + changes
            t_api = []
            for seq in range(base, base + strace_changes):
                t_api.append(one_change(seq)[0])
            st.send_signal(signal.SIGINT)
            st.wait(10)
            calls, total = 0, 0.0
            with open(out) as f:
                for line in f:
                    m = re.search(r"<([\d.]+)>\s*$", line)
                    if m and re.search(r"\b(fsync|fdatasync|sync_file_range)\(", line):
                        calls += 1
                        total += float(m.group(1))
            result["strace"] = {
                "changes": strace_changes,
                "sync_calls_per_change": calls / strace_changes,
                "sync_ms_per_change": total * 1e3 / strace_changes,
                "api_ms_p50_under_strace": pct([v / 1e6 for v in t_api], 50),
            }
        return result
    finally:
        d.stop()


def fsync_probe(n=200):
    """Raw cost of write+fdatasync of 4 KiB on the filesystem the daemon's state dir lives on."""
    fd, path = tempfile.mkstemp(prefix="lab53-fsync-probe-")
    try:
        times = []
        for _ in range(n):
            os.write(fd, b"\0" * 4096)
            t = time.perf_counter_ns()
            os.fdatasync(fd)
            times.append(time.perf_counter_ns() - t)
        return stats_ms(times)
    finally:
        os.close(fd)
        os.unlink(path)


def main():
    # SIGTERM (the wrapper's trap) must unwind through the `finally` that stops the daemon.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--build", default="unknown")
    ap.add_argument("--changes", type=int, default=1000)
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--strace-changes", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=20, help="unrecorded changes before the measured ones")
    ap.add_argument("--timeout", type=float, default=5.0, help="per-change bound on DNS polling, seconds")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()

    summary = {"benchmark": "api", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "build": args.build, "cpus": os.cpu_count(), "fsync_probe_ms": fsync_probe(), "runs": []}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        print(f"# zone with {size} pre-filled record sets, {args.changes} changes ...", file=sys.stderr, flush=True)
        r = run_size(args.bin, size, args.changes, args.strace_changes, args.timeout, args.warmup)
        summary["runs"].append(r)
        print("# run " + json.dumps(r, sort_keys=True), file=sys.stderr, flush=True)

    f = lambda v: "-" if v is None else f"{v:.2f}"
    print(f"\nLab53 API change -> served ({args.build} build, {summary['date']})")
    print(f"fsync probe (4 KiB write+fdatasync): p50 {f(summary['fsync_probe_ms']['p50'])} ms")
    hdr = f"{'rrsets':>7} {'metric':<8} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>8}  (ms)"
    print(hdr)
    for r in summary["runs"]:
        for key, label in (("api_ms", "api"), ("served_ms", "served")):
            s = r[key]
            print(f"{r['zone_record_sets']:>7} {label:<8} {f(s['p50']):>7} {f(s['p90']):>7} {f(s['p99']):>7} {f(s['max']):>8}")
        cpu = r["server_cpu_ms_per_change"]
        extra = f"publish(compile+swap) mean {f(r.get('publish_ms_mean'))} ms"
        if "strace" in r:
            extra += f"; fsync {f(r['strace']['sync_ms_per_change'])} ms in {r['strace']['sync_calls_per_change']:.1f} calls/change"
        print(f"{'':>7} server CPU/change user {f(cpu['user'])} ms sys {f(cpu['system'])} ms; {extra}; "
              f"{r['changes_per_second']} changes/s; timeouts {r['served_timeouts']}")
    line = json.dumps(summary, sort_keys=True)
    if args.json:
        with open(args.json, "w") as out:
            out.write(line + "\n")
    print("summary " + line)


if __name__ == "__main__":
    main()
