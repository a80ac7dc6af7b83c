// PacketReader: the reader thread. Reads input files in order, decodes each frame, and hands
// packets to the packet thread that owns their session (hash of the canonical key), in batches.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "decode/packet_decoder.h"
#include "dispatch/reader_stats.h"
#include "dispatch/worker_channel.h"

namespace luacap::engine {

class PcapFileSource;
class PcapSeries;
struct RawPacket;
struct StartupGate;

class PacketReader {
public:
    PacketReader(std::vector<std::string> files, const DecoderConfig &config,
                 std::vector<WorkerChannel *> workers, StartupGate *gate = nullptr);

    // Runs on the reader thread until every file is read; ends with an endOfInput batch to
    // every packet thread.
    void run();
    const ReaderStats &stats() const { return stats_; }
    // Before run(): packets go to this pcap series too and take their positions from it
    // (capture -r with pcapDir) instead of the input files'.
    void setPcapSeries(PcapSeries *series) { pcapSeries_ = series; }
    // Before run(): when *flag turns true the reader stops at the next batch boundary and ends
    // as at end of input (packet threads save their open sessions). Checked once per flush.
    void setStopFlag(const std::atomic<bool> *flag) { stopFlag_ = flag; }
    // After run(): whether the stop flag cut the input short.
    bool stopped() const { return stopped_; }

private:
    // A file's decoders, one per link type seen in it (pcapng interfaces may differ); decoder
    // is null for a link type the decoder does not support (its packets are only counted).
    struct LinkDecoder {
        int linkType = -1;
        std::unique_ptr<PacketDecoder> decoder;
        uint64_t unsupportedPackets = 0;
    };

    void readFile(uint32_t fileIndex);
    void readPackets(PcapFileSource &source, uint32_t fileIndex);
    LinkDecoder &decoderFor(int linkType);
    void finishDecoders(uint32_t fileIndex);
    void dispatch(const RawPacket &raw, PacketDecoder &decoder, uint32_t fileIndex);
    PacketBatch &batchFor(size_t worker, size_t bytes);
    void send(size_t worker);
    void sendAll(bool endOfInput);
    void fail(const std::string &line);
    bool stopRequested();

    std::vector<std::string> files_;
    DecoderConfig config_;
    std::vector<WorkerChannel *> workers_;
    StartupGate *gate_;
    std::vector<LinkDecoder> decoders_;    // of the file being read
    size_t lastDecoder_ = 0;               // consecutive packets mostly share a link type
    std::vector<PacketBatch *> current_;   // the batch being filled, per packet thread
    int64_t clockUsec_ = 0;                // monotonic input clock
    uint64_t packetsRead_ = 0;
    uint32_t sinceFlush_ = 0;              // packets since every packet thread got a batch
    bool truncatedSinceFlush_ = false;
    ReaderStats stats_;
    PcapSeries *pcapSeries_ = nullptr;
    const std::atomic<bool> *stopFlag_ = nullptr;
    bool stopped_ = false;
};

} // namespace luacap::engine
