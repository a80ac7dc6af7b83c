#!/usr/bin/env bash
# lua_bench.sh - cost of the Lua host on `luacap replay --threads T`: no Lua, a catch-all
# classifier, classifier + a parser counting bytes in session:table() on every TCP session,
# and the same + a pre_save adding an int field. Alternates the floor reader and the four
# luacap runs, prints medians and ratios to the no-Lua run and to the floor.
set -euo pipefail

RUNS="${RUNS:-5}"
THREADS="${THREADS:-2}"
# Built-in parsers off by default: the figures isolate the Lua host's cost.
EXTRA_ARGS="${EXTRA_ARGS:---no-parsers}"
BENCH_NAME=lua_bench
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"

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
    local floor_s nolua_s nolua_cpu s c
    floor_s="$(median_s floor)"
    nolua_s="$(median_s nolua)"
    nolua_cpu="$(median_cpu nolua)"
    printf '\n%s: %s packets, %s runs each, %s packet threads, medians (%s)\n' "$(basename "$WORKLOAD")" \
        "$PACKETS" "$RUNS" "$THREADS" "${EXTRA_ARGS:-built-in parsers on}"
    printf '%-12s %9s %12s %9s %9s %9s %12s\n' case wall_s packets/s vs_nolua vs_floor cpu_s cpu_vs_nolua
    for c in floor $CASES; do
        s="$(median_s "$c")"
        printf '%-12s %9.3f %12.0f %8.3fx %8.3fx %9.3f %11.3fx\n' "$c" "$s" "$(echo "$PACKETS / $s" | bc -l)" \
            "$(echo "$nolua_s / $s" | bc -l)" "$(echo "$floor_s / $s" | bc -l)" "$(median_cpu "$c")" \
            "$(echo "$nolua_cpu / $(median_cpu "$c")" | bc -l)"
    done
    echo "cpu_vs_nolua: median CPU seconds (user+sys) of no Lua / of the case, the same work per packet"
    for c in $CASES; do echo "$c last stats line: $(cat "$results/$c.stats")"; done
}

need_tools
build_binaries
start_results
make_workload
run_all
report
