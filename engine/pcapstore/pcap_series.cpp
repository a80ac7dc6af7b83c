// PcapSeries implementation (reader thread; giveBack/filled on the disk thread).
#include "pcapstore/pcap_series.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "decode/packet_info.h"
#include "pcapstore/pcap_format.h"

namespace luacap::engine {

namespace {
constexpr int64_t kFlushMs = 200;   // a quiet link's packets reach the disk within this

int64_t steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

PcapSeries::PcapSeries(const PcapStoreConfig &config, uint32_t snapLen, std::atomic<uint32_t> &nextFileId,
                       std::atomic<uint64_t> &diskBell, PcapStoreStats &stats)
    : config_(config), snapLen_(snapLen), nextFileId_(nextFileId), diskBell_(diskBell), stats_(stats),
      filled_(config.writeQueueBlocks), free_(config.writeQueueBlocks)
{
    // Room for a full block plus one largest record and a file header: a record never splits.
    const size_t capacity = config_.writeBlockBytes + PcapFormat::kFileHeaderBytes + PcapFormat::kRecordHeaderBytes + snapLen_;
    for (uint32_t i = 0; i < config_.writeQueueBlocks; ++i) {
        pool_.push_back(std::make_unique<PcapBlock>(capacity));
        free_.push(pool_.back().get());
    }
    filled_.ringOnPush(&diskBell_);
}

void PcapSeries::store(const uint8_t *frame, uint32_t capLen, uint32_t wireLen, int linkType, PacketInfo &info)
{
    capLen = std::min(capLen, snapLen_);
    const size_t record = PcapFormat::kRecordHeaderBytes + capLen;
    const bool newFile = needsNewFile(linkType, info.tsUsec, record);
    PcapBlock *block = blockFor(newFile, newFile ? PcapFormat::kFileHeaderBytes + record : record);
    if (!block) {
        stats_.writeDrops.fetch_add(1, std::memory_order_relaxed);
        info.flags |= FlagNotStored;
        return;
    }
    if (newFile)
        startFile(*block, linkType, info.tsUsec);
    info.fileIndex = fileId_;
    info.filePos = fileBytes_;
    append(*block, frame, capLen, wireLen, info.tsUsec);
    stats_.packets.fetch_add(1, std::memory_order_relaxed);
    if (block->used >= config_.writeBlockBytes)
        handOver();
}

bool PcapSeries::needsNewFile(int linkType, int64_t tsUsec, size_t recordBytes) const
{
    if (fileId_ == 0 || linkType != fileLinkType_)
        return true;
    // A file always takes its first packet, however small maxFileSizeG is.
    if (fileBytes_ > PcapFormat::kFileHeaderBytes && fileBytes_ + recordBytes > config_.maxFileBytes)
        return true;
    return config_.maxFileTimeUsec > 0 && tsUsec - fileFirstUsec_ >= config_.maxFileTimeUsec;
}

// The block to append to, or null when every block is in flight (the disk lags). A new file
// starts in a fresh block, so each block belongs to exactly one file.
PcapBlock *PcapSeries::blockFor(bool newFile, size_t bytes)
{
    if (current_ && current_->used > 0 && (newFile || !current_->fits(bytes)))
        handOver();
    if (!current_) {
        PcapBlock *block = nullptr;
        if (!free_.tryPop(block))
            return nullptr;
        block->clear();
        block->fileId = fileId_;
        block->linkType = fileLinkType_;
        block->snapLen = snapLen_;
        block->firstUsec = fileFirstUsec_;
        current_ = block;
        currentSinceMs_ = steadyMs();
    }
    return current_;
}

void PcapSeries::startFile(PcapBlock &block, int linkType, int64_t tsUsec)
{
    fileId_ = nextFileId_.fetch_add(1, std::memory_order_relaxed);
    fileLinkType_ = linkType;
    fileFirstUsec_ = tsUsec;
    fileBytes_ = PcapFormat::kFileHeaderBytes;
    block.fileId = fileId_;
    block.linkType = linkType;
    block.firstUsec = tsUsec;
    block.opensFile = true;
    PcapFormat::putFileHeader(block.bytes.get(), snapLen_, linkType);
    block.used = PcapFormat::kFileHeaderBytes;
}

void PcapSeries::append(PcapBlock &block, const uint8_t *frame, uint32_t capLen, uint32_t wireLen, int64_t tsUsec)
{
    uint8_t *out = block.bytes.get() + block.used;
    PcapFormat::putRecordHeader(out, tsUsec, capLen, wireLen);
    std::memcpy(out + PcapFormat::kRecordHeaderBytes, frame, capLen);
    block.used += PcapFormat::kRecordHeaderBytes + capLen;
    block.lastUsec = tsUsec;
    fileBytes_ += PcapFormat::kRecordHeaderBytes + capLen;
}

// The filled queue holds every block of the pool, so this push never waits. An empty block
// stays with the reader (only the disk thread pushes to free_).
void PcapSeries::handOver()
{
    if (!current_ || current_->used == 0)
        return;
    filled_.push(current_);
    current_ = nullptr;
}

void PcapSeries::tick()
{
    if (current_ && current_->used > 0 && steadyMs() - currentSinceMs_ >= kFlushMs)
        handOver();
}

void PcapSeries::finish()
{
    handOver();
    finished_.store(true, std::memory_order_release);
    diskBell_.fetch_add(1, std::memory_order_release);
    diskBell_.notify_all();
}

} // namespace luacap::engine
