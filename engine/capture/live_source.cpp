// LiveSource implementation: libpcap set-up (main thread) and stats (reader thread).
#include "capture/live_source.h"

#include <pcap/pcap.h>

namespace luacap::engine {

namespace {
// Packets waiting in the kernel buffer are delivered at least this often.
constexpr int kReadTimeoutMs = 50;
} // namespace

LiveSource::~LiveSource()
{
    if (handle_)
        pcap_close(handle_);
}

bool LiveSource::fail(const std::string &what, std::string *error)
{
    if (error)
        *error = name_ + ": " + what + (handle_ ? std::string(": ") + pcap_geterr(handle_) : std::string());
    if (handle_)
        pcap_close(handle_);
    handle_ = nullptr;
    return false;
}

bool LiveSource::open(const std::string &interface, const CaptureConfig &config, std::string *error)
{
    name_ = interface;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    handle_ = pcap_create(interface.c_str(), errbuf);
    if (!handle_)
        return fail(errbuf, error);
    pcap_set_snaplen(handle_, config.snapLen);
    pcap_set_promisc(handle_, config.promiscuous ? 1 : 0);
    pcap_set_timeout(handle_, kReadTimeoutMs);
    pcap_set_buffer_size(handle_, int(config.bufferBytes));
    pcap_set_immediate_mode(handle_, config.immediateMode ? 1 : 0);
    const int activated = pcap_activate(handle_);
    if (activated < 0)
        return fail("cannot start capture", error);
    if (!config.bpf.empty()) {
        bpf_program program{};
        if (pcap_compile(handle_, &program, config.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) < 0)
            return fail("bpf '" + config.bpf + "'", error);
        const int set = pcap_setfilter(handle_, &program);
        pcap_freecode(&program);
        if (set < 0)
            return fail("bpf '" + config.bpf + "'", error);
    }
    if (pcap_setnonblock(handle_, 1, errbuf) < 0)
        return fail(errbuf, error);
    if (fd() < 0)
        return fail("no selectable file descriptor", error);
    return true;
}

int LiveSource::linkType() const
{
    return handle_ ? pcap_datalink(handle_) : -1;
}

int LiveSource::fd() const
{
    return handle_ ? pcap_get_selectable_fd(handle_) : -1;
}

LiveDrops LiveSource::drops() const
{
    LiveDrops d;
    pcap_stat s{};
    if (handle_ && pcap_stats(handle_, &s) == 0) {
        d.received = s.ps_recv;
        d.kernel = s.ps_drop;
        d.interface = s.ps_ifdrop;
    }
    return d;
}

} // namespace luacap::engine
