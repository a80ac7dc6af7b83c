#!/usr/bin/env bash
# The README's first command: install dependencies, build luacap, generate a sample capture with
# the project's own generator, and replay it so you see session records.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > /dev/null
cmake --build build -j"$(nproc)"
mkdir -p out
./build/tools/pcapgen/luacap-pcapgen --flows 200 --concurrency 40 --seed 1 -o out/sample.pcap
./build/app/luacap replay --output out/sample.json out/sample.pcap
echo
echo "First record of out/sample.json (one JSON session record per line):"
head -n 1 out/sample.json
echo
echo "$(wc -l < out/sample.json) records in out/sample.json; try: ./build/app/luacap replay --help"
