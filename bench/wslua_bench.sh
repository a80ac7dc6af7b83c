#!/usr/bin/env bash
# wslua_bench.sh - the same Wireshark-style post-dissector (bench/lua/wslua_conv_bytes.lua:
# per-conversation bytes in the conversation store) under tshark and under `luacap replay
# --threads T`, on the same generated workload in the same run, reported as packets/s and
# luacap's as a multiple of tshark's. TSHARK_FLOWS=N gives tshark a smaller capture of the same
# mix instead (quicker; tshark is faster per packet on fewer flows, so the ratio is lower).
# Each of the RUNS rounds runs tshark once and luacap LUACAP_REPEAT times (with and without
# the script, interleaved): a tshark run lasts ~30 s and so averages over the shared host's
# slow and quick spells, a luacap run ~1 s, so its median needs more samples to mean as much.
# Prints the load average too: figures from a loaded machine are only rough.
set -euo pipefail

RUNS="${RUNS:-3}"
LUACAP_REPEAT="${LUACAP_REPEAT:-3}"
THREADS="${THREADS:-2}"
TSHARK_FLOWS="${TSHARK_FLOWS:-}"   # empty: tshark reads luacap's workload
EXTRA_ARGS="${EXTRA_ARGS:-}"
BENCH_NAME=wslua_bench
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
SCRIPT="$here/lua/wslua_conv_bytes.lua"

command -v tshark >/dev/null || { log "tshark is not installed (scripts/install-deps.sh)"; exit 1; }

make_tshark_workload() {
    if [ -z "$TSHARK_FLOWS" ]; then
        TSHARK_WORKLOAD="$WORKLOAD"
    else
        TSHARK_WORKLOAD="${TSHARK_WORKLOAD:-/tmp/luacap-wslua-bench-${TSHARK_FLOWS}.pcap}"
        [ -s "$TSHARK_WORKLOAD" ] ||
            "$PCAPGEN" --flows "$TSHARK_FLOWS" --concurrency "$((TSHARK_FLOWS / 10))" --seed 1 -o "$TSHARK_WORKLOAD"
    fi
    cat "$TSHARK_WORKLOAD" >/dev/null
    TSHARK_PACKETS="$("$FLOOR" -m count "$TSHARK_WORKLOAD" | sed -n 's/.* packets=\([0-9]*\).*/\1/p')"
    log "tshark workload: $TSHARK_WORKLOAD, $TSHARK_PACKETS packets"
}

run_all() {
    local run repeat
    for run in $(seq "$RUNS"); do
        log "run $run/$RUNS"
        # -z io,stat,0: with -q alone tshark skips dissection (and so the post-dissector).
        measure tshark tshark -n -q -r "$TSHARK_WORKLOAD" -X "lua_script:$SCRIPT" -z io,stat,0
        # Untimed: the first process to touch a few hundred MB after tshark frees its
        # gigabytes pays to fault fresh pages in again (on this VM about +0.3 s of system
        # time, docs/performance.md "Stop 16"), whichever tool it is. tshark follows a luacap
        # run and pays nothing comparable; the measured runs should not either.
        # shellcheck disable=SC2086
        "$LUACAP" replay --threads "$THREADS" $EXTRA_ARGS --output /dev/null "$WORKLOAD" >/dev/null 2>&1
        for repeat in $(seq "$LUACAP_REPEAT"); do
            # shellcheck disable=SC2086
            measure luacap "$LUACAP" replay --threads "$THREADS" $EXTRA_ARGS --lua "$SCRIPT" --output /dev/null \
                "$WORKLOAD"
            # shellcheck disable=SC2086
            measure nolua "$LUACAP" replay --threads "$THREADS" $EXTRA_ARGS --output /dev/null "$WORKLOAD"
        done
    done
}

report() {
    local ts ls ns tpps lpps row
    ts="$(median_s tshark)"; ls="$(median_s luacap)"; ns="$(median_s nolua)"
    tpps="$(echo "$TSHARK_PACKETS / $ts" | bc -l)"
    lpps="$(echo "$PACKETS / $ls" | bc -l)"
    printf '\nload average before: %s, after: %s (2 cores)\n' "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
    row='%-22s %9s %10.3f %12.0f %10.3f\n'
    printf '%-22s %9s %10s %12s %10s\n' case packets wall_s packets/s cpu_s
    printf "$row" "tshark -X lua_script" "$TSHARK_PACKETS" "$ts" "$tpps" "$(median_cpu tshark)"
    printf "$row" "luacap -t $THREADS --lua" "$PACKETS" "$ls" "$lpps" "$(median_cpu luacap)"
    printf "$row" "luacap -t $THREADS (no Lua)" "$PACKETS" "$ns" "$(echo "$PACKETS / $ns" | bc -l)" "$(median_cpu nolua)"
    printf 'luacap/tshark packets/s: %.1fx (target 30x); every run (s): tshark %s, luacap %s\n' \
        "$(echo "$lpps / $tpps" | bc -l)" "$(cut -d' ' -f1 "$results/tshark" | xargs printf '%.2f ')" \
        "$(cut -d' ' -f1 "$results/luacap" | xargs printf '%.3f ')"
    printf 'packets per CPU-second, luacap/tshark: %.1fx\n' \
        "$(echo "($PACKETS / $(median_cpu luacap)) / ($TSHARK_PACKETS / $(median_cpu tshark))" | bc -l)"
    echo "luacap last stats line: $(cat "$results/luacap.stats")"
}

need_tools
build_binaries
start_results
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
make_workload
make_tshark_workload
run_all
report
