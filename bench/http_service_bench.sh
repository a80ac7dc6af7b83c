#!/usr/bin/env bash
# http_service_bench.sh - replay rate of samples/arkime/reputation_enricher.lua (one HTTP
# request per destination address, in pre_save, session held until the answer) against the
# local samples/arkime/reputation_service.py, answering at once and DELAY_MS late. Shows
# whether the packet threads keep processing other sessions while answers are outstanding:
# compare the slow case's wall time with httpRequests x DELAY_MS, the time one-at-a-time
# requests would take.
set -euo pipefail

RUNS="${RUNS:-3}"
THREADS="${THREADS:-2}"
DELAY_MS="${DELAY_MS:-20}"
BENCH_NAME=http_service_bench
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"

enricher="$root/samples/arkime/reputation_enricher.lua"
service_py="$root/samples/arkime/reputation_service.py"

# start_service NAME DELAY: runs the sample service on a free port; sets REPUTATION_URL.
start_service() {
    local fifo="$results/$1.port"
    python3 "$service_py" --port 0 --delay-ms "$2" >"$fifo" &
    eval "$1_pid=$!"
    until grep -q '^PORT ' "$fifo" 2>/dev/null; do sleep 0.1; done
    eval "$1_url=http://127.0.0.1:$(awk '/^PORT/ {print $2}' "$fifo")"
}

run_all() {
    local run
    for run in $(seq "$RUNS"); do
        log "run $run/$RUNS"
        measure floor "$FLOOR" -m parse "$WORKLOAD"
        measure nolua "$LUACAP" replay --threads "$THREADS" --stats text --output /dev/null "$WORKLOAD"
        REPUTATION_URL="$fast_url" measure enricher "$LUACAP" replay --threads "$THREADS" --stats text \
            --lua "$enricher" --output /dev/null "$WORKLOAD"
        REPUTATION_URL="$slow_url" measure enricher_slow "$LUACAP" replay --threads "$THREADS" --stats text \
            --lua "$enricher" --output /dev/null "$WORKLOAD"
    done
}

report() {
    local c s requests floor_s
    floor_s="$(median_s floor)"
    printf '\n%s: %s packets, %s runs each, %s packet threads, service delay %s ms (slow case)\n' \
        "$(basename "$WORKLOAD")" "$PACKETS" "$RUNS" "$THREADS" "$DELAY_MS"
    printf '%-14s %9s %12s %9s\n' case wall_s packets/s vs_floor
    for c in floor nolua enricher enricher_slow; do
        s="$(median_s "$c")"
        printf '%-14s %9.3f %12.0f %8.3fx\n' "$c" "$s" "$(echo "$PACKETS / $s" | bc -l)" "$(echo "$floor_s / $s" | bc -l)"
    done
    requests="$(grep -o 'httpRequests=[0-9]*' "$results/enricher_slow.stats" | cut -d= -f2)"
    printf 'slow case: %s requests x %s ms = %.1f s if answered one at a time\n' "$requests" "$DELAY_MS" \
        "$(echo "${requests:-0} * $DELAY_MS / 1000" | bc -l)"
    for c in nolua enricher enricher_slow; do echo "$c last stats line: $(cat "$results/$c.stats")"; done
}

need_tools
build_binaries
start_results
make_workload
start_service fast 0
start_service slow "$DELAY_MS"
trap 'kill "$fast_pid" "$slow_pid" 2>/dev/null; rm -rf "$results"' EXIT
run_all
report
