#!/usr/bin/env bash
# long_run.sh - the capture daemon's path on a long input: luacap-pcapgen writes at least
# 2 million packets, `luacap capture -r FILE --sink sqlite:DB` (Release build) stores every
# session in SQLite. Reports wall time, peak memory (VmHWM, /usr/bin/time %M), records/s and
# packets/s, the SQLite row count, and the floor reader's rate on the same file in the same
# run. Results go to docs/performance.md ("Long run"). See bench/README.md.
set -euo pipefail

BENCH_NAME=long_run
WORKLOAD="${WORKLOAD:-/tmp/luacap-long-run.pcap}"
FLOWS="${FLOWS:-170000}"
CONCURRENCY="${CONCURRENCY:-20000}"
MIX="${MIX:-dns=50,tls=30,http=20}"   # about 12 packets a flow: 170000 flows give 2.06 million packets
THREADS="${THREADS:-2}"
MIN_PACKETS="${MIN_PACKETS:-2000000}"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"

usage() {
    cat <<EOF
usage: bench/long_run.sh [--flows N] [--threads N] [--workload FILE]
Environment: LUACAP, PCAPGEN (prebuilt binaries; otherwise built Release in BUILD_DIR),
BUILD_DIR ($BUILD_DIR), FLOWS ($FLOWS), CONCURRENCY ($CONCURRENCY), MIN_PACKETS ($MIN_PACKETS).
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --flows) FLOWS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --workload) WORKLOAD="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

# The JSON stats line's number under key.
stat_of() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$results/$2.stats" | head -n 1; }

need_tools
command -v sqlite3 >/dev/null || { apt-get install -y sqlite3 >/dev/null; }
build_binaries
start_results
if [ ! -s "$WORKLOAD" ]; then
    log "generating $WORKLOAD ($FLOWS flows, mix $MIX, $CONCURRENCY open at once)"
    "$PCAPGEN" --flows "$FLOWS" --concurrency "$CONCURRENCY" --mix "$MIX" --seed 1 -o "$WORKLOAD"
fi
make_workload
if [ "$PACKETS" -lt "$MIN_PACKETS" ]; then
    log "$WORKLOAD has $PACKETS packets, fewer than $MIN_PACKETS: raise FLOWS"
    exit 1
fi
db="$results/long_run.sqlite"
log "uptime before: $(uptime)"
measure floor "$FLOOR" -m parse "$WORKLOAD"
measure capture "$LUACAP" capture -r "$WORKLOAD" --threads "$THREADS" --sink "sqlite:$db" --stats json
log "uptime after: $(uptime)"
rows="$(sqlite3 "$db" 'select count(*) from sessions')"
records="$(stat_of records capture)"
capture_s="$(median_s capture)"
floor_s="$(median_s floor)"
printf '\n%s: %s packets, %.1f MB, %s packet threads, SQLite sink\n' "$(basename "$WORKLOAD")" "$PACKETS" \
    "$(echo "$FILE_BYTES / 1000000" | bc -l)" "$THREADS"
printf '%-8s %9s %12s %10s %9s\n' run wall_s packets/s records/s peak_MB
printf '%-8s %9.2f %12.0f %10s %9.1f\n' floor "$floor_s" "$(echo "$PACKETS / $floor_s" | bc -l)" - \
    "$(echo "$(peak_kb floor) / 1024" | bc -l)"
printf '%-8s %9.2f %12.0f %10.0f %9.1f\n' capture "$capture_s" "$(echo "$PACKETS / $capture_s" | bc -l)" \
    "$(echo "$records / $capture_s" | bc -l)" "$(echo "$(peak_kb capture) / 1024" | bc -l)"
echo "records written: $records, rows in SQLite: $rows"
echo "capture stats line: $(cat "$results/capture.stats")"
[ "$rows" = "$records" ] || { log "SQLite holds $rows rows, the daemon wrote $records records"; exit 1; }
