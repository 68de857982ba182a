#!/usr/bin/env bash
# Ingest benchmark (issue 3): a CT series sent by storescu over loopback (TCP_NODELAY=1) into our Storage SCP
# (durable: file and its name fsynced, then an index record, per instance before 0000) and into dcmtk storescp
# (writes files, no fsync), same data, alternating, ROUNDS times; then association set-up and single-store round
# trip from our Java SCU against both; also the series split over PARALLEL storescu processes.
# SINK=fsync fdatasyncs each index record (a database that syncs commits); SINK=write only writes it, as the
# node's H2 index (WRITE_DELAY=0) does. Between rounds both receivers' files are deleted, folders kept.
# Prints a Markdown summary.
# Needs: dcmtk, a JDK 17, and `mvn -o -q -pl dicom-node install` done (uses target/classes).
# Usage: bench/ingest-bench.sh   (env: ROUNDS=5 SLICES=300 SIZE=512 TRIES=50 PARALLEL=4 SINK=fsync WORK=/tmp/...
#        PORT_BASE=11120)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
SLICES=${SLICES:-300}
SIZE=${SIZE:-512}
TRIES=${TRIES:-50}
PARALLEL=${PARALLEL:-4}
SINK=${SINK:-fsync}
PORT_BASE=${PORT_BASE:-11120}
AIW_PORT=$PORT_BASE
DCMTK_PORT=$((PORT_BASE + 1))
WORK=${WORK:-$(mktemp -d /tmp/ingest-bench.XXXXXX)}
# shellcheck source=bench/ingest-lib.sh
. "$ROOT/bench/ingest-lib.sh"

pids=()
cleanup() {
    exec 3>&- 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

if [ ! -f "$WORK/series/CT$(printf %05d "$SLICES").dcm" ]; then
    "${JAVA[@]}" synth "$WORK/series" "$SLICES" "$SIZE" 2>/dev/null
fi
FILES=("$WORK"/series/*.dcm)

rm -rf "$WORK/scp.in" "$WORK/aiw" "$WORK/storescp"
mkfifo "$WORK/scp.in"
"${JAVA[@]}" scp "$AIW_PORT" "$WORK/aiw" "$SINK" <"$WORK/scp.in" >"$WORK/scp.out" 2>"$WORK/scp.err" &
pids+=($!)
exec 3>"$WORK/scp.in"
mkdir -p "$WORK/storescp"
storescp -aet STORESCP -od "$WORK/storescp" "$DCMTK_PORT" >"$WORK/storescp.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q READY "$WORK/scp.out" 2>/dev/null && break; sleep 0.1; done

clear_targets() {
    find "$WORK/aiw/spool" -mindepth 3 -maxdepth 3 -type f -name '*.dcm' -delete   # a spool keeps its aa/bb folders
    find "$WORK/storescp" -type f -delete
    sync
}

# floor: the disk alone per instance-sized file: storescp's plain write vs our durable write (+ fsync'ed record)
floor() { "${JAVA[@]}" floor "$WORK/floor" "$(stat -c %s "${FILES[0]}")" 30 2>/dev/null; }

clear_targets
rate AIW_BENCH "$AIW_PORT" "${FILES[@]}" >/dev/null   # warm-up: JIT of our SCP, page cache of the inputs
clear_targets
rate STORESCP "$DCMTK_PORT" "${FILES[@]}" >/dev/null
aiw_rates=()
dcmtk_rates=()
stored=$SLICES
aiw_par=()
dcmtk_par=()
floors=()
for r in $(seq "$ROUNDS"); do
    clear_targets
    aiw_rates+=("$(rate AIW_BENCH "$AIW_PORT" "${FILES[@]}")")
    n=$(find "$WORK/aiw/spool" -name '*.dcm' | wc -l)
    [ "$n" -lt "$stored" ] && stored=$n
    floors+=("$(floor)")   # right after our round: the shared disk's mood changes by the minute
    clear_targets
    dcmtk_rates+=("$(rate STORESCP "$DCMTK_PORT" "${FILES[@]}")")
    clear_targets
    aiw_par+=("$(parallel_rate AIW_BENCH "$AIW_PORT" "${FILES[@]}")")
    clear_targets
    dcmtk_par+=("$(parallel_rate STORESCP "$DCMTK_PORT" "${FILES[@]}")")
done
aiw_median=$(printf '%s\n' "${aiw_rates[@]}" | median)
dcmtk_median=$(printf '%s\n' "${dcmtk_rates[@]}" | median)
aiw_par_median=$(printf '%s\n' "${aiw_par[@]}" | median)
dcmtk_par_median=$(printf '%s\n' "${dcmtk_par[@]}" | median)

client_out=$("${CLIENT[@]}" "$WORK/series" "$TRIES" "AIW_BENCH:$AIW_PORT" "STORESCP:$DCMTK_PORT" 2>/dev/null)
read -r _ _ aiw_echo _ aiw_store < <(grep AIW_BENCH <<<"$client_out")
read -r _ _ dcmtk_echo _ dcmtk_store < <(grep STORESCP <<<"$client_out")
floor_write=$(printf '%s\n' "${floors[@]}" | awk '{ print $2 }' | median)
floor_aiw=$(printf '%s\n' "${floors[@]}" | awk -v k="$([ "$SINK" = fsync ] && echo 6 || echo 4)" '{ print $k }' | median)

cat <<REPORT
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(df -T "$WORK" | awk 'NR==2 {print $2}') at $WORK; JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2); dcmtk $(storescu --version | head -1 | awk '{print $3}')
Series: $SLICES x ${SIZE}x${SIZE} CT, 16 bit, Explicit VR LE ($(du -sh "$WORK/series" | cut -f1)); sender: storescu -R, TCP_NODELAY=1, one association; $ROUNDS rounds after one warm-up each.

Index sink: $SINK.

| | aiworklist StorageScp (durable) | dcmtk storescp (no fsync) | ratio |
|---|---|---|---|
| bulk ingest, images/s (median) | $aiw_median | $dcmtk_median | $(awk "BEGIN { printf \"%.2f\", $aiw_median / $dcmtk_median }") |
| bulk ingest, each round | ${aiw_rates[*]} | ${dcmtk_rates[*]} | |
| bulk ingest, $PARALLEL storescu at once, images/s (median) | $aiw_par_median | $dcmtk_par_median | $(awk "BEGIN { printf \"%.2f\", $aiw_par_median / $dcmtk_par_median }") |
| association set-up + C-ECHO + release, ms (median of $TRIES) | $aiw_echo | $dcmtk_echo | $(awk "BEGIN { printf \"%.2f\", $aiw_echo / $dcmtk_echo }") |
| single store round trip (associate, one C-STORE of a new instance, release), ms (median of $TRIES) | $aiw_store | $dcmtk_store | $(awk "BEGIN { printf \"%.2f\", $aiw_store / $dcmtk_store }") |
| disk alone, one instance-sized file: durable write (write, rename, fsync$([ "$SINK" = fsync ] && echo ", fdatasync'ed record")) vs plain write, ms (median of rounds' medians of 30) | $floor_aiw | $floor_write | $(awk "BEGIN { printf \"%.2f\", $floor_aiw / $floor_write }") |
| images/s that disk time alone allows on one association (1000 / the above) | $(awk "BEGIN { printf \"%.1f\", 1000 / $floor_aiw }") | $(awk "BEGIN { printf \"%.1f\", 1000 / $floor_write }") | |

Fewest instances in our spool after a round: $stored of $SLICES.
REPORT
