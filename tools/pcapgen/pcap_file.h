// PcapFile: a buffered classic-pcap writer (microsecond timestamps) that applies the
// snapshot length and can cut the file at a byte offset to imitate a short capture.
// Main (only) thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace luacap::pcapgen {

class PcapFile {
public:
    PcapFile() = default;
    ~PcapFile();
    PcapFile(const PcapFile &) = delete;
    PcapFile &operator=(const PcapFile &) = delete;

    // truncateAt 0 keeps everything. Returns false (with errno set) if the file can't open.
    bool open(const std::string &path, uint32_t snaplen, uint32_t linktype, uint64_t truncateAt);
    void write(int64_t usec, const uint8_t *frame, uint32_t length);
    bool close();   // flushes; false on a write error

    uint64_t recordsComplete() const { return records_; }
    uint64_t bytesWritten() const { return written_; }

private:
    void append(const void *data, size_t n);
    void flush();

    std::FILE *file_ = nullptr;
    std::vector<uint8_t> buffer_;
    uint32_t snaplen_ = 0;
    uint64_t limit_ = UINT64_MAX;
    uint64_t written_ = 0;        // bytes accepted (after the cut, nothing more is)
    uint64_t records_ = 0;        // records written whole
    bool failed_ = false;
};

} // namespace luacap::pcapgen
