#!/usr/bin/env bash
# Runs the Route 53 API suite (Tests/api) against the real lab53d with the real aws CLI, boto3 and dig.
# Installs boto3 / awscli with pip when missing. The daemon binary is $LAB53D_PATH, else
# .build/debug/lab53d (built with `swift build` when absent).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

python="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE=1

if ! "$python" -c 'import boto3' >/dev/null 2>&1 || ! aws --version >/dev/null 2>&1; then
    # A private venv (git-ignored): Debian's system Python refuses global pip installs (PEP 668).
    venv="$repo/.build-api-venv"
    echo "run.sh: installing boto3 and awscli into $venv" >&2
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check boto3 awscli
    python="$venv/bin/python"
    export PATH="$venv/bin:$PATH"
fi

if ! command -v dig >/dev/null 2>&1; then
    if [ -x scripts/install-deps.sh ]; then
        echo "run.sh: dig missing; running scripts/install-deps.sh" >&2
        scripts/install-deps.sh
    else
        echo "run.sh: dig (bind9-dnsutils) is required" >&2
        exit 2
    fi
fi

if [ -z "${LAB53D_PATH:-}" ] && [ ! -x .build/debug/lab53d ]; then
    echo "run.sh: building lab53d" >&2
    swift build --product lab53d
fi

set +e
"$python" -m unittest discover -s Tests/api -p 'test_*.py' -v
status=$?
exit $status
