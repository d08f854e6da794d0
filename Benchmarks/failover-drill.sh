#!/usr/bin/env bash
# The issue 3 name of the failover benchmark. Since issue 6 it is Benchmarks/failover.sh: the same
# loopback targets, failover pair and multivalue set, now with Lab53 at 1 s and 2 s and gdnsd at
# 2 s measured on the same kills and restarts, a table and a JSON summary.
#
#   Benchmarks/failover-drill.sh [ROUNDS | --smoke]
exec "$(dirname "$0")/failover.sh" "$@"
