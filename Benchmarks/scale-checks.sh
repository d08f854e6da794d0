#!/usr/bin/env bash
# 10,000 HTTP health checks at a 1 s interval against loopback nginx targets (issue 6, "scale"):
# lab53d CPU, probes per second and the share of probes on time. See Benchmarks/scale-checks.md.
#
#   Benchmarks/scale-checks.sh            # 10,000 checks, 10 s warm-up, 30 s window (~1 min after the build)
#   Benchmarks/scale-checks.sh --smoke    # CI: 200 checks, 3 s warm-up, 5 s window
#   CHECKS=5000 DURATION=60 Benchmarks/scale-checks.sh
#
# Env: LAB53D (binary; else `swift build -c release --product lab53d`), CHECKS, INTERVAL, THRESHOLD,
# CHECKERS (Lab.Checkers, default 1 so 10,000 checks = 10,000 probes/s), IPS, PORTS, WARMUP, DURATION,
# DAEMON_CPU (0), TARGET_CPU (1), NGINX_WORKERS (1), SCALE_OUT (JSON path), SCALE_KEEP=1 (keep temp dir),
# LABEL (stored in the JSON). Everything listens on and connects to 127.0.0.0/8 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
for arg in "$@"; do
    case "$arg" in
        --smoke) SMOKE=1 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done
if [[ $SMOKE == 1 ]]; then
    : "${CHECKS:=200}" "${WARMUP:=3}" "${DURATION:=5}" "${IPS:=2}" "${PORTS:=2}"
fi

# Packages: nginx (the targets; Debian's nginx-light has stub_status), taskset (util-linux), python3.
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v taskset >/dev/null || missing+=(util-linux)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then SUDO=(); elif sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
        echo "need ${missing[*]} and cannot install them (not root, no sudo -n)" >&2; exit 1; fi
    echo "installing ${missing[*]}"
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if (( $(nproc) < 2 )); then
    echo "note: fewer than 2 CPUs; daemon and targets share CPU ${DAEMON_CPU:-0}" >&2
    : "${TARGET_CPU:=${DAEMON_CPU:-0}}"
fi

if [[ -z ${LAB53D:-} ]]; then
    swift build -c release --product lab53d >&2
    LAB53D="$(swift build -c release --show-bin-path)/lab53d"
fi

mkdir -p Benchmarks/results
OUT=${SCALE_OUT:-Benchmarks/results/scale-checks-$(date -u +%Y%m%dT%H%M%SZ).json}
extra=()
[[ -n ${SCALE_KEEP:-} ]] && extra+=(--keep)
exec python3 Benchmarks/lib/scale_checks.py --lab53d "$LAB53D" --out "$OUT" \
    --checks "${CHECKS:-10000}" --interval "${INTERVAL:-1}" --threshold "${THRESHOLD:-3}" --checkers "${CHECKERS:-1}" \
    --ips "${IPS:-16}" --ports "${PORTS:-4}" --warmup "${WARMUP:-10}" --duration "${DURATION:-30}" \
    --daemon-cpu "${DAEMON_CPU:-0}" --target-cpu "${TARGET_CPU:-1}" --nginx-workers "${NGINX_WORKERS:-1}" \
    --label "${LABEL:-}" "${extra[@]}"
