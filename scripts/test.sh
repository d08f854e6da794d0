#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what is missing, then
#   1. `swift test` (builds everything once; the daemon tests start the real lab53d on port 0);
#   2. Tests/api/run.sh: the Route 53 API suite, driving the same lab53d with the real aws CLI and
#      boto3 (installed into a private venv when missing).
# Ends with a plain "N passed, N failed" line over both parts. Swift's count comes from Swift
# Testing's summary, because swift test's XCTest pass (no XCTest cases here) prints "Executed 0
# tests" first; Python's from unittest's "Ran N tests" / "FAILED (failures=…, errors=…)".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
log=$(mktemp)
api_log=$(mktemp)
trap 'rm -f "$log" "$api_log"' EXIT
set +e
swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
LAB53D_PATH="$(swift build --show-bin-path)/lab53d" bash Tests/api/run.sh 2>&1 | tee "$api_log"
api_status=${PIPESTATUS[0]}
set -e
summary=$(grep -aE 'Test run with [0-9]+ tests? .*(passed|failed)' "$log" | tail -n 1 || true)
total=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$summary")
failed=$(grep -acE '^✘ Test .* failed after' "$log" || true)
api_total=$(sed -nE 's/^Ran ([0-9]+) tests? in .*/\1/p' "$api_log" | tail -n 1)
api_failed=0
outcome=$(sed -nE 's/^FAILED \((.*)\)$/\1/p' "$api_log" | tail -n 1)
for part in ${outcome//,/ }; do
  case $part in failures=*|errors=*) api_failed=$((api_failed + ${part#*=})) ;; esac
done
if [ -z "$api_total" ]; then
  echo "API suite did not run (see above)"
  api_total=0
  [ "$api_status" -ne 0 ] || api_status=1
fi
# The failures again, just above the totals: CI shows only the tail of this output.
if [ "$failed" -gt 0 ] || [ "$api_failed" -gt 0 ]; then
  echo "failures:"
  grep -aE '^✘ ' "$log" | cut -c1-400 | head -n 60 || true
  grep -aE '^(FAIL|ERROR): ' "$api_log" | head -n 20 || true
fi
echo "swift: $((${total:-0} - failed)) passed, $failed failed; api: $((api_total - api_failed)) passed, $api_failed failed"
echo "$((${total:-0} - failed + api_total - api_failed)) passed, $((failed + api_failed)) failed"
[ "$status" -eq 0 ] && [ "$api_status" -eq 0 ]
