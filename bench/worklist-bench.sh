#!/usr/bin/env bash
# Response times of the worklist page and /api/jobs with many jobs in H2 (default 10000).
# Usage: bench/worklist-bench.sh [JOBS]. Needs the build (./aiworklist test or ./mvnw install).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -o -pl routes surefire:test -Dtest=WorklistBench -Dgroups=bench -Dsurefire.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.jobs="${1:-10000}" 2>&1 | grep -E '^BENCH' || {
  echo "worklist bench failed; see routes/target/surefire-reports" >&2; exit 1; }
