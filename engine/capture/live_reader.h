// LiveReader: the reader thread of one capture interface. Reads the libpcap handle, decodes
// each frame and hands packets in batches to the packet thread owning their session, through
// its own channel to each packet thread. Never blocks on a busy packet thread: a packet that
// finds no free batch is dropped and counted. Batches leave at least every kFlushMs, carrying
// the wall clock, so quiet links still time sessions out and let the writer move on.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "capture/live_reader_stats.h"
#include "decode/packet_decoder.h"
#include "dispatch/record_channel.h"
#include "dispatch/worker_channel.h"

struct pcap_pkthdr;

namespace luacap::engine {

class LiveSource;
class PcapSeries;
struct StartupGate;

class LiveReader {
public:
    static constexpr int kFlushMs = 50;

    LiveReader(LiveSource &source, const DecoderConfig &config, std::vector<WorkerChannel *> channels,
               std::vector<Doorbell *> bells, const std::atomic<bool> &stop, StartupGate *gate);

    // Reader thread: reads until stop is set (or the interface fails), then sends every packet
    // thread its end batch.
    void run();
    const LiveReaderStats &stats() const { return stats_; }
    // Before run(): with pcapDir, packets are also written to this series, which gives them
    // their positions (docs/pcap-storage.md).
    void setPcapSeries(PcapSeries *series) { pcapSeries_ = series; }

private:
    static void onPacket(unsigned char *self, const pcap_pkthdr *header, const unsigned char *bytes);
    void dispatch(const pcap_pkthdr &header, const uint8_t *data);
    void waitReadable() const;
    void tick();
    PacketBatch *batchFor(size_t worker, size_t bytes);
    void send(size_t worker);
    void sendAll(bool endOfInput);
    void updateDrops();

    LiveSource &source_;
    std::unique_ptr<PacketDecoder> decoder_;
    std::vector<WorkerChannel *> channels_;
    std::vector<Doorbell *> bells_;
    const std::atomic<bool> &stop_;
    StartupGate *gate_;
    std::vector<PacketBatch *> current_;   // the batch being filled, per packet thread
    int64_t clockUsec_ = 0;                // max of packet times and the wall clock
    int64_t lastFlushMs_ = 0;              // steady clock of the last sendAll
    int64_t lastStatsMs_ = 0;
    LiveReaderStats stats_;
    PcapSeries *pcapSeries_ = nullptr;
};

} // namespace luacap::engine
