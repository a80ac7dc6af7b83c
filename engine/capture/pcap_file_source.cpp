// PcapFileSource implementation (reader thread).
#include "capture/pcap_file_source.h"

#include <cstring>
#include <pcap/pcap.h>

#include "capture/gzip_file.h"

namespace luacap::engine {

namespace {
constexpr uint64_t kPcapFileHeaderBytes = 24;
constexpr uint64_t kPcapRecordHeaderBytes = 16;
constexpr size_t kReadBufferBytes = 1 << 20;

// Classic pcap magic numbers (either byte order, micro- or nanosecond).
bool isClassicPcap(const std::string &path, bool compressed)
{
    if (compressed)
        return true;  // gzip files only ever hold what libpcap accepted; offsets are logical
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    uint32_t magic = 0;
    const bool ok = std::fread(&magic, 4, 1, f) == 1;
    std::fclose(f);
    return ok && (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1);
}
} // namespace

PcapFileSource::~PcapFileSource()
{
    close();
}

void PcapFileSource::close()
{
    if (pcap_)
        pcap_close(pcap_);
    pcap_ = nullptr;
}

bool PcapFileSource::open(const std::string &path)
{
    close();
    bool compressed = false;
    FILE *f = openMaybeGzip(path, compressed, error_);
    if (!f)
        return false;
    // stdio's default buffer is one 4 KB block: a read syscall per few packets. 1 MB cuts them.
    std::setvbuf(f, nullptr, _IOFBF, kReadBufferBytes);
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (!pcap_) {
        std::fclose(f);
        error_ = errbuf[0] ? errbuf : "not a pcap or pcapng file";
        return false;
    }
    linkType_ = pcap_datalink(pcap_);
    positionsAreOffsets_ = isClassicPcap(path, compressed);
    nextPos_ = positionsAreOffsets_ ? kPcapFileHeaderBytes : 0;
    return true;
}

PcapFileSource::Status PcapFileSource::next(RawPacket &out)
{
    pcap_pkthdr *hdr = nullptr;
    const u_char *data = nullptr;
    const int rc = pcap_next_ex(pcap_, &hdr, &data);
    if (rc == PCAP_ERROR_BREAK)
        return Status::End;
    if (rc != 1) {
        error_ = pcap_geterr(pcap_);
        return error_.find("truncated") != std::string::npos ? Status::Truncated : Status::Error;
    }
    out.data = data;
    out.capLen = hdr->caplen;
    out.wireLen = hdr->len < hdr->caplen ? hdr->caplen : hdr->len;
    out.tsUsec = int64_t(hdr->ts.tv_sec) * 1000000 + hdr->ts.tv_usec;
    out.filePos = nextPos_;
    nextPos_ += positionsAreOffsets_ ? kPcapRecordHeaderBytes + hdr->caplen : 1;
    return Status::Packet;
}

} // namespace luacap::engine
