#!/usr/bin/env bash
# Ingest benchmark of the node as deployed (issue 13): `./aiworklist serve` with its default configuration (index in
# H2, Camel routes, the demo model's rule), dcmtk storescp (no fsync), the same storescp made durable (an LD_PRELOAD
# shim, fsync-before-close.c, fsyncs each file before storescp answers: the fsync's own cost on this machine) and
# Orthanc (fsync per instance) side by side. Each receiver gets one untimed warm-up study, then ROUNDS rounds
# alternate between them, a fresh 300-slice CT study (new UIDs) per round: one storescu association, then the study
# split over PARALLEL storescu at once. Then the single-store round trip (new association, one C-STORE of a new
# instance) from our Java SCU, alternating between them; and the node's peak RSS (VmHWM) over everything it
# received. After each of the node's rounds the script waits until the node's model has run on that study, so its
# CPU lands on no later round. Prints a Markdown summary.
# Sender: storescu -R with TCP_NODELAY=1, over 127.0.0.1.
# The durable storescp takes the parallel rounds with --fork (a process per association, as the node takes them at
# once); plain storescp takes associations one after another, as the targets of issue 13 measure it.
# Needs: dcmtk, Orthanc (/usr/sbin/Orthanc), a C compiler (cc), a JDK 17, `./mvnw -q -DskipTests install` done;
# DB=postgres needs the PostgreSQL server binaries (a throwaway cluster in WORK).
# STORAGE=in-service makes the 65,536 content folders (<aa>/<bb>) of Orthanc's storage and of the node's spool before
# either starts, as a receiver that has taken a few hundred thousand instances has them (the node then keeps two
# levels, as a spool made before 4d4d517 does; a new spool has its 256 one-level folders from the start). A fresh
# two-level store makes a folder for most instances of its first thousands, and that folder's creation rides on the
# instance's fsync. storescp writes every file into one folder.
# Usage: bench/node-ingest-bench.sh   (env: ROUNDS=3 SLICES=300 SIZE=512 TRIES=50 PARALLEL=4 DB=h2|postgres
#        STORAGE=fresh|in-service WORK=/tmp/... PORT_BASE=11140)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
SLICES=${SLICES:-300}
SIZE=${SIZE:-512}
TRIES=${TRIES:-50}
PARALLEL=${PARALLEL:-4}
DB=${DB:-h2}
STORAGE=${STORAGE:-fresh}
PORT_BASE=${PORT_BASE:-11140}
NODE_PORT=$PORT_BASE
DCMTK_PORT=$((PORT_BASE + 1))
ORTHANC_PORT=$((PORT_BASE + 2))
ORTHANC_HTTP=$((PORT_BASE + 3))
NODE_HTTP=$((PORT_BASE + 4))
PG_PORT=$((PORT_BASE + 5))
DURABLE_PORT=$((PORT_BASE + 6))
DURABLE_FORK_PORT=$((PORT_BASE + 7))
WORK=${WORK:-$(mktemp -d /tmp/node-ingest-bench.XXXXXX)}
# shellcheck source=bench/ingest-lib.sh
. "$ROOT/bench/ingest-lib.sh"

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "$DB" = postgres ]; then pg "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# One fresh study (new UIDs) per timed send, written before any timing.
studies=$((2 + 2 * ROUNDS))
for i in $(seq "$studies"); do
    [ -f "$WORK/studies/$i/CT$(printf %05d "$SLICES").dcm" ] || "${JAVA[@]}" synth "$WORK/studies/$i" "$SLICES" "$SIZE"
done
next_study=0
next() { next_study=$((next_study + 1)); s=$WORK/studies/$next_study; } # sets s (not in a subshell: it counts)

rm -rf "$WORK/node" "$WORK/storescp" "$WORK/durable" "$WORK/orthanc"
mkdir -p "$WORK/node" "$WORK/storescp" "$WORK/durable" "$WORK/orthanc"
command -v cc >/dev/null || { echo "node-ingest-bench: needs a C compiler (cc) for the durable storescp" >&2; exit 1; }
cc -O2 -shared -fPIC -o "$WORK/fsync-before-close.so" "$ROOT/bench/fsync-before-close.c" -ldl
export AIWORKLIST_DEVICE_CONNECTION_PORT=$NODE_PORT AIWORKLIST_HTTP_PORT=$NODE_HTTP
export AIWORKLIST_STORAGE_SPOOL=$WORK/node/spool AIWORKLIST_STORAGE_QUARANTINE=$WORK/node/quarantine
export AIWORKLIST_STORAGE_RESULTS=$WORK/node/results
if [ "$DB" = postgres ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    rm -rf "$WORK/pg" # a throwaway cluster: one left by an earlier run in the same WORK would stop initdb
    mkdir -p "$WORK/pg" && chmod 777 "$WORK/pg"
    pg "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 >"$WORK/pg.log" 2>&1 \
        || { tail -3 "$WORK/pg.log" >&2; exit 1; }
    pg "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/server.log" \
        -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >>"$WORK/pg.log" 2>&1
    export AIWORKLIST_DATABASE_JDBCURL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" AIWORKLIST_DATABASE_USER=postgres
else
    export AIWORKLIST_DATABASE_JDBCURL="jdbc:h2:file:$WORK/node/db/aiworklist;WRITE_DELAY=0"
fi
# content_folders ROOT: the <aa>/<bb> folders of a receiver in service, owner-only
content_folders() {
    local a b d dirs
    for ((a = 0; a < 256; a++)); do
        dirs=()
        for ((b = 0; b < 256; b++)); do printf -v d '%s/%02x/%02x' "$1" "$a" "$b"; dirs+=("$d"); done
        mkdir -p -m 700 "${dirs[@]}"
    done
    chmod 700 "$1" "$1"/??
}
if [ "$STORAGE" = in-service ]; then
    content_folders "$WORK/node/spool"
    content_folders "$WORK/orthanc/storage"
    sync
fi
"$ROOT/aiworklist" serve >"$WORK/node.log" 2>&1 &
node_pid=$!
pids+=($node_pid)
storescp -aet STORESCP -od "$WORK/storescp" "$DCMTK_PORT" >"$WORK/storescp.log" 2>&1 &
pids+=($!)
LD_PRELOAD="$WORK/fsync-before-close.so" storescp -aet DURABLE -od "$WORK/durable" "$DURABLE_PORT" \
    >"$WORK/durable.log" 2>&1 &
pids+=($!)
LD_PRELOAD="$WORK/fsync-before-close.so" storescp --fork -aet DURABLE -od "$WORK/durable" "$DURABLE_FORK_PORT" \
    >"$WORK/durable-fork.log" 2>&1 &
pids+=($!)
cat >"$WORK/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$WORK/orthanc/storage", "IndexDirectory": "$WORK/orthanc/index",
  "DicomPort": $ORTHANC_PORT, "HttpPort": $ORTHANC_HTTP, "DicomAet": "ORTHANC", "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowEcho": true, "Plugins": [],
  "SaveJobs": false, "SyncStorageArea": true }
JSON
Orthanc "$WORK/orthanc.json" >"$WORK/orthanc.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$NODE_HTTP/health" >/dev/null 2>&1 \
        && curl -sf "http://127.0.0.1:$ORTHANC_HTTP/system" >/dev/null 2>&1 && break
    kill -0 "$node_pid" 2>/dev/null || { tail -20 "$WORK/node.log"; exit 1; }
    sleep 0.5
done
start_rss=$(awk '/VmRSS/ { print $2 }' "/proc/$node_pid/status")

# The node runs the demo model on each complete study (at once when the study says how many instances it has):
# after each of the node's rounds, wait until it has made a job for every study it got and none is queued or
# inferring, so that its model's CPU lands neither on its own next round nor on the peers' rounds.
node_studies=0
settle() {
    node_studies=$((node_studies + 1))
    for _ in $(seq 240); do
        local jobs
        jobs=$(curl -sf "http://127.0.0.1:$NODE_HTTP/api/jobs" || true)
        if [ "$(grep -o '"studyInstanceUid"' <<<"$jobs" | wc -l)" -ge "$node_studies" ] \
            && ! grep -Eq '"state" *: *"(QUEUED|INFERRING)"' <<<"$jobs"; then
            return 0
        fi
        sleep 1
    done
}

# Deletes what the peers stored (the node keeps everything: it is the product, and its spool keeps growing).
clear_peers() {
    find "$WORK/storescp" "$WORK/durable" -type f -delete
    for id in $(curl -sf "http://127.0.0.1:$ORTHANC_HTTP/studies" | tr -d '[]" \n' | tr ',' ' '); do
        curl -sf -X DELETE "http://127.0.0.1:$ORTHANC_HTTP/studies/$id" >/dev/null
    done
    sync
}

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }

loads=("$(cut -d' ' -f1-3 /proc/loadavg)")
next
first_node=$(rate AIWORKLIST "$NODE_PORT" "$s"/*.dcm) # untimed warm-up, but its rate is the cold start
settle
clear_peers
rate STORESCP "$DCMTK_PORT" "$WORK/studies/1"/*.dcm >/dev/null
rate DURABLE "$DURABLE_PORT" "$WORK/studies/1"/*.dcm >/dev/null
rate ORTHANC "$ORTHANC_PORT" "$WORK/studies/1"/*.dcm >/dev/null
node_rates=() dcmtk_rates=() durable_rates=() orthanc_rates=() node_par=() dcmtk_par=() durable_par=() orthanc_par=()
for r in $(seq "$ROUNDS"); do
    clear_peers
    next
    node_rates+=("$(rate AIWORKLIST "$NODE_PORT" "$s"/*.dcm)")
    settle
    dcmtk_rates+=("$(rate STORESCP "$DCMTK_PORT" "$s"/*.dcm)")
    durable_rates+=("$(rate DURABLE "$DURABLE_PORT" "$s"/*.dcm)")
    orthanc_rates+=("$(rate ORTHANC "$ORTHANC_PORT" "$s"/*.dcm)")
    clear_peers
    next
    node_par+=("$(parallel_rate AIWORKLIST "$NODE_PORT" "$s"/*.dcm)")
    settle
    dcmtk_par+=("$(parallel_rate STORESCP "$DCMTK_PORT" "$s"/*.dcm)")
    durable_par+=("$(parallel_rate DURABLE "$DURABLE_FORK_PORT" "$s"/*.dcm)")
    orthanc_par+=("$(parallel_rate ORTHANC "$ORTHANC_PORT" "$s"/*.dcm)")
    loads+=("$(cut -d' ' -f1-3 /proc/loadavg)")
done
clear_peers
next
client_out=$("${CLIENT[@]}" "$s" "$TRIES" "AIWORKLIST:$NODE_PORT" "STORESCP:$DCMTK_PORT" \
    "DURABLE:$DURABLE_PORT" "ORTHANC:$ORTHANC_PORT" 2>/dev/null)
read -r _ _ node_echo _ node_store < <(grep AIWORKLIST <<<"$client_out")
read -r _ _ dcmtk_echo _ dcmtk_store < <(grep STORESCP <<<"$client_out")
read -r _ _ durable_echo _ durable_store < <(grep DURABLE <<<"$client_out")
read -r _ _ orthanc_echo _ orthanc_store < <(grep ORTHANC <<<"$client_out")
peak_rss=$(awk '/VmHWM/ { print $2 }' "/proc/$node_pid/status")
jobs=$(curl -sf "http://127.0.0.1:$NODE_HTTP/api/jobs" | grep -o '"studyInstanceUid"' | wc -l || true)

m() { printf '%s\n' "$@" | median; }
nm=$(m "${node_rates[@]}") dm=$(m "${dcmtk_rates[@]}") fm=$(m "${durable_rates[@]}") om=$(m "${orthanc_rates[@]}")
npm=$(m "${node_par[@]}") dpm=$(m "${dcmtk_par[@]}") fpm=$(m "${durable_par[@]}") opm=$(m "${orthanc_par[@]}")
cat <<REPORT
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(df -T "$WORK" | awk 'NR==2 {print $2}') at $WORK; JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2); dcmtk $(storescu --version | head -1 | awk '{print $3}'); $(Orthanc --version 2>&1 | head -1)
Node: ./aiworklist serve, default configuration, index in $DB, storage $STORAGE; $(git -C "$ROOT" log -1 --format='commit %h')
Studies: $SLICES x ${SIZE}x${SIZE} CT, 16 bit, Explicit VR LE, a fresh study per round; sender storescu -R, TCP_NODELAY=1.
Load average (1/5/15 min) before and after each round: ${loads[*]}

| | aiworklist serve | dcmtk storescp (no fsync) | storescp + fsync | Orthanc (fsync) | node / storescp | node / Orthanc | storescp + fsync / storescp |
|---|---|---|---|---|---|---|---|
| one association, images/s (median of $ROUNDS) | $nm | $dm | $fm | $om | $(ratio "$nm" "$dm") | $(ratio "$nm" "$om") | $(ratio "$fm" "$dm") |
| one association, each round | ${node_rates[*]} | ${dcmtk_rates[*]} | ${durable_rates[*]} | ${orthanc_rates[*]} | | | |
| $PARALLEL associations at once, images/s (median of $ROUNDS) | $npm | $dpm | $fpm (--fork) | $opm | $(ratio "$npm" "$dpm") | $(ratio "$npm" "$opm") | $(ratio "$fpm" "$dpm") |
| $PARALLEL associations, each round | ${node_par[*]} | ${dcmtk_par[*]} | ${durable_par[*]} | ${orthanc_par[*]} | | | |
| association set-up + C-ECHO + release, ms (median of $TRIES) | $node_echo | $dcmtk_echo | $durable_echo | $orthanc_echo | $(ratio "$node_echo" "$dcmtk_echo") | $(ratio "$node_echo" "$orthanc_echo") | $(ratio "$durable_echo" "$dcmtk_echo") |
| single store round trip (new instance), ms (median of $TRIES) | $node_store | $dcmtk_store | $durable_store | $orthanc_store | $(ratio "$node_store" "$dcmtk_store") | $(ratio "$node_store" "$orthanc_store") | $(ratio "$durable_store" "$dcmtk_store") |

Node's first study after start-up (the warm-up, one association): $first_node images/s.
Node's RSS: $((start_rss / 1024)) MiB once started, peak $((peak_rss / 1024)) MiB over $((1 + 2 * ROUNDS)) studies and the round trips. Jobs made: $jobs; instances in the node's spool: $(find "$WORK/node/spool" -name '*.dcm' | wc -l).
REPORT
