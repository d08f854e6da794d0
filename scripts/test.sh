#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what is missing, then `swift test`
# (which builds everything once; the daemon tests start the real lab53d on port 0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift test "$@"
