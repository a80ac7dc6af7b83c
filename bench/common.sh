# common.sh - what every bench script shares: paths, the Release build of luacap and the
# generator, the floor reader, the workload, timing with peak memory, medians.
# Sourced by bench/*_bench.sh after they set their defaults; needs bash.

here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${LUACAP_SHARED_DIR:-$root/../shared}"
[ -d "$shared/bench" ] || shared=/work/shared

BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
FLOOR_DIR="${FLOOR_DIR:-/tmp/floor}"
WORKLOAD="${WORKLOAD:-/tmp/luacap-bench-50k.pcap}"
FLOWS="${FLOWS:-50000}"
CONCURRENCY="${CONCURRENCY:-5000}"
LUACAP="${LUACAP:-}"
PCAPGEN="${PCAPGEN:-}"
BENCH_NAME="${BENCH_NAME:-bench}"

log() { echo "$BENCH_NAME: $*" >&2; }

need_tools() {
    local missing=()
    [ -x /usr/bin/time ] || missing+=(time)
    command -v bc >/dev/null || missing+=(bc)
    [ ${#missing[@]} -eq 0 ] && return
    log "installing ${missing[*]}"
    apt-get install -y "${missing[@]}" >/dev/null ||
        { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
}

# build_binaries [skip-luacap]: Release build (no sanitizers: they would dominate the timing)
# of whatever LUACAP/PCAPGEN do not name, and the floor reader.
build_binaries() {
    local targets=()
    [ -n "$PCAPGEN" ] || targets+=(luacap-pcapgen)
    [ -n "$LUACAP" ] || [ "${1:-}" = skip-luacap ] || targets+=(luacap)
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

# Generates the workload once, warms the page cache (measure the reader, not the disk) and
# sets PACKETS and FILE_BYTES.
make_workload() {
    if [ ! -s "$WORKLOAD" ]; then
        log "generating $WORKLOAD ($FLOWS flows, $CONCURRENCY open at once)"
        "$PCAPGEN" --flows "$FLOWS" --concurrency "$CONCURRENCY" --seed 1 -o "$WORKLOAD"
    fi
    cat "$WORKLOAD" >/dev/null
    PACKETS="$("$FLOOR" -m count "$WORKLOAD" | sed -n 's/.* packets=\([0-9]*\).*/\1/p')"
    FILE_BYTES="$(stat -c %s "$WORKLOAD")"
    log "workload: $WORKLOAD, $PACKETS packets, $FILE_BYTES bytes"
}

# measure NAME CMD...: appends "seconds peak_kb" to $results/NAME and keeps the last stats
# line in $results/NAME.stats; returns 1 if CMD fails.
measure() {
    local name="$1"; shift
    local t0 t1 rss
    t0="$(date +%s.%N)"
    if ! /usr/bin/time -f '%M %U %S' -o "$results/rss" "$@" >/dev/null 2>"$results/stderr"; then
        log "$name failed: $(tail -n 3 "$results/stderr")"
        return 1
    fi
    t1="$(date +%s.%N)"
    read -r rss user sys < <(tail -n 1 "$results/rss")
    tail -n 1 "$results/stderr" >"$results/$name.stats"
    echo "$(echo "$t1 - $t0" | bc -l) $rss $(echo "$user + $sys" | bc -l)" >>"$results/$name"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# Median seconds and peak kB of a measured NAME.
median_s() { cut -d' ' -f1 "$results/$1" | median; }
peak_kb() { cut -d' ' -f2 "$results/$1" | sort -g | tail -n 1; }
# Median CPU seconds (user + sys, all threads) of a measured NAME: less disturbed than wall
# time by other tenants of a shared machine, though not free of it (caches, frequency).
median_cpu() { cut -d' ' -f3 "$results/$1" | median; }

# A scratch directory for the run's measurements, removed on exit.
start_results() {
    results="$(mktemp -d "/tmp/luacap-$BENCH_NAME.XXXXXX")"
    trap 'rm -rf "$results"' EXIT
}
