#!/usr/bin/env bash
# lua_bench.sh - cost of the Lua host on `luacap replay --threads T`: no Lua, a catch-all
# classifier, classifier + a parser counting bytes in session:table() on every TCP session,
# and the same + a pre_save adding an int field. Alternates the floor reader and the four
# luacap runs, prints medians and ratios to the no-Lua run and to the floor.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${LUACAP_SHARED_DIR:-$root/../shared}"
[ -d "$shared/bench" ] || shared=/work/shared

RUNS="${RUNS:-5}"
THREADS="${THREADS:-2}"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
FLOOR_DIR="${FLOOR_DIR:-/tmp/floor}"
WORKLOAD="${WORKLOAD:-/tmp/luacap-bench-50k.pcap}"
LUACAP="${LUACAP:-}"
PCAPGEN="${PCAPGEN:-}"
# Built-in parsers off by default: the figures isolate the Lua host's cost.
EXTRA_ARGS="${EXTRA_ARGS:---no-parsers}"

log() { echo "lua_bench: $*" >&2; }

# Release build of whatever was not given (no sanitizers).
build_binaries() {
    local targets=()
    [ -n "$PCAPGEN" ] || targets+=(luacap-pcapgen)
    [ -n "$LUACAP" ] || targets+=(luacap)
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
    [ -s "$WORKLOAD" ] || "$PCAPGEN" --flows 50000 --concurrency 5000 --seed 1 -o "$WORKLOAD"
    cat "$WORKLOAD" >/dev/null   # page cache
    PACKETS="$("$FLOOR" -m count "$WORKLOAD" | sed -n 's/.* packets=\([0-9]*\).*/\1/p')"
    log "workload: $WORKLOAD, $PACKETS packets"
}

# The cases: name and the --lua arguments.
case_args() {
    case "$1" in
        nolua) echo "" ;;
        classifier) echo "--lua $here/lua/catch_all.lua" ;;
        parser) echo "--lua $here/lua/count_bytes.lua" ;;
        presave) echo "--lua $here/lua/count_bytes.lua --lua $here/lua/count_bytes_pre_save.lua" ;;
    esac
}
CASES="nolua classifier parser presave"

# measure NAME CMD...: appends wall seconds to $results/NAME.
measure() {
    local name="$1"; shift
    local t0 t1
    t0="$(date +%s.%N)"
    "$@" >/dev/null 2>"$results/stderr" || { log "$name failed: $(tail -n 3 "$results/stderr")"; exit 1; }
    t1="$(date +%s.%N)"
    tail -n 1 "$results/stderr" >"$results/$name.stats"
    echo "$t1 - $t0" | bc -l >>"$results/$name"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

run_all() {
    local run c
    for run in $(seq "$RUNS"); do
        log "run $run/$RUNS"
        measure floor "$FLOOR" -m parse "$WORKLOAD"
        for c in $CASES; do
            # shellcheck disable=SC2046,SC2086
            measure "$c" "$LUACAP" replay --threads "$THREADS" $EXTRA_ARGS $(case_args "$c") \
                --output /dev/null "$WORKLOAD"
        done
    done
}

report() {
    local floor_s nolua_s s c
    floor_s="$(median <"$results/floor")"
    nolua_s="$(median <"$results/nolua")"
    printf '\n%s: %s packets, %s runs each, %s packet threads, medians (%s)\n' "$(basename "$WORKLOAD")" \
        "$PACKETS" "$RUNS" "$THREADS" "${EXTRA_ARGS:-built-in parsers on}"
    printf '%-12s %9s %12s %9s %9s\n' case wall_s packets/s vs_nolua vs_floor
    for c in floor $CASES; do
        s="$(median <"$results/$c")"
        printf '%-12s %9.3f %12.0f %8.3fx %8.3fx\n' "$c" "$s" "$(echo "$PACKETS / $s" | bc -l)" \
            "$(echo "$nolua_s / $s" | bc -l)" "$(echo "$floor_s / $s" | bc -l)"
    done
    for c in $CASES; do echo "$c last stats line: $(cat "$results/$c.stats")"; done
}

command -v bc >/dev/null || apt-get install -y bc >/dev/null
build_binaries
results="$(mktemp -d /tmp/luacap-lua-bench.XXXXXX)"
trap 'rm -rf "$results"' EXIT
make_workload
run_all
report
