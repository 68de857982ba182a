#!/usr/bin/env bash
# Time from a job's results being ready to their being stored at a real PACS (Orthanc on 127.0.0.1).
# Usage: bench/delivery-bench.sh [STUDIES]   (default 5). Needs the build (./aiworklist test or ./mvnw install).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -o -pl routes surefire:test -Dtest=DeliveryBench -Dgroups=bench -Dsurefire.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.studies="${1:-5}" 2>&1 | grep -E '^BENCH' || {
  echo "delivery bench failed; see routes/target/surefire-reports" >&2; exit 1; }
