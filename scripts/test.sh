#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what is missing, then `swift test`
# (which builds everything once; the daemon tests start the real lab53d on port 0).
# Ends with a plain "N passed, N failed" line taken from Swift Testing's summary, because
# swift test's XCTest pass (no XCTest cases here) prints "Executed 0 tests" first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -aE 'Test run with [0-9]+ tests? .*(passed|failed)' "$log" | tail -n 1 || true)
total=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$summary")
failed=$(grep -acE '^✘ Test .* failed after' "$log" || true)
if [ -n "$total" ]; then
  echo "$((total - failed)) passed, $failed failed"
fi
exit "$status"
