// PcapFile: buffered classic pcap output (main thread).
#include "pcap_file.h"

#include <cstring>

namespace luacap::pcapgen {

namespace {
constexpr size_t kBufferSize = 1 << 20;

void putLe32(uint8_t *p, uint32_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
    p[2] = uint8_t(v >> 16);
    p[3] = uint8_t(v >> 24);
}
} // namespace

PcapFile::~PcapFile() { close(); }

bool PcapFile::open(const std::string &path, uint32_t snaplen, uint32_t linktype, uint64_t truncateAt) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) return false;
    buffer_.reserve(kBufferSize);
    snaplen_ = snaplen;
    limit_ = truncateAt ? truncateAt : UINT64_MAX;
    // Little-endian header, as written on the machines most captures come from.
    uint8_t h[24];
    putLe32(h, 0xa1b2c3d4);
    h[4] = 2, h[5] = 0, h[6] = 4, h[7] = 0;   // version 2.4
    putLe32(h + 8, 0);                        // thiszone
    putLe32(h + 12, 0);                       // sigfigs
    putLe32(h + 16, snaplen);
    putLe32(h + 20, linktype);
    append(h, sizeof h);
    return true;
}

void PcapFile::write(int64_t usec, const uint8_t *frame, uint32_t length) {
    const uint32_t caplen = length < snaplen_ ? length : snaplen_;
    uint8_t h[16];
    putLe32(h, uint32_t(usec / 1000000));
    putLe32(h + 4, uint32_t(usec % 1000000));
    putLe32(h + 8, caplen);
    putLe32(h + 12, length);
    const bool whole = written_ + sizeof h + caplen <= limit_;
    append(h, sizeof h);
    append(frame, caplen);
    records_ += whole;
}

void PcapFile::append(const void *data, size_t n) {
    if (written_ >= limit_) return;
    if (n > limit_ - written_) n = size_t(limit_ - written_);
    if (buffer_.size() + n > kBufferSize) flush();
    const uint8_t *p = static_cast<const uint8_t *>(data);
    buffer_.insert(buffer_.end(), p, p + n);
    written_ += n;
}

void PcapFile::flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        failed_ = true;
    buffer_.clear();
}

bool PcapFile::close() {
    if (!file_) return !failed_;
    flush();
    if (std::fclose(file_) != 0) failed_ = true;
    file_ = nullptr;
    return !failed_;
}

} // namespace luacap::pcapgen
