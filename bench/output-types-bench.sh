#!/usr/bin/env bash
# CPU time of each output type (heat-map detector, triage classifier, box detector) on the same chest phantoms
# (issue 11). Results go into docs/benchmarks.md, "Output types (issue 11)", by hand.
# Usage: bench/output-types-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -q -B -pl inference-engine -am test-compile -Dspotless.check.skip=true   # writes target/classpath.txt
exec java -Xmx6g -Dai.djl.default_engine=OnnxRuntime -Dai.djl.offline=true \
  -cp "$(cat inference-engine/target/classpath.txt)" org.aiworklist.inference.bench.OutputTypesBench "$@"
