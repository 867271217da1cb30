#!/usr/bin/env bash
# Runs every benchmark of docs/performance.md on this machine, from a release build.
# On demand only: never part of CI (.ci/run does not call this). Needs root for apt-get the first time.
#   bash Tests/run-benchmarks.sh [riverchief-bench run options, e.g. --suite terminal --runs 10]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v task >/dev/null 2>&1; then
  echo "benchmarks: installing Debian's taskwarrior for the side-by-side suite"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq taskwarrior || { apt-get update -qq && apt-get install -y -qq taskwarrior; }
fi
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --static-swift-stdlib --scratch-path .build-release 2>&1 | tail -n 3
out="/tmp/riverchief-bench/report-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p /tmp/riverchief-bench
.build-release/release/riverchief-bench run "$@" | tee "$out"
echo "benchmarks: report in $out"
