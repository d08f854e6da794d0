#!/usr/bin/env python3
"""Helpers for Benchmarks/qps.sh (stdlib only).

  gen DIR PORT APIPORT      zone files, Lab53 config, dnsperf query file (deterministic, seed 53)
  ready PORT [SECONDS]      wait until 127.0.0.1:PORT answers an SOA query over UDP
  perf FILE                 parse a dnsperf report -> JSON {completed, qps, lost}
  lat FILE                  dnsperf -v output -> JSON {n, p50_us, p99_us}
  tree PID                  "utime stime maxhwm_kb" summed (cpu) / max (VmHWM) over PID and descendants
  summarize RUNS.jsonl OUT.json META.json   median table + JSON summary
"""
import json, os, random, re, socket, statistics, struct, sys, time

ORIGIN = "bench.lab53.test."


def gen(d, port, apiport):
    rnd = random.Random(53)
    plain, names = [], []  # (owner, type, rdata); names: (name, qtype) queried
    def add(owner, typ, rdata, q=True):
        plain.append((owner, typ, rdata))
        if q:
            names.append((owner, typ))
    for i in range(6000):
        add(f"host{i}", "A", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        if i % 3 == 0:
            add(f"host{i}", "AAAA", f"2001:db8::{i:x}")
    for i in range(1500):
        add(f"v6-{i}", "AAAA", f"2001:db8:1::{i:x}")
    for i in range(500):
        add(f"mail{i}", "MX", f"10 host{i}.{ORIGIN}")
        add(f"mail{i}", "MX", f"20 host{i + 1}.{ORIGIN}", q=False)
    for i in range(1000):
        add(f"txt{i}", "TXT", f'"v=bench{i} ' + "x" * (i % 40) + '"')
    for i in range(1000):
        plain.append((f"alias{i}", "CNAME", f"host{i * 5}.{ORIGIN}"))
        names.append((f"alias{i}", "A"))
    # Policy records: Lab53 gets Route 53 failover / weighted sets (YAML); peers get the answer
    # Lab53 gives (failover: PRIMARY, healthy without a check; weighted: one plain A per set member).
    policy, peer_policy = [], []
    for i in range(200):
        n = f"fo{i}.{ORIGIN}"
        policy.append({"Name": n, "Type": "A", "SetIdentifier": "primary", "Failover": "PRIMARY", "TTL": 60,
                       "ResourceRecords": [{"Value": f"192.0.2.{i % 250 + 1}"}]})
        policy.append({"Name": n, "Type": "A", "SetIdentifier": "secondary", "Failover": "SECONDARY", "TTL": 60,
                       "ResourceRecords": [{"Value": f"198.51.100.{i % 250 + 1}"}]})
        peer_policy.append((f"fo{i}", "A", f"192.0.2.{i % 250 + 1}"))
        names.append((f"fo{i}", "A"))
    for i in range(200):
        n = f"w{i}.{ORIGIN}"
        for k, (w, net) in enumerate(((70, "203.0.113"), (30, "198.18.0"))):
            policy.append({"Name": n, "Type": "A", "SetIdentifier": f"w{k}", "Weight": w, "TTL": 60,
                           "ResourceRecords": [{"Value": f"{net}.{i % 250 + 1}"}]})
        peer_policy.append((f"w{i}", "A", f"203.0.113.{i % 250 + 1}"))
        names.append((f"w{i}", "A"))

    head = (f"$ORIGIN {ORIGIN}\n$TTL 300\n"
            f"@ 3600 IN SOA ns1.{ORIGIN} hostmaster.{ORIGIN} 1 7200 900 1209600 300\n"
            f"@ 3600 IN NS ns1.{ORIGIN}\nns1 IN A 127.0.0.1\n")
    body = "".join(f"{o} IN {t} {r}\n" for o, t, r in plain)
    with open(os.path.join(d, "peer.zone"), "w") as f:
        f.write(head + body + "".join(f"{o} 60 IN {t} {r}\n" for o, t, r in peer_policy))
    with open(os.path.join(d, "lab53.zone"), "w") as f:
        f.write(head + body)
    with open(os.path.join(d, "lab53.yaml"), "w") as f:
        f.write("Server:\n"
                f'  DNSListen: ["127.0.0.1:{port}"]\n'
                f'  APIListen: "127.0.0.1:{apiport}"\n'
                "  LogLevel: warning\n  StateDirectory: state\n  Seed: 53\n"
                "HostedZones:\n"
                f"  - Name: {ORIGIN}\n    CallerReference: bench\n    ZoneFile: lab53.zone\n"
                "    ResourceRecordSets:\n")
        for r in policy:
            f.write("      - " + json.dumps(r) + "\n")  # JSON flow maps are valid YAML
    # Query file: 90 % existing names (their own type), 10 % NXDOMAIN; 50,000 lines, shuffled.
    q = []
    for k in range(50000):
        if k % 10 == 9:
            q.append(f"nx{rnd.randrange(10**6)}.{ORIGIN} A")
        else:
            n, t = rnd.choice(names)
            q.append(f"{n}.{ORIGIN} {t}")
    with open(os.path.join(d, "queries.txt"), "w") as f:
        f.write("\n".join(q) + "\n")
    owners = {o for o, _, _ in plain} | {o for o, _, _ in peer_policy}
    print(json.dumps({"names": len(owners) + 2, "records": len(plain) + len(peer_policy) + 3,
                      "policy_records_lab53": len(policy), "queries": len(q)}))


def ready(port, secs=30.0):
    qname = b"".join(bytes([len(l)]) + l.encode() for l in ORIGIN.rstrip(".").split(".")) + b"\0"
    pkt = struct.pack(">HHHHHH", 0x5353, 0, 1, 0, 0, 0) + qname + struct.pack(">HH", 6, 1)
    end = time.time() + secs
    while time.time() < end:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(0.3)
        try:
            s.sendto(pkt, ("127.0.0.1", port))
            data = s.recv(4096)
            if data[:2] == pkt[:2] and (data[3] & 0xF) == 0 and struct.unpack(">H", data[6:8])[0] > 0:
                return 0
        except OSError:
            pass
        finally:
            s.close()
        time.sleep(0.2)
    return 1


def perf(path):
    t = open(path).read()
    g = lambda pat: (m.group(1) if (m := re.search(pat, t)) else None)
    print(json.dumps({"completed": int(g(r"Queries completed:\s+(\d+)") or 0),
                      "lost": int(g(r"Queries lost:\s+(\d+)") or 0),
                      "qps": float(g(r"Queries per second:\s+([\d.]+)") or 0)}))


def lat(path):
    v = []
    for line in open(path, errors="replace"):
        if line.startswith(">"):
            m = re.search(r"(\d+\.\d+)\s*$", line)
            if m:
                v.append(float(m.group(1)) * 1e6)
    v.sort()
    pct = lambda p: round(v[min(len(v) - 1, int(p * len(v)))], 1) if v else None
    print(json.dumps({"n": len(v), "p50_us": pct(0.50), "p99_us": pct(0.99)}))


def tree(pid):
    kids = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                st = open(f"/proc/{e}/stat").read()
                ppid = int(st[st.rindex(")") + 2:].split()[1])
                kids.setdefault(ppid, []).append(int(e))
            except (OSError, ValueError):
                pass
    todo, ut, stt, hwm = [int(pid)], 0, 0, 0
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            st = open(f"/proc/{p}/stat").read()
            f = st[st.rindex(")") + 2:].split()
            ut += int(f[11]); stt += int(f[12])  # utime, stime (fields 14, 15)
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except (OSError, ValueError):
            pass
    print(ut, stt, hwm)


def summarize(runs_path, out_path, meta_path):
    runs = [json.loads(l) for l in open(runs_path) if l.strip()]
    meta = json.load(open(meta_path))
    order = []
    for r in runs:
        if r["server"] not in order:
            order.append(r["server"])
    med = lambda xs: round(statistics.median(xs), 2) if xs else None
    res = {}
    for s in order:
        rs = [r for r in runs if r["server"] == s]
        res[s] = {"runs": len(rs),
                  "qps_median": med([r["qps"] for r in rs]),
                  "qps_all": [r["qps"] for r in rs],
                  "p50_us": med([r["p50_us"] for r in rs if r["p50_us"] is not None]),
                  "p99_us": med([r["p99_us"] for r in rs if r["p99_us"] is not None]),
                  "user_us_per_q": med([r["user_us_per_q"] for r in rs if r["user_us_per_q"] is not None]),
                  "sys_us_per_q": med([r["sys_us_per_q"] for r in rs if r["sys_us_per_q"] is not None]),
                  "server_cpu_pct": med([r["server_cpu_pct"] for r in rs if r.get("server_cpu_pct") is not None]),
                  "lost_median": med([r["lost"] for r in rs]),
                  "peak_rss_mb": round(max(r["hwm_kb"] for r in rs) / 1024, 1)}
    lab = res.get("lab53")
    ratios = {}
    if lab:
        for s, v in res.items():
            if s == "lab53":
                continue
            rr = lambda a, b: round(a / b, 3) if a is not None and b else None
            ratios[s] = {"qps": rr(lab["qps_median"], v["qps_median"]),
                         "user_us_per_q": rr(lab["user_us_per_q"], v["user_us_per_q"]),
                         "sys_us_per_q": rr(lab["sys_us_per_q"], v["sys_us_per_q"]),
                         "p50": rr(lab["p50_us"], v["p50_us"]), "p99": rr(lab["p99_us"], v["p99_us"]),
                         "rss": rr(lab["peak_rss_mb"], v["peak_rss_mb"])}
    summary = dict(meta, results=res, ratios_lab53_over_peer=ratios, runs=runs)
    json.dump(summary, open(out_path, "w"), indent=2)
    fmt = lambda x, n=1: "-" if x is None else f"{x:.{n}f}"
    print(f"\n{'server':<8} {'med QPS':>10} {'p50 µs':>8} {'p99 µs':>8} {'usr µs/q':>9} {'sys µs/q':>9} "
          f"{'RSS MB':>7} {'srv CPU%':>8}  Lab53/peer (QPS, usr/q)")
    for s, v in res.items():
        r = ratios.get(s)
        rat = f"{fmt(r['qps'], 2)}x, {fmt(r['user_us_per_q'], 2)}x" if r else ""
        print(f"{s:<8} {fmt(v['qps_median'], 0):>10} {fmt(v['p50_us']):>8} {fmt(v['p99_us']):>8} "
              f"{fmt(v['user_us_per_q'], 2):>9} {fmt(v['sys_us_per_q'], 2):>9} {fmt(v['peak_rss_mb']):>7} {fmt(v['server_cpu_pct'], 0):>8}  {rat}")
    print(f"(p50/p99 at a fixed offered load of {meta.get('latency_rate_qps')} qps; "
          f"QPS, µs/q and server CPU % (of one core) from unthrottled runs; {meta.get('rounds')} rounds x {meta.get('duration_s')} s)")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "gen":
        gen(a[1], int(a[2]), int(a[3]))
    elif a[0] == "ready":
        sys.exit(ready(int(a[1]), float(a[2]) if len(a) > 2 else 30.0))
    elif a[0] == "perf":
        perf(a[1])
    elif a[0] == "lat":
        lat(a[1])
    elif a[0] == "tree":
        tree(a[1])
    elif a[0] == "summarize":
        summarize(a[1], a[2], a[3])
