#!/usr/bin/env bash
# Installs luacap's build and test dependencies from Debian 12's archive (run as root).
set -euo pipefail
packages=(build-essential cmake pkg-config qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libpcap-dev zlib1g-dev gzip time liblua5.2-dev libpcre2-dev libhttp-parser-dev libsqlite3-dev libjemalloc-dev
          clickhouse-server clickhouse-client  # ClickHouse 18.16 (~10 MB download): the sink tests start a private server
          tcpreplay iproute2  # the live capture test replays into a veth pair in a network namespace
          xvfb  # the viewer's end-to-end test shows its window on a virtual X server and saves screenshots
          clang  # -DLUACAP_FUZZ=ON: libFuzzer targets in fuzz/ (docs/parsers/fuzzing.md)
          tshark)  # Wireshark 4.0: the Lua dissector tests compare luacap's trees with tshark's (noninteractive: no capture group)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
