// PcapSpaceKeeper: Arkime's freeSpaceG. When the disk holding pcapDir has less free space
// than the limit (GiB, or a percentage of the disk), deletes the oldest complete luacap pcap
// files listed in the index until it has enough again. Runs on the disk thread.
#pragma once

#include <cstdint>

#include "pcapstore/pcap_store_config.h"

namespace luacap::engine {

class PcapFileIndex;

class PcapSpaceKeeper {
public:
    explicit PcapSpaceKeeper(const PcapStoreConfig &config) : config_(config) {}
    // Returns how many files were deleted (their entries are marked deleted, not saved).
    uint64_t makeRoom(PcapFileIndex &index) const;

private:
    bool enoughSpace(const std::string &dir) const;

    const PcapStoreConfig &config_;
};

} // namespace luacap::engine
