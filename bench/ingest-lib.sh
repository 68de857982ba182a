# Shared by ingest-bench.sh and node-ingest-bench.sh (sourced after ROOT is set): the IngestBench helper JVM and
# the timed storescu sends. Sender: storescu -R over 127.0.0.1 with TCP_NODELAY=1.
M2=${M2:-$HOME/.m2/repository}
CP="$ROOT/dicom-node/target/classes:$ROOT/pixelmed/target/classes:$ROOT/common/target/classes"
CP="$CP:$M2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
CP="$CP:$M2/net/java/dev/jna/jna/5.14.0/jna-5.14.0.jar"
JAVA=(java -Xmx1g -cp "$CP" org.aiworklist.dicom.bench.IngestBench) # no slf4j provider: logging off
# The round-trip client touches its whole heap first: in a fresh JVM each new array's pages are touched for the first
# time, 0.77 ms for the 256 KiB PDU our SCP allows against 0.05 ms for storescp's 16 KiB, which would charge the
# client's page faults to the receiver with the larger PDU.
CLIENT=(java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp "$CP" org.aiworklist.dicom.bench.IngestBench client)
export TCP_NODELAY=1

# rate AE PORT FILE...: images/s of one storescu association sending the files
rate() {
    local ae=$1 port=$2 t0 t1
    shift 2
    t0=$(date +%s.%N)
    storescu -R -aec "$ae" 127.0.0.1 "$port" "$@"
    t1=$(date +%s.%N)
    echo "$# $t0 $t1" | awk '{ printf "%.1f\n", $1 / ($3 - $2) }'
}

# parallel_rate AE PORT FILE...: images/s of the files split over PARALLEL storescu processes sending at once
parallel_rate() {
    local ae=$1 port=$2 t0 t1 senders=()
    shift 2
    local files=("$@")
    local per=$(( (${#files[@]} + PARALLEL - 1) / PARALLEL ))
    t0=$(date +%s.%N)
    for ((i = 0; i < ${#files[@]}; i += per)); do
        storescu -R -aec "$ae" 127.0.0.1 "$port" "${files[@]:i:per}" &
        senders+=($!)
    done
    wait "${senders[@]}"
    t1=$(date +%s.%N)
    echo "${#files[@]} $t0 $t1" | awk '{ printf "%.1f\n", $1 / ($3 - $2) }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
