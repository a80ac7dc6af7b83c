// PcapSeries: the pcap files of one reader thread. The reader calls store() for each packet
// it keeps: the packet gets its (fileId, filePos) at once, as an input file's packets do, and
// its bytes go into a block that the disk thread writes later. Never blocks: when every block
// is in flight the packet is not stored, is counted, and gets no position.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "dispatch/spsc_queue.h"
#include "pcapstore/pcap_block.h"
#include "pcapstore/pcap_store_config.h"
#include "pcapstore/pcap_store_stats.h"

namespace luacap::engine {

struct PacketInfo;

class PcapSeries {
public:
    // nextFileId is shared by every series of the store (fileIds are unique in the sensor).
    PcapSeries(const PcapStoreConfig &config, uint32_t snapLen, std::atomic<uint32_t> &nextFileId,
               std::atomic<uint64_t> &diskBell, PcapStoreStats &stats);

    // Reader thread. Sets info.fileIndex/filePos, or FlagNotStored when the queue is full.
    void store(const uint8_t *frame, uint32_t capLen, uint32_t wireLen, int linkType, PacketInfo &info);
    // Reader thread, on its clock tick: hands over a partial block older than a flush interval.
    void tick();
    // Reader thread, after its last packet: hands over the partial block (waits for the disk).
    void finish();

    // Disk thread.
    SpscQueue<PcapBlock *> &filled() { return filled_; }
    void giveBack(PcapBlock *block) { free_.push(block); }
    bool finished() const { return finished_.load(std::memory_order_acquire); }

private:
    bool needsNewFile(int linkType, int64_t tsUsec, size_t recordBytes) const;
    PcapBlock *blockFor(bool newFile, size_t bytes);
    void startFile(PcapBlock &block, int linkType, int64_t tsUsec);
    void append(PcapBlock &block, const uint8_t *frame, uint32_t capLen, uint32_t wireLen, int64_t tsUsec);
    void handOver();

    const PcapStoreConfig config_;
    const uint32_t snapLen_;
    std::atomic<uint32_t> &nextFileId_;
    std::atomic<uint64_t> &diskBell_;
    PcapStoreStats &stats_;
    std::vector<std::unique_ptr<PcapBlock>> pool_;
    SpscQueue<PcapBlock *> filled_;   // reader -> disk thread
    SpscQueue<PcapBlock *> free_;     // disk thread -> reader
    PcapBlock *current_ = nullptr;
    int64_t currentSinceMs_ = 0;      // steady clock when current_ got its first bytes
    uint32_t fileId_ = 0;             // 0: no file yet
    uint64_t fileBytes_ = 0;          // bytes of the current file so far (the next packet's position)
    int fileLinkType_ = -1;
    int64_t fileFirstUsec_ = 0;
    std::atomic<bool> finished_{false};
};

} // namespace luacap::engine
