#!/usr/bin/env bash
# replay_bench.sh - luacap replay throughput against the floor reader (pcapread -m parse).
# Builds what it needs, generates the workload once, warms the page cache, then alternates
# floor and `luacap replay --threads T` runs and prints medians. See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${LUACAP_SHARED_DIR:-$root/../shared}"
[ -d "$shared/bench" ] || shared=/work/shared

RUNS="${RUNS:-5}"
THREADS="${THREADS:-1 2}"
# engine: --no-parsers (the session engine alone); parsers: every built-in parser on
MODES="${MODES:-engine parsers}"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
FLOOR_DIR="${FLOOR_DIR:-/tmp/floor}"
WORKLOAD="${WORKLOAD:-/tmp/luacap-bench-50k.pcap}"
FLOWS="${FLOWS:-50000}"
CONCURRENCY="${CONCURRENCY:-5000}"
LUACAP="${LUACAP:-}"
PCAPGEN="${PCAPGEN:-}"
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

log() { echo "bench: $*" >&2; }

need_tools() {
    if [ ! -x /usr/bin/time ]; then
        log "installing GNU time"
        apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
    fi
}

# Release build of whatever was not given (no sanitizers: they would dominate the timing).
build_binaries() {
    local targets=()
    [ -n "$PCAPGEN" ] || targets+=(luacap-pcapgen)
    [ -n "$LUACAP" ] || [ "$FLOOR_ONLY" = 1 ] || targets+=(luacap)
    if [ ${#targets[@]} -gt 0 ]; then
        log "building ${targets[*]} in $BUILD_DIR"
        cmake -S "$root" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DLUACAP_SANITIZE=OFF \
            -DBUILD_TESTING=OFF >/dev/null
        cmake --build "$BUILD_DIR" -j2 --target "${targets[@]}" >/dev/null
    fi
    PCAPGEN="${PCAPGEN:-$BUILD_DIR/tools/pcapgen/luacap-pcapgen}"
    LUACAP="${LUACAP:-$BUILD_DIR/app/luacap}"
    FLOOR="$(sh "$shared/bench/build.sh" "$FLOOR_DIR")"
}

make_workload() {
    if [ ! -s "$WORKLOAD" ]; then
        log "generating $WORKLOAD ($FLOWS flows, $CONCURRENCY open at once)"
        "$PCAPGEN" --flows "$FLOWS" --concurrency "$CONCURRENCY" --seed 1 -o "$WORKLOAD"
    fi
    cat "$WORKLOAD" >/dev/null   # page cache: measure the reader, not the disk
    PACKETS="$("$FLOOR" -m count "$WORKLOAD" | sed -n 's/.* packets=\([0-9]*\).*/\1/p')"
    FILE_BYTES="$(stat -c %s "$WORKLOAD")"
    log "workload: $PACKETS packets, $FILE_BYTES bytes"
}

# measure NAME CMD...: appends "seconds peak_kb" to $results/NAME; fails if CMD fails.
measure() {
    local name="$1"; shift
    local t0 t1 rss
    t0="$(date +%s.%N)"
    if ! /usr/bin/time -f '%M' -o "$results/rss" "$@" >/dev/null 2>"$results/stderr"; then
        log "$name failed: $(tail -n 3 "$results/stderr")"
        return 1
    fi
    t1="$(date +%s.%N)"
    rss="$(tail -n 1 "$results/rss")"
    tail -n 1 "$results/stderr" >"$results/$name.stats"
    echo "$(echo "$t1 - $t0" | bc -l) $rss" >>"$results/$name"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

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
    floor_s="$(cut -d' ' -f1 "$results/floor" | median)"
    printf '\n%s: %s packets, %.1f MB, %s runs each, medians\n' "$(basename "$WORKLOAD")" \
        "$PACKETS" "$(echo "$FILE_BYTES / 1000000" | bc -l)" "$RUNS"
    printf '%-12s %10s %12s %9s %9s %10s\n' reader wall_s packets/s MB/s peak_MB vs_floor
    for name in floor $(for t in $THREADS; do for m in $MODES; do echo "$m-t$t"; done; done); do
        [ -s "$results/$name" ] || continue
        s="$(cut -d' ' -f1 "$results/$name" | median)"
        peak="$(cut -d' ' -f2 "$results/$name" | sort -g | tail -n 1)"
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
command -v bc >/dev/null || apt-get install -y bc >/dev/null
build_binaries
results="$(mktemp -d /tmp/luacap-bench.XXXXXX)"
trap 'rm -rf "$results"' EXIT
make_workload
run_all
report
