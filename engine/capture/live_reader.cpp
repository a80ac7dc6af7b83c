// LiveReader implementation (reader thread of one interface): read -> decode -> key -> hash -> batch.
#include "capture/live_reader.h"

#include <algorithm>
#include <chrono>
#include <pcap/pcap.h>
#include <poll.h>

#include "capture/live_source.h"
#include "dispatch/startup_gate.h"
#include "pcapstore/pcap_series.h"

namespace luacap::engine {

namespace {
constexpr int kPacketsPerDispatch = 512;
constexpr int64_t kStatsEveryMs = 1000;

int64_t steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t wallUsec()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

LiveReader::LiveReader(LiveSource &source, const DecoderConfig &config, std::vector<WorkerChannel *> channels,
                       std::vector<Doorbell *> bells, const std::atomic<bool> &stop, StartupGate *gate)
    : source_(source), channels_(std::move(channels)), bells_(std::move(bells)), stop_(stop), gate_(gate),
      current_(channels_.size(), nullptr)
{
    if (PacketDecoder::supportsLinkType(source_.linkType()))
        decoder_ = std::make_unique<PacketDecoder>(source_.linkType(), config);
}

void LiveReader::run()
{
    if (gate_)
        gate_->ready.wait();
    const bool startFailed = gate_ && gate_->failed.load();
    if (!decoder_)
        stats_.error = source_.name() + ": unsupported link type " + std::to_string(source_.linkType());
    while (!startFailed && decoder_ && !stop_.load(std::memory_order_relaxed)) {
        const int n = pcap_dispatch(source_.handle(), kPacketsPerDispatch, &LiveReader::onPacket,
                                    reinterpret_cast<unsigned char *>(this));
        if (n < 0) {
            stats_.error = source_.name() + ": " + pcap_geterr(source_.handle());
            break;
        }
        if (n == 0)
            waitReadable();
        tick();
    }
    updateDrops();
    if (decoder_)
        stats_.decode = decoder_->stats();
    if (pcapSeries_)
        pcapSeries_->finish();
    sendAll(true);
}

void LiveReader::onPacket(unsigned char *self, const pcap_pkthdr *header, const unsigned char *bytes)
{
    reinterpret_cast<LiveReader *>(self)->dispatch(*header, bytes);
}

// Waits for packets no longer than a flush interval, so stop requests and clock ticks are seen.
void LiveReader::waitReadable() const
{
    pollfd fd{source_.fd(), POLLIN, 0};
    poll(&fd, 1, kFlushMs);
}

void LiveReader::tick()
{
    const int64_t now = steadyMs();
    if (now - lastFlushMs_ >= kFlushMs) {
        clockUsec_ = std::max(clockUsec_, wallUsec());
        decoder_->expireFragments(clockUsec_);
        sendAll(false);
        if (pcapSeries_)
            pcapSeries_->tick();
        lastFlushMs_ = now;
    }
    if (now - lastStatsMs_ >= kStatsEveryMs) {
        updateDrops();
        lastStatsMs_ = now;
    }
}

void LiveReader::dispatch(const pcap_pkthdr &header, const uint8_t *data)
{
    const int64_t ts = int64_t(header.ts.tv_sec) * 1'000'000 + header.ts.tv_usec;
    clockUsec_ = std::max(clockUsec_, ts);
    stats_.packets.fetch_add(1, std::memory_order_relaxed);
    stats_.bytes.fetch_add(header.len, std::memory_order_relaxed);
    PacketInfo info;
    info.tsUsec = ts;
    info.clockUsec = clockUsec_;
    info.wireLen = header.len;
    const DecodedBytes bytes = decoder_->decode(data, header.caplen, info);
    const bool toSession = info.kind == PacketKind::Session || (info.kind == PacketKind::Corrupt && info.keyValid);
    if (!toSession)
        return;
    const size_t worker = info.hash % channels_.size();
    PacketBatch *batch = batchFor(worker, bytes.len);
    if (!batch) {
        stats_.ownDrops.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    if (pcapSeries_)
        pcapSeries_->store(data, header.caplen, header.len, source_.linkType(), info);
    batch->addCopy(info, bytes.data, bytes.len);   // libpcap's buffer is reused by the next packet
}

// The batch to add a packet to, or null when the packet thread holds every batch (it lags).
PacketBatch *LiveReader::batchFor(size_t worker, size_t bytes)
{
    if (current_[worker] && current_[worker]->full(bytes))
        send(worker);
    if (!current_[worker]) {
        PacketBatch *batch = nullptr;
        if (!channels_[worker]->freeBatches.tryPop(batch))
            return nullptr;
        batch->clear();
        current_[worker] = batch;
    }
    return current_[worker];
}

void LiveReader::send(size_t worker)
{
    PacketBatch *batch = current_[worker];
    batch->clockUsec = clockUsec_;
    current_[worker] = nullptr;
    channels_[worker]->toWorker.push(batch);  // never waits: the queue holds every batch of the pool
    bells_[worker]->ring();
}

// Every packet thread gets a batch, empty ones too, so its clock advances. At the end the
// reader waits for a free batch; otherwise a lagging packet thread just misses one tick.
void LiveReader::sendAll(bool endOfInput)
{
    for (size_t w = 0; w < channels_.size(); ++w) {
        if (!current_[w]) {
            if (endOfInput)
                current_[w] = channels_[w]->freeBatches.pop();
            else if (!channels_[w]->freeBatches.tryPop(current_[w]))
                continue;
            current_[w]->clear();
        }
        current_[w]->endOfInput = endOfInput;
        send(w);
    }
}

void LiveReader::updateDrops()
{
    const LiveDrops d = source_.drops();
    stats_.kernelDrops.store(d.kernel, std::memory_order_relaxed);
    stats_.interfaceDrops.store(d.interface, std::memory_order_relaxed);
}

} // namespace luacap::engine
