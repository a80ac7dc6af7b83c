// PcapSpaceKeeper implementation (disk thread).
#include "pcapstore/pcap_space_keeper.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include "pcapstore/pcap_file_index.h"

namespace luacap::engine {

bool PcapSpaceKeeper::enoughSpace(const std::string &dir) const
{
    struct statvfs fs {};
    if (statvfs(dir.c_str(), &fs) != 0)
        return true;   // cannot tell: never delete on a guess
    const double available = double(fs.f_bavail) * double(fs.f_frsize);
    const double total = double(fs.f_blocks) * double(fs.f_frsize);
    const double wanted = config_.freeSpacePercent > 0 ? total * config_.freeSpacePercent / 100.0
                                                       : config_.freeSpaceGiB * double(1ull << 30);
    return available >= wanted;
}

uint64_t PcapSpaceKeeper::makeRoom(PcapFileIndex &index) const
{
    uint64_t deleted = 0;
    // Entries are in creation order, so the first complete one is the oldest file.
    for (PcapFileEntry &e : index.entries()) {
        if (enoughSpace(index.dir()))
            break;
        if (!e.complete || e.deleted)
            continue;
        unlink(index.pathOf(e).c_str());
        e.deleted = true;
        ++deleted;
    }
    return deleted;
}

} // namespace luacap::engine
