#!/usr/bin/env bash
# CPU benchmark of a segmentation model with its sliding window on the synthetic 1 mm T1 head (issue 11): wall and
# process CPU time per study, Dice against the phantom's brain mask. Results go into docs/benchmarks.md by hand.
# Needs the model first: ./aiworklist models fetch invesalius-brain
# Usage: bench/segmentation-bench.sh [manifest [runs]]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -q -B -pl inference-engine -am process-test-classes   # also writes inference-engine/target/classpath.txt
exec java -Xmx6g -Dai.djl.default_engine=OnnxRuntime -Dai.djl.offline=true \
  -cp "$(cat inference-engine/target/classpath.txt)" org.aiworklist.inference.bench.SegmentationBench "$@"
