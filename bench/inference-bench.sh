#!/usr/bin/env bash
# CPU benchmark of the demo model (issue 4): DJL vs the raw ONNX Runtime Java API per call, slices/s, and a
# 300-slice study end to end. Results go into docs/benchmarks.md, "Inference (issue 4)", by hand.
# Usage: bench/inference-bench.sh [manifest]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -q -B -pl common install -DskipTests
./mvnw -o -q -B -pl inference-engine test-compile   # also writes inference-engine/target/classpath.txt
exec java -Xmx6g -Dai.djl.default_engine=OnnxRuntime -Dai.djl.offline=true \
  -cp "$(cat inference-engine/target/classpath.txt)" org.aiworklist.inference.bench.InferenceBench "$@"
