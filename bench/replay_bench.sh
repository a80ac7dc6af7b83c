#!/usr/bin/env bash
# replay_bench.sh - luacap replay throughput against the floor reader (pcapread -m parse).
# Builds what it needs, generates the workload once, warms the page cache, then alternates
# floor and `luacap replay --threads T` runs and prints medians. See bench/README.md.
set -euo pipefail

RUNS="${RUNS:-5}"
THREADS="${THREADS:-1 2}"
# engine: --no-parsers (the session engine alone); parsers: every built-in parser on
MODES="${MODES:-engine parsers}"
BENCH_NAME=replay_bench
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
FLOOR_ONLY="${FLOOR_ONLY:-0}"

usage() {
    cat <<EOF
usage: bench/replay_bench.sh [--runs N] [--threads "1 2"] [--workload FILE] [--floor-only]
Environment: LUACAP, PCAPGEN (prebuilt binaries; otherwise built Release in BUILD_DIR),
BUILD_DIR ($BUILD_DIR), FLOOR_DIR ($FLOOR_DIR), FLOWS ($FLOWS), CONCURRENCY ($CONCURRENCY).
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --workload) WORKLOAD="$2"; shift 2 ;;
        --floor-only) FLOOR_ONLY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

run_all() {
    local run t luacap_ok=1
    [ "$FLOOR_ONLY" = 1 ] && luacap_ok=0
    for run in $(seq "$RUNS"); do
        log "run $run/$RUNS"
        measure floor "$FLOOR" -m parse "$WORKLOAD"
        [ "$luacap_ok" = 1 ] || continue
        for t in $THREADS; do
            for mode in $MODES; do
                local extra=()
                [ "$mode" = engine ] && extra=(--no-parsers)
                measure "$mode-t$t" "$LUACAP" replay "${extra[@]}" --threads "$t" --output /dev/null "$WORKLOAD" ||
                    { luacap_ok=0; log "skipping luacap from now on"; break 2; }
            done
        done
    done
}

report() {
    local floor_s name s peak pps
    floor_s="$(median_s floor)"
    printf '\n%s: %s packets, %.1f MB, %s runs each, medians\n' "$(basename "$WORKLOAD")" \
        "$PACKETS" "$(echo "$FILE_BYTES / 1000000" | bc -l)" "$RUNS"
    printf '%-12s %10s %12s %9s %9s %10s\n' reader wall_s packets/s MB/s peak_MB vs_floor
    for name in floor $(for t in $THREADS; do for m in $MODES; do echo "$m-t$t"; done; done); do
        [ -s "$results/$name" ] || continue
        s="$(median_s "$name")"
        peak="$(peak_kb "$name")"
        pps="$(echo "$PACKETS / $s" | bc -l)"
        printf '%-12s %10.3f %12.0f %9.1f %9.1f %9.3fx\n' "$name" "$s" "$pps" \
            "$(echo "$FILE_BYTES / $s / 1000000" | bc -l)" "$(echo "$peak / 1024" | bc -l)" \
            "$(echo "$floor_s / $s" | bc -l)"
    done
    for name in $(for t in $THREADS; do for m in $MODES; do echo "$m-t$t"; done; done); do
        if [ -s "$results/$name.stats" ]; then echo "$name last stats line: $(cat "$results/$name.stats")"; fi
    done
    echo "vs_floor = median floor wall time / median wall time (luacap packets/s over floor packets/s)"
}

need_tools
if [ "$FLOOR_ONLY" = 1 ]; then build_binaries skip-luacap; else build_binaries; fi
start_results
make_workload
run_all
report
