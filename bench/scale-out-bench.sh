#!/usr/bin/env bash
# The broker hop's cost: the same burst of studies through one single-box node (SEDA) and through an ingest node with
# one and with two inference workers (Artemis), all child JVMs on a throwaway PostgreSQL; see docs/scaling.md.
# Usage: bench/scale-out-bench.sh [STUDIES] [SLICES]   (default 6 studies of 60 slices). Needs the build
# (./mvnw install, or ./aiworklist test once) and the test peers (PostgreSQL server binaries, dcmtk).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -o -pl routes surefire:test -Dtest=ScaleOutBench -Dgroups=bench -Dsurefire.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.studies="${1:-6}" -Dbench.slices="${2:-60}" 2>&1 | grep -E '^BENCH' || {
  echo "scale-out bench failed; see routes/target/surefire-reports and routes/target/cluster-logs" >&2; exit 1; }
