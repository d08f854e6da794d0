#!/usr/bin/env python3
"""Helpers for Benchmarks/scale-zone.sh (stdlib only).

  gen DIR RECORDS PORT APIPORT   zone.zone (BIND), lab53.yaml; prints JSON {records, probe, probe_addr, bytes}
  wait PORT NAME ADDR T0 SECS    poll 127.0.0.1:PORT over UDP until NAME A answers ADDR (AA, NOERROR);
                                 prints seconds since T0 (a `date +%s.%N` taken before the exec), exit 1 on timeout
  ready LOG SKIP T0 SECS         wait until LOG, past its first SKIP bytes, has a line `ready` (lab53d prints it once the
                                 seed is committed and the API listens); prints seconds since T0, exit 1 on timeout
  tree PID                       "maxhwm_kb sumrss_kb nprocs cpu_ticks" over PID and its descendants
  summarize RUNS.jsonl OUT.json META.json   median table + JSON summary
"""
import json, os, socket, statistics, struct, sys, time

ORIGIN = "big.lab53.test."
PROBE_NAME = "zz-last-probe"
PROBE_ADDR = "192.0.2.53"


def gen(d, records, port, apiport):
    """Deterministic zone of exactly RECORDS records (SOA, NS and the glue of ns1 included).

    Per 100 records: 78 A, 8 AAAA, 4 MX, 4 TXT, 4 CNAME, 1 delegation NS + 1 glue A below it.
    The probe name is the last record of the file, so "first correct answer" means the whole
    file was read.
    """
    head = (f"$ORIGIN {ORIGIN}\n$TTL 300\n"
            f"@ 3600 IN SOA ns1.{ORIGIN} hostmaster.{ORIGIN} 1 7200 900 1209600 300\n"
            f"@ 3600 IN NS ns1.{ORIGIN}\nns1 IN A 127.0.0.1\n")
    body = records - 4  # SOA, NS, ns1 A above and the probe record below
    with open(os.path.join(d, "zone.zone"), "w") as f:
        f.write(head)
        out = []
        for k in range(body):
            m = k % 100
            if m < 78:
                out.append(f"h{k} IN A 10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}\n")
            elif m < 86:
                out.append(f"v{k} IN AAAA 2001:db8::{k >> 16:x}:{k & 0xffff:x}\n")
            elif m < 90:
                out.append(f"m{k} IN MX 10 h{k - m}.{ORIGIN}\n")
            elif m < 94:
                out.append(f't{k} IN TXT "v=scale{k} lab53 benchmark"\n')
            elif m < 98:
                out.append(f"c{k} IN CNAME h{k - m}.{ORIGIN}\n")
            elif m == 98:
                out.append(f"d{k} 86400 IN NS ns.d{k}.{ORIGIN}\n")
            else:  # the glue of the delegation one line above (an occluded name below the cut)
                out.append(f"ns.d{k - 1} 86400 IN A 192.0.2.{k % 250 + 1}\n")
            if len(out) >= 10000:
                f.write("".join(out)); out = []
        out.append(f"{PROBE_NAME} IN A {PROBE_ADDR}\n")
        f.write("".join(out))
    with open(os.path.join(d, "lab53.yaml"), "w") as f:
        f.write("Server:\n"
                f'  DNSListen: ["127.0.0.1:{port}"]\n'
                f'  APIListen: "127.0.0.1:{apiport}"\n'
                "  LogLevel: warning\n  StateDirectory: state\n  Seed: 53\n"
                "HostedZones:\n"
                f"  - Name: {ORIGIN}\n    CallerReference: scale\n    ZoneFile: zone.zone\n")
    print(json.dumps({"records": records, "probe": f"{PROBE_NAME}.{ORIGIN}", "probe_addr": PROBE_ADDR,
                      "bytes": os.path.getsize(os.path.join(d, "zone.zone"))}))


def query(name, qtype=1):
    qname = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0"
    return struct.pack(">HHHHHH", 0x5353, 0, 1, 0, 0, 0) + qname + struct.pack(">HH", qtype, 1)


def wait(port, name, addr, t0, secs):
    """Polls every 10 ms; a correct answer is NOERROR + AA with the A record's address in it."""
    pkt = query(name)
    want = socket.inet_aton(addr)
    end = time.time() + secs
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.01)
    try:
        while time.time() < end:
            try:
                s.sendto(pkt, ("127.0.0.1", port))
                while True:  # drain answers to earlier polls too
                    data = s.recv(4096)
                    ok = (data[:2] == pkt[:2] and data[2] & 0x04 and (data[3] & 0xF) == 0
                          and struct.unpack(">H", data[6:8])[0] > 0 and want in data[len(pkt):])
                    if ok:
                        print(f"{time.time() - t0:.3f}")
                        return 0
            except OSError:  # timeout, or ICMP refused before the port is bound
                pass
    finally:
        s.close()
    return 1


def ready(log, skip, t0, secs):
    """Polls every 20 ms: lab53d serves DNS before it writes the seed to its state store, so its
    memory peak may come after the first answer; `ready` marks the end of the start-up."""
    end = time.time() + secs
    while time.time() < end:
        try:
            with open(log, "rb") as f:
                f.seek(skip)
                if any(line.strip() == b"ready" for line in f):
                    print(f"{time.time() - t0:.3f}")
                    return 0
        except OSError:
            pass
        time.sleep(0.02)
    return 1


def tree(pid):
    kids = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                st = open(f"/proc/{e}/stat").read()
                kids.setdefault(int(st[st.rindex(")") + 2:].split()[1]), []).append(int(e))
            except (OSError, ValueError):
                pass
    todo, hwm, rss, n, cpu = [int(pid)], 0, 0, 0, 0
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            st = open(f"/proc/{p}/stat").read()
            f = st[st.rindex(")") + 2:].split()
            cpu += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # utime stime cutime cstime
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
                elif line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
            n += 1
        except (OSError, ValueError):
            pass
    print(hwm, rss, n, cpu)


def summarize(runs_path, out_path, meta_path):
    runs = [json.loads(l) for l in open(runs_path) if l.strip()]
    meta = json.load(open(meta_path))
    order = []
    for r in runs:
        if r["server"] not in order:
            order.append(r["server"])
    res = {}
    for s in order:
        rs = [r for r in runs if r["server"] == s and r["load_s"] is not None]
        res[s] = {"runs": len(rs), "failed": len([r for r in runs if r["server"] == s]) - len(rs),
                  "load_s_median": round(statistics.median([r["load_s"] for r in rs]), 3) if rs else None,
                  "load_s_all": [r["load_s"] for r in rs],
                  "ready_s_median": (round(statistics.median([r["ready_s"] for r in rs]), 3)
                                     if rs and all(r.get("ready_s") is not None for r in rs) else None),
                  "peak_rss_mb": round(max(r["hwm_kb"] for r in rs) / 1024, 1) if rs else None,
                  "peak_rss_mb_median": round(statistics.median([r["hwm_kb"] for r in rs]) / 1024, 1) if rs else None,
                  "cpu_s_median": round(statistics.median([r["cpu_s"] for r in rs]), 3) if rs else None}
    rr = lambda a, b: round(a / b, 3) if a is not None and b else None
    ratios = {}
    for lab in [s for s in order if s.startswith("lab53")]:
        for s in order:
            if not s.startswith("lab53"):
                ratios[f"{lab}/{s}"] = {"load": rr(res[lab]["load_s_median"], res[s]["load_s_median"]),
                                        "rss": rr(res[lab]["peak_rss_mb"], res[s]["peak_rss_mb"])}
    json.dump(dict(meta, results=res, ratios=ratios, runs=runs), open(out_path, "w"), indent=2)
    fmt = lambda x, n=2: "-" if x is None else f"{x:.{n}f}"
    print(f"\n{'server':<14} {'load s':>8} {'ready s':>8} {'CPU s':>7} {'peak RSS MB':>12}  runs")
    for s, v in res.items():
        print(f"{s:<14} {fmt(v['load_s_median']):>8} {fmt(v['ready_s_median']):>8} {fmt(v['cpu_s_median']):>7} "
              f"{fmt(v['peak_rss_mb'], 1):>12}  "
              f"{v['runs']}" + (f" ({v['failed']} failed)" if v["failed"] else ""))
    for k, v in ratios.items():
        print(f"{k:<20} load {fmt(v['load'])}x   RSS {fmt(v['rss'])}x")
    print(f"({meta['records']:,} records, {meta['rounds']} rounds; load = exec -> first correct answer for the "
          f"last name in the file; ready = lab53d's `ready` line, after its state store holds the zone; "
          f"CPU and RSS are read {meta.get('settle_s', 2):g} s after the later of the two; median load, ready and CPU, "
          f"max peak RSS over rounds)")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "gen":
        gen(a[1], int(a[2]), int(a[3]), int(a[4]))
    elif a[0] == "wait":
        sys.exit(wait(int(a[1]), a[2], a[3], float(a[4]), float(a[5])))
    elif a[0] == "ready":
        sys.exit(ready(a[1], int(a[2]), float(a[3]), float(a[4])))
    elif a[0] == "tree":
        tree(a[1])
    elif a[0] == "summarize":
        summarize(a[1], a[2], a[3])
