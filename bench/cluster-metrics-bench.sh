#!/usr/bin/env bash
# The cluster gauges' grouped query (aiworklist_cluster_jobs, aiworklist_cluster_queue_depth) on a throwaway
# PostgreSQL with many jobs (default 100000), most of them finished; see docs/scaling.md.
# Usage: bench/cluster-metrics-bench.sh [JOBS]. Needs the build (./aiworklist test or ./mvnw install) and the
# PostgreSQL server binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -o -pl routes surefire:test -Dtest=ClusterJobsBench -Dgroups=bench -Dsurefire.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.jobs="${1:-100000}" 2>&1 | grep -E '^BENCH' || {
  echo "cluster metrics bench failed; see routes/target/surefire-reports" >&2; exit 1; }
