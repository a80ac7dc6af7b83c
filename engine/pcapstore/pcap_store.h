// PcapStore: packet storage of `luacap capture` (docs/pcap-storage.md). Built on the main
// thread: one PcapSeries per reader thread (positions are assigned where packets are read),
// and one disk thread that does the I/O. Reader threads never wait for the disk.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pcapstore/pcap_file_index.h"
#include "pcapstore/pcap_store_config.h"
#include "pcapstore/pcap_store_stats.h"

namespace luacap::engine {

class PcapDiskWriter;
class PcapSeries;

class PcapStore {
public:
    explicit PcapStore(PcapStoreConfig config);
    ~PcapStore();

    // Main thread: creates pcapDir if needed and loads its index. False with *error.
    bool open(std::string *error);
    // Main thread, before start(): the file series of one more reader thread.
    PcapSeries &addSeries(uint32_t snapLen);
    void start();
    // Main thread, once every reader finished its series: waits for the last write.
    void wait();

    PcapStoreCounters counters() const;
    // After wait(): the last create/write error, if any.
    std::string lastError() const;
    const PcapStoreConfig &config() const { return config_; }

private:
    const PcapStoreConfig config_;
    PcapFileIndex index_;
    PcapStoreStats stats_;
    std::atomic<uint32_t> nextFileId_{1};
    std::atomic<uint64_t> diskBell_{0};
    std::vector<std::unique_ptr<PcapSeries>> series_;
    std::unique_ptr<PcapDiskWriter> writer_;
    std::thread thread_;
};

} // namespace luacap::engine
