#!/usr/bin/env bash
# Time to a draft report of a 300-slice 512 x 512 CT (85 slices sent at 896 px, MedGemma 1.5's recipe) against the
# real test server in ../shared/llm (llama.cpp, random-weight Gemma-3-shaped model) on this machine's CPU.
# Usage: bench/draft-bench.sh. Needs the build (./aiworklist test or ./mvnw install). Takes minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -o -pl routes surefire:test -Dtest=DraftBench -Dgroups=bench -Dsurefire.excludedGroups=none \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E '^BENCH' || {
  echo "draft bench failed; see routes/target/surefire-reports" >&2; exit 1; }
