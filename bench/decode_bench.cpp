// luacap-decode-bench: times the "decode" stage alone. Loads a capture into memory with the
// engine's PcapFileSource (libpcap, gzip too), then runs PacketDecoder::decode over every
// frame several times, in place and in reader-like batches, and prints ns/packet and Mpackets/s.
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
    double decodeSeconds = 0;
    double copySeconds = 0;  // batched mode: building the batch arena
    uint64_t checksum = 0;   // keeps the compiler from dropping the work
    DecodeStats stats;
};

constexpr size_t kBatch = 256;   // packets per reader batch

// In place: decodes the frames where they lie in the loaded capture. Once the capture is
// bigger than the caches every frame's first line is a memory miss, so this is the worst case.
RunResult runInPlace(const Capture &cap)
{
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
    r.decodeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.stats = decoder.stats();
    return r;
}

// Like the reader: copy a batch of frames into an arena (libpcap hands each frame over in its
// own buffer, just read), then decode them there. Times the two steps apart.
RunResult runBatched(const Capture &cap)
{
    std::vector<PacketInfo> batch(kBatch);
    std::vector<uint32_t> offsets(kBatch);
    std::vector<uint8_t> arena;
    PacketDecoder decoder(cap.linkType, DecoderConfig{});
    RunResult r;
    using Clock = std::chrono::steady_clock;
    for (size_t first = 0; first < cap.frames.size(); first += kBatch) {
        const size_t n = std::min(kBatch, cap.frames.size() - first);
        const auto t0 = Clock::now();
        arena.clear();
        for (size_t k = 0; k < n; ++k) {
            const Frame &f = cap.frames[first + k];
            offsets[k] = uint32_t(arena.size());
            arena.insert(arena.end(), cap.bytes.data() + f.offset, cap.bytes.data() + f.offset + f.capLen);
        }
        const auto t1 = Clock::now();
        for (size_t k = 0; k < n; ++k) {
            const Frame &f = cap.frames[first + k];
            PacketInfo &info = batch[k];
            info.tsUsec = f.tsUsec;
            info.wireLen = f.wireLen;
            const DecodedBytes b = decoder.decode(arena.data() + offsets[k], f.capLen, info);
            r.checksum += info.hash + b.len;
        }
        const auto t2 = Clock::now();
        r.copySeconds += std::chrono::duration<double>(t1 - t0).count();
        r.decodeSeconds += std::chrono::duration<double>(t2 - t1).count();
    }
    r.stats = decoder.stats();
    return r;
}

// SessionKey::hash alone over the keys the decoder built (part of every session packet's decode).
double timeHash(const Capture &cap, int runs)
{
    std::vector<SessionKey> keys;
    PacketDecoder decoder(cap.linkType, DecoderConfig{});
    for (const Frame &f : cap.frames) {
        PacketInfo info;
        info.wireLen = f.wireLen;
        decoder.decode(cap.bytes.data() + f.offset, f.capLen, info);
        if (info.keyValid)
            keys.push_back(info.key);
    }
    if (keys.empty())
        return 0;
    uint64_t sum = 0;
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        for (const SessionKey &k : keys)
            sum += k.hash();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("  (hash checksum %llx)\n", (unsigned long long)sum);
    return best / double(keys.size());
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
    std::printf("decode: %s, link type %d, %zu packets, %.1f MB, %d runs\n", argv[1], cap.linkType, cap.frames.size(),
                double(cap.bytes.size()) / 1e6, runs);
    std::vector<double> inPlace, batched, copies;
    RunResult last;
    for (int i = 0; i < runs; ++i) {
        inPlace.push_back(runInPlace(cap).decodeSeconds);
        last = runBatched(cap);
        batched.push_back(last.decodeSeconds);
        copies.push_back(last.copySeconds);
    }
    for (auto *v : {&inPlace, &batched, &copies})
        std::sort(v->begin(), v->end());
    const size_t n = cap.frames.size();
    std::printf(" decode, frames in place (cold when the file exceeds the caches):\n");
    report("best", inPlace.front(), n);
    report("median", inPlace[inPlace.size() / 2], n);
    std::printf(" decode, reader-like batches of %zu copied to an arena:\n", kBatch);
    report("best", batched.front(), n);
    report("median", batched[batched.size() / 2], n);
    std::printf(" copy into the arena (not decode):\n");
    report("median", copies[copies.size() / 2], n);
    std::printf(" hash (SessionKey::hash, included above): %.1f ns/key\n", timeHash(cap, runs) * 1e9);
    std::printf("  session packets %llu, counted %llu, corrupt %llu, fragments %llu (checksum %llx)\n",
                (unsigned long long)last.stats.sessionPackets, (unsigned long long)last.stats.nonIpCounted,
                (unsigned long long)(last.stats.corruptEther + last.stats.corruptIp),
                (unsigned long long)last.stats.fragments, (unsigned long long)last.checksum);
    return 0;
}
