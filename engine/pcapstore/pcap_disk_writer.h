// PcapDiskWriter: the disk thread of the packet store. Takes the filled blocks of every
// reader's PcapSeries, creates and appends to their pcap files, keeps the file index and
// the free-space limit, and gives the blocks back. The only thread that touches pcapDir.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "pcapstore/pcap_file_index.h"
#include "pcapstore/pcap_space_keeper.h"
#include "pcapstore/pcap_store_stats.h"

namespace luacap::engine {

struct PcapBlock;
class PcapSeries;

class PcapDiskWriter {
public:
    PcapDiskWriter(const PcapStoreConfig &config, PcapFileIndex &index, std::vector<PcapSeries *> series,
                   std::atomic<uint64_t> &bell, PcapStoreStats &stats);

    // Disk thread: writes until every series finished and was drained, then closes its files.
    void run();
    // Valid after run() returned.
    const std::string &lastError() const { return lastError_; }

private:
    struct OpenFile {
        uint32_t id = 0;
        int fd = -1;
    };

    bool drain();
    bool allFinished() const;
    void write(OpenFile &file, const PcapBlock &block);
    void open(OpenFile &file, const PcapBlock &block);
    void close(OpenFile &file);
    void fail(const std::string &what);
    void saveIndex();

    const PcapStoreConfig &config_;
    PcapFileIndex &index_;
    std::vector<PcapSeries *> series_;
    std::vector<OpenFile> files_;   // per series
    std::atomic<uint64_t> &bell_;
    PcapStoreStats &stats_;
    PcapSpaceKeeper keeper_;
    std::string lastError_;
};

} // namespace luacap::engine
