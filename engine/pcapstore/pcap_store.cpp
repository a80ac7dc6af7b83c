// PcapStore implementation (main thread; the disk thread runs PcapDiskWriter).
#include "pcapstore/pcap_store.h"

#include <QDir>

#include "pcapstore/pcap_disk_writer.h"
#include "pcapstore/pcap_series.h"

namespace luacap::engine {

PcapStore::PcapStore(PcapStoreConfig config) : config_(std::move(config)) {}

PcapStore::~PcapStore()
{
    for (auto &s : series_)
        if (!s->finished())
            s->finish();
    wait();
}

bool PcapStore::open(std::string *error)
{
    if (!QDir().mkpath(QString::fromStdString(config_.dir))) {
        *error = "pcapDir " + config_.dir + ": cannot create the directory";
        return false;
    }
    if (!index_.load(config_.dir, error))
        return false;
    // Files a crashed run left open hold what reached the disk: they are done now.
    for (PcapFileEntry &e : index_.entries())
        e.complete = true;
    nextFileId_.store(index_.highestId() + 1);
    return index_.save(error);
}

PcapSeries &PcapStore::addSeries(uint32_t snapLen)
{
    series_.push_back(std::make_unique<PcapSeries>(config_, snapLen, nextFileId_, diskBell_, stats_));
    return *series_.back();
}

void PcapStore::start()
{
    std::vector<PcapSeries *> series;
    for (auto &s : series_)
        series.push_back(s.get());
    writer_ = std::make_unique<PcapDiskWriter>(config_, index_, std::move(series), diskBell_, stats_);
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "luacap-pcap");
        writer_->run();
    });
}

void PcapStore::wait()
{
    if (thread_.joinable())
        thread_.join();
}

PcapStoreCounters PcapStore::counters() const
{
    return {stats_.packets.load(), stats_.writeDrops.load(), stats_.bytesWritten.load(),
            stats_.filesOpened.load(), stats_.filesDeleted.load(), stats_.writeErrors.load()};
}

std::string PcapStore::lastError() const
{
    return writer_ && !thread_.joinable() ? writer_->lastError() : std::string();
}

} // namespace luacap::engine
