#!/usr/bin/env bash
# GPU check of the demo model (issue 4), prepared but NOT run on a GPU yet (none was available when written).
#
# What it does (org.aiworklist.inference.bench.GpuCheck): loads conf/models/demo-lung-nodule.yaml on ONNX Runtime
# CPU, the CUDA EP, the TensorRT EP (fp16, engine cache; loaded twice: build, then from the cache) and DJL's own
# TensorRT engine; prints the max abs difference of each engine's output against the CPU on one fixed batch,
# the batch latency, slices/s, and the end-to-end time of a 300-slice 512² study. Engines that cannot load are
# listed with the reason. Budget: well under 5 minutes (TensorRT engine build included); hard limit 290 s.
#
# What the GPU machine needs, none of it downloadable there (no network):
#   - JDK 17 on PATH (or JAVA_HOME);
#   - the runtime jars: run `bench/gpu-check.sh --bundle` on a machine with the Maven repository first; it copies
#     everything into inference-engine/target/gpu-bundle/ (git-ignored) to carry along with the working tree;
#   - com.microsoft.onnxruntime:onnxruntime_gpu of the same version as the CPU jar (root pom: onnxruntime.version),
#     in ~/.m2 when bundling (or ORT_GPU_JAR=/path/to/onnxruntime_gpu-X.jar). Without it the CUDA and TensorRT
#     rows say "no CUDA provider". ORT GPU builds expect CUDA 12 + cuDNN 9 libraries, and the TensorRT EP the
#     TensorRT 10 libraries (libnvinfer.so.10), on LD_LIBRARY_PATH;
#   - DJL's TensorRT engine needs TensorRT 8.x (libnvonnxparser.so.8) and static input shapes: the demo ONNX has
#     dynamic batch/H/W, so expect that row to say why it failed. The TensorRT engine that matters is the EP's.
set -euo pipefail
cd "$(dirname "$0")/.."
ORT_VERSION=$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' pom.xml)
BUNDLE=inference-engine/target/gpu-bundle
GPU_JAR=${ORT_GPU_JAR:-$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime_gpu/$ORT_VERSION/onnxruntime_gpu-$ORT_VERSION.jar}

if [ "${1:-}" = "--bundle" ]; then
  ./mvnw -o -q -B -pl common install -DskipTests
  ./mvnw -o -q -B -pl inference-engine test-compile
  rm -rf "$BUNDLE" && mkdir -p "$BUNDLE"
  IFS=: read -ra entries < inference-engine/target/classpath.txt
  for e in "${entries[@]}"; do
    case "$e" in
      */onnxruntime-"$ORT_VERSION".jar)
        if [ -f "$GPU_JAR" ]; then cp "$GPU_JAR" "$BUNDLE"/; else
          echo "WARNING: $GPU_JAR not found: bundling the CPU-only onnxruntime jar" >&2; cp "$e" "$BUNDLE"/; fi ;;
      *.jar) cp "$e" "$BUNDLE"/ ;;
      */classes|*/test-classes) jar cf "$BUNDLE/$(basename "$(dirname "$(dirname "$e")")")-$(basename "$e").jar" -C "$e" . ;;
    esac
  done
  echo "bundled $(ls "$BUNDLE" | wc -l) jars into $BUNDLE; carry it to the GPU machine"
  exit 0
fi

if [ -d "$BUNDLE" ]; then
  CP="$BUNDLE/*"
else
  ./mvnw -o -q -B -pl common install -DskipTests
  ./mvnw -o -q -B -pl inference-engine test-compile
  CP=$(cat inference-engine/target/classpath.txt)
  if [ -f "$GPU_JAR" ]; then CP=${CP//$HOME\/.m2\/repository\/com\/microsoft\/onnxruntime\/onnxruntime\/$ORT_VERSION\/onnxruntime-$ORT_VERSION.jar/$GPU_JAR}; fi
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "no nvidia-smi"
timeout 290 java -Xmx8g -Dai.djl.default_engine=OnnxRuntime -Dai.djl.offline=true -cp "$CP" \
  org.aiworklist.inference.bench.GpuCheck conf/models/demo-lung-nodule.yaml
