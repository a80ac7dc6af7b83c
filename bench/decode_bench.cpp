// luacap-decode-bench: times the "decode" stage alone. Loads a capture into memory with the
// engine's PcapFileSource (libpcap, gzip too), then runs PacketDecoder::decode over every
// frame several times, as the reader thread would, and prints ns/packet and Mpackets/s.
// Single-threaded. Usage: luacap-decode-bench FILE [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/pcap_file_source.h"
#include "decode/packet_decoder.h"

using namespace luacap::engine;

namespace {

struct Frame {
    size_t offset = 0;
    uint32_t capLen = 0;
    uint32_t wireLen = 0;
    int64_t tsUsec = 0;
};

struct Capture {
    int linkType = -1;
    std::vector<uint8_t> bytes;   // every frame back to back, so the walk reads memory, not I/O
    std::vector<Frame> frames;
};

bool load(const std::string &path, Capture &cap)
{
    PcapFileSource source;
    if (!source.open(path)) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), source.error().c_str());
        return false;
    }
    cap.linkType = source.linkType();
    RawPacket raw;
    while (source.next(raw) == PcapFileSource::Status::Packet) {
        cap.frames.push_back({cap.bytes.size(), raw.capLen, raw.wireLen, raw.tsUsec});
        cap.bytes.insert(cap.bytes.end(), raw.data, raw.data + raw.capLen);
    }
    return true;
}

struct RunResult {
    double seconds = 0;
    uint64_t checksum = 0;   // keeps the compiler from dropping the work
    DecodeStats stats;
};

// Decodes into a ring of PacketInfo slots the size of a reader batch, like the real reader.
RunResult runOnce(const Capture &cap)
{
    constexpr size_t kBatch = 256;
    std::vector<PacketInfo> batch(kBatch);
    PacketDecoder decoder(cap.linkType, DecoderConfig{});
    RunResult r;
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < cap.frames.size(); ++i) {
        const Frame &f = cap.frames[i];
        PacketInfo &info = batch[i % kBatch];
        info.tsUsec = f.tsUsec;
        info.wireLen = f.wireLen;
        const DecodedBytes b = decoder.decode(cap.bytes.data() + f.offset, f.capLen, info);
        r.checksum += info.hash + b.len;
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.stats = decoder.stats();
    return r;
}

void report(const char *label, double seconds, size_t packets)
{
    const double ns = seconds * 1e9 / double(packets);
    std::printf("  %-7s %8.1f ns/packet  %7.2f Mpackets/s\n", label, ns, 1e3 / ns);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [RUNS]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    Capture cap;
    if (!load(argv[1], cap))
        return 1;
    if (cap.frames.empty() || !PacketDecoder::supportsLinkType(cap.linkType)) {
        std::fprintf(stderr, "%s: no packets or unsupported link type %d\n", argv[1], cap.linkType);
        return 1;
    }
    std::vector<double> times;
    RunResult last;
    for (int i = 0; i < runs; ++i) {
        last = runOnce(cap);
        times.push_back(last.seconds);
    }
    std::sort(times.begin(), times.end());
    std::printf("decode: %s, link type %d, %zu packets, %.1f MB, %d runs\n", argv[1], cap.linkType, cap.frames.size(),
                double(cap.bytes.size()) / 1e6, runs);
    report("best", times.front(), cap.frames.size());
    report("median", times[times.size() / 2], cap.frames.size());
    std::printf("  session packets %llu, counted %llu, corrupt %llu, fragments %llu (checksum %llx)\n",
                (unsigned long long)last.stats.sessionPackets, (unsigned long long)last.stats.nonIpCounted,
                (unsigned long long)(last.stats.corruptEther + last.stats.corruptIp),
                (unsigned long long)last.stats.fragments, (unsigned long long)last.checksum);
    return 0;
}
