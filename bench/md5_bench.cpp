// luacap-md5-bench: MB/s of the body-hashing MD5 (engine/digest) per code: one stream at a
// time (md5Blocks), every eight-lane code this CPU runs (md5Blocks8), and Qt's
// QCryptographicHash for reference. Single-threaded, 64 MB per run, best of RUNS.
// Usage: luacap-md5-bench [RUNS]
#include <QCryptographicHash>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "digest/md5_block.h"

using namespace luacap::engine;

namespace {

constexpr size_t kBytes = 64u << 20;

double bestMbPerSec(int runs, const std::function<void()> &fn)
{
    double best = 0;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, double(kBytes) / 1e6 / s);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::vector<uint8_t> data(kBytes);
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = uint8_t(i * 2654435761u >> 13);
    Md5State sink = kMd5Init;

    const double qt = bestMbPerSec(runs, [&] {
        QCryptographicHash h(QCryptographicHash::Md5);
        h.addData(QByteArrayView(reinterpret_cast<const char *>(data.data()), qsizetype(data.size())));
        sink[0] ^= uint32_t(h.result().at(0));
    });
    std::printf("QCryptographicHash      %8.0f MB/s\n", qt);
    const double one = bestMbPerSec(runs, [&] { md5Blocks(sink, data.data(), kBytes / kMd5Block); });
    std::printf("one stream (md5Blocks)  %8.0f MB/s  %.2fx Qt\n", one, one / qt);

    // Eight streams of kBytes / 8 each, as the lanes run them.
    const size_t laneBlocks = kBytes / kMd5Lanes / kMd5Block;
    for (const auto code : {Md5LaneCode::Avx2, Md5LaneCode::Avx512}) {
        const char *name = code == Md5LaneCode::Avx2 ? "eight lanes, AVX2     " : "eight lanes, AVX-512VL";
        if (!md5LaneCodeRuns(code)) {
            std::printf("%s  not on this CPU\n", name);
            continue;
        }
        Md5State states[kMd5Lanes];
        Md5State *ptrs[kMd5Lanes];
        const uint8_t *inputs[kMd5Lanes];
        for (size_t i = 0; i < kMd5Lanes; ++i) {
            states[i] = kMd5Init;
            ptrs[i] = &states[i];
            inputs[i] = data.data() + i * laneBlocks * kMd5Block;
        }
        const double mb = bestMbPerSec(runs, [&] { md5Blocks8(ptrs, inputs, laneBlocks, code); });
        std::printf("%s  %8.0f MB/s  %.2fx Qt\n", name, mb, mb / qt);
        sink[1] ^= states[0][0];
    }
    return sink[0] == 42 ? 1 : 0;   // keeps the work observable
}
