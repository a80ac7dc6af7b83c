#!/usr/bin/env bash
# live_drops.sh - live capture under load (Release build, as root): a veth pair with one end in
# a private network namespace; `luacap capture` listens on the outer end while tcpreplay sends
# a generated pcap into the inner end at several rates. Prints, per rate, the rate tcpreplay
# reached, the packets luacap saw, and the kernel, interface and own (queue full) drops from
# its final stats line. Results go to docs/performance.md ("Live drops").
set -euo pipefail

BENCH_NAME=live_drops
WORKLOAD="${WORKLOAD:-/tmp/luacap-live-drops.pcap}"
FLOWS="${FLOWS:-5000}"
CONCURRENCY="${CONCURRENCY:-500}"
RATES="${RATES:-100 400 1000 topspeed}"   # tcpreplay --mbps values, or topspeed
THREADS="${THREADS:-2}"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"

[ "$(id -u)" = 0 ] || { log "needs root (network namespace, capture)"; exit 1; }
command -v tcpreplay >/dev/null || apt-get install -y tcpreplay >/dev/null

ns="luacap-bench$$" outer="lbo$$" inner="lbi$$"
cleanup() {
    ip link del "$outer" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "${results:-/nonexistent}"
}

make_link() {
    ip netns add "$ns"
    ip link add "$outer" type veth peer name "$inner"
    ip link set "$inner" netns "$ns"
    sysctl -qw "net.ipv6.conf.$outer.disable_ipv6=1"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$inner.disable_ipv6=1"
    ip link set "$outer" mtu 9000 up
    ip netns exec "$ns" ip link set "$inner" mtu 9000 up
}

# run_rate RATE: one capture while tcpreplay sends the workload once at RATE.
run_rate() {
    local rate="$1" speed=(--topspeed) pid
    [ "$rate" = topspeed ] || speed=(--mbps="$rate")
    "$LUACAP" capture -i "$outer" --threads "$THREADS" --no-api --output /dev/null --stats json \
        2>"$results/$rate.err" &
    pid=$!
    for _ in $(seq 100); do grep -q capturing "$results/$rate.err" && break; sleep 0.1; done
    ip netns exec "$ns" tcpreplay -i "$inner" "${speed[@]}" "$WORKLOAD" >"$results/$rate.replay" 2>&1
    sleep 1
    kill -TERM "$pid"
    wait "$pid"
}

field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" | head -n 1; }

report_rate() {
    local rate="$1" last sent reached
    last="$(tail -n 1 "$results/$rate.err")"
    sent="$(sed -n 's/.*Actual: \([0-9]*\) packets.*/\1/p' "$results/$rate.replay" | head -n 1)"
    reached="$(sed -n 's/.*Rated: .*, \([0-9.]*\) Mbps.*/\1/p' "$results/$rate.replay" | head -n 1)"
    printf '%-9s %10s %9s %9s %12s %11s %9s\n' "$rate" "${reached:-?}" "$sent" "$(echo "$last" | field packets)" \
        "$(echo "$last" | field kernelDrops)" "$(echo "$last" | field interfaceDrops)" "$(echo "$last" | field ownDrops)"
}

need_tools
build_binaries
start_results
trap cleanup EXIT
make_workload
make_link
log "uptime before: $(uptime)"
for rate in $RATES; do
    log "rate $rate"
    run_rate "$rate"
done
log "uptime after: $(uptime)"
printf '\n%s: %s packets, %s packet threads\n' "$(basename "$WORKLOAD")" "$PACKETS" "$THREADS"
printf '%-9s %10s %9s %9s %12s %11s %9s\n' mbps reached_Mbps sent seen kernelDrops ifaceDrops ownDrops
for rate in $RATES; do report_rate "$rate"; done
