// PcapFileSource implementation (reader thread).
#include "capture/pcap_file_source.h"

#include <cstring>
#include <pcap/pcap.h>
#include <zlib.h>

#include "capture/chunked_pcap_reader.h"
#include "capture/gzip_file.h"
#include "capture/pcapng_reader.h"

namespace luacap::engine {

namespace {
constexpr uint64_t kPcapFileHeaderBytes = 24;
constexpr uint64_t kPcapRecordHeaderBytes = 16;
constexpr size_t kReadBufferBytes = 1 << 20;
constexpr uint32_t kPcapngMagic = 0x0A0D0D0A;

// First four bytes of the (decompressed) file; gzread reads plain files as they are.
uint32_t fileMagic(const std::string &path)
{
    uint32_t magic = 0;
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz)
        return 0;
    if (gzread(gz, &magic, 4) != 4)
        magic = 0;
    gzclose(gz);
    return magic;
}

// libpcap keeps one link type / snapshot length / byte order per file and stops at the first
// pcapng block that disagrees; PcapngReader reads such files.
// The first four bytes as stored (no decompression): tells an uncompressed classic pcap.
uint32_t rawMagic(const std::string &path)
{
    uint32_t magic = 0;
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return 0;
    if (std::fread(&magic, 4, 1, f) != 1)
        magic = 0;
    std::fclose(f);
    return magic;
}

bool isClassicPcapMagic(uint32_t magic)
{
    return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
}

bool isMixedInterfaceError(const std::string &error)
{
    return (error.find("different from the") != std::string::npos && error.find("first interface") != std::string::npos)
        || error.find("sections with different byte orders") != std::string::npos;
}
} // namespace

PcapFileSource::PcapFileSource() = default;

PcapFileSource::~PcapFileSource()
{
    close();
}

void PcapFileSource::close()
{
    if (pcap_)
        pcap_close(pcap_);
    pcap_ = nullptr;
    pcapng_.reset();
    chunked_.reset();
}

bool PcapFileSource::open(const std::string &path)
{
    close();
    if (isClassicPcapMagic(rawMagic(path))) {   // uncompressed classic pcap: read it in chunks
        auto chunked = std::make_unique<ChunkedPcapReader>();
        if (chunked->open(path)) {
            chunked_ = std::move(chunked);
            path_ = path;
            linkType_ = chunked_->linkType();
            isPcapng_ = false;
            positionsAreOffsets_ = true;
            delivered_ = 0;
            return true;
        }
    }
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
    path_ = path;
    linkType_ = pcap_datalink(pcap_);
    const uint32_t magic = fileMagic(path);
    isPcapng_ = magic == kPcapngMagic;
    // Offsets of gzip pcap files are logical (as if decompressed); pcapng positions are ordinals.
    positionsAreOffsets_ = isClassicPcapMagic(magic);
    nextPos_ = positionsAreOffsets_ ? kPcapFileHeaderBytes : 0;
    delivered_ = 0;
    return true;
}

PcapFileSource::Status PcapFileSource::next(RawPacket &out)
{
    if (chunked_) {
        const Status s = chunked_->next(out);
        if (s != Status::Packet && s != Status::End)
            error_ = chunked_->error();
        delivered_ += s == Status::Packet;
        return s;
    }
    if (pcapng_)
        return nextFromPcapng(out);
    pcap_pkthdr *hdr = nullptr;
    const u_char *data = nullptr;
    const int rc = pcap_next_ex(pcap_, &hdr, &data);
    if (rc == PCAP_ERROR_BREAK)
        return Status::End;
    if (rc != 1) {
        error_ = pcap_geterr(pcap_);
        if (isPcapng_ && isMixedInterfaceError(error_))
            return switchToPcapng() ? nextFromPcapng(out) : Status::Error;
        return error_.find("truncated") != std::string::npos ? Status::Truncated : Status::Error;
    }
    out.data = data;
    out.capLen = hdr->caplen;
    out.wireLen = hdr->len < hdr->caplen ? hdr->caplen : hdr->len;
    out.tsUsec = int64_t(hdr->ts.tv_sec) * 1000000 + hdr->ts.tv_usec;
    out.filePos = nextPos_;
    out.linkType = linkType_;
    nextPos_ += positionsAreOffsets_ ? kPcapRecordHeaderBytes + hdr->caplen : 1;
    ++delivered_;
    return Status::Packet;
}

PcapFileSource::Status PcapFileSource::nextFromPcapng(RawPacket &out)
{
    const Status s = pcapng_->next(out);
    if (s != Status::Packet) {
        error_ = pcapng_->error();
        return s;
    }
    out.filePos = nextPos_++;
    ++delivered_;
    return s;
}

// Reopens the file with PcapngReader and skips what libpcap already delivered, so the caller
// sees one uninterrupted sequence of packets.
bool PcapFileSource::switchToPcapng()
{
    pcap_close(pcap_);
    pcap_ = nullptr;
    pcapng_ = std::make_unique<PcapngReader>();
    if (!pcapng_->open(path_)) {
        error_ = "pcapng fallback: " + pcapng_->error();
        return false;
    }
    RawPacket skipped;
    while (pcapng_->packetsRead() < delivered_) {
        if (pcapng_->next(skipped) != Status::Packet) {
            error_ = "pcapng fallback: " + pcapng_->error();
            return false;
        }
    }
    return true;
}

} // namespace luacap::engine
