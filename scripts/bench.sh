#!/usr/bin/env bash
# Runs the benchmarks in release mode and prints each target as a ratio against its anchor, measured in the
# same run on this machine. Not part of CI (it takes minutes). Set LIENTHONG_TEST_DATABASE_URL to include
# PostgreSQL. Usage: scripts/bench.sh [audit [--entries N] [--seconds S] [--writers W] | load FILE.csv SCHEMA.json
#   | http [--rows N] [--datasets N] [--seconds S] [--connections C] | gateway [--rows N] [--seconds S] [--connections C] [--only sqlite|postgres]
#   | quality FILE.csv]   (quality times the release `lienthong` binary against Soda Core and frictionless)
# http and gateway drive the server with wrk (Debian: apt-get install wrk) from a second process.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product lienthong-bench
if [ "${1:-}" = quality ]; then swift build -c release --product lienthong; fi
exec .build/release/lienthong-bench "${@:-audit}"
