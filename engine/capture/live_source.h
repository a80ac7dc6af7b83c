// LiveSource: one libpcap handle on a network interface, opened and configured on the main
// thread (as root, before privileges are dropped) and then read by one reader thread.
#pragma once

#include <cstdint>
#include <string>

#include "config/capture_config.h"

struct pcap;

namespace luacap::engine {

// pcap_stats of one interface: drops the kernel and the interface counted.
struct LiveDrops {
    uint64_t received = 0;   // ps_recv: packets the filter accepted
    uint64_t kernel = 0;     // ps_drop: no room in the capture buffer
    uint64_t interface = 0;  // ps_ifdrop: dropped by the interface or its driver
};

class LiveSource {
public:
    LiveSource() = default;
    LiveSource(const LiveSource &) = delete;
    LiveSource &operator=(const LiveSource &) = delete;
    ~LiveSource();

    // Opens the interface with the snaplen, buffer, promiscuous and immediate settings and the
    // BPF filter; non-blocking, so its reader can wait on fd() and see a stop request.
    bool open(const std::string &interface, const CaptureConfig &config, std::string *error);

    const std::string &name() const { return name_; }
    int linkType() const;
    int fd() const;
    pcap *handle() const { return handle_; }
    // Reader thread (libpcap handles are not shared): the counters so far.
    LiveDrops drops() const;

private:
    bool fail(const std::string &what, std::string *error);

    std::string name_;
    pcap *handle_ = nullptr;
};

} // namespace luacap::engine
