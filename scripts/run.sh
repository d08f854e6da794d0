#!/usr/bin/env bash
# Quick start: build lab53d and serve the demo zone of Config/lab53.yaml on 127.0.0.1:5353.
# Extra arguments go to lab53d (e.g. --dns-listen 127.0.0.1:0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product lab53d
exec "$(swift build --show-bin-path)/lab53d" --config Config/lab53.yaml "$@"
