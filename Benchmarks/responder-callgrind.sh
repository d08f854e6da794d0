#!/usr/bin/env bash
# Instructions per query on the data plane's responder path, by callgrind (issue 5: metrics and
# the query log must not make the hot path slower). lab53d itself cannot run under Debian 12's
# valgrind 3.19 (it dies in libdispatch's main-thread sigsuspend), so Benchmarks/ResponderBench
# answers N identical A queries in one thread, in the modes the listeners use:
#   plain    Responder.respond only (any revision)
#   outcome  respond + per-zone atomic counters (metrics on; what the listeners always do)
#   log      outcome + the query-log ring append (--query-log on)
# Each revision is copied to a temporary package with the harness added (release build of the
# AnswerEngine chain only, ~1 min); the per-query figure is (I(11000) - I(1000)) / 10000.
#   Benchmarks/responder-callgrind.sh [BASE_REV]     # default HEAD; compares BASE_REV with the work tree
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
base_rev=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

prepare() { # directory, then the tree is already in place
  local dir=$1 defines=""
  mkdir -p "$dir/.build" "$dir/Sources/qbench"
  cp -r "$root/.build/checkouts" "$root/.build/repositories" "$root/.build/workspace-state.json" "$dir/.build/" 2>/dev/null || true
  cp "$root/Package.resolved" "$dir/" 2>/dev/null || true
  cp "$root/Benchmarks/ResponderBench/main.swift" "$dir/Sources/qbench/"
  if [ -f "$dir/Sources/AnswerEngine/QueryOutcome.swift" ]; then
    cp "$dir/Sources/DNSServer/QueryLogRing.swift" "$dir/Sources/DNSServer/QueryLogRecord.swift" "$dir/Sources/qbench/"
    defines='swiftSettings: [.define("NEW")]'
  fi
  cat >> "$dir/Package.swift" <<SWIFT
package.targets.append(.executableTarget(name: "qbench", dependencies: ["AnswerEngine", "DNSWire", "Route53Model"],
                                         path: "Sources/qbench"${defines:+, $defines}))
package.products.append(.executable(name: "qbench", targets: ["qbench"]))
SWIFT
  (cd "$dir" && swift build -c release --product qbench --disable-automatic-resolution >"$dir/build.log" 2>&1) \
    || { tail -20 "$dir/build.log" >&2; exit 1; }
  # Valgrind 3.19 cannot read the DWARF 5 the toolchain emits; the symbol table is enough.
  objcopy --strip-debug "$dir/.build/release/qbench" "$dir/qbench"
}

instructions() { # binary, mode, count
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$1" "$3" "$2" >/dev/null 2>&1
  callgrind_annotate "$work/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

per_query() { # binary, mode
  local small large
  small=$(instructions "$1" "$2" 1000)
  large=$(instructions "$1" "$2" 11000)
  echo $(( (large - small) / 10000 ))
}

mkdir -p "$work/base" "$work/tree"
git -C "$root" archive "$base_rev" Package.swift Sources Tests | tar -x -C "$work/base"
(cd "$root" && tar -cf - Package.swift Sources Tests) | tar -x -C "$work/tree"
prepare "$work/base"
prepare "$work/tree"
echo "$base_rev plain:    $(per_query "$work/base/qbench" plain) instructions/query"
echo "work tree plain:    $(per_query "$work/tree/qbench" plain) instructions/query"
if grep -q NEW "$work/tree/Package.swift"; then
  echo "work tree outcome:  $(per_query "$work/tree/qbench" outcome) instructions/query (counters)"
  echo "work tree log:      $(per_query "$work/tree/qbench" log) instructions/query (counters + query-log ring)"
fi
