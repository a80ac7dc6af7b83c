// PacketReader implementation (reader thread): read -> decode -> key -> hash -> batch.
#include "dispatch/packet_reader.h"

#include <algorithm>
#include <cstring>

#include "capture/pcap_file_source.h"
#include "dispatch/startup_gate.h"
#include "pcapstore/pcap_series.h"

namespace luacap::engine {

namespace {
// Every packet thread gets a batch (possibly empty) at least this often per packet thread,
// so each sees the input clock advance and saves timed-out sessions promptly.
constexpr uint32_t kFlushEveryPerWorker = PacketBatch::kMaxPackets;
} // namespace

PacketReader::PacketReader(std::vector<std::string> files, const DecoderConfig &config,
                           std::vector<WorkerChannel *> workers, StartupGate *gate)
    : files_(std::move(files)), config_(config), workers_(std::move(workers)), gate_(gate), current_(workers_.size(), nullptr)
{
}

void PacketReader::run()
{
    if (gate_)
        gate_->ready.wait();
    const bool startFailed = gate_ && gate_->failed.load();
    for (uint32_t i = 0; i < files_.size() && !startFailed && !stopRequested(); ++i)
        readFile(i);
    if (pcapSeries_)
        pcapSeries_->finish();
    sendAll(true);
}

bool PacketReader::stopRequested()
{
    if (stopFlag_ && stopFlag_->load(std::memory_order_relaxed))
        stopped_ = true;
    return stopped_;
}

void PacketReader::fail(const std::string &line)
{
    stats_.errors.push_back(line);
}

void PacketReader::readFile(uint32_t fileIndex)
{
    const std::string &path = files_[fileIndex];
    PcapFileSource source;
    if (!source.open(path)) {
        ++stats_.filesFailed;
        fail(path + ": " + source.error());
        return;
    }
    // A pcap file has one link type for all; a pcapng file's other interfaces may still decode.
    if (!source.isPcapng() && !PacketDecoder::supportsLinkType(source.linkType())) {
        ++stats_.filesFailed;
        fail(path + ": unsupported link type " + std::to_string(source.linkType()));
        return;
    }
    ++stats_.filesRead;
    readPackets(source, fileIndex);
    finishDecoders(fileIndex);
}

void PacketReader::readPackets(PcapFileSource &source, uint32_t fileIndex)
{
    RawPacket raw;
    for (;;) {
        // Only right after a flush: every packet thread has its packets so far, none half-sent.
        if (sinceFlush_ == 0 && stopRequested())
            return;
        const PcapFileSource::Status status = source.next(raw);
        if (status == PcapFileSource::Status::Packet) {
            LinkDecoder &link = decoderFor(raw.linkType);
            if (link.decoder)
                dispatch(raw, *link.decoder, fileIndex);
            else
                ++link.unsupportedPackets;
            continue;
        }
        if (status == PcapFileSource::Status::Truncated) {
            ++stats_.filesTruncated;
            truncatedSinceFlush_ = true;
            fail(files_[fileIndex] + ": " + source.error() + " (packets before the cut were kept)");
        } else if (status == PcapFileSource::Status::Error) {
            ++stats_.filesCorrupt;
            fail(files_[fileIndex] + ": " + source.error() + " (packets before it were kept)");
        }
        return;
    }
}

// Decoders are created on a link type's first packet, so a file costs one per type it uses.
PacketReader::LinkDecoder &PacketReader::decoderFor(int linkType)
{
    if (lastDecoder_ < decoders_.size() && decoders_[lastDecoder_].linkType == linkType)
        return decoders_[lastDecoder_];
    for (lastDecoder_ = 0; lastDecoder_ < decoders_.size(); ++lastDecoder_) {
        if (decoders_[lastDecoder_].linkType == linkType)
            return decoders_[lastDecoder_];
    }
    LinkDecoder &link = decoders_.emplace_back();
    link.linkType = linkType;
    if (PacketDecoder::supportsLinkType(linkType))
        link.decoder = std::make_unique<PacketDecoder>(linkType, config_);
    return link;
}

// Adds each decoder's counters and reports each unsupported link type once for the file.
void PacketReader::finishDecoders(uint32_t fileIndex)
{
    for (const LinkDecoder &link : decoders_) {
        if (link.decoder)
            stats_.decode.add(link.decoder->stats());
        if (link.unsupportedPackets == 0)
            continue;
        stats_.unsupportedLinkPackets += link.unsupportedPackets;
        fail(files_[fileIndex] + ": unsupported link type " + std::to_string(link.linkType) + " (" +
             std::to_string(link.unsupportedPackets) + " packets skipped)");
    }
    decoders_.clear();
    lastDecoder_ = 0;
}

void PacketReader::dispatch(const RawPacket &raw, PacketDecoder &decoder, uint32_t fileIndex)
{
    clockUsec_ = std::max(clockUsec_, raw.tsUsec);
    if ((++packetsRead_ & 1023) == 0) {
        for (LinkDecoder &link : decoders_) {
            if (link.decoder)
                link.decoder->expireFragments(clockUsec_);
        }
    }
    ++sinceFlush_;
    PacketInfo info;
    info.tsUsec = raw.tsUsec;
    info.clockUsec = clockUsec_;
    info.filePos = raw.filePos;
    info.fileIndex = fileIndex;
    info.wireLen = raw.wireLen;
    info.frameNumber = uint32_t(packetsRead_);
    const DecodedBytes bytes = decoder.decode(raw.data, raw.capLen, info);
    const bool toSession = info.kind == PacketKind::Session || (info.kind == PacketKind::Corrupt && info.keyValid);
    if (toSession) {
        const size_t worker = info.hash % workers_.size();
        PacketBatch &batch = batchFor(worker, bytes.len);
        if (pcapSeries_)
            pcapSeries_->store(raw.data, raw.capLen, raw.wireLen, raw.linkType, info);
        batch.addCopy(info, bytes.data, bytes.len);
    }
    if (sinceFlush_ >= kFlushEveryPerWorker * workers_.size())
        sendAll(false);
}

PacketBatch &PacketReader::batchFor(size_t worker, size_t bytes)
{
    PacketBatch *batch = current_[worker];
    if (batch && batch->full(bytes)) {
        send(worker);
        batch = nullptr;
    }
    if (!batch) {
        batch = workers_[worker]->freeBatches.pop();  // blocks when the packet thread lags: backpressure
        batch->clear();
        current_[worker] = batch;
    }
    return *batch;
}

void PacketReader::send(size_t worker)
{
    PacketBatch *batch = current_[worker];
    if (!batch) {
        batch = workers_[worker]->freeBatches.pop();
        batch->clear();
    }
    batch->clockUsec = clockUsec_;
    batch->inputTruncated = truncatedSinceFlush_;
    current_[worker] = nullptr;
    workers_[worker]->toWorker.push(batch);
}

void PacketReader::sendAll(bool endOfInput)
{
    for (size_t w = 0; w < workers_.size(); ++w) {
        if (endOfInput) {
            if (!current_[w]) {
                current_[w] = workers_[w]->freeBatches.pop();
                current_[w]->clear();
            }
            current_[w]->endOfInput = true;
        }
        send(w);
    }
    sinceFlush_ = 0;
    truncatedSinceFlush_ = false;
}

} // namespace luacap::engine
