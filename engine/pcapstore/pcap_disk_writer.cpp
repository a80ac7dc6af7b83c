// PcapDiskWriter implementation (disk thread).
#include "pcapstore/pcap_disk_writer.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

#include "pcapstore/pcap_block.h"
#include "pcapstore/pcap_series.h"

namespace luacap::engine {

PcapDiskWriter::PcapDiskWriter(const PcapStoreConfig &config, PcapFileIndex &index, std::vector<PcapSeries *> series,
                               std::atomic<uint64_t> &bell, PcapStoreStats &stats)
    : config_(config), index_(index), series_(std::move(series)), files_(series_.size()), bell_(bell), stats_(stats),
      keeper_(config)
{
}

void PcapDiskWriter::run()
{
    for (;;) {
        const uint64_t seen = bell_.load(std::memory_order_acquire);
        // Read before draining: a series that finished has pushed its last block already.
        const bool finished = allFinished();
        if (drain())
            continue;
        if (finished)
            break;
        bell_.wait(seen, std::memory_order_acquire);
    }
    for (OpenFile &f : files_)
        close(f);
    saveIndex();
}

bool PcapDiskWriter::allFinished() const
{
    for (const PcapSeries *s : series_) {
        if (!s->finished())
            return false;
    }
    return true;
}

bool PcapDiskWriter::drain()
{
    bool wrote = false;
    for (size_t i = 0; i < series_.size(); ++i) {
        PcapBlock *block = nullptr;
        while (series_[i]->filled().tryPop(block)) {
            write(files_[i], *block);
            series_[i]->giveBack(block);
            wrote = true;
            if (config_.writeDelayMs)
                std::this_thread::sleep_for(std::chrono::milliseconds(config_.writeDelayMs));
        }
    }
    return wrote;
}

void PcapDiskWriter::write(OpenFile &file, const PcapBlock &block)
{
    if (block.opensFile) {
        close(file);
        open(file, block);
    }
    PcapFileEntry *entry = index_.find(block.fileId);
    if (file.fd < 0 || file.id != block.fileId || !entry)
        return;   // the create failed: the error was counted once
    size_t done = 0;
    while (done < block.used) {
        const ssize_t n = ::write(file.fd, block.bytes.get() + done, block.used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fail(index_.pathOf(*entry) + ": write failed: " + std::strerror(errno));
            break;
        }
        done += size_t(n);
    }
    entry->size += done;
    entry->lastUsec = block.lastUsec;
    stats_.bytesWritten.fetch_add(done, std::memory_order_relaxed);
}

void PcapDiskWriter::open(OpenFile &file, const PcapBlock &block)
{
    PcapFileEntry entry;
    entry.id = block.fileId;
    entry.name = PcapFileIndex::fileName(block.fileId, block.firstUsec);
    entry.firstUsec = entry.lastUsec = block.firstUsec;
    entry.linkType = block.linkType;
    entry.snapLen = block.snapLen;
    const std::string path = index_.dir() + "/" + entry.name;
    file.id = block.fileId;
    file.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (file.fd < 0)
        return fail(path + ": cannot create: " + std::strerror(errno));
    index_.add(std::move(entry));
    stats_.filesOpened.fetch_add(1, std::memory_order_relaxed);
    stats_.filesDeleted.fetch_add(keeper_.makeRoom(index_), std::memory_order_relaxed);
    saveIndex();
}

void PcapDiskWriter::close(OpenFile &file)
{
    if (file.fd < 0)
        return;
    ::close(file.fd);
    file.fd = -1;
    if (PcapFileEntry *entry = index_.find(file.id))
        entry->complete = true;
}

void PcapDiskWriter::fail(const std::string &what)
{
    stats_.writeErrors.fetch_add(1, std::memory_order_relaxed);
    lastError_ = what;
}

void PcapDiskWriter::saveIndex()
{
    std::string error;
    if (!index_.save(&error))
        fail(error);
}

} // namespace luacap::engine
